import { FtmFlaw, FTM_ID_MAX_LENGTH, FTM_ID_PATTERN, type Properties } from './ftm';
import { FTM_VOCABULARIES, isA, isFtmSchema, schemaProperties } from './ftm-schema';
import type { FtmStatement } from './graph-document';

/*
 * FtM property values, typed on the way in by the model's property types: dates are partial
 * ISO dates (or date-times), countries and languages codes of FtM's vocabularies, topics and
 * genders FtM's terms, references FtM ids; every other type is text, trimmed and kept as given.
 * Identifiers keep their original text; identifierKey() gives the normalised form they match by.
 */

/** A value longer than this is refused: FtM's own longest type (text) stops at 65,000 characters. */
export const MAX_FTM_VALUE_LENGTH = 65_000;
/** Values per property: OpenSanctions' largest (names of a much-aliased person) stay well under it. */
export const MAX_FTM_VALUES = 1_000;

const FTM_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3])(:[0-5]\d(:[0-5]\d)?)?)?)?)?$/;
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** The cleaned value, or a problem; case-insensitive vocabularies are lower-cased as FtM stores them. */
function cleanValue(type: string, raw: string): { value: string } | { problem: string } {
  const value = raw.trim();
  if (value.length > MAX_FTM_VALUE_LENGTH) return { problem: `is longer than ${MAX_FTM_VALUE_LENGTH} characters` };
  if (LONE_SURROGATE.test(value)) return { problem: 'is not well-formed Unicode (it has an unpaired surrogate)' };
  switch (type) {
    case 'date':
      return FTM_DATE.test(value) ? { value } : { problem: `"${value.slice(0, 40)}" is not a date (YYYY[-MM[-DD]])` };
    case 'entity':
      return FTM_ID_PATTERN.test(value) && value.length <= FTM_ID_MAX_LENGTH
        ? { value }
        : { problem: `"${value.slice(0, 60)}" is not a valid FtM id` };
    case 'country':
    case 'language':
    case 'topic':
    case 'gender': {
      const term = value.toLowerCase();
      return FTM_VOCABULARIES.get(type)?.has(term)
        ? { value: term }
        : { problem: `"${value.slice(0, 40)}" is not a known FtM ${type}` };
    }
    default:
      return { value };
  }
}

/**
 * A line's properties checked against its schema: every name a property of the schema, every
 * value cleaned by its type, blank values dropped (FtM drops them too). Throws the first flaw.
 */
export function cleanFtmProperties(schema: string, properties: Properties): Properties {
  const specs = schemaProperties(schema);
  const cleaned: Properties = {};
  for (const [name, values] of Object.entries(properties)) {
    const spec = specs.get(name);
    if (spec === undefined) throw new FtmFlaw('invalid-value', `"${name.slice(0, 60)}" is not a property of ${schema}`);
    if (values.length > MAX_FTM_VALUES) {
      throw new FtmFlaw('invalid-value', `property "${name}" has ${values.length} values (at most ${MAX_FTM_VALUES})`);
    }
    const kept: string[] = [];
    for (const raw of values) {
      if (raw.trim() === '') continue;
      const result = cleanValue(spec.type, raw);
      if ('problem' in result) throw new FtmFlaw('invalid-value', `property "${name}": ${result.problem}`);
      if (!kept.includes(result.value)) kept.push(result.value);
    }
    if (kept.length > 0) cleaned[name] = kept;
  }
  return cleaned;
}

// ------------------------------------------------------------ identifiers

/** Schemes users match on, by FtM property; any other identifier property is its own scheme. */
const SCHEME_OF_PROPERTY: ReadonlyMap<string, string> = new Map([
  ['leiCode', 'LEI'],
  ['innCode', 'INN'],
  ['ogrnCode', 'OGRN'],
  ['imoNumber', 'IMO'],
  ['taxNumber', 'TAX'],
  ['registrationNumber', 'REGISTRATION'],
  ['passportNumber', 'PASSPORT'],
  ['idNumber', 'ID'],
  ['vatCode', 'VAT'],
  ['swiftBic', 'BIC'],
  ['bic', 'BIC'],
  ['isin', 'ISIN'],
  ['isinCode', 'ISIN'],
  ['dunsCode', 'DUNS'],
  ['okpoCode', 'OKPO'],
  ['kppCode', 'KPP'],
  ['mmsi', 'MMSI'],
  ['iban', 'IBAN'],
  ['socialSecurityNumber', 'SSN'],
  ['wikidataId', 'WIKIDATA'],
]);

