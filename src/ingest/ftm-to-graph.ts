import {
  KIND_PROPERTIES,
  type EntityKind,
  evidenceSource,
  isArticleEvidence,
  LIMITS,
  type DatasetEvidence,
  type EntityRecord,
  type EvidenceRecord,
  type RelationshipRecord,
  isPartialDate,
  periodEnd,
  isRelationshipType,
  type RelationshipType,
  isRelationshipStatus,
  type RelationshipStatus,
  FtmEntity,
  FtmFlaw,
  FtmMapped,
  FtmImportOptions,
  FTM_ID_PATTERN,
  FTM_ID_MAX_LENGTH,
  FTM_MODEL_VERSION,
  localId,
  datasetId,
  kindOfSchema,
  FTM_EDGE_SCHEMATA,
  FTM_PROPERTY_EDGES,
  cleanFtmProperties,
  isA,
  isFtmSchema,
  schemaCaption,
  schemaEdge,
  schemaRequired,
  stringLists,
  type FtmStatement,
  propertyEdgeId,
  namedEntityId,
  NATIVE_PROPERTIES,
  KEYWORD_PREFIX,
  Properties,
  first,
} from '../model';

/* FollowTheMoney lines → our records (the tables are in src/model/ftm.ts). */

/** Parses a raw NDJSON value into an FtmEntity, or throws the flaw. */
export function parseFtmEntity(raw: unknown): FtmEntity {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new FtmFlaw('invalid-value', 'is not a JSON object');
  }
  const record = raw as Record<string, unknown>;
  const { id, schema, properties } = record;
  if (typeof schema !== 'string') throw new FtmFlaw('missing-property', '"schema" is required');
  if (typeof id !== 'string' || id === '') throw new FtmFlaw('missing-property', '"id" is required');
  if (id.length > FTM_ID_MAX_LENGTH || !FTM_ID_PATTERN.test(id)) {
    throw new FtmFlaw('invalid-value', `"${id.slice(0, 60)}" is not a valid FtM id`);
  }
  if (!isFtmSchema(schema)) {
    throw new FtmFlaw(
      'unsupported-schema',
      `"${schema.slice(0, 60)}" is not a schema of FollowTheMoney ${FTM_MODEL_VERSION}`,
    );
  }
  const checked = cleanFtmProperties(schema, stringLists(properties));
  // Only a name is insisted on (an entity needs one to be shown); other required properties real
  // sources omit (OpenSanctions publishes Passports without a number), and edges check their ends.
  if (schemaRequired(schema).includes('name') && checked['name'] === undefined) {
    throw new FtmFlaw('missing-property', `${schema} needs "name"`);
  }
  const strings = (name: string): string[] | undefined => {
    const value = record[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new FtmFlaw('invalid-value', `"${name}" must be a list of strings`);
    }
    return value as string[];
  };
  const text = (name: string): string | undefined => {
    const value = record[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new FtmFlaw('invalid-value', `"${name}" must be a string`);
    return value;
  };
  return {
    id,
    schema,
    properties: checked,
    datasets: strings('datasets'),
    referents: strings('referents'),
    first_seen: text('first_seen'),
    last_seen: text('last_seen'),
  };
}

/** A partial date from an FtM date or datetime (`2022-05-05T10:00:00` → `2022-05-05`). */
function partialDate(value: string | undefined, what: string): string | undefined {
  if (value === undefined) return undefined;
  const date = value.slice(0, 10);
  if (!isPartialDate(date)) throw new FtmFlaw('invalid-value', `${what} "${value}" is not a date`);
  return date;
}

function reference(entity: FtmEntity, property: string): string {
  const target = first(entity.properties, property);
  if (target === undefined) throw new FtmFlaw('missing-property', `${entity.schema} needs "${property}"`);
  return referenceValue(property, target);
}

function referenceValue(property: string, target: string): string {
  if (!FTM_ID_PATTERN.test(target) || target.length > FTM_ID_MAX_LENGTH) {
    throw new FtmFlaw('invalid-value', `"${property}" is "${target.slice(0, 60)}", not a valid FtM id`);
  }
  return localId(target);
}

const datasetEntity = (name: string): EntityRecord => ({ id: datasetId(name), kind: 'DATASET', name });

