import type { RelationshipStatus, RelationshipType } from '../model';

/*
 * Cue words that type a relationship between two names of one sentence. Each rule says where its
 * ends stand: the subject before the cue (or the article's focus when the sentence says "it",
 * "the company"), the objects after it, or anywhere in the sentence (a listing names its list).
 * The registry's endpoint kinds (src/model) then drop pairs that cannot hold.
 */

/** `touching-*`: the name right next to the cue ("the EU's list", "a Singapore-based maker"). */
export type Side = 'before' | 'after' | 'anywhere' | 'touching-before' | 'touching-after';

export interface CueRule {
  type: RelationshipType;
  cue: RegExp;
  subject: Side;
  object: Side;
  /** "subsidiary of X": the object is the relationship's start. */
  reversed?: boolean;
  /** Every qualifying object pairs with the subject ("competes against A, B and C"); else the nearest. */
  allObjects: boolean;
}

const rule = (type: RelationshipType, cue: RegExp, rest: Partial<CueRule> = {}): CueRule => ({
  type,
  cue,
  subject: 'before',
  object: 'after',
  allObjects: true,
  ...rest,
});

export const CUE_RULES: readonly CueRule[] = [
  // A listing: every party of the sentence on the list it names ("joined Huawei on the Entity List").
  rule(
    'LISTED_ON',
    /\b(list(ed|ing)?|add(ed|ing)? (to|on)|put on|plac(ed|ing) on|designat\w*|sanction\w*|join(ed|s)?)\b/i,
    {
      subject: 'anywhere',
      object: 'anywhere',
    },
  ),
  rule('BLACKLISTED_BY', /\b(blacklisted|sanctioned|banned|targeted|penali[sz]ed) by\b/i, { allObjects: false }),
  rule('ADMINISTERED_BY', /\b(administered|maintained|run|kept|published) by\b/i, { allObjects: false }),
  rule('ADMINISTERED_BY', /['’]s\b/, {
    subject: 'touching-before',
    object: 'touching-after',
    reversed: true,
    allObjects: false,
  }),
  rule('COMPETES_WITH', /\b(compet\w*|rival\w*)\b/i),
  rule('OWNS', /\b(owns?|owned|acquir\w*|bought|stake in|shareholder in|controlling interest in)\b/i, {
    allObjects: false,
  }),
  rule('OWNS', /\b(owned by|(a )?(subsidiary|unit|division) of)\b/i, { reversed: true, allObjects: false }),
  rule('CONTROLS', /\b(controls|controlling stake in)\b/i, { allObjects: false }),
  rule('CONTROLS', /\bcontrolled by\b/i, { reversed: true, allObjects: false }),
  rule('HEADQUARTERED_IN', /\b(based in|headquartered in|headquarters in|registered in)\b/i, { allObjects: false }),
  // "Veltrix Microsystems, a Singapore-based maker": the place touches the cue, the company is the nearest.
  rule('HEADQUARTERED_IN', /-based\b/i, { subject: 'anywhere', object: 'touching-before', allObjects: false }),
  rule(
    'OPERATES_IN',
    /\b(operat\w* in|used (in|by|across)|across|sells? in|active in|present in|offices? in|markets? in)\b/i,
  ),
  rule('PARTNER_OF', /\b(partner\w*|joint venture)\b/i),
  rule('SUPPLIES', /\b(suppl(y|ies|ied|ier)|sells? to|sold to|provid\w* to|ships? to)\b/i),
  rule('LEADS', /\b(chief executive|ceo|chairman|chairwoman|chair|president|head|leader|leads|founder)\b/i, {
    subject: 'anywhere',
    object: 'anywhere',
    allObjects: false,
  }),
  rule('EMPLOYED_BY', /\b(spokes\w*|representative|employee|analyst|official|works? (for|at))\b/i, {
    subject: 'anywhere',
    object: 'anywhere',
    allObjects: false,
  }),
  rule('DIRECTS', /\b(director|board)\b/i, { subject: 'anywhere', object: 'anywhere', allObjects: false }),
  rule('MEMBER_OF', /\bmember of\b/i, { allObjects: false }),
  rule('ALLEGED_ABUSES_IN', /\b(abuses?|violations?|repression|persecution)\b/i, {
    subject: 'anywhere',
    object: 'anywhere',
  }),
];

/** Words in a sentence that make it refer back to the article's focus ("it joined", "the company competes"). */
export const BACK_REFERENCE =
  /\b(it|its|itself|the (company|firm|group|maker|manufacturer|business|giant|provider))\b/i;

/** How the sentence says it holds: considered, alleged, over, or so. */
export function statusOf(sentence: string): RelationshipStatus {
  if (
    /\b(consider\w*|weigh\w*|propos\w*|would|plan(s|ned)? to|threaten\w*|mull\w*|whether|could|may)\b/i.test(sentence)
  ) {
    return 'PROPOSED';
  }
  if (/\b(alleg\w*|accus\w*|suspect\w*|reportedly)\b/i.test(sentence)) return 'ALLEGED';
  if (/\b(former(ly)?|no longer|sold (its|their|the) stake|removed from|delisted|until)\b/i.test(sentence))
    return 'ENDED';
  return 'ACTIVE';
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DATE = new RegExp(
  String.raw`\b(since|from|in|as of|until|till|through)\s+(?:(?:early|late|mid-?)\s*)?(?:(${MONTHS.join('|')})\s+)?((?:19|20)\d{2})\b`,
  'giu',
);

/** The dates a sentence gives a link: "since 2019", "in March 2023" (a start); "until 2021" (an end). */
export function datesOf(sentence: string): { since: string | null; until: string | null } {
  let since: string | null = null;
  let until: string | null = null;
  for (const match of sentence.matchAll(DATE)) {
    const [, word, month, year] = match;
    const date = month ? `${year}-${String(MONTHS.indexOf(month.toLowerCase()) + 1).padStart(2, '0')}` : year;
    if (/^(until|till|through)$/i.test(word)) until ??= date;
    else since ??= date;
  }
  return { since, until };
}
