import { distance } from 'fastest-levenshtein';
import { compactName, fingerprint, nameParts, phoneticKey } from './names';

/*
 * How alike a query and a candidate are, feature by feature (names, identifiers, birth dates,
 * countries, kind), each feature with its weight and the values it compared, so a score can be
 * explained. Pure: no I/O, the same inputs give the same score.
 */

/** What is known of either side; FtM-shaped so an FtM entity maps onto it directly. */
export interface MatchSubject {
  /** PERSON, COMPANY, … when known: people and organisations never match each other. */
  kind?: string | null;
  names: readonly string[];
  /** Partial ISO dates. */
  birthDates?: readonly string[];
  /** ISO country codes, any case. */
  countries?: readonly string[];
  /** Normalised identifier values (upper case, letters and digits), any scheme. */
  identifiers?: readonly string[];
}

export interface MatchFeature {
  /** name_match, identifier_match, birth_date_match, birth_year_mismatch, country_mismatch, kind_mismatch. */
  name: string;
  /** What the feature adds to the score (negative for a penalty). */
  weight: number;
  /** How strongly it holds, 0–1. */
  value: number;
  /** The values it compared: the query's and the candidate's. */
  query: string | null;
  candidate: string | null;
}

export interface MatchScore {
  /** 0–1. */
  score: number;
  features: MatchFeature[];
}

export const WEIGHTS = {
  name_match: 1,
  identifier_match: 0.6,
  birth_date_match: 0.05,
  birth_year_mismatch: -0.35,
  country_mismatch: -0.15,
  kind_mismatch: -1,
} as const;

/**
 * The default threshold of a match: the highest that kept recall above 92 % on the tuning set
 * (precision stayed at 100 % there down to 0.6), measured on a held-out set
 * (bench/results/match-quality.md).
 */
export const DEFAULT_MATCH_THRESHOLD = 0.7;

const PEOPLE = new Set(['PERSON']);
/** Below this edit similarity two tokens count as different words. */
const MIN_TOKEN_SIMILARITY = 0.7;

/** 1 for equal tokens, less by edit distance; a shared sound (Double Metaphone) counts 0.85. */
function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const edits = 1 - distance(a, b) / Math.max(a.length, b.length);
  const sound = a.length > 2 && b.length > 2 && phoneticKey(a) === phoneticKey(b) ? 0.85 : 0;
  // Short tokens differ a lot by one letter ("li" / "lu"): only sound or identity saves them;
  // and words this far apart are other words ("optics" / "logistics"), not variants of one.
  return Math.max(a.length <= 3 || b.length <= 3 || edits < MIN_TOKEN_SIMILARITY ? 0 : edits, sound);
}

/** Each token of `from` aligned with its best counterpart in `to`, weighted by length. */
function coverage(from: readonly string[], to: readonly string[]): number {
  if (from.length === 0 || to.length === 0) return 0;
  let total = 0;
  let weight = 0;
  for (const token of from) {
    const best = Math.max(...to.map((other) => tokenSimilarity(token, other)));
    total += best * token.length;
    weight += token.length;
  }
  return total / weight;
}

/**
 * Similarity of two names, 0–1, whatever the order of their tokens: 1 for the same fingerprint
 * or the same letters without spaces, else by coverage. For organisations the weaker of the two
 * coverages counts (a short name inside a long one is no match); a person's record often has
 * names a query leaves out (a patronymic, a middle name), so for people the query's coverage
 * weighs three times the record's.
 */
export function nameSimilarity(a: string, b: string, legalForms = true): number {
  const print = fingerprint(a, legalForms);
  if (print !== '' && print === fingerprint(b, legalForms)) return 1;
  const compact = compactName(a, legalForms);
  if (compact !== '' && compact === compactName(b, legalForms)) return 1;
  const left = [...new Set(nameParts(a, legalForms).core)];
  const right = [...new Set(nameParts(b, legalForms).core)];
  const [forward, backward] = [coverage(left, right), coverage(right, left)];
  return legalForms ? Math.min(forward, backward) : 0.75 * forward + 0.25 * backward;
}

const year = (date: string): string => date.slice(0, 4);
const feature = (name: keyof typeof WEIGHTS, value: number, query: string | null, candidate: string | null) => ({
  name,
  weight: WEIGHTS[name] * value,
  value,
  query,
  candidate,
});

/** The score of a candidate for a query, with the features that make it. */
export function scoreMatch(query: MatchSubject, candidate: MatchSubject): MatchScore {
  const features: MatchFeature[] = [];
  const legalForms = !(PEOPLE.has(query.kind ?? '') || PEOPLE.has(candidate.kind ?? ''));
  let best = { value: 0, query: null as string | null, candidate: null as string | null };
  for (const a of query.names) {
    for (const b of candidate.names) {
      const value = nameSimilarity(a, b, legalForms);
      if (value > best.value) best = { value, query: a, candidate: b };
    }
  }
  features.push(feature('name_match', best.value, best.query, best.candidate));

  const shared = (query.identifiers ?? []).find((value) => (candidate.identifiers ?? []).includes(value));
  if (shared !== undefined) features.push(feature('identifier_match', 1, shared, shared));

  const queryDates = query.birthDates ?? [];
  const candidateDates = candidate.birthDates ?? [];
  if (queryDates.length > 0 && candidateDates.length > 0) {
    const sameDay = queryDates.find((date) => date.length >= 10 && candidateDates.includes(date));
    const sameYear = queryDates.some((date) => candidateDates.some((other) => year(other) === year(date)));
    if (sameDay !== undefined) features.push(feature('birth_date_match', 1, sameDay, sameDay));
    else if (!sameYear) {
      features.push(feature('birth_year_mismatch', 1, queryDates.join(', '), candidateDates.join(', ')));
    }
  }

  const queryCountries = (query.countries ?? []).map((code) => code.toLowerCase());
  const candidateCountries = (candidate.countries ?? []).map((code) => code.toLowerCase());
  if (
    queryCountries.length > 0 &&
    candidateCountries.length > 0 &&
    !queryCountries.some((code) => candidateCountries.includes(code))
  ) {
    features.push(feature('country_mismatch', 1, queryCountries.join(', '), candidateCountries.join(', ')));
  }

  if (query.kind && candidate.kind && PEOPLE.has(query.kind) !== PEOPLE.has(candidate.kind)) {
    features.push(feature('kind_mismatch', 1, query.kind, candidate.kind));
  }

  const total = features.reduce((sum, item) => sum + item.weight, 0);
  return { score: Math.round(Math.min(Math.max(total, 0), 1) * 1000) / 1000, features };
}