/** Names beyond the first, aliases and weak aliases: our aliases, each once, within the caps. */
function aliasesOf(properties: Properties, name: string): string[] {
  const all = [...(properties['name'] ?? []), ...(properties['alias'] ?? []), ...(properties['weakAlias'] ?? [])];
  const aliases = [...new Set(all.map((value) => value.trim()))].filter(
    (value) => value !== '' && value !== name && value.length <= LIMITS.maxNameLength,
  );
  return aliases.slice(0, LIMITS.maxAliases);
}

const country = (properties: Properties): string | undefined => {
  const code = first(properties, 'country') ?? first(properties, 'jurisdiction') ?? first(properties, 'mainCountry');
  return code !== undefined && /^[a-z]{2}$/i.test(code) ? code.toUpperCase() : undefined;
};

/** Drops undefined and empty-list fields: the document validator treats them as absent anyway. */
function defined<T extends Record<string, unknown>>(record: T): T {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  ) as T;
}

/** What a line keeps of itself: schema, its FtM id when ours differs, every property as cleaned. */
function statementOf(entity: FtmEntity): FtmStatement {
  return {
    schema: entity.schema,
    ...(localId(entity.id) === entity.id ? {} : { id: entity.id }),
    properties: entity.properties,
  };
}

/** Its name, else what FtM captions it by (a passport's number, an account's IBAN), else its schema and id. */
const nameOf = (entity: FtmEntity): string =>
  ['name', ...schemaCaption(entity.schema)].map((property) => first(entity.properties, property)).find(Boolean) ??
  `${entity.schema} ${entity.id}`;

function mapNode(entity: FtmEntity): FtmMapped {
  const { properties } = entity;
  const id = localId(entity.id);
  const programIds = properties['programId'] ?? [];
  const kind: EntityKind =
    entity.schema === 'Organization' && programIds.includes(entity.id) ? 'SANCTIONS_LIST' : kindOfSchema(entity.schema);
  const name = nameOf(entity);
  const keywords = properties['keywords'] ?? [];
  const record: EntityRecord = {
    id,
    kind,
    name: name.slice(0, LIMITS.maxNameLength),
    aliases: aliasesOf(properties, name),
    description: first(properties, 'description')?.slice(0, LIMITS.maxDescriptionLength),
    country: country(properties),
    // Past the list cap, provenance keeps its first items rather than refusing the entity (OpenSanctions' carry 50+).
    datasets: (entity.datasets ?? []).slice(0, LIMITS.maxAliases),
    referents: [...new Set([...(id === entity.id ? [] : [entity.id]), ...(entity.referents ?? [])])].slice(
      0,
      LIMITS.maxAliases,
    ),
    firstSeen: partialDate(entity.first_seen, 'first_seen'),
    lastSeen: partialDate(entity.last_seen, 'last_seen'),
    sourceUrl: kind === 'ARTICLE' ? undefined : first(properties, 'sourceUrl'),
    ftm: statementOf(entity),
  };
  const native = NATIVE_PROPERTIES[kind] ?? {};
  for (const property of KIND_PROPERTIES[kind]) {
    const ftmName = native[property];
    const value =
      (ftmName === undefined ? undefined : first(properties, ftmName)) ??
      keywords
        .find((keyword) => keyword.startsWith(`${KEYWORD_PREFIX}${property}=`))
        ?.slice(KEYWORD_PREFIX.length + property.length + 1);
    if (value !== undefined) record[property] = value;
  }
  if (kind === 'EVENT')
    record['date'] = partialDate(first(properties, 'date') ?? first(properties, 'startDate'), 'date');
  if (kind === 'ARTICLE') {
    record['publishedAt'] = partialDate(record['publishedAt'] as string | undefined, 'publishedAt');
    record['tags'] = keywords.filter((keyword) => !keyword.startsWith(KEYWORD_PREFIX)).slice(0, LIMITS.maxAliases);
  }
  return {
    entities: [defined(record)],
    derived: entity.datasets?.length ? entity.datasets.map(datasetEntity) : [],
    relationships: [],
    derivedRelationships: [],
  };
}

/** Our status from FtM's: one of ours kept (an export of ours), else by the dates. */
function statusOf(properties: Properties, until: string | undefined, today: string): RelationshipStatus {
  const stated = first(properties, 'status')?.toUpperCase();
  if (isRelationshipStatus(stated)) return stated;
  return until !== undefined && periodEnd(until) < today ? 'ENDED' : 'ACTIVE';
}

