import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { ConflictError, InvalidInputError, normalizedId } from '../model';
import type { EntityRecord, EvidenceRecord, RelationshipRecord } from '../model';
import { deleteEntities, entitiesByIds, importGraphDocument, deleteRelationship, relationshipsByIds } from '../store';
import { requireEditor } from './auth';
import type { ApiContext } from './context';
import { Entity, toEntityView, type EntityView } from './entity.type';
import { EntityInput, EvidenceInput, IngestInput, RelationshipInput } from './mutation.inputs';
import { DeleteResult, IngestResult } from './mutation.type';
import { Relationship, toRelationshipView } from './relationship.type';

/** GraphQL input objects → plain document records: nulls dropped (the validator treats them as absent). */
function plain<T>(input: object): T {
  return JSON.parse(JSON.stringify(input, (_key, value: unknown) => (value === null ? undefined : value))) as T;
}

/**
 * Reads a record back after its write committed, by the id as the validator stored it (trimmed).
 * Gone by then means a concurrent delete removed it: a clash, not an internal error.
 */
async function readBack<T>(load: (ids: string[]) => Promise<Map<string, T>>, sentId: string, what: string): Promise<T> {
  const id = normalizedId(sentId) ?? sentId;
  const row = (await load([id])).get(id);
  if (!row) {
    throw new ConflictError(
      `${what} "${id}" was written, then deleted by a concurrent request before it could be returned`,
    );
  }
  return row;
}

/**
 * Evidence input → the document's evidence record, which the validator checks (exactly one
 * source, a quote with an article, dates): a dataset's `sourceUrl` is the record's `url`;
 * anything else passes under its input name so errors name the field the client sent.
 */
function evidenceRecord(input: EvidenceInput, defaultArticle?: string): EvidenceRecord {
  const { article, dataset, sourceUrl, ...rest } = plain<EvidenceInput>(input);
  if (dataset !== undefined && article === undefined)
    return plain<EvidenceRecord>({ dataset, url: sourceUrl, ...rest });
  return plain<EvidenceRecord>({ article: article ?? defaultArticle, dataset, sourceUrl, ...rest });
}

function relationshipRecord(input: RelationshipInput, defaultArticle?: string): RelationshipRecord {
  const record = plain<RelationshipRecord>(input);
  record.evidence = (input.evidence ?? []).map((evidence) => evidenceRecord(evidence, defaultArticle));
  return record;
}

@Resolver()
export class MutationResolver {
  @Mutation(() => Entity, { description: 'Create or replace an entity by id (idempotent). Editor role.' })
  async upsertEntity(
    @Arg('input', () => EntityInput) input: EntityInput,
    @Ctx() context: ApiContext,
  ): Promise<EntityView> {
    requireEditor(context);
    await importGraphDocument(context.runner, { entities: [plain<EntityRecord>(input)], relationships: [] });
    return toEntityView(await readBack((ids) => entitiesByIds(context.runner, ids), input.id, 'entity'));
  }

  @Mutation(() => Boolean, {
    description: 'Delete an entity and its relationships. False when it did not exist. Editor role.',
  })
  async deleteEntity(@Arg('id', () => ID) id: string, @Ctx() context: ApiContext): Promise<boolean> {
    requireEditor(context);
    return (await deleteEntities(context.runner, [id])).entitiesDeleted > 0;
  }

  @Mutation(() => DeleteResult, {
    description: 'Delete entities and their relationships, saying how many. Editor role.',
  })
  async deleteEntities(@Arg('ids', () => [ID]) ids: string[], @Ctx() context: ApiContext): Promise<DeleteResult> {
    requireEditor(context);
    if (ids.length > 1000) throw new InvalidInputError('deleteEntities takes at most 1000 ids at a time');
    return deleteEntities(context.runner, ids);
  }

  @Mutation(() => Relationship, {
    description: 'Create or replace a relationship by id (idempotent). Endpoints must exist. Editor role.',
  })
  async upsertRelationship(
    @Arg('input', () => RelationshipInput) input: RelationshipInput,
    @Ctx() context: ApiContext,
  ): Promise<Relationship> {
    requireEditor(context);
    await importGraphDocument(context.runner, { entities: [], relationships: [relationshipRecord(input)] });
    return toRelationshipView(
      await readBack((ids) => relationshipsByIds(context.runner, ids), input.id, 'relationship'),
    );
  }

  @Mutation(() => Boolean, { description: 'Delete a relationship. False when it did not exist. Editor role.' })
  async deleteRelationship(@Arg('id', () => ID) id: string, @Ctx() context: ApiContext): Promise<boolean> {
    requireEditor(context);
    return deleteRelationship(context.runner, id);
  }

  @Mutation(() => IngestResult, {
    description:
      'Write one article with its entities and relationships in one transaction: all or nothing. ' +
      'Evidence citing neither an article nor a dataset cites the ingested article. Editor role.',
  })
  async ingest(@Arg('input', () => IngestInput) input: IngestInput, @Ctx() context: ApiContext): Promise<IngestResult> {
    requireEditor(context);
    if (input.article.kind !== 'ARTICLE') {
      throw new InvalidInputError(`ingest: article.kind must be ARTICLE, got ${input.article.kind}`);
    }
    const counts = await importGraphDocument(context.runner, {
      entities: [input.article, ...(input.entities ?? [])].map((entity) => plain<EntityRecord>(entity)),
      relationships: (input.relationships ?? []).map((relationship) =>
        relationshipRecord(relationship, input.article.id),
      ),
    });
    const article = await readBack((ids) => entitiesByIds(context.runner, ids), input.article.id, 'article');
    return { ...counts, article: toEntityView(article) };
  }
}
