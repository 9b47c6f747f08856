import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { ProposedEntity as Proposal } from '../extract';
import { DEFAULT_MATCH_THRESHOLD } from '../match';
import { extractArticle, type ExtractCandidate } from '../store';
import type { ApiContext } from './context';
import { toEntityView } from './entity.type';
import { ExtractArgs, Extraction, Mention, ProposedEntity, ProposedRelationship } from './extract.type';
import type { Loaders } from './loaders';
import { toMatchResult } from './match.resolver';

function toProposedEntity(loaders: Loaders, proposal: Proposal<ExtractCandidate>): ProposedEntity {
  if (proposal.existing) loaders.primeEntity(proposal.existing.row);
  return Object.assign(new ProposedEntity(), {
    id: proposal.id,
    name: proposal.name,
    kind: proposal.kind,
    kindGuessed: proposal.kindGuessed,
    aliases: proposal.aliases,
    mentions: proposal.mentions,
    entity: proposal.existing ? toEntityView(proposal.existing.row) : null,
  });
}

@Resolver()
export class ExtractResolver {
  @Query(() => Extraction, {
    description:
      'Reads an article’s text and proposes what it reports: its names (linked to stored entities by the matcher, ' +
      'or new with a guessed kind), relationships between names of one sentence typed by cue words, each with a ' +
      'verbatim quote, and a MENTIONS link to every entity it names. Writes nothing: `draft` goes to `ingest` once ' +
      'a person has reviewed it.',
  })
  async extract(
    @Args(() => ExtractArgs) args: ExtractArgs,
    @Ctx() { runner, loaders }: ApiContext,
  ): Promise<Extraction> {
    const threshold = args.threshold ?? DEFAULT_MATCH_THRESHOLD;
    const extraction = await extractArticle(runner, args.article, args.text, threshold);
    const views = new Map(extraction.entities.map((entity) => [entity, toProposedEntity(loaders, entity)]));
    const view = (entity: Proposal<ExtractCandidate>) => views.get(entity) ?? toProposedEntity(loaders, entity);
    return Object.assign(new Extraction(), {
      articleId: extraction.articleId,
      mentions: extraction.mentions.map((mention) =>
        Object.assign(new Mention(), {
          text: mention.text,
          offset: mention.offset,
          length: mention.length,
          sentence: mention.sentence,
          proposed: view(mention.entity),
          kind: mention.entity.kind,
          entity: mention.entity.existing ? toEntityView(mention.entity.existing.row) : null,
          candidates: mention.candidates.map((candidate) => toMatchResult(loaders, candidate, threshold)),
        }),
      ),
      entities: extraction.entities.map(view),
      relationships: extraction.relationships.map((relationship) =>
        Object.assign(new ProposedRelationship(), {
          ...relationship,
          from: view(relationship.from),
          to: view(relationship.to),
        }),
      ),
      draft: extraction.draft,
    });
  }
}
