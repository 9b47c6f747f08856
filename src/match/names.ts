import anyAscii from 'any-ascii';
import doubleMetaphone from 'double-metaphone';

/*
 * Names as the matcher compares them: transliterated to ASCII (Cyrillic, Greek, Chinese as pinyin
 * syllables), lower case, split into tokens, legal forms recognised and set apart, so "ООО
 * Ромашка", "Romashka LLC" and "Romashka, Limited Liability Company" share their core "romashka".
 */

/** Legal forms, as token sequences after transliteration, → one canonical form each. */
const LEGAL_FORM_VARIANTS: Readonly<Record<string, readonly string[]>> = {
  llc: [
    'llc',
    'l l c',
    'limited liability company',
    'ooo',
    'tov',
    'too',
    'gmbh',
    'sarl',
    'srl',
    'sp z o o',
    'bv',
    'kft',
  ],
  // 有限公司 and 股份有限公司 read "you xian gong si" and "gu fen you xian gong si" in pinyin.
  ltd: [
    'ltd',
    'limited',
    'co ltd',
    'company limited',
    'pte ltd',
    'pty ltd',
    'plc',
    'pvt ltd',
    'private limited',
    'you xian gong si',
  ],
  jsc: [
    'jsc',
    'ojsc',
    'cjsc',
    'pjsc',
    'ao',
    'oao',
    'zao',
    'pao',
    'joint stock company',
    'ag',
    'sa',
    'spa',
    'nv',
    'as',
    'gu fen you xian gong si',
  ],
  inc: ['inc', 'incorporated', 'corp', 'corporation', 'co', 'company'],
  lp: ['lp', 'llp', 'limited partnership', 'partnership'],
};

/** Variant → canonical form, and the longest variant in tokens (how far ahead to look). */
const LEGAL_FORMS = new Map<string, string>(
  Object.entries(LEGAL_FORM_VARIANTS).flatMap(([canonical, variants]) =>
    variants.map((variant) => [variant, canonical]),
  ),
);
const LONGEST_FORM = Math.max(...[...LEGAL_FORMS.keys()].map((variant) => variant.split(' ').length));

// CJK ideographs and kana: each is a syllable, so it becomes a token of its own.
const CJK = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/gu;

/** ASCII lower-case words of a text. */
export function asciiTokens(text: string): string[] {
  const ascii = anyAscii(text.normalize('NFKC').replace(CJK, ' $1 ')).toLowerCase();
  // Apostrophes (a soft sign, O'Brien) join, not split: "Vorob'ev" is one word.
  return ascii
    .replace(/['`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((token) => token !== '');
}

export interface NameParts {
  /** The tokens that name the party, legal forms removed, in their order. */
  core: string[];
  /** Canonical legal forms found (`llc`, `ltd`, `jsc`, …). */
  forms: string[];
}

/**
 * A name's core tokens and its legal forms, wherever they stand ("OOO Romashka", "Romashka LLC").
 * People have no legal form: `legalForms: false` keeps every token ("Ao", "Sa" are names too).
 */
export function nameParts(name: string, legalForms = true): NameParts {
  const tokens = asciiTokens(name);
  if (!legalForms) return { core: tokens, forms: [] };
  const core: string[] = [];
  const forms: string[] = [];
  for (let index = 0; index < tokens.length;) {
    let matched = 0;
    for (let length = Math.min(LONGEST_FORM, tokens.length - index); length > 0 && matched === 0; length -= 1) {
      const form = LEGAL_FORMS.get(tokens.slice(index, index + length).join(' '));
      // A name that is nothing but a legal-form word ("Co") keeps it as its core.
      if (form !== undefined && !(core.length === 0 && index + length === tokens.length)) {
        forms.push(form);
        matched = length;
      }
    }
    if (matched === 0) core.push(tokens[index]);
    index += Math.max(matched, 1);
  }
  return { core, forms };
}

/** Order-insensitive key of a name: its sorted, unique core tokens ("petrov ivan" = "ivan petrov"). */
export const fingerprint = (name: string, legalForms = true): string =>
  [...new Set(nameParts(name, legalForms).core)].sort().join(' ');

/** A name's core with no spaces: "Hik Vision" = "Hikvision", pinyin words = their characters' syllables. */
export const compactName = (name: string, legalForms = true): string => nameParts(name, legalForms).core.join('');

/** The primary Double Metaphone code of a token; digits and codeless tokens stand for themselves. */
export function phoneticKey(token: string): string {
  if (/\d/.test(token)) return token;
  const [primary] = doubleMetaphone(token);
  return primary === '' ? token : primary;
}