/** Identifier-typed properties that classify rather than identify their holder. */
const NOT_IDENTIFYING: ReadonlySet<string> = new Set([
  'programId',
  'cpvCode',
  'nutsCode',
  'okvedCode',
  'vedCode',
  'ibanMentioned',
  'authorityReferenceId',
  'callId',
  'authorityId',
  'unscId',
]);

export interface FtmIdentifier {
  /** LEI, INN, OGRN, IMO, TAX, REGISTRATION, PASSPORT, ID, … or the FtM property name. */
  scheme: string;
  /** As the source gave it. */
  value: string;
  /** Upper case, letters and digits only: what matching compares. */
  normalized: string;
  /** The FtM property it came from. */
  property: string;
}

export const normalizeIdentifier = (value: string): string => value.toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** The stored key an identifier filter looks for: scheme and normalised value. */
export const identifierKey = (scheme: string, normalized: string): string => `${scheme}:${normalized}`;

/** The normalised value an identifier key holds (identifierKey's inverse, without the scheme). */
export const identifierKeyValue = (key: string): string => key.slice(key.indexOf(':') + 1);

/**
 * The identifiers a schema's properties hold. An Identification's `number` is a passport number
 * on a Passport and an id number otherwise.
 */
export function identifiersOf(schema: string, properties: Properties): FtmIdentifier[] {
  const specs = schemaProperties(schema);
  const identifiers: FtmIdentifier[] = [];
  for (const [property, values] of Object.entries(properties)) {
    if (specs.get(property)?.type !== 'identifier' || NOT_IDENTIFYING.has(property)) continue;
    const scheme =
      property === 'number' && isA(schema, 'Identification')
        ? isA(schema, 'Passport')
          ? 'PASSPORT'
          : 'ID'
        : (SCHEME_OF_PROPERTY.get(property) ?? property);
    for (const value of values) {
      const normalized = normalizeIdentifier(value);
      if (normalized !== '') identifiers.push({ scheme, value, normalized, property });
    }
  }
  return identifiers;
}

// ------------------------------------------------------------- statements

/**
 * A statement a graph document carries (`ftm` on an entity or relationship): an object with
 * an FtM `schema`, an optional FtM `id` and `properties`, checked like an FtM line. Throws the flaw.
 */
export function checkFtmStatement(raw: unknown): FtmStatement {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FtmFlaw('invalid-value', 'must be an object with "schema" and "properties"');
  }
  const { schema, id, properties, ...rest } = raw as Record<string, unknown>;
  const extra = Object.keys(rest)[0];
  if (extra !== undefined) throw new FtmFlaw('invalid-value', `"${extra.slice(0, 60)}" is not a field of a statement`);
  if (typeof schema !== 'string' || !isFtmSchema(schema)) {
    throw new FtmFlaw('invalid-value', `schema ${JSON.stringify(schema)?.slice(0, 60)} is not an FtM schema`);
  }
  if (id !== undefined && (typeof id !== 'string' || !FTM_ID_PATTERN.test(id) || id.length > FTM_ID_MAX_LENGTH)) {
    throw new FtmFlaw('invalid-value', '"id" is not a valid FtM id');
  }
  return {
    schema,
    ...(id === undefined ? {} : { id }),
    properties: cleanFtmProperties(schema, stringLists(properties)),
  };
}

/** FtM `properties`: an object of string lists, or the flaw. */
export function stringLists(value: unknown): Properties {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new FtmFlaw('invalid-value', '"properties" must be an object');
  }
  const lists: Properties = {};
  for (const [name, values] of Object.entries(value as Record<string, unknown>)) {
    if (!Array.isArray(values) || !values.every((item) => typeof item === 'string')) {
      throw new FtmFlaw('invalid-value', `property "${name.slice(0, 60)}" must be a list of strings`);
    }
    lists[name] = values as string[];
  }
  return lists;
}
