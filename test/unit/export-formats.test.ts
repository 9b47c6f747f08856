import cytoscape from 'cytoscape';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXml, toCsv, toCytoscape, toGexf, toGraphml, type ExportGraph } from '../../src/formats/formats';
import { parseExportParams } from '../../src/formats/export-request';
import { InvalidInputError } from '../../src/model/errors';
import type { EntityRow, RelationshipRow } from '../../src/store/records';
import { csvObjects } from '../support/csv';

const NASTY = 'Tom & "Jerry" <b>\'s</b>, Co.\u0001\nnext line';

const company = (id: string, name: string, extra: Partial<EntityRow> = {}): EntityRow => ({
  id,
  kind: 'COMPANY',
  name,
  aliases: [],
  description: null,
  country: null,
  properties: { sector: null, website: null },
  ...extra,
});

const GRAPH: ExportGraph = {
  nodes: [
    company('acme', NASTY, {
      aliases: ['Acme, Inc.', 'ACME'],
      country: 'US',
      properties: { sector: 'Tools', website: null },
    }),
    company('globex', 'Globex'),
  ],
  edges: [
    {
      id: 'acme-competes-with-globex',
      type: 'COMPETES_WITH',
      from: 'acme',
      to: 'globex',
      status: 'ACTIVE',
      since: '2019',
      until: null,
      description: NASTY,
      evidence: [{ article: 'a1', quote: 'they "compete", fiercely' }],
    } satisfies RelationshipRow,
  ],
  truncated: true,
};

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['node', 'edge', 'data', 'key', 'attvalue', 'attribute', 'attributes'].includes(name),
});
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

describe('escapeXml', () => {
  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u001Fc\tok\n\uFFFE\uD800')).toBe('abc\tok\n');
    expect(escapeXml('emoji \u{1F600} stays')).toBe('emoji \u{1F600} stays');
  });
});

describe('GraphML', () => {
  const text = toGraphml(GRAPH);
  it('is well-formed XML whose nodes, edges and attributes read back', () => {
    expect(XMLValidator.validate(text)).toBe(true);
    const { graphml } = xml.parse(text);
    const keys = new Map<string, string>(
      graphml.key.map((key: Record<string, string>) => [key['@id'], key['@attr.name']]),
    );
    const [graph] = asArray(graphml.graph) as Record<string, unknown>[];
    const nodes = graph.node as Record<string, unknown>[];
    expect(nodes.map((node) => node['@id'])).toEqual(['acme', 'globex']);
    const data = (item: Record<string, unknown>) =>
      Object.fromEntries(
        (item.data as Record<string, string>[]).map((entry) => [keys.get(entry['@key']), String(entry['#text'])]),
      );
    expect(data(nodes[0])).toMatchObject({
      label: NASTY.replace('\u0001', ''),
      aliases: 'Acme, Inc. | ACME',
      sector: 'Tools',
    });
    expect(data(nodes[1])).not.toHaveProperty('country');
    const [edge] = graph.edge as Record<string, unknown>[];
    expect(edge).toMatchObject({ '@source': 'acme', '@target': 'globex', '@id': 'acme-competes-with-globex' });
    expect(data(edge)).toMatchObject({ label: 'COMPETES_WITH', symmetric: 'true', status: 'ACTIVE' });
    expect(JSON.parse(data(edge).evidence!)).toEqual(GRAPH.edges[0].evidence);
    expect(String((graph.data as Record<string, string>[])[0]['#text'])).toBe('true');
  });
});

