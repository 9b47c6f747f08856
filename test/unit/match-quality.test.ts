import { DEFAULT_MATCH_THRESHOLD } from '../../src/match';
import { generateMatchPairs } from '../../bench/match-pairs';
import { EVALUATION, matcherDecides, precision, recall, searchBaseline, tally } from '../../bench/match-quality';

describe('the matcher on its held-out evaluation set', () => {
  const pairs = generateMatchPairs(EVALUATION);
  const matcher = tally(pairs, matcherDecides(DEFAULT_MATCH_THRESHOLD));
  const baseline = tally(pairs, searchBaseline);

  it('holds its targets at the default threshold: precision ≥ 95 %, recall ≥ 90 %', () => {
    expect(precision(matcher)).toBeGreaterThanOrEqual(0.95);
    expect(recall(matcher)).toBeGreaterThanOrEqual(0.9);
  });

  it('does well above the full-text search rule on both', () => {
    expect(precision(matcher) - precision(baseline)).toBeGreaterThan(0.2);
    expect(recall(matcher) - recall(baseline)).toBeGreaterThan(0.2);
  });

  it('is generated the same for a seed, with every variation', () => {
    expect(generateMatchPairs({ pairs: 30, seed: 3 })).toEqual(generateMatchPairs({ pairs: 30, seed: 3 }));
    expect(new Set(pairs.map((pair) => pair.variation)).size).toBe(13);
  });
});
