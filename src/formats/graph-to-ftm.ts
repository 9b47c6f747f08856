import {
  KIND_PROPERTIES,
  type EntityKind,
  evidenceSource,
  isArticleEvidence,
  type DatasetEvidence,
  type EvidenceRecord,
  type RelationshipType,
  type RelationshipStatus,
  FtmEntity,
  KIND_FTM_SCHEMA,
  FTM_EDGE_SCHEMATA,
  FTM_PROPERTY_EDGES,
  isA,
  localId,
  schemaEdge,
  schemaProperties,
  propertyEdgeId,
  namedEntityId,
  NATIVE_PROPERTIES,
  KEYWORD_PREFIX,
  FTM_URL_PROPERTIES,
  isWebUrl,
  Properties,
} from '../model';
import { storedStatement } from '../store';

/* Our records → FollowTheMoney lines (the tables are in src/model/ftm.ts). */

/** What an export needs besides the subgraph: names of the datasets its evidence cites. */
export interface FtmExportContext {
  datasetNames: ReadonlyMap<string, string>;
}

interface ExportedEntity {
  id: string;
  kind: EntityKind;
  name: string;
  aliases: readonly string[];
  description: string | null;
  country: string | null;
  properties: Readonly<Record<string, string | string[] | null>>;
}

interface ExportedRelationship {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  status: RelationshipStatus;
  since: string | null;
  until: string | null;
  description: string | null;
  role?: string;
  evidence: readonly EvidenceRecord[];
  ftmJson?: string;
}

const list = (value: string | string[] | null | undefined): string[] =>
  value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];

function withProvenance(ftm: FtmEntity, datasets: string[], firstSeen?: string, lastSeen?: string): FtmEntity {
  return {
    ...ftm,
    ...(datasets.length ? { datasets } : {}),
    ...(firstSeen ? { first_seen: firstSeen } : {}),
    ...(lastSeen ? { last_seen: lastSeen } : {}),
  };
}

/** The FtM schema an entity exports as: its own when imported, else its kind's. */
function schemaOf(entity: { kind: EntityKind; properties?: ExportedEntity['properties'] }): string | undefined {
  if (entity.kind === 'DATASET') return undefined;
  return storedStatement(entity.properties?.['ftm'])?.schema ?? KIND_FTM_SCHEMA[entity.kind];
}

/**
 * An entity of ours as an FtM entity; DATASET entities are none (undefined). One imported from
 * FtM goes back exactly as its line came in (its statement), with the provenance it has now;
 * any other is made from its fields, `links` being the linking properties its edges go back to
 * (see edgeAsProperty).
 */
export function entityToFtm(entity: ExportedEntity, links: Properties = {}): FtmEntity | undefined {
  if (entity.kind === 'DATASET') return undefined;
  const statement = storedStatement(entity.properties['ftm']);
  if (statement !== undefined) {
    const id = statement.id ?? entity.id;
    const referents = list(entity.properties['referents']).filter((referent) => referent !== id);
    return withProvenance(
      { id, schema: statement.schema, properties: statement.properties, ...(referents.length ? { referents } : {}) },
      list(entity.properties['datasets']),
      list(entity.properties['firstSeen'])[0],
      list(entity.properties['lastSeen'])[0],
    );
  }
  const properties: Properties = { ...links };
  const put = (name: string, values: string[]): void => {
    if (values.length > 0) properties[name] = [...(properties[name] ?? []), ...values];
  };
  put('name', [entity.name]);
  put('alias', [...entity.aliases]);
  put('description', list(entity.description));
  put('country', list(entity.country?.toLowerCase()));
  if (entity.kind !== 'ARTICLE') put('sourceUrl', list(entity.properties['sourceUrl']));
  if (entity.kind === 'SANCTIONS_LIST') put('programId', [entity.id]);
  const native = NATIVE_PROPERTIES[entity.kind] ?? {};
  for (const property of KIND_PROPERTIES[entity.kind]) {
    const values = list(entity.properties[property]);
    const ftmName = native[property];
    if (property === 'tags') put('keywords', values);
    else if (ftmName !== undefined && (!FTM_URL_PROPERTIES.has(ftmName) || values.every(isWebUrl)))
      put(ftmName, values);
    else
      put(
        'keywords',
        values.map((value) => `${KEYWORD_PREFIX}${property}=${value}`),
      );
  }
  const referents = list(entity.properties['referents']).filter((referent) => referent !== entity.id);
  return withProvenance(
    {
      id: entity.id,
      schema: KIND_FTM_SCHEMA[entity.kind],
      properties,
      ...(referents.length ? { referents } : {}),
    },
    list(entity.properties['datasets']),
    list(entity.properties['firstSeen'])[0],
    list(entity.properties['lastSeen'])[0],
  );
}

/** A linking property of an entity, as edgeAsProperty finds it. */
export interface FtmPropertyLink {
  owner: string;
  property: string;
  value: string;
}

/**
 * An edge exactly as the import derives it from a node's linking property (its id, a plain
 * ACTIVE edge with no dates, description or role; for a name, the target the name stands for)
 * goes back to that property, so FtM tools read `Event.involved` or `Article.author` natively;
 * any other edge is undefined here and exports as an edge entity.
 */
