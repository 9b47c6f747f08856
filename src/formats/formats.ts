import { KIND_PROPERTIES, isSymmetricType } from '../model';
import type { EntityRow, RelationshipRow } from '../store';
import { edgeAsProperty, entityToFtm, edgesImpliedByExport, relationshipToFtm } from './graph-to-ftm';

/**
 * Graph file formats, as pure functions of a subgraph: GraphML (yEd, Gephi, networkx), GEXF 1.3
 * (Gephi, networkx), Cytoscape.js JSON (Cytoscape.js, Cytoscape desktop), CSV and
 * FollowTheMoney NDJSON (OpenSanctions, Aleph).
 */
export interface ExportGraph {
  nodes: readonly EntityRow[];
  edges: readonly RelationshipRow[];
  truncated: boolean;
  /** Entities the edges' evidence cites from outside `nodes` (FtM needs the datasets' names). */
  sources?: readonly EntityRow[];
}

export const CSV_PARTS = ['edges', 'nodes'] as const;
export type CsvPart = (typeof CSV_PARTS)[number];

export interface ExportFormat {
  contentType: string;
  extension: string;
  render(graph: ExportGraph, options: { csvPart: CsvPart }): string;
}

type AttributeValue = string | boolean | null;
interface Attribute<T> {
  name: string;
  type: 'string' | 'boolean';
  value(item: T): AttributeValue;
}

const LIST_SEPARATOR = ' | ';

/** Kind-specific properties of every kind, once each: one column per property name. */
const KIND_PROPERTY_NAMES = [...new Set(Object.values(KIND_PROPERTIES).flat())];

function propertyText(value: string | string[] | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length > 0 ? value.join(LIST_SEPARATOR) : null;
  return value;
}

const NODE_ATTRIBUTES: readonly Attribute<EntityRow>[] = [
  { name: 'label', type: 'string', value: (node) => node.name },
  { name: 'kind', type: 'string', value: (node) => node.kind },
  { name: 'aliases', type: 'string', value: (node) => propertyText(node.aliases) },
  { name: 'country', type: 'string', value: (node) => node.country },
  { name: 'description', type: 'string', value: (node) => node.description },
  ...KIND_PROPERTY_NAMES.map((name): Attribute<EntityRow> => ({
    name,
    type: 'string',
    value: (node) => propertyText(node.properties[name]),
  })),
];

const isSymmetric = (edge: RelationshipRow): boolean => isSymmetricType(edge.type);

// Edge type is the label (what Gephi and yEd show); `type` would clash with GEXF's edge direction.
const EDGE_ATTRIBUTES: readonly Attribute<RelationshipRow>[] = [
  { name: 'label', type: 'string', value: (edge) => edge.type },
  { name: 'status', type: 'string', value: (edge) => edge.status },
  { name: 'since', type: 'string', value: (edge) => edge.since },
  { name: 'until', type: 'string', value: (edge) => edge.until },
  { name: 'description', type: 'string', value: (edge) => edge.description },
  { name: 'symmetric', type: 'boolean', value: isSymmetric },
  { name: 'evidence', type: 'string', value: (edge) => JSON.stringify(edge.evidence) },
];

// Characters XML 1.0 cannot carry at all, even escaped: C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates.
const XML_INVALID =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text safe inside XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"']/g, (character) => XML_ENTITIES[character]);
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const xmlValue = (value: Exclude<AttributeValue, null>): string => escapeXml(String(value));

function graphmlData<T>(prefix: string, attributes: readonly Attribute<T>[], item: T): string {
  return attributes
    .map((attribute) => [attribute, attribute.value(item)] as const)
    .filter(([, value]) => value !== null)
    .map(
      ([attribute, value]) => `<data key="${prefix}_${attribute.name}">${xmlValue(value as string | boolean)}</data>`,
    )
    .join('');
}

function graphmlKeys<T>(domain: 'node' | 'edge', prefix: string, attributes: readonly Attribute<T>[]): string[] {
  return attributes.map(
    (attribute) =>
      `  <key id="${prefix}_${attribute.name}" for="${domain}" attr.name="${attribute.name}" attr.type="${attribute.type}"/>`,
  );
}

