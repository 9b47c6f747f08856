import type { MatchSubject } from '../src/match';
import { random } from './ftm-generator';

/*
 * The matcher's evaluation set: pairs of a query and a listed record, each a true match or not,
 * generated with the variation screening meets (names and variants written here, none copied
 * from a dataset): Cyrillic records queried in other transliterations, tokens reordered and
 * patronymics dropped, typos, aliases, legal forms in other languages, Chinese company names
 * queried in pinyin; and the hard negatives: namesakes born in other years, companies sharing a
 * word, people and companies of the same name.
 */

export interface MatchPair {
  query: MatchSubject;
  candidate: MatchSubject;
  match: boolean;
  /** Which variation made the pair (for the report's per-variation table). */
  variation: string;
}

/** Cyrillic given names with the Latin spellings queries use for them (the first is any-ascii's). */
const GIVEN: readonly [string, readonly string[]][] = [
  ['Иван', ['Ivan']],
  ['Юрий', ['Yurii', 'Yuriy', 'Iurii', 'Yury']],
  ['Алексей', ['Aleksei', 'Alexey', 'Aleksey', 'Alexei']],
  ['Сергей', ['Sergei', 'Sergey', 'Serguei']],
  ['Дмитрий', ['Dmitrii', 'Dmitriy', 'Dmitry']],
  ['Андрей', ['Andrei', 'Andrey']],
  ['Евгений', ['Evgenii', 'Yevgeny', 'Evgeniy', 'Yevgeniy']],
  ['Михаил', ['Mikhail', 'Michail']],
  ['Николай', ['Nikolai', 'Nikolay']],
  ['Григорий', ['Grigorii', 'Grigory', 'Grigoriy']],
  ['Анна', ['Anna']],
  ['Юлия', ['Iuliia', 'Yulia', 'Yuliya', 'Julia']],
  ['Наталья', ['Natalia', 'Natalya', "Natal'ya"]],
  ['Ксения', ['Kseniia', 'Ksenia', 'Kseniya']],
  ['Татьяна', ['Tatiana', 'Tatyana', "Tat'yana"]],
];

const SURNAMES: readonly [string, readonly string[]][] = [
  ['Кузнецов', ['Kuznetsov', 'Kouznetsov']],
  ['Соколов', ['Sokolov']],
  ['Воробьёв', ['Vorobyov', 'Vorobiev', 'Vorobev', "Vorob'ev"]],
  ['Жуков', ['Zhukov', 'Joukov', 'Schukow']],
  ['Щербаков', ['Shcherbakov', 'Scherbakov', 'Shherbakov']],
  ['Медведев', ['Medvedev', 'Medvedew']],
  ['Хабаров', ['Khabarov', 'Habarov', 'Chabarow']],
  ['Белоусов', ['Belousov', 'Belousow']],
  ['Чернышёв', ['Chernyshov', 'Chernyshev', 'Tchernychev']],
  ['Ерёменко', ['Eremenko', 'Yeryomenko', 'Yeremenko']],
  ['Зайцев', ['Zaitsev', 'Zaytsev', 'Saizew']],
  ['Яковлев', ['Yakovlev', 'Iakovlev', 'Jakowlew']],
  ['Гусев', ['Gusev', 'Goussev']],
  ['Фёдоров', ['Fedorov', 'Fyodorov', 'Fiodorov']],
  ['Тихонов', ['Tikhonov', 'Tichonow']],
];

/** Patronymic of a given name, in Cyrillic (male forms: the generator's people are men or women alike). */
const PATRONYMICS: readonly [string, readonly string[]][] = [
  ['Петрович', ['Petrovich', 'Petrovitch']],
  ['Викторович', ['Viktorovich', 'Victorovich']],
  ['Олегович', ['Olegovich']],
  ['Игоревич', ['Igorevich']],
];

/** Chinese company names: characters, and the pinyin a Latin record or query writes them in. */
const CHINESE_BRANDS: readonly [string, string][] = [
  ['杭州明光', 'Hangzhou Mingguang'],
  ['深圳海星', 'Shenzhen Haixing'],
  ['北京天宇', 'Beijing Tianyu'],
  ['上海金桥', 'Shanghai Jinqiao'],
  ['广州华力', 'Guangzhou Huali'],
  ['成都蓝天', 'Chengdu Lantian'],
];

