import { InvalidInputError } from '../model';

/**
 * Full-text queries from user text. Lucene's classic query syntax gives meaning to many
 * characters and to the words AND, OR, NOT; user text is made literal so any input parses.
 */
export const MAX_SEARCH_LENGTH = 200;

const SPECIAL_CHARACTERS = /[+\-&|!(){}[\]^"~*?:\\/]/g;
const OPERATOR_WORDS = /^(AND|OR|NOT)$/;
/** Prefix matching from this many characters, fuzzy (one edit) from this many: shorter terms match too much. */
const MIN_PREFIX_LENGTH = 2;
const MIN_FUZZY_LENGTH = 4;

/** One term made literal: every special character backslash-escaped, operator words lower-cased. */
export function escapeLucene(term: string): string {
  // The analyzer lower-cases anyway, so lower-casing an operator word keeps its meaning as a term.
  if (OPERATOR_WORDS.test(term)) return term.toLowerCase();
  return term.replace(SPECIAL_CHARACTERS, (character) => `\\${character}`);
}

/**
 * The Lucene query for what a user typed: each whitespace-separated term as typed (boosted),
 * plus a prefix and a fuzzy match for each of its words ("hikv" → Hikvision, "Hanwa" → Hanwha).
 * Null when the text has nothing to search for (only punctuation). Empty or over-long text is
 * an InvalidInputError.
 */
export function buildSearchQuery(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') throw new InvalidInputError('search query must not be empty');
  if (trimmed.length > MAX_SEARCH_LENGTH) {
    throw new InvalidInputError(`search query must be at most ${MAX_SEARCH_LENGTH} characters (has ${trimmed.length})`);
  }
  const clauses: string[] = [];
  for (const term of trimmed.split(/\s+/u)) {
    const words = term
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    if (words.length === 0) continue;
    clauses.push(`${escapeLucene(term)}^2`);
    for (const word of words) {
      // Words hold letters and digits only, so prefix and fuzzy operators apply to them safely.
      if (word.length >= MIN_PREFIX_LENGTH) clauses.push(`${word}*`);
      if (word.length >= MIN_FUZZY_LENGTH) clauses.push(`${word}~1`);
    }
  }
  return clauses.length === 0 ? null : clauses.join(' OR ');
}
