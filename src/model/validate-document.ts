import {
  COMMON_PROPERTIES,
  ENTITY_KINDS,
  KIND_PROPERTIES,
  LIST_PROPERTIES,
  PLACE_TYPES,
  isEntityKind,
  type EntityKind,
} from './entity-kinds';
import {
  LIMITS,
  type DatasetEvidence,
  type EntityRecord,
  type EvidenceRecord,
  type FtmStatement,
  type GraphDocument,
  type RelationshipRecord,
} from './graph-document';
import { intervalIsOrdered } from './partial-date';
import {
  RELATIONSHIP_TYPE_NAMES,
  endpointsAllowed,
  isRelationshipType,
  relationshipSpec,
  type RelationshipType,
} from './relationship-types';
import type { DocumentError } from './record-rules';
import { FtmFlaw } from './ftm';
import { checkFtmStatement } from './ftm-values';
import { RELATIONSHIP_STATUSES, isRelationshipStatus, type RelationshipStatus } from './statuses';
import {
  JsonObject,
  Report,
  KindLookup,
  TOP_LEVEL_FIELDS,
  ENTITY_STRUCTURE_FIELDS,
  RELATIONSHIP_FIELDS,
  ARTICLE_EVIDENCE_FIELDS,
  DATASET_EVIDENCE_FIELDS,
  isObject,
  isAbsent,
  reporter,
  recordIdOf,
  requireArray,
  reportUnknownFields,
  checkId,
  checkText,
  optionalText,
  partialDateProblem,
  kindLookup,
} from './document-fields';

export interface ValidateDocumentOptions {
  /** Entities already in the graph (id → kind): endpoints and evidence may refer to them. */
  knownEntityKinds?: ReadonlyMap<string, EntityKind>;
}

export type ValidateDocumentResult = { ok: true; document: GraphDocument } | { ok: false; errors: DocumentError[] };

/**
 * Extra checks on a property's trimmed text; each returns a problem or undefined. A Map, not an
 * object: property names come from the input, and `constructor` or `__proto__` must not find Object's.
 */
const PROPERTY_RULES: ReadonlyMap<string, (value: string) => string | undefined> = new Map([
  [
    'country',
    (value: string) =>
      LIMITS.countryPattern.test(value) ? undefined : 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. "CN"',
  ],
  [
    'placeType',
    (value: string) =>
      (PLACE_TYPES as readonly string[]).includes(value) ? undefined : `must be one of ${PLACE_TYPES.join(', ')}`,
  ],
  ['publishedAt', partialDateProblem],
  ['date', partialDateProblem],
  ['firstSeen', partialDateProblem],
  ['lastSeen', partialDateProblem],
]);

/**
 * Checks a graph document (seed file, `ingest` input, bulk import) and returns either the
 * normalized document (strings trimmed, absent optional fields dropped) or every problem found.
 */
export function validateGraphDocument(doc: unknown, options: ValidateDocumentOptions = {}): ValidateDocumentResult {
  const errors: DocumentError[] = [];
  if (!isObject(doc)) {
    return {
      ok: false,
      errors: [
        { path: '', message: 'must be an object with "entities" and "relationships" arrays', reason: 'invalid-value' },
      ],
    };
  }
  const report = reporter(errors, undefined);
  reportUnknownFields(doc, TOP_LEVEL_FIELDS, '', report);
  const rawEntities = requireArray(doc['entities'], 'entities', report);
  const rawRelationships = requireArray(doc['relationships'], 'relationships', report);

  const { entities, kindsById } = checkEntities(rawEntities, errors);
  const lookup = kindLookup(kindsById, options.knownEntityKinds);
  const relationships = checkRelationships(rawRelationships, lookup, errors);

  return errors.length > 0 ? { ok: false, errors } : { ok: true, document: { entities, relationships } };
}

// ---------------------------------------------------------------- entities