export function edgeAsProperty(
  edge: ExportedRelationship,
  entities: ReadonlyMap<string, Pick<ExportedEntity, 'kind' | 'name'> & Partial<Pick<ExportedEntity, 'properties'>>>,
): FtmPropertyLink | undefined {
  const owner = entities.get(edge.from);
  const target = entities.get(edge.to);
  const ownerSchema = owner === undefined ? undefined : schemaOf(owner);
  if (owner === undefined || target === undefined || ownerSchema === undefined) return undefined;
  const plain = edge.status === 'ACTIVE' && !edge.since && !edge.until && !edge.description && !edge.role;
  if (!plain) return undefined;
  if (edge.type === 'PART_OF' && isA(ownerSchema, 'Territory') && edge.id === localId(`${edge.from}-part-of`)) {
    return { owner: edge.from, property: 'partOf', value: edge.to };
  }
  for (const spec of FTM_PROPERTY_EDGES.filter((row) => isA(ownerSchema, row.schema))) {
    const { property } = spec;
    if (spec.type !== edge.type || edge.id !== propertyEdgeId(edge.from, property, edge.to)) continue;
    if (spec.named === undefined) return { owner: edge.from, property, value: edge.to };
    if (edge.to === namedEntityId(property, target.name)) return { owner: edge.from, property, value: target.name };
  }
  return undefined;
}

/**
 * Ids of the edges an exported line implies itself: a list's ADMINISTERED_BY, which importing
 * any Sanction line that names the list's authority derives again (with this id), so writing
 * it too would import it twice.
 */
export function edgesImpliedByExport(edges: readonly ExportedRelationship[]): ReadonlySet<string> {
  const listsWithAuthority = new Set(
    edges
      .filter(
        (edge) =>
          edge.type === 'LISTED_ON' && (storedStatement(edge.ftmJson)?.properties['authority']?.length ?? 0) > 0,
      )
      .map((edge) => edge.to),
  );
  return new Set(
    edges
      .filter(
        (edge) =>
          edge.type === 'ADMINISTERED_BY' &&
          listsWithAuthority.has(edge.from) &&
          edge.id === localId(`${edge.from}-administered-by`),
      )
      .map((edge) => edge.id),
  );
}

/** Our type → the FtM edge schema that says the same, if any (Sanction and UnknownLink aside). */
const SCHEMA_OF_TYPE = new Map(Object.entries(FTM_EDGE_SCHEMATA).map(([schema, edge]) => [edge.type, schema]));

/**
 * A relationship of ours as an FtM entity: LISTED_ON a Sanction naming its list by programId,
 * the FtM edge schemata their own, any other type an UnknownLink with our type as its role.
 * Articles go to `proof` with their quotes as `summary`; datasets to `datasets`, with
 * `sourceUrl` and first/last seen.
 */
export function relationshipToFtm(edge: ExportedRelationship, context: FtmExportContext): FtmEntity {
  const articles = edge.evidence.filter(isArticleEvidence);
  const datasets = edge.evidence.filter((item): item is DatasetEvidence => !isArticleEvidence(item));
  const seen = (field: 'firstSeen' | 'lastSeen') =>
    datasets
      .map((item) => item[field])
      .filter((value): value is string => value !== undefined)
      .sort();
  const provenance = (ftm: FtmEntity): FtmEntity =>
    withProvenance(
      ftm,
      datasets.map((item) => context.datasetNames.get(item.dataset) ?? item.dataset),
      seen('firstSeen')[0],
      seen('lastSeen').at(-1),
    );
  // An edge imported from FtM goes back as its line came in.
  const statement = storedStatement(edge.ftmJson);
  if (statement !== undefined) {
    return provenance({ id: statement.id ?? edge.id, schema: statement.schema, properties: statement.properties });
  }
  const properties: Properties = {};
  const put = (name: string, values: (string | null | undefined)[]): void => {
    const present = values.filter((value): value is string => typeof value === 'string' && value !== '');
    if (present.length > 0) properties[name] = present;
  };
  let schema: string;
  const schemaOfType = SCHEMA_OF_TYPE.get(edge.type);
  if (edge.type === 'LISTED_ON') {
    schema = 'Sanction';
    put('entity', [edge.from]);
    put('programId', [edge.to]);
  } else if (schemaOfType !== undefined) {
    schema = schemaOfType;
    const shape = FTM_EDGE_SCHEMATA[schema];
    const ends = schemaEdge(schema) ?? { source: 'subject', target: 'object' };
    put(ends.source, [edge.from]);
    put(ends.target, [edge.to]);
    if (shape.role !== undefined) put(shape.role, [edge.role]);
  } else {
    schema = 'UnknownLink';
    put('subject', [edge.from]);
    put('object', [edge.to]);
    put('role', [edge.type === 'LINKED_TO' ? edge.role : edge.type]);
  }
  // Family and Associate have no `status`: theirs follows the dates.
  if (schemaProperties(schema).has('status')) put('status', [edge.status]);
  put('startDate', [edge.since]);
  put('endDate', [edge.until]);
  put('description', [edge.description]);
  put('proof', articles.map(evidenceSource));
  put('summary', [...articles.map((item) => item.quote), datasets.find((item) => item.quote)?.quote]);
  put('sourceUrl', [datasets.find((item) => item.url)?.url]);
  return provenance({ id: edge.id, schema, properties });
}
