import { identifierKeyValue, type EntityKind } from '../model';
import { identifierKeys, nameKeys, scoreMatch, type MatchFeature, type MatchSubject } from '../match';
import { cypherInt, type CypherRunner } from './cypher-runner';
import { escapeLucene } from './lucene';
import { ENTITY_PROJECTION, entityRow, stillStored, type EntityRow } from './records';

/*
 * Match candidates: entities sharing keys (src/match/keys.ts) with a query, from the entity_match
 * full-text index, best first by Lucene's score over the shared keys: the cost follows the
 * index, not the size of the graph. The scorer in src/match ranks them afterwards.
 */

export interface CandidateFilter {
  kinds?: EntityKind[] | null;
  topics?: string[] | null;
  /** Only entities with an ACTIVE listing on one of these lists. */
  lists?: string[] | null;
  excludeIds?: string[] | null;
}

/** Longer keys are typo-tolerant in the index (one edit), shorter ones must be equal. */
const FUZZY_KEY_LENGTH = 6;
/**
 * Keys a query is searched by, at most: with their fuzzy twins they stay under Lucene's 1,024
 * clauses, whatever names a client sends (20 names of 300 characters give thousands of keys).
 */
export const MAX_QUERY_KEYS = 400;

function keyQuery(keys: readonly string[]): string | null {
  const clauses = [...new Set(keys)].slice(0, MAX_QUERY_KEYS).map((key) => {
    const term = escapeLucene(key);
    // Sounds, compact names and identifiers are compared as they are.
    return key.length >= FUZZY_KEY_LENGTH && !/^(ph|id)_/.test(key) ? `${term} OR ${term}~1` : term;
  });
  return clauses.length === 0 ? null : clauses.join(' OR ');
}

/** Up to `limit` candidates for each key list, in the order of `keyLists`. */
export async function matchCandidates(
  runner: CypherRunner,
  keyLists: readonly (readonly string[])[],
  filter: CandidateFilter,
  limit: number,
): Promise<EntityRow[][]> {
  const queries = keyLists.map((keys, index) => ({ index, query: keyQuery(keys) }));
  const asked = queries.filter((item) => item.query !== null);
  if (asked.length === 0) return keyLists.map(() => []);
  const rows = await runner.read<{ index: number; candidates: Record<string, unknown>[] }>(
    `UNWIND $queries AS q
     CALL (q) {
       CALL db.index.fulltext.queryNodes('entity_match', q.query, {limit: $scan}) YIELD node AS e, score
       WITH e, score WHERE ($kinds IS NULL OR e.kind IN $kinds)
         AND ($excludeIds IS NULL OR NOT e.id IN $excludeIds)
         AND ($topics IS NULL OR any(t IN coalesce(e.topics, []) WHERE t IN $topics))
         AND ($lists IS NULL OR EXISTS {
           MATCH (e)-[r:LISTED_ON]->(l:Entity) WHERE l.id IN $lists AND r.status = 'ACTIVE'
         })
       WITH e, score ORDER BY score DESC LIMIT $limit
       RETURN collect(${ENTITY_PROJECTION}) AS candidates
     }
     RETURN q.index AS index, candidates`,
    {
      queries: asked,
      // Filters drop some hits after the index: it is asked for more than are kept.
      scan: cypherInt(limit * 4),
      limit: cypherInt(limit),
      kinds: filter.kinds?.length ? filter.kinds : null,
      topics: filter.topics?.length ? filter.topics : null,
      lists: filter.lists?.length ? filter.lists : null,
      excludeIds: filter.excludeIds?.length ? filter.excludeIds : null,
    },
  );
  const byIndex = new Map(rows.map((row) => [row.index, row.candidates.filter(stillStored).map(entityRow)]));
  return keyLists.map((_, index) => byIndex.get(index) ?? []);
}

/** Candidates the index gives each query before scoring: more than any page of results. */
const CANDIDATES_PER_QUERY = 30;

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

export interface ScoredMatch {
  row: EntityRow;
  score: number;
  features: MatchFeature[];
}

/** Each subject's best `limit` candidates, scored by src/match, best first (ties by id). */
export async function scoredMatches(
  runner: CypherRunner,
  subjects: readonly MatchSubject[],
  filter: CandidateFilter,
  limit: number,
): Promise<ScoredMatch[][]> {
  const keyLists = subjects.map((subject) => [
    ...nameKeys(subject.names, subject.kind === 'PERSON'),
    ...identifierKeys(subject.identifiers ?? []),
  ]);
  const candidates = await matchCandidates(runner, keyLists, filter, CANDIDATES_PER_QUERY);
  return subjects.map((subject, index) =>
    candidates[index]
      .map((row) => ({ row, ...scoreMatch(subject, candidateOf(row)) }))
      .sort((a, b) => b.score - a.score || a.row.id.localeCompare(b.row.id))
      .slice(0, limit),
  );
}