export function toGraphml(graph: ExportGraph): string {
  return [
    XML_DECLARATION,
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="g_truncated" for="graph" attr.name="truncated" attr.type="boolean"/>',
    ...graphmlKeys('node', 'n', NODE_ATTRIBUTES),
    ...graphmlKeys('edge', 'e', EDGE_ATTRIBUTES),
    '  <graph id="entity-graph" edgedefault="directed">',
    `    <data key="g_truncated">${graph.truncated}</data>`,
    ...graph.nodes.map(
      (node) => `    <node id="${escapeXml(node.id)}">${graphmlData('n', NODE_ATTRIBUTES, node)}</node>`,
    ),
    ...graph.edges.map(
      (edge) =>
        `    <edge id="${escapeXml(edge.id)}" source="${escapeXml(edge.from)}" target="${escapeXml(edge.to)}">` +
        `${graphmlData('e', EDGE_ATTRIBUTES, edge)}</edge>`,
    ),
    '  </graph>',
    '</graphml>',
    '',
  ].join('\n');
}

function gexfAttributes<T>(domain: 'node' | 'edge', attributes: readonly Attribute<T>[]): string[] {
  return [
    `    <attributes class="${domain}">`,
    ...attributes.map(
      (attribute) => `      <attribute id="${attribute.name}" title="${attribute.name}" type="${attribute.type}"/>`,
    ),
    '    </attributes>',
  ];
}

function gexfValues<T>(attributes: readonly Attribute<T>[], item: T): string {
  const values = attributes
    .map((attribute) => [attribute.name, attribute.value(item)] as const)
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `<attvalue for="${name}" value="${xmlValue(value as string | boolean)}"/>`);
  return `<attvalues>${values.join('')}</attvalues>`;
}

// `label` is native to GEXF nodes and edges, so it is not repeated among the attributes.
const GEXF_NODE_ATTRIBUTES = NODE_ATTRIBUTES.filter((attribute) => attribute.name !== 'label');
const GEXF_EDGE_ATTRIBUTES = EDGE_ATTRIBUTES.filter((attribute) => attribute.name !== 'label');

export function toGexf(graph: ExportGraph): string {
  return [
    XML_DECLARATION,
    '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
    '  <meta>',
    '    <creator>entity-graph</creator>',
    `    <description>${graph.truncated ? 'Truncated at the node limit' : 'Complete selection'}</description>`,
    '  </meta>',
    '  <graph mode="static" defaultedgetype="directed">',
    ...gexfAttributes('node', GEXF_NODE_ATTRIBUTES),
    ...gexfAttributes('edge', GEXF_EDGE_ATTRIBUTES),
    '    <nodes>',
    ...graph.nodes.map(
      (node) =>
        `      <node id="${escapeXml(node.id)}" label="${escapeXml(node.name)}">` +
        `${gexfValues(GEXF_NODE_ATTRIBUTES, node)}</node>`,
    ),
    '    </nodes>',
    '    <edges>',
    ...graph.edges.map(
      (edge) =>
        `      <edge id="${escapeXml(edge.id)}" source="${escapeXml(edge.from)}" target="${escapeXml(edge.to)}"` +
        ` label="${escapeXml(edge.type)}">${gexfValues(GEXF_EDGE_ATTRIBUTES, edge)}</edge>`,
    ),
    '    </edges>',
    '  </graph>',
    '</gexf>',
    '',
  ].join('\n');
}

/** Attributes with a value, as a plain object (Cytoscape data, CSV rows). */
function attributeObject<T>(attributes: readonly Attribute<T>[], item: T): Record<string, string | boolean> {
  const result: Record<string, string | boolean> = {};
  for (const attribute of attributes) {
    const value = attribute.value(item);
    if (value !== null) result[attribute.name] = value;
  }
  return result;
}

