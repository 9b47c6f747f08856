import { extract, type ArticleMetadata, type Extraction, type LinkCandidate, type Linker } from '../extract';
import { compactName, DEFAULT_MATCH_THRESHOLD, scoreMatch } from '../match';
import { cypherInt, type CypherRunner } from './cypher-runner';
import { escapeLucene } from './lucene';
import { scoredMatches, type ScoredMatch } from './match.store';
import { ENTITY_PROJECTION, entityRow, stillStored } from './records';

/*
 * Extraction against the graph: src/extract reads the text, and this module answers its two
 * questions. Which stored entities may a name be: the matcher's candidates (name keys), or for a
 * name too short to have keys ("US", "FT") the entities whose name or alias it is exactly. Which
 * ids are taken, so a new name never gets an existing entity's id. Nothing is written.
 */

export interface ExtractCandidate extends LinkCandidate, ScoredMatch {}

/** Candidates kept per name: enough for a reviewer to pick another. */
const CANDIDATES_PER_NAME = 5;
/** Names without match keys are looked up by exact name or alias, among this many full-text hits. */
const EXACT_SCAN = 50;
/** Characters of text one extraction reads: a long report, not a book (about 15,000 words). */
export const MAX_EXTRACT_TEXT = 100_000;
/** The names one extraction may look up: a long article's runs and their parts stay far below. */
export const MAX_EXTRACT_NAMES = 2_000;

const candidate = (match: ScoredMatch): ExtractCandidate => ({
  ...match,
  id: match.row.id,
  name: match.row.name,
  kind: match.row.kind,
  score: match.score,
});

async function exactCandidates(runner: CypherRunner, names: readonly string[]): Promise<ExtractCandidate[][]> {
  if (names.length === 0) return [];
  const rows = await runner.read<{ index: number; hits: Record<string, unknown>[] }>(
    `UNWIND $queries AS q
     CALL (q) {
       CALL db.index.fulltext.queryNodes('entity_search', q.query, {limit: $scan}) YIELD node AS e
       WITH e WHERE e.name = q.name OR q.name IN coalesce(e.aliases, [])
       RETURN collect(${ENTITY_PROJECTION}) AS hits
     }
     RETURN q.index AS index, hits`,
    {
      queries: names.map((name, index) => ({ index, name, query: `"${escapeLucene(name)}"` })),
      scan: cypherInt(EXACT_SCAN),
    },
  );
  const byIndex = new Map(rows.map((row) => [row.index, row.hits.filter(stillStored).map(entityRow)]));
  return names.map((name, index) =>
    (byIndex.get(index) ?? [])
      .map((row) => candidate({ row, ...scoreMatch({ names: [name] }, { names: [row.name, ...row.aliases] }) }))
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, CANDIDATES_PER_NAME),
  );
}

export function graphLinker(runner: CypherRunner, threshold = DEFAULT_MATCH_THRESHOLD): Linker<ExtractCandidate> {
  return {
    threshold,
    async candidates(names) {
      const asked = names.slice(0, MAX_EXTRACT_NAMES);
      const short = asked.filter((name) => compactName(name).length < 3);
      const keyed = asked.filter((name) => compactName(name).length >= 3);
      const [byKeys, byExact] = await Promise.all([
        scoredMatches(
          runner,
          keyed.map((name) => ({ kind: null, names: [name] })),
          {},
          CANDIDATES_PER_NAME,
        ),
        exactCandidates(runner, short),
      ]);
      const answers = new Map<string, ExtractCandidate[]>([
        ...keyed.map((name, index) => [name, byKeys[index].map(candidate)] as const),
        ...short.map((name, index) => [name, byExact[index]] as const),
      ]);
      return names.map((name) => answers.get(name) ?? []);
    },
    async taken(ids) {
      if (ids.length === 0) return new Set();
      const rows = await runner.read<{ id: string }>('MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id', { ids });
      return new Set(rows.map((row) => row.id));
    },
  };
}

/** Proposals for an article's text, from the names already in the graph and the new ones. */
export function extractArticle(
  runner: CypherRunner,
  article: ArticleMetadata,
  text: string,
  threshold?: number,
): Promise<Extraction<ExtractCandidate>> {
  return extract(text, article, graphLinker(runner, threshold));
}