const shortQuote = (quote: string | undefined): string | undefined =>
  quote !== undefined &&
  quote.trim() !== '' &&
  quote.length <= LIMITS.maxQuoteLength &&
  quote.trim().split(/\s+/u).length <= LIMITS.maxQuoteWords
    ? quote.trim()
    : undefined;

/**
 * Evidence of an edge line: each `proof` with its `summary` (an article and its quote), then
 * every dataset of the line with where and when it saw the fact; a line citing nothing cites
 * the import's default dataset, so every edge can say which source asserts it.
 */
function evidenceOf(entity: FtmEntity, options: FtmImportOptions): EvidenceRecord[] {
  const { properties } = entity;
  const summaries = properties['summary'] ?? [];
  const proofs = properties['proof'] ?? [];
  const articles: EvidenceRecord[] = proofs.flatMap((proof, index) => {
    const quote = shortQuote(summaries[index]);
    return quote === undefined || !FTM_ID_PATTERN.test(proof) ? [] : [{ article: localId(proof), quote }];
  });
  const names = entity.datasets?.length
    ? [...new Set(entity.datasets)]
    : articles.length > 0
      ? []
      : [options.defaultDataset];
  const datasets = names.map((name): DatasetEvidence =>
    defined({
      dataset: datasetId(name),
      quote: shortQuote(summaries[proofs.length]),
      url: first(properties, 'sourceUrl'),
      firstSeen: partialDate(entity.first_seen, 'first_seen'),
      lastSeen: partialDate(entity.last_seen, 'last_seen'),
    }),
  );
  return [...articles, ...datasets].slice(0, LIMITS.maxEvidence);
}

/** The DATASET entities an edge's evidence cites, by their names. */
function citedDatasets(
  entity: FtmEntity,
  evidence: readonly EvidenceRecord[],
  options: FtmImportOptions,
): EntityRecord[] {
  const names = entity.datasets?.length ? entity.datasets : [options.defaultDataset];
  const cited = new Set(evidence.filter((item) => !isArticleEvidence(item)).map(evidenceSource));
  return [...new Set(names)].filter((name) => cited.has(datasetId(name))).map(datasetEntity);
}

function edgeRecord(
  entity: FtmEntity,
  options: FtmImportOptions,
  edge: { id: string; type: RelationshipType; from: string; to: string; role?: string },
): RelationshipRecord {
  const { properties } = entity;
  const since = partialDate(
    first(properties, 'startDate') ?? first(properties, 'date') ?? first(properties, 'listingDate'),
    'startDate',
  );
  const until = partialDate(first(properties, 'endDate'), 'endDate');
  return defined({
    ...edge,
    status: statusOf(properties, until, options.today),
    since,
    until,
    description: first(properties, 'description')?.slice(0, LIMITS.maxDescriptionLength),
    evidence: evidenceOf(entity, options),
  });
}

/** An edge implied by a line (a list's authority, a territory's parent): only its sources carry over. */
const impliedEdge = (
  entity: FtmEntity,
  options: FtmImportOptions,
  edge: { id: string; type: RelationshipType; from: string; to: string },
): RelationshipRecord =>
  edgeRecord({ ...entity, properties: pick(entity.properties, ['proof', 'summary', 'sourceUrl']) }, options, edge);

const pick = (properties: Properties, names: readonly string[]): Properties =>
  Object.fromEntries(names.filter((name) => properties[name] !== undefined).map((name) => [name, properties[name]]));

function mapEdge(entity: FtmEntity, edge: { source: string; target: string }, options: FtmImportOptions): FtmMapped {
  const { properties } = entity;
  const known = FTM_EDGE_SCHEMATA[entity.schema];
  const from = reference(entity, edge.source);
  const to = reference(entity, edge.target);
  const role = known?.role === undefined ? undefined : first(properties, known.role);
  // An UnknownLink whose role names one of our types is one of ours going round (see the export).
  const ours = entity.schema === 'UnknownLink' && isRelationshipType(role) ? role : undefined;
  const type: RelationshipType = ours ?? known?.type ?? 'LINKED_TO';
  const relationship = edgeRecord(entity, options, {
    id: localId(entity.id),
    type,
    from,
    to,
    role: ours === undefined ? role : undefined,
  });
  return {
    entities: [],
    derived: citedDatasets(entity, relationship.evidence, options),
    relationships: [{ ...relationship, ftm: statementOf(entity) }],
    derivedRelationships: [],
  };
}