function checkEntities(
  rawEntities: readonly unknown[],
  errors: DocumentError[],
): { entities: EntityRecord[]; kindsById: Map<string, EntityKind | undefined> } {
  const entities: EntityRecord[] = [];
  // Indexed even when the kind is bad, so such an entity is reported once, not again as a dangling endpoint.
  const kindsById = new Map<string, EntityKind | undefined>();
  const firstIndexById = new Map<string, number>();

  rawEntities.forEach((raw, index) => {
    const path = `entities[${index}]`;
    const report = reporter(errors, recordIdOf(raw));
    if (!isObject(raw)) {
      report(path, 'must be an object');
      return;
    }
    const id = checkId(raw['id'], `${path}.id`, report);
    const kind = checkKind(raw['kind'], `${path}.kind`, report);
    if (id !== undefined) {
      const first = firstIndexById.get(id);
      if (first === undefined) {
        firstIndexById.set(id, index);
        kindsById.set(id, kind);
      } else {
        report(`${path}.id`, `duplicates the id of entities[${first}]`);
      }
    }
    const properties = checkEntityProperties(raw, kind, path, report);
    const ftm = checkStatement(raw['ftm'], `${path}.ftm`, report);
    if (id !== undefined && kind !== undefined && typeof properties['name'] === 'string') {
      entities.push({ ...properties, id, kind, name: properties['name'], ...(ftm === undefined ? {} : { ftm }) });
    }
  });
  return { entities, kindsById };
}

function checkKind(value: unknown, path: string, report: Report): EntityKind | undefined {
  if (isEntityKind(value)) return value;
  report(path, `must be one of ${ENTITY_KINDS.join(', ')}`);
  return undefined;
}

/** Every property but id and kind, checked and trimmed; unknown ones are reported when the kind is known. */
function checkEntityProperties(
  raw: JsonObject,
  kind: EntityKind | undefined,
  path: string,
  report: Report,
): Record<string, string | string[]> {
  const properties: Record<string, string | string[]> = {};
  if (isAbsent(raw['name'])) report(`${path}.name`, 'is required', 'missing-property');

  for (const [name, value] of Object.entries(raw)) {
    if (ENTITY_STRUCTURE_FIELDS.has(name) || isAbsent(value)) continue;
    const propertyPath = `${path}.${name}`;
    const unknownProperty = kind === undefined ? undefined : unknownPropertyProblem(kind, name);
    if (unknownProperty !== undefined) {
      report(propertyPath, unknownProperty);
      continue;
    }
    const checked = LIST_PROPERTIES.has(name)
      ? checkTextList(value, propertyPath, report)
      : checkPropertyText(name, value, propertyPath, report);
    if (checked !== undefined) properties[name] = checked;
  }
  return properties;
}

/** The FtM statement an imported record keeps (checked as an FtM line is), or undefined. */
function checkStatement(value: unknown, path: string, report: Report): FtmStatement | undefined {
  if (isAbsent(value)) return undefined;
  try {
    return checkFtmStatement(value);
  } catch (error) {
    if (!(error instanceof FtmFlaw)) throw error;
    report(path, error.message);
    return undefined;
  }
}

function unknownPropertyProblem(kind: EntityKind, name: string): string | undefined {
  const allowed: readonly string[] = [...COMMON_PROPERTIES, ...KIND_PROPERTIES[kind]];
  return allowed.includes(name) ? undefined : `is not a property of ${kind} (allowed: ${allowed.join(', ')})`;
}

function checkPropertyText(name: string, value: unknown, path: string, report: Report): string | undefined {
  const maxLength = name === 'name' ? LIMITS.maxNameLength : LIMITS.maxDescriptionLength;
  const text = checkText(value, path, maxLength, report);
  const problem = text === undefined ? undefined : PROPERTY_RULES.get(name)?.(text);
  if (problem !== undefined) report(path, problem);
  return text;
}

/** List properties (aliases, tags) share the alias cap: they are short names, not content. */
function checkTextList(value: unknown, path: string, report: Report): string[] | undefined {
  if (!Array.isArray(value)) {
    report(path, 'must be an array of strings');
    return undefined;
  }
  if (value.length > LIMITS.maxAliases) {
    report(path, `must have at most ${LIMITS.maxAliases} items (has ${value.length})`);
  }
  const items: string[] = [];
  value.forEach((item: unknown, index) => {
    const text = checkText(item, `${path}[${index}]`, LIMITS.maxNameLength, report);
    if (text !== undefined) items.push(text);
  });
  return items;
}

// ----------------------------------------------------------- relationships