describe('GEXF', () => {
  it('is well-formed GEXF 1.3 with labels and attribute values', () => {
    const text = toGexf(GRAPH);
    expect(XMLValidator.validate(text)).toBe(true);
    const { gexf } = xml.parse(text);
    expect(gexf['@version']).toBe('1.3');
    const nodes = gexf.graph.nodes.node as Record<string, unknown>[];
    expect(nodes.map((node) => [node['@id'], node['@label']])).toEqual([
      ['acme', NASTY.replace('\u0001', '')],
      ['globex', 'Globex'],
    ]);
    const values = (item: Record<string, unknown>) =>
      Object.fromEntries(
        ((item.attvalues as Record<string, unknown>).attvalue as Record<string, string>[]).map((value) => [
          value['@for'],
          value['@value'],
        ]),
      );
    expect(values(nodes[0])).toMatchObject({ kind: 'COMPANY', country: 'US' });
    const [edge] = gexf.graph.edges.edge as Record<string, unknown>[];
    expect(edge).toMatchObject({ '@source': 'acme', '@target': 'globex', '@label': 'COMPETES_WITH' });
    expect(values(edge)).toMatchObject({ status: 'ACTIVE', since: '2019', symmetric: 'true' });
  });
});

describe('Cytoscape JSON', () => {
  it('loads into Cytoscape.js with every node and edge', () => {
    const document = JSON.parse(toCytoscape(GRAPH));
    const cy = cytoscape({ headless: true, elements: document.elements });
    expect(cy.nodes().length).toBe(2);
    expect(cy.edges().length).toBe(1);
    expect(cy.getElementById('acme').data('name')).toBe(NASTY);
    expect(cy.edges()[0].data()).toMatchObject({ source: 'acme', target: 'globex', type: 'COMPETES_WITH' });
    expect(document.data.truncated).toBe(true);
  });
});

describe('CSV', () => {
  it('writes edges with endpoint names, quoting what needs quoting', () => {
    const [row, ...rest] = csvObjects(toCsv(GRAPH, 'edges'));
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      id: 'acme-competes-with-globex',
      type: 'COMPETES_WITH',
      source_name: NASTY,
      target_name: 'Globex',
      until: '',
    });
    expect(JSON.parse(row.evidence)).toEqual(GRAPH.edges[0].evidence);
  });

  it('writes nodes, one per row', () => {
    const rows = csvObjects(toCsv(GRAPH, 'nodes'));
    expect(rows.map((row) => row.id)).toEqual(['acme', 'globex']);
    expect(rows[0]).toMatchObject({ name: NASTY, aliases: 'Acme, Inc. | ACME', kind: 'COMPANY', sector: 'Tools' });
  });
});

describe('parseExportParams', () => {
  const parse = (query: string) => parseExportParams(new URLSearchParams(query));

  it('reads the neighbourhood arguments, lists comma-separated or repeated', () => {
    expect(
      parse(
        'id=acme&depth=2&types=LISTED_ON,COMPETES_WITH&types=SUPPLIES&direction=OUTGOING&status=ACTIVE&asOf=2020&limit=50&part=nodes',
      ),
    ).toEqual({
      selection: {
        id: 'acme',
        depth: 2,
        types: ['LISTED_ON', 'COMPETES_WITH', 'SUPPLIES'],
        direction: 'OUTGOING',
        statuses: ['ACTIVE'],
        asOf: '2020',
        limit: 50,
      },
      csvPart: 'nodes',
    });
  });

  it('selects the whole graph without an id', () => {
    expect(parse('limit=10')).toEqual({
      selection: { limit: 10, types: undefined, statuses: undefined, asOf: undefined },
      csvPart: 'edges',
    });
  });

  it.each([
    ['types=NOT_A_TYPE', /types/],
    ['status=MAYBE', /status/],
    ['id=a&direction=SIDEWAYS', /direction/],
    ['asOf=yesterday', /asOf/],
    ['id=a&depth=two', /depth/],
    ['limit=-1', /limit/],
    ['depth=2', /needs "id"/],
    ['part=both', /part/],
    ['idd=acme', /unknown parameter/],
  ])('rejects %s', (query, message) => {
    expect(() => parse(query)).toThrow(InvalidInputError);
    expect(() => parse(query)).toThrow(message);
  });
});
