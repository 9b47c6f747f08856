import type { EntityKind } from '../model';
import { GOVERNMENT_HEADS, type NameSpan } from './text';

/*
 * The kind of a new name, guessed (and said to be a guess): from its own words first (a head word
 * or a legal form says more than a tagger), then from compromise's tags, then COMPANY, the kind
 * news about sanctions names most.
 */

const LIST_WORDS = /\b(list|register|designated nationals)\b/i;
const GOVERNMENT_WORDS =
  /\b(ministry|department|treasury|parliament|senate|congress|council|commission|government|administration|cabinet|office of)\b/i;
const ORGANIZATION_WORDS =
  /\b(times|news|post|journal|herald|tribune|press|agency|reuters|bloomberg|association|union|foundation|institute|university|party|fund|committee|court|organi[sz]ation|ngo)\b/i;
const COMPANY_WORDS =
  /\b(inc|ltd|llc|plc|corp|corporation|co|company|gmbh|ag|sa|nv|bv|oao|ooo|pjsc|jsc|holdings?|group|technolog(y|ies)|systems|industries|shipping|maritime|logistics|energy|bank|capital|partners|electronics|semiconductors?|motors|airlines?|trading|mining|pharma\w*)\b/i;
const VESSEL_WORDS = /^(mv|mt|m\/v|m\/t|ss)\b/i;

export function guessKind(span: NameSpan, text: string): EntityKind {
  const name = span.text;
  // "a Lisbon-based maker": only a place is a base.
  if (/^-based\b/.test(text.slice(span.end, span.end + 6))) return 'PLACE';
  const last = span.tokens[span.tokens.length - 1];
  if (VESSEL_WORDS.test(name)) return 'VESSEL';
  if (LIST_WORDS.test(name)) return 'SANCTIONS_LIST';
  if (GOVERNMENT_HEADS.has(last.text.toLowerCase()) || GOVERNMENT_WORDS.test(name)) return 'GOVERNMENT';
  if (COMPANY_WORDS.test(name)) return 'COMPANY';
  if (ORGANIZATION_WORDS.test(name)) return 'ORGANIZATION';
  const has = (tag: string) => span.tokens.some((token) => token.tags.has(tag));
  if (has('Person') && !has('Organization')) return 'PERSON';
  if (has('Place') || has('Country') || has('City') || has('Region')) return 'PLACE';
  if (has('Organization')) return 'ORGANIZATION';
  return 'COMPANY';
}
