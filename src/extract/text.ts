import nlp from 'compromise';

/*
 * The text as the extractor reads it: sentences and the capitalised runs that may be names, each
 * with its offsets in the text as given (UTF-16, what JavaScript and the browser count), from
 * compromise's tokenizer and tagger (its lexicon ships in the package: no model to download).
 */

export interface Token {
  text: string;
  start: number;
  end: number;
  tags: ReadonlySet<string>;
  /** The punctuation after it: a comma or a dash ends a name. */
  post: string;
  /** Sentence index. */
  sentence: number;
  /** First word of its sentence (or after an opening quote): capitalised by grammar, not by name. */
  initial: boolean;
  /** Capitalised as a name is: see `nameLike`. */
  name: boolean;
}

export interface Sentence {
  index: number;
  start: number;
  end: number;
  tokens: Token[];
}

/** Where a term is in the text: compromise's offset when it points at the term, else the next occurrence. */
function locate(text: string, term: string, offset: number, from: number): number {
  if (text.startsWith(term, offset)) return offset;
  const found = text.indexOf(term, from);
  return found < 0 ? from : found;
}

interface CompromiseTerm {
  text: string;
  post: string;
  tags: string[];
  offset: { start: number; length: number };
}

/** Sentences with their tagged tokens. */
export function readText(text: string): Sentence[] {
  const json = nlp(text).json({ offset: true, terms: { offset: true } }) as { terms: CompromiseTerm[] }[];
  const sentences: Sentence[] = [];
  let cursor = 0;
  for (const { terms } of json) {
    const tokens: Token[] = [];
    for (const term of terms) {
      if (term.text === '') continue;
      const start = locate(text, term.text, term.offset.start, cursor);
      cursor = start + term.text.length;
      // "Treasury's": the name ends before its possessive, which reads as a break ("the EU's list").
      const possessive = /^(.+?)(['’]s)$/u.exec(term.text);
      const word = possessive ? possessive[1] : term.text;
      tokens.push({
        text: word,
        start,
        end: start + word.length,
        tags: new Set(term.tags),
        post: possessive ? `${possessive[2]}${term.post}` : term.post,
        sentence: sentences.length,
        initial: tokens.length === 0 || /["“‘(]\s*$/.test(tokens[tokens.length - 1].post),
        name: false,
      });
    }
    if (tokens.length === 0) continue;
    sentences.push({ index: sentences.length, start: tokens[0].start, end: cursor, tokens });
  }
  // A word first in its sentence is a name when the tagger says so or the text capitalises it elsewhere too.
  const inside = new Set(
    sentences.flatMap((sentence) => sentence.tokens.filter((token) => !token.initial).map((token) => token.text)),
  );
  for (const sentence of sentences) {
    for (const token of sentence.tokens) token.name = nameLike(token, inside);
    // A nationality that starts a name is part of it: "European Union", not "Union".
    sentence.tokens.forEach((token, index) => {
      const next = sentence.tokens[index + 1];
      if (!token.name && next?.name && isDemonym(token.text) && !breaks(token)) token.name = true;
      // An unknown first word before a name starts it: "Quarnby Robotics was added…".
      if (!token.name && token.initial && next?.name && unknownWord(token) && !breaks(token)) token.name = true;
    });
  }
  // …and is a name again where it opens another sentence alone: "Quarnby is controlled by…".
  const names = new Set(sentences.flatMap((sentence) => sentence.tokens.filter((t) => t.name).map((t) => t.text)));
  for (const sentence of sentences) {
    const first = sentence.tokens[0];
    if (!first.name && capitalised(first) && unknownWord(first) && names.has(first.text)) first.name = true;
  }
  return sentences;
}

/** Tagged as a noun only, as compromise tags a word its lexicon lacks; "Overseas" or "Thanks" are not. */
const unknownWord = (token: Token): boolean =>
  [...token.tags].every((tag) => tag === 'Noun' || tag === 'Singular' || tag === 'ProperNoun') &&
  !NOT_NAME_TAGS.some((tag) => token.tags.has(tag));

const demonyms = new Map<string, boolean>();
/** "Chinese", "American": the tagger knows them alone, though "Chinese company" reads to it as a name. */
function isDemonym(word: string): boolean {
  let known = demonyms.get(word);
  if (known === undefined) {
    known = nlp(word).has('#Demonym');
    if (demonyms.size < 10_000) demonyms.set(word, known);
  }
  return known;
}

/** Tags that make a capitalised word a name even first in its sentence. */
const NAME_TAGS = ['Person', 'Place', 'Organization', 'Acronym'];
/** Capitalised words that are no names: months, days, nationalities ("Chinese firms"). */
const NOT_NAME_TAGS = ['Date', 'Month', 'WeekDay', 'Demonym', 'Pronoun', 'Determiner'];
/** Inside a name they join ("Bank of China"); "and" joins only before a head word ("… and Blocked Persons List"). */
const JOINERS = new Set(['of', 'for', 'and', '&', 'de', 'du', 'van', 'von', 'al', 'bin']);
/** Lower-case words that end a name ("Biden administration", "US government"). */
export const GOVERNMENT_HEADS = new Set(['administration', 'government', 'ministry', 'cabinet', 'authorities']);
/** Lower-case heads that end a name too: "the SDN list". */
const LOWER_HEADS = new Set([...GOVERNMENT_HEADS, 'list']);
/** Last words that keep an "and" inside the name. */
const COMPOUND_HEADS = /^(list|council|committee|commission|department|ministry|bank|group|bureau|office|agency)$/i;

const capitalised = (token: Token): boolean => /^(\p{Lu}|\d+\p{Lu})/u.test(token.text);
function nameLike(token: Token, capitalisedInside: ReadonlySet<string>): boolean {
  if (!capitalised(token) || NOT_NAME_TAGS.some((tag) => token.tags.has(tag)) || isDemonym(token.text)) return false;
  return (
    !token.initial ||
    token.tags.has('ProperNoun') ||
    NAME_TAGS.some((tag) => token.tags.has(tag)) ||
    capitalisedInside.has(token.text)
  );
}
const isName = (token: Token): boolean => token.name;
/** Punctuation that ends a name: commas, dashes, brackets, quotes, full stops, breadcrumbs, a possessive. */
export const breaks = (token: Token): boolean =>
  /[,;:.!?()[\]"“”—–»«|•/'’]/.test(token.post) || /\s-\s/.test(token.post) || /^-/.test(token.post);

export interface NameSpan {
  text: string;
  start: number;
  end: number;
  sentence: number;
  tokens: Token[];
}

function spanOf(text: string, tokens: Token[]): NameSpan {
  const start = tokens[0].start;
  const end = tokens[tokens.length - 1].end;
  return { text: text.slice(start, end), start, end, sentence: tokens[0].sentence, tokens };
}

/** Splits a run at "and" unless its last word is a head that takes a compound ("… and Blocked Persons List"). */
function splitAtAnd(run: Token[]): Token[][] {
  // "Bureau of Industry and Security": an "and" after an "of" joins the parts of one name.
  const and = run.findIndex((token) => token.text === 'and' || token.text === '&');
  if (COMPOUND_HEADS.test(run[run.length - 1].text) || run.slice(0, Math.max(and, 0)).some((t) => t.text === 'of')) {
    return [run];
  }
  const parts: Token[][] = [[]];
  for (const token of run) {
    if (token.text === 'and' || token.text === '&') parts.push([]);
    else parts[parts.length - 1].push(token);
  }
  return parts.filter((part) => part.length > 0);
}

/**
 * Capitalised runs of a sentence that may be names: "Hanwha Techwin", "Specially Designated
 * Nationals and Blocked Persons List", "Biden administration" (a name and a government head
 * word), never a lone joiner or a run ending in one.
 */
export function nameSpans(text: string, sentence: Sentence): NameSpan[] {
  const spans: NameSpan[] = [];
  const tokens = sentence.tokens;
  let index = 0;
  while (index < tokens.length) {
    if (!isName(tokens[index])) {
      index += 1;
      continue;
    }
    const run = [tokens[index]];
    while (!breaks(run[run.length - 1]) && index + run.length < tokens.length) {
      const next = tokens[index + run.length];
      const lower = next.text.toLowerCase();
      if (isName(next) || (JOINERS.has(lower) && isName(tokens[index + run.length + 1] ?? next))) run.push(next);
      else if (LOWER_HEADS.has(next.text)) {
        run.push(next);
        break;
      } else break;
    }
    while (JOINERS.has(run[run.length - 1].text.toLowerCase())) run.pop();
    index += run.length;
    for (const part of splitAtAnd(run)) spans.push(spanOf(text, part));
  }
  return spans;
}

/** Demonyms read as a government with a head word: "Chinese government". */
export function demonymGovernments(text: string, sentence: Sentence): NameSpan[] {
  const spans: NameSpan[] = [];
  sentence.tokens.forEach((token, index) => {
    const next = sentence.tokens[index + 1];
    if (token.tags.has('Demonym') && next && GOVERNMENT_HEADS.has(next.text.toLowerCase()) && !breaks(token)) {
      spans.push(spanOf(text, [token, next]));
    }
  });
  return spans;
}

/** Words of a text range, each with its offsets: quotes are cut on word boundaries. */
export function wordsIn(text: string, start: number, end: number): { start: number; end: number }[] {
  const words: { start: number; end: number }[] = [];
  const pattern = /\S+/gu;
  pattern.lastIndex = start;
  for (let match = pattern.exec(text); match && match.index < end; match = pattern.exec(text)) {
    words.push({ start: match.index, end: Math.min(match.index + match[0].length, end) });
  }
  return words;
}