/** Cytoscape.js JSON (`cy.json()` shape, which Cytoscape desktop imports as .cyjs). */
export function toCytoscape(graph: ExportGraph): string {
  const document = {
    format_version: '1.0',
    generated_by: 'entity-graph',
    target_cytoscapejs_version: '~3',
    data: { truncated: graph.truncated },
    elements: {
      nodes: graph.nodes.map((node) => ({
        data: { id: node.id, name: node.name, ...attributeObject(NODE_ATTRIBUTES, node) },
      })),
      edges: graph.edges.map((edge) => ({
        data: {
          ...attributeObject(EDGE_ATTRIBUTES, edge),
          id: edge.id,
          source: edge.from,
          target: edge.to,
          type: edge.type,
          evidence: edge.evidence,
        },
      })),
    },
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** One RFC 4180 field: quoted when it holds a comma, quote, line break or edge spaces. */
function csvField(value: string | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (fields: readonly (string | boolean | null | undefined)[]): string => fields.map(csvField).join(',');

/** Nodes, or edges with their endpoints' names (a spreadsheet reads them without a join). */
export function toCsv(graph: ExportGraph, part: CsvPart): string {
  const lines: string[] = [];
  if (part === 'nodes') {
    const columns = NODE_ATTRIBUTES.filter((attribute) => attribute.name !== 'label');
    lines.push(csvLine(['id', 'name', ...columns.map((attribute) => attribute.name)]));
    for (const node of graph.nodes) {
      lines.push(csvLine([node.id, node.name, ...columns.map((attribute) => attribute.value(node))]));
    }
  } else {
    const names = new Map(graph.nodes.map((node) => [node.id, node.name]));
    const columns = EDGE_ATTRIBUTES.filter((attribute) => attribute.name !== 'label');
    lines.push(
      csvLine(['id', 'type', 'source', 'source_name', 'target', 'target_name', ...columns.map((a) => a.name)]),
    );
    for (const edge of graph.edges) {
      lines.push(
        csvLine([
          edge.id,
          edge.type,
          edge.from,
          names.get(edge.from),
          edge.to,
          names.get(edge.to),
          ...columns.map((attribute) => attribute.value(edge)),
        ]),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * FtM NDJSON: entities (with the articles the evidence cites, so `proof` resolves), then
 * relationships, one FtM entity per line; DATASET entities travel by name in `datasets`.
 */
export function toFtm(graph: ExportGraph): string {
  const entities = [...graph.nodes, ...(graph.sources ?? [])];
  const byId = new Map(entities.map((node) => [node.id, node]));
  const datasetNames = new Map(entities.filter((node) => node.kind === 'DATASET').map((node) => [node.id, node.name]));
  // Edges a node's linking property implies (Event.involved, Article.author, …) go back into it.
  const links = new Map<string, Record<string, string[]>>();
  const implied = edgesImpliedByExport(graph.edges);
  const edges = graph.edges.filter((edge) => {
    if (implied.has(edge.id)) return false;
    const link = edgeAsProperty(edge, byId);
    if (link === undefined) return true;
    const properties = links.get(link.owner) ?? {};
    properties[link.property] = [...(properties[link.property] ?? []), link.value];
    links.set(link.owner, properties);
    return false;
  });
  const lines = [
    ...entities.flatMap((node) => {
      const ftm = entityToFtm(node, links.get(node.id));
      return ftm === undefined ? [] : [ftm];
    }),
    ...edges.map((edge) => relationshipToFtm(edge, { datasetNames })),
  ].map((entity) => JSON.stringify(entity));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

export const EXPORT_FORMATS = {
  graphml: { contentType: 'application/graphml+xml; charset=utf-8', extension: 'graphml', render: toGraphml },
  gexf: { contentType: 'application/gexf+xml; charset=utf-8', extension: 'gexf', render: toGexf },
  cytoscape: { contentType: 'application/json; charset=utf-8', extension: 'cyjs', render: toCytoscape },
  csv: {
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
    render: (graph, { csvPart }) => toCsv(graph, csvPart),
  },
  ftm: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'ftm.json', render: toFtm },
} as const satisfies Record<string, ExportFormat>;

export type ExportFormatName = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormatName[];
