import { compactName, nameParts, phoneticKey } from './names';

/*
 * The keys a candidate is found by: a full-text index over them (src/store) finds candidates for
 * a query in time that grows with the index, not the graph, and the scorer then ranks them. A
 * key is a core name token, its sound (`ph_`), the whole name without spaces (`cn_`), or an
 * identifier (`id_`); keys hold lower-case letters, digits and `_` only.
 */

/** Tokens shorter than this are no key alone ("li", "of"): too many names share them. */
const MIN_TOKEN_KEY = 3;

export function nameKeys(names: readonly string[], person: boolean): string[] {
  const keys = new Set<string>();
  for (const name of names) {
    const { core } = nameParts(name, !person);
    for (const token of core) {
      if (token.length >= MIN_TOKEN_KEY) keys.add(token);
      if (token.length >= MIN_TOKEN_KEY && !/\d/.test(token)) keys.add(`ph_${phoneticKey(token).toLowerCase()}`);
    }
    const compact = compactName(name, !person);
    if (compact.length >= MIN_TOKEN_KEY) keys.add(`cn_${compact}`);
  }
  return [...keys];
}

/** Normalised identifiers (upper case letters and digits) as keys. */
export const identifierKeys = (identifiers: readonly string[]): string[] =>
  identifiers.map((value) => `id_${value.toLowerCase().replace(/[^a-z0-9]/g, '')}`).filter((key) => key.length > 3);

/** Everything an entity is found by, as the text the full-text index holds (space-separated keys). */
export function matchKeyText(names: readonly string[], person: boolean, identifiers: readonly string[]): string {
  return [...nameKeys(names, person), ...identifierKeys(identifiers)].join(' ');
}
