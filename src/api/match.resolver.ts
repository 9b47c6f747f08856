import { Args, Ctx, Query, Resolver } from 'type-graphql';
import {
  cleanFtmProperties,
  FtmFlaw,
  identifierKeyValue,
  identifiersOf,
  InvalidInputError,
  isFtmSchema,
  kindOfSchema,
  normalizeIdentifier,
  stringLists,
} from '../model';
import { DEFAULT_MATCH_THRESHOLD, identifierKeys, nameKeys, scoreMatch, type MatchSubject } from '../match';
import { matchCandidates, type EntityRow } from '../store';
import type { ApiContext } from './context';
import { toEntityView } from './entity.type';
import { DEFAULT_MATCH_RESULTS } from './match-limits';
import { MatchArgs, MatchFeature, type MatchQuery, MatchResponse, MatchResult } from './match.type';

/** Candidates the index gives each query before scoring: more than any page of results. */
const CANDIDATES_PER_QUERY = 30;

/** A query as the scorer reads it: its typed fields and its FtM properties, merged. */
function subjectOf(query: MatchQuery, index: number): MatchSubject {
  const subject = {
    kind: query.kind ?? null,
    names: [...(query.names ?? [])],
    birthDates: [...(query.birthDate ?? [])],
    countries: [...(query.countries ?? [])],
    identifiers: (query.identifiers ?? []).map(normalizeIdentifier),
  };
  if (query.schema || query.properties) {
    if (!query.schema || !isFtmSchema(query.schema)) {
      throw new InvalidInputError(`queries[${index}].schema must be an FtM schema when properties are given`);
    }
    let properties;
    try {
      properties = cleanFtmProperties(query.schema, stringLists(query.properties));
    } catch (error) {
      if (error instanceof FtmFlaw) throw new InvalidInputError(`queries[${index}].properties: ${error.message}`);
      throw error;
    }
    const values = (...names: string[]) => names.flatMap((name) => properties[name] ?? []);
    subject.kind ??= kindOfSchema(query.schema);
    subject.names.push(...values('name', 'alias', 'weakAlias', 'previousName'));
    subject.birthDates.push(...values('birthDate'));
    subject.countries.push(...values('country', 'nationality', 'citizenship', 'jurisdiction', 'mainCountry'));
    subject.identifiers.push(...identifiersOf(query.schema, properties).map((identifier) => identifier.normalized));
  }
  if (subject.names.length === 0)
    throw new InvalidInputError(`queries[${index}] needs a name (names or properties.name)`);
  return subject;
}

/** A stored entity as the scorer reads it. */
function candidateOf(row: EntityRow): MatchSubject {
  const list = (name: string) => (row.properties[name] as string[] | null) ?? [];
  return {
    kind: row.kind,
    names: [row.name, ...row.aliases],
    birthDates: list('birthDate'),
    countries: [...(row.country ? [row.country] : []), ...list('nationality')],
    identifiers: list('identifierKeys').map(identifierKeyValue),
  };
}

@Resolver()
export class MatchResolver {
  @Query(() => [MatchResponse], {
    description:
      'Screening by example: for each query (names, birth dates, countries, identifiers, or an FtM entity), the ' +
      'best candidates in the graph, scored 0–1 with the features that make the score. Candidates come from an ' +
      'index of name keys (transliterated tokens, sounds, identifiers), so the cost follows the index, not the graph.',
  })
  async match(
    @Args(() => MatchArgs) args: MatchArgs,
    @Ctx() { runner, loaders }: ApiContext,
  ): Promise<MatchResponse[]> {
    const subjects = args.queries.map(subjectOf);
    const keyLists = subjects.map((subject) => [
      ...nameKeys(subject.names, subject.kind === 'PERSON'),
      ...identifierKeys(subject.identifiers ?? []),
    ]);
    const candidates = await matchCandidates(runner, keyLists, args, CANDIDATES_PER_QUERY);
    const threshold = args.threshold ?? DEFAULT_MATCH_THRESHOLD;
    const limit = args.limit ?? DEFAULT_MATCH_RESULTS;
    return args.queries.map((query, index) => {
      const scored = candidates[index]
        .map((row) => ({ row, ...scoreMatch(subjects[index], candidateOf(row)) }))
        .sort((a, b) => b.score - a.score || a.row.id.localeCompare(b.row.id))
        .slice(0, limit);
      for (const { row } of scored) loaders.primeEntity(row);
      return Object.assign(new MatchResponse(), {
        key: query.key,
        results: scored.map(({ row, score, features }) =>
          Object.assign(new MatchResult(), {
            entity: toEntityView(row),
            score,
            match: score >= threshold,
            features: features.map((feature) => Object.assign(new MatchFeature(), feature)),
          }),
        ),
      });
    });
  }
}
