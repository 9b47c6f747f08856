import { extract } from '../../src/extract';
import {
  emptyLinker,
  heldOutArticles,
  listLinker,
  ratio,
  score,
  seedArticle,
  writtenArticles,
  type EvaluationArticle,
} from '../../bench/extraction-eval';

/*
 * The extraction figures of bench/results/extraction.md, kept from falling. The linkers score a
 * known entity list with src/match directly (the bench does the same through Neo4j's index and
 * gets the same figures); an empty graph makes every name new.
 */

async function scored(article: EvaluationArticle, known: boolean) {
  const linker = known ? listLinker(article.entities) : emptyLinker;
  return score(article, await extract(article.file.text, article.file.article, linker));
}

describe('extraction quality', () => {
  it('meets the targets on the seed article from an empty graph', async () => {
    const s = await scored(seedArticle(), false);
    expect(ratio(s.entitiesFound, s.goldEntities)).toBeGreaterThanOrEqual(0.9);
    expect(ratio(s.relationshipsFound, s.goldRelationships)).toBeGreaterThanOrEqual(0.6);
    expect(ratio(s.proposedRelationshipsRight, s.proposedRelationships)).toBeGreaterThanOrEqual(0.5);
    expect(s.quotesVerbatim).toBe(s.quotes);
  });

  it('keeps its figures on the written and the held-out articles, in both settings', async () => {
    // Floors a little under the figures recorded in bench/results/extraction.md.
    const floors = { entities: 0.9, relationships: 0.75, precision: 0.8 };
    const heldOutFloors = { entities: 0.75, relationships: 0.5, precision: 0.65 };
    for (const [articles, floor] of [
      [writtenArticles(), floors],
      [heldOutArticles(), heldOutFloors],
    ] as const) {
      expect(articles.length).toBeGreaterThan(0);
      for (const article of articles) {
        for (const known of [false, true]) {
          const s = await scored(article, known);
          const figures = {
            entities: ratio(s.entitiesFound, s.goldEntities),
            relationships: ratio(s.relationshipsFound, s.goldRelationships),
            precision: ratio(s.proposedRelationshipsRight, s.proposedRelationships),
          };
          for (const name of ['entities', 'relationships', 'precision'] as const) {
            if (figures[name] < floor[name])
              throw new Error(`${article.name} (${known ? 'known' : 'empty'}): ${name} ${figures[name]}`);
          }
          expect(s.quotesVerbatim).toBe(s.quotes);
        }
      }
    }
  });
});