/**
 * A Sanction: a LISTED_ON edge (its id kept) from `entity` to the list its program names, from
 * `programId`, else authority plus program; the list is ADMINISTERED_BY its authority.
 */
function mapSanction(entity: FtmEntity, options: FtmImportOptions): FtmMapped {
  const { properties } = entity;
  const listed = reference(entity, 'entity');
  const programId = first(properties, 'programId');
  const program = first(properties, 'program');
  const authority = first(properties, 'authority');
  const listKey =
    programId ?? (program === undefined && authority === undefined ? undefined : `${authority ?? ''} ${program ?? ''}`);
  if (listKey === undefined) {
    throw new FtmFlaw('missing-property', 'Sanction needs "programId", "program" or "authority" to name its list');
  }
  const listId = localId(listKey.trim());
  const list: EntityRecord = defined({
    id: listId,
    kind: 'SANCTIONS_LIST',
    name: (program ?? programId ?? `${authority} sanctions`).slice(0, LIMITS.maxNameLength),
    authority,
    url: first(properties, 'programUrl'),
  });
  const listing = {
    ...edgeRecord(entity, options, { id: localId(entity.id), type: 'LISTED_ON', from: listed, to: listId }),
    ftm: statementOf(entity),
  };
  const derived = [list, ...citedDatasets(entity, listing.evidence, options)];
  const derivedRelationships: RelationshipRecord[] = [];
  if (authority !== undefined) {
    const government = localId(`authority-${authority}`);
    derived.push({ id: government, kind: 'GOVERNMENT', name: authority.slice(0, LIMITS.maxNameLength) });
    derivedRelationships.push(
      impliedEdge(entity, options, {
        id: localId(`${listId}-administered-by`),
        type: 'ADMINISTERED_BY',
        from: listId,
        to: government,
      }),
    );
  }
  return { entities: [], derived, relationships: [listing], derivedRelationships };
}

/**
 * Edges a node's linking properties imply (FTM_PROPERTY_EDGES), one per value: an id names its
 * entity, a plain name a derived entity. Only the line's sources carry over, as for partOf.
 */
function addPropertyEdges(entity: FtmEntity, mapped: FtmMapped, options: FtmImportOptions): void {
  const from = localId(entity.id);
  for (const spec of FTM_PROPERTY_EDGES.filter((row) => isA(entity.schema, row.schema))) {
    const { property } = spec;
    const values = [...new Set((entity.properties[property] ?? []).map((value) => value.trim()))];
    for (const value of values.filter((value) => value !== '')) {
      const name = value.slice(0, LIMITS.maxNameLength);
      const to = spec.named === undefined ? referenceValue(property, value) : namedEntityId(property, name);
      if (spec.named !== undefined) mapped.derived.push({ id: to, kind: spec.named, name });
      const edge = impliedEdge(entity, options, { id: propertyEdgeId(from, property, to), type: spec.type, from, to });
      mapped.relationships.push(edge);
      mapped.derived.push(...citedDatasets(entity, edge.evidence, options));
    }
  }
}

/** One FtM line → our records; throws FtmFlaw naming what is wrong. */
export function mapFtmEntity(raw: unknown, options: FtmImportOptions): FtmMapped {
  const entity = parseFtmEntity(raw);
  if (entity.schema === 'Sanction') return mapSanction(entity, options);
  const edge = schemaEdge(entity.schema);
  if (edge !== undefined) return mapEdge(entity, edge, options);
  const mapped = mapNode(entity);
  const partOf = entity.schema === 'Territory' ? first(entity.properties, 'partOf') : undefined;
  if (partOf !== undefined) {
    const id = localId(entity.id);
    const parent = reference(entity, 'partOf');
    const edge = impliedEdge(entity, options, {
      id: localId(`${id}-part-of`),
      type: 'PART_OF',
      from: id,
      to: parent,
    });
    mapped.relationships.push(edge);
    mapped.derived.push(...citedDatasets(entity, edge.evidence, options));
  }
  addPropertyEdges(entity, mapped, options);
  return mapped;
}