function checkRelationships(
  rawRelationships: readonly unknown[],
  lookup: KindLookup,
  errors: DocumentError[],
): RelationshipRecord[] {
  const relationships: RelationshipRecord[] = [];
  const firstIndexById = new Map<string, number>();

  rawRelationships.forEach((raw, index) => {
    const path = `relationships[${index}]`;
    const report = reporter(errors, recordIdOf(raw));
    if (!isObject(raw)) {
      report(path, 'must be an object');
      return;
    }
    const id = checkId(raw['id'], `${path}.id`, report);
    if (id !== undefined) {
      const first = firstIndexById.get(id);
      if (first === undefined) firstIndexById.set(id, index);
      else report(`${path}.id`, `duplicates the id of relationships[${first}]`);
    }
    const relationship = checkRelationship(raw, path, lookup, report);
    if (id !== undefined && relationship !== undefined) relationships.push({ id, ...relationship });
  });
  return relationships;
}

function checkRelationship(
  raw: JsonObject,
  path: string,
  lookup: KindLookup,
  report: Report,
): Omit<RelationshipRecord, 'id'> | undefined {
  reportUnknownFields(raw, RELATIONSHIP_FIELDS, path, report);
  const type = checkRelationshipType(raw['type'], `${path}.type`, report);
  const status = checkStatus(raw['status'], `${path}.status`, report);
  const from = checkEndpoint(raw['from'], `${path}.from`, lookup, report);
  const to = checkEndpoint(raw['to'], `${path}.to`, lookup, report);
  if (from !== undefined && from.id === to?.id) report(`${path}.to`, 'must differ from "from"');
  if (type !== undefined && from !== undefined && to !== undefined) {
    checkEndpointKinds(type, from, to, `${path}.type`, report);
  }
  const { since, until } = checkInterval(raw, path, report);
  const description = optionalText(raw['description'], `${path}.description`, LIMITS.maxDescriptionLength, report);
  const role = optionalText(raw['role'], `${path}.role`, LIMITS.maxNameLength, report);
  const evidence = checkEvidenceList(raw['evidence'], `${path}.evidence`, lookup, report);
  const ftm = checkStatement(raw['ftm'], `${path}.ftm`, report);

  if (type === undefined || status === undefined || from === undefined || to === undefined || evidence === undefined) {
    return undefined;
  }
  return {
    type,
    from: from.id,
    to: to.id,
    status,
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    ...(description === undefined ? {} : { description }),
    ...(role === undefined ? {} : { role }),
    evidence,
    ...(ftm === undefined ? {} : { ftm }),
  };
}

function checkRelationshipType(value: unknown, path: string, report: Report): RelationshipType | undefined {
  if (isRelationshipType(value)) return value;
  report(path, `must be one of ${RELATIONSHIP_TYPE_NAMES.join(', ')}`);
  return undefined;
}

function checkStatus(value: unknown, path: string, report: Report): RelationshipStatus | undefined {
  if (isRelationshipStatus(value)) return value;
  report(path, `must be one of ${RELATIONSHIP_STATUSES.join(', ')}`);
  return undefined;
}

interface Endpoint {
  id: string;
  kind?: EntityKind;
}

function checkEndpoint(value: unknown, path: string, lookup: KindLookup, report: Report): Endpoint | undefined {
  const id = checkId(value, path, report);
  if (id === undefined) return undefined;
  const { found, kind } = lookup(id);
  if (!found) {
    report(path, `refers to entity "${id}", which is neither in the document nor in the graph`, 'dangling-reference');
    return undefined;
  }
  return kind === undefined ? { id } : { id, kind };
}

/** Reported only when both kinds are known: an entity with a bad kind is reported where it is defined. */
function checkEndpointKinds(type: RelationshipType, from: Endpoint, to: Endpoint, path: string, report: Report): void {
  if (from.kind === undefined || to.kind === undefined || endpointsAllowed(type, from.kind, to.kind)) return;
  const spec = relationshipSpec(type);
  report(
    path,
    `${type} cannot link ${from.kind} "${from.id}" to ${to.kind} "${to.id}" ` +
      `(allowed: ${spec.from.join('|')} → ${spec.to.join('|')}${spec.symmetric ? ', either way round' : ''})`,
  );
}