/** Latin company words: brands and what they do. */
const BRANDS = [
  'Northwind',
  'Altamira',
  'Borealis',
  'Cresthaven',
  'Dunmore',
  'Everlake',
  'Fairmount',
  'Glenrock',
  'Highmoor',
  'Ironvale',
  'Kestrel',
  'Larkspur',
];
const TRADES = ['Optics', 'Logistics', 'Shipping', 'Trading', 'Minerals', 'Avionics', 'Holdings', 'Textiles'];

/** The same company's legal form as records and queries write it. */
const LEGAL_FORMS: readonly (readonly string[])[] = [
  ['LLC', 'Limited Liability Company', 'OOO', 'L.L.C.'],
  ['Ltd', 'Limited', 'Co., Ltd.', 'Company Limited'],
  ['JSC', 'Joint Stock Company', 'AO'],
  ['Inc.', 'Incorporated', 'Corp.', 'Corporation'],
];

type Random = () => number;

const pick = <T>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)];

function birthDate(next: Random): string {
  const year = 1950 + Math.floor(next() * 50);
  const month = 1 + Math.floor(next() * 12);
  const day = 1 + Math.floor(next() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** One letter changed, dropped, doubled or swapped with the next, in a word of five letters or more. */
function typo(next: Random, text: string): string {
  const words = text.split(' ');
  const long = words.map((word, index) => [word, index] as const).filter(([word]) => word.length >= 5);
  if (long.length === 0) return text;
  const [word, index] = pick(next, long);
  const at = 1 + Math.floor(next() * (word.length - 2));
  const edits = [
    () => word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
    () => word.slice(0, at) + word.slice(at + 1),
    () => word.slice(0, at) + word[at] + word.slice(at),
    () => word.slice(0, at) + pick(next, [...'aeiou']) + word.slice(at + 1),
  ];
  words[index] = pick(next, edits)();
  return words.join(' ');
}

interface Person {
  given: [string, readonly string[]];
  patronymic: [string, readonly string[]];
  surname: [string, readonly string[]];
  birthDate: string;
  country: string;
}

function person(next: Random): Person {
  return {
    given: [...pick(next, GIVEN)],
    patronymic: [...pick(next, PATRONYMICS)],
    surname: [...pick(next, SURNAMES)],
    birthDate: birthDate(next),
    country: 'ru',
  };
}

/** The listed record: Cyrillic "Surname Given Patronymic", with a Latin alias half the time. */
function personRecord(next: Random, who: Person): MatchSubject {
  const cyrillic = `${who.surname[0]} ${who.given[0]} ${who.patronymic[0]}`;
  const latin = `${who.surname[1][0].toUpperCase()}, ${who.given[1][0]} ${who.patronymic[1][0]}`;
  return {
    kind: 'PERSON',
    names: next() < 0.5 ? [cyrillic, latin] : [cyrillic],
    birthDates: [who.birthDate],
    countries: [who.country],
  };
}

/** A query for the same person: another transliteration, maybe reordered, shortened or mistyped. */
function personQuery(next: Random, who: Person, variation: string): MatchSubject {
  const given = pick(next, who.given[1]);
  const surname = pick(next, who.surname[1]);
  const patronymic = pick(next, who.patronymic[1]);
  let name: string;
  if (variation === 'reordered') name = `${surname} ${given}`;
  else if (variation === 'full-latin') name = `${given} ${patronymic} ${surname}`;
  else name = `${given} ${surname}`;
  if (variation === 'typo') name = typo(next, name);
  return {
    kind: 'PERSON',
    names: [name],
    ...(next() < 0.6 ? { birthDates: [next() < 0.5 ? who.birthDate : who.birthDate.slice(0, 4)] } : {}),
    ...(next() < 0.5 ? { countries: [who.country] } : {}),
  };
}

interface Company {
  brand: string;
  trade: string;
  forms: readonly string[];
  country: string;
}

function company(next: Random): Company {
  return {
    brand: pick(next, BRANDS),
    trade: pick(next, TRADES),
    forms: pick(next, LEGAL_FORMS),
    country: pick(next, ['gb', 'cy', 'ae', 'sg']),
  };
}

const companyName = (who: Company, form: string): string =>
  form === 'OOO' || form === 'AO' ? `${form} ${who.brand} ${who.trade}` : `${who.brand} ${who.trade} ${form}`;

/** Every pair of the set, in a fixed order for a seed. */
export function generateMatchPairs(options: { pairs: number; seed: number }): MatchPair[] {
  const next = random(options.seed);
  const pairs: MatchPair[] = [];
  const makers: (() => MatchPair)[] = [
    // True matches.
    ...['transliterated', 'reordered', 'full-latin', 'typo'].map((variation) => () => {
      const who = person(next);
      return { query: personQuery(next, who, variation), candidate: personRecord(next, who), match: true, variation };
    }),
    () => {
      const who = company(next);
      const [recordForm, queryForm] = [pick(next, who.forms), pick(next, who.forms)];
      return {
        query: { kind: 'COMPANY', names: [companyName(who, queryForm)] },
        candidate: { kind: 'COMPANY', names: [companyName(who, recordForm)], countries: [who.country] },
        match: true,
        variation: 'legal-form',
      };
    },
    () => {
      const who = company(next);
      const name = companyName(who, pick(next, who.forms));
      return {
        query: { kind: 'COMPANY', names: [typo(next, name)] },
        candidate: { kind: 'COMPANY', names: [name] },
        match: true,
        variation: 'company-typo',
      };
    },
    () => {
      const [characters, pinyin] = pick(next, CHINESE_BRANDS);
      const trade = pick(next, TRADES);
      return {
        query: { kind: 'COMPANY', names: [`${pinyin} ${trade} Co., Ltd.`] },
        candidate: { kind: 'COMPANY', names: [`${characters}有限公司`, `${pinyin} ${trade} Company Limited`] },
        match: true,
        variation: 'chinese-pinyin',
      };
    },
    () => {
      const [characters, pinyin] = pick(next, CHINESE_BRANDS);
      return {
        query: { kind: 'COMPANY', names: [pinyin] },
        candidate: { kind: 'COMPANY', names: [characters] },
        match: true,
        variation: 'chinese-characters',
      };
    },
    () => {
      const who = company(next);
      const alias = `${who.brand} ${pick(
        next,
        TRADES.filter((trade) => trade !== who.trade),
      )}`;
      return {
        query: { kind: 'COMPANY', names: [alias] },
        candidate: { kind: 'COMPANY', names: [companyName(who, who.forms[0]), alias] },
        match: true,
        variation: 'alias',
      };
    },
    // Not matches.
    () => {
      // A namesake: the same name, born in another year, and the query says when.
      const who = person(next);
      const other = {
        ...who,
        birthDate: `${Number(who.birthDate.slice(0, 4)) + 3 + Math.floor(next() * 20)}${who.birthDate.slice(4)}`,
      };
      return {
        query: { ...personQuery(next, other, 'transliterated'), birthDates: [other.birthDate] },
        candidate: personRecord(next, who),
        match: false,
        variation: 'namesake-other-birth-year',
      };
    },
    () => {
      const who = company(next);
      const other = {
        ...who,
        trade: pick(
          next,
          TRADES.filter((trade) => trade !== who.trade),
        ),
      };
      return {
        query: { kind: 'COMPANY', names: [companyName(other, pick(next, other.forms))] },
        candidate: { kind: 'COMPANY', names: [companyName(who, pick(next, who.forms))] },
        match: false,
        variation: 'company-sharing-a-word',
      };
    },
    () => {
      const who = person(next);
      const other = { ...person(next), given: who.given };
      if (other.surname[0] === who.surname[0])
        other.surname = [...SURNAMES[(SURNAMES.findIndex((s) => s[0] === who.surname[0]) + 1) % SURNAMES.length]];
      return {
        query: personQuery(next, other, 'transliterated'),
        candidate: personRecord(next, who),
        match: false,
        variation: 'other-person-same-given-name',
      };
    },
    () => {
      const who = person(next);
      const surname = who.surname[1][0];
      return {
        query: { kind: 'COMPANY', names: [`${surname} ${pick(next, TRADES)} LLC`] },
        candidate: personRecord(next, who),
        match: false,
        variation: 'company-named-like-a-person',
      };
    },
  ];
  for (let index = 0; index < options.pairs; index += 1) pairs.push(makers[index % makers.length]());
  return pairs;
}