function checkInterval(raw: JsonObject, path: string, report: Report): { since?: string; until?: string } {
  const since = optionalPartialDate(raw['since'], `${path}.since`, report);
  const until = optionalPartialDate(raw['until'], `${path}.until`, report);
  if (since !== undefined && until !== undefined && !intervalIsOrdered(since, until)) {
    report(`${path}.until`, `must not end before since (${since})`);
  }
  return { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
}

function optionalPartialDate(value: unknown, path: string, report: Report): string | undefined {
  const text = optionalText(value, path, Number.POSITIVE_INFINITY, report);
  const problem = text === undefined ? undefined : partialDateProblem(text);
  if (problem === undefined) return text;
  report(path, problem);
  return undefined;
}

// ---------------------------------------------------------------- evidence

function checkEvidenceList(
  value: unknown,
  path: string,
  lookup: KindLookup,
  report: Report,
): EvidenceRecord[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    report(path, 'must be a non-empty array of { article, quote } or { dataset, … }');
    return undefined;
  }
  if (value.length > LIMITS.maxEvidence) {
    report(path, `must have at most ${LIMITS.maxEvidence} items (has ${value.length})`);
  }
  const evidence: EvidenceRecord[] = [];
  value.forEach((item: unknown, index) => {
    const checked = checkEvidence(item, `${path}[${index}]`, lookup, report);
    if (checked !== undefined) evidence.push(checked);
  });
  return evidence;
}

function checkEvidence(value: unknown, path: string, lookup: KindLookup, report: Report): EvidenceRecord | undefined {
  if (!isObject(value)) {
    report(path, 'must be an object { article, quote } or { dataset, quote?, url?, firstSeen?, lastSeen? }');
    return undefined;
  }
  if (!isAbsent(value['article']) && !isAbsent(value['dataset'])) {
    report(`${path}.dataset`, 'give either an article or a dataset, not both');
    return undefined;
  }
  if (isAbsent(value['article']) && isAbsent(value['dataset'])) {
    report(`${path}.article`, 'give an article (with a quote) or a dataset');
    return undefined;
  }
  if (!isAbsent(value['dataset'])) return checkDatasetEvidence(value, path, lookup, report);
  reportUnknownFields(value, ARTICLE_EVIDENCE_FIELDS, path, report);
  const article = checkEvidenceSource(value['article'], `${path}.article`, 'ARTICLE', lookup, report);
  const quote = checkQuote(value['quote'], `${path}.quote`, report);
  return article === undefined || quote === undefined ? undefined : { article, quote };
}

/** A dataset's statement: the quote is optional (datasets state facts, they do not narrate them). */
function checkDatasetEvidence(
  value: JsonObject,
  path: string,
  lookup: KindLookup,
  report: Report,
): DatasetEvidence | undefined {
  reportUnknownFields(value, DATASET_EVIDENCE_FIELDS, path, report);
  const dataset = checkEvidenceSource(value['dataset'], `${path}.dataset`, 'DATASET', lookup, report);
  const quote = isAbsent(value['quote']) ? undefined : checkQuote(value['quote'], `${path}.quote`, report);
  const url = optionalText(value['url'], `${path}.url`, LIMITS.maxDescriptionLength, report);
  const firstSeen = optionalPartialDate(value['firstSeen'], `${path}.firstSeen`, report);
  const lastSeen = optionalPartialDate(value['lastSeen'], `${path}.lastSeen`, report);
  if (dataset === undefined) return undefined;
  return {
    dataset,
    ...(quote === undefined ? {} : { quote }),
    ...(url === undefined ? {} : { url }),
    ...(firstSeen === undefined ? {} : { firstSeen }),
    ...(lastSeen === undefined ? {} : { lastSeen }),
  };
}

function checkEvidenceSource(
  value: unknown,
  path: string,
  expected: 'ARTICLE' | 'DATASET',
  lookup: KindLookup,
  report: Report,
): string | undefined {
  const id = checkId(value, path, report);
  if (id === undefined) return undefined;
  const { found, kind } = lookup(id);
  const noun = expected === 'ARTICLE' ? 'article' : 'dataset';
  if (!found)
    report(path, `refers to ${noun} "${id}", which is neither in the document nor in the graph`, 'dangling-reference');
  else if (kind !== undefined && kind !== expected) report(path, `refers to "${id}", a ${kind}, not an ${expected}`);
  return id;
}

function checkQuote(value: unknown, path: string, report: Report): string | undefined {
  const quote = checkText(value, path, LIMITS.maxQuoteLength, report);
  if (quote === undefined) return undefined;
  const words = quote.split(/\s+/u).length;
  if (words > LIMITS.maxQuoteWords) {
    report(path, `must be a short excerpt of at most ${LIMITS.maxQuoteWords} words (has ${words})`);
  }
  return quote;
}
export { normalizedId } from './document-fields';
