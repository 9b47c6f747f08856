import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import cytoscape from 'cytoscape';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Service } from '../../src/http/service';
import { loadSeedFile } from '../../src/store/seed';
import { csvObjects } from '../support/csv';
import { uniquePrefix } from '../support/neo4j';
import { runPython } from '../support/python';
import { graphql, startTestService } from '../support/service';

type XmlElement = Record<string, unknown>;
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['node', 'edge', 'data', 'key', 'attvalue'].includes(name),
});

describe('GET /export/*', () => {
  let service: Service;
  const prefix = uniquePrefix('export');
  const nastyId = `${prefix}-nasty`;
  const partnerId = `${prefix}-partner`;
  const NASTY_NAME = 'Ampersand & <Angle> "Quote" \'Apos\', comma';

  beforeAll(async () => {
    service = await startTestService();
    await loadSeedFile(service.runner);
    // Its own small graph: seed nodes stay untouched for files that count their edges concurrently.
    await service.runner.write((tx) =>
      tx.run(
        `CREATE (e:Entity:Company {id: $id, kind: 'COMPANY', name: $name, nameKey: toLower($name), aliases: ['A|B'],
                                   aliasText: 'A|B', description: 'line one\nline two'})
         CREATE (partner:Entity:Company {id: $partnerId, kind: 'COMPANY', name: 'Partner', nameKey: 'partner',
                                         aliases: [], aliasText: ''})
         CREATE (e)-[:SUPPLIES {id: $id + '-supplies', status: 'ALLEGED', description: $name,
                                evidenceArticles: ['techcentral-2022-05-05-hikvision-sanctions'], evidenceQuotes: ['"quoted", text']}]->(partner)`,
        { id: nastyId, partnerId, name: NASTY_NAME },
      ),
    );
  });
  afterAll(async () => {
    await service.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id IN $ids DETACH DELETE e', { ids: [nastyId, partnerId] }),
    );
    await service.close();
  });

  const get = (route: string) => fetch(`${service.url}${route}`);

  /** The neighbourhood as GraphQL sees it: what every export of the same selection must hold. */
  async function expected(id: string, depth: number): Promise<{ nodes: string[]; edges: string[] }> {
    const response = await graphql<{ neighborhood: { nodes: { id: string }[]; edges: { id: string }[] } }>(
      service,
      'query($id: ID!, $depth: Int) { neighborhood(id: $id, depth: $depth) { nodes { id } edges { id } } }',
      { id, depth },
    );
    const { nodes, edges } = response.body.data!.neighborhood;
    return { nodes: nodes.map((node) => node.id).sort(), edges: edges.map((edge) => edge.id).sort() };
  }

  it('serves GraphML that a real XML parser reads, with the neighbourhood’s nodes, edges and attributes', async () => {
    const response = await get('/export/graphml?id=hikvision&depth=1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/graphml\+xml/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="entity-graph-hikvision.graphml"');
    expect(response.headers.get('x-entity-graph-truncated')).toBe('false');
    const text = await response.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const { graphml } = xml.parse(text);
    const keyNames = new Map<string, string>(
      (graphml.key as XmlElement[]).map((key) => [key['@id'] as string, key['@attr.name'] as string]),
    );
    const nodes = graphml.graph.node as XmlElement[];
    const edges = graphml.graph.edge as XmlElement[];
    const want = await expected('hikvision', 1);
    expect(nodes.map((node) => node['@id']).sort()).toEqual(want.nodes);
    expect(edges.map((edge) => edge['@id']).sort()).toEqual(want.edges);
    const attributes = (element: XmlElement) =>
      Object.fromEntries(
        (element.data as XmlElement[]).map((data) => [keyNames.get(data['@key'] as string), String(data['#text'])]),
      );
    expect(attributes(nodes.find((node) => node['@id'] === 'hikvision')!)).toMatchObject({
      label: 'Hikvision',
      kind: 'COMPANY',
      country: 'CN',
    });
    const listing = edges.find((edge) => edge['@id'] === 'hikvision-listed-on-us-entity-list')!;
    expect(listing).toMatchObject({ '@source': 'hikvision', '@target': 'us-entity-list' });
    expect(attributes(listing)).toMatchObject({ label: 'LISTED_ON', status: 'ACTIVE', since: '2019' });
  });

  it('serves GEXF 1.3 with the same nodes and edges', async () => {
    const response = await get('/export/gexf?id=hikvision');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/gexf\+xml/);
    const text = await response.text();
    expect(XMLValidator.validate(text)).toBe(true);
    const { gexf } = xml.parse(text);
    const nodes = gexf.graph.nodes.node as XmlElement[];
    const edges = gexf.graph.edges.edge as XmlElement[];
    const want = await expected('hikvision', 1);
    expect(nodes.map((node) => node['@id']).sort()).toEqual(want.nodes);
    expect(edges.map((edge) => edge['@id']).sort()).toEqual(want.edges);
    expect(nodes.find((node) => node['@id'] === 'us-entity-list')!['@label']).toBe('Entity List');
  });

  it('escapes markup and quotes in XML so the text reads back exactly', async () => {
    for (const format of ['graphml', 'gexf']) {
      const text = await (await get(`/export/${format}?id=${nastyId}`)).text();
      expect(XMLValidator.validate(text)).toBe(true);
      const parsed = xml.parse(text);
      const nodes = (format === 'graphml' ? parsed.graphml.graph.node : parsed.gexf.graph.nodes.node) as XmlElement[];
      expect(nodes.map((node) => node['@id']).sort()).toEqual([nastyId, partnerId].sort());
      const nasty = nodes.find((node) => node['@id'] === nastyId)!;
      const label =
        format === 'graphml'
          ? (nasty.data as XmlElement[]).find((data) => data['@key'] === 'n_label')!['#text']
          : nasty['@label'];
      expect(label).toBe(NASTY_NAME);
    }
  });

  it('serves Cytoscape.js JSON that Cytoscape.js loads', async () => {
    const response = await get('/export/cytoscape?id=hikvision&depth=2&types=LISTED_ON,COMPETES_WITH');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    // Parsed here, not by fetch: Cytoscape.js only accepts plain objects of jest's own realm.
    const document = JSON.parse(await response.text()) as { elements: cytoscape.ElementsDefinition };
    const cy = cytoscape({ headless: true, elements: document.elements });
    expect(cy.getElementById('huawei').length).toBe(1);
    expect(cy.getElementById('canon').length).toBe(1);
    const listing = cy.getElementById('huawei-listed-on-us-entity-list');
    expect(listing.data()).toMatchObject({ source: 'huawei', target: 'us-entity-list', type: 'LISTED_ON' });
    expect(cy.edges().every((edge) => ['LISTED_ON', 'COMPETES_WITH'].includes(edge.data('type')))).toBe(true);
  });

  it('serves CSV edges with endpoint names, and nodes with part=nodes', async () => {
    const edgesResponse = await get(`/export/csv?id=${nastyId}`);
    expect(edgesResponse.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(edgesResponse.headers.get('content-disposition')).toContain(`${nastyId}-edges.csv`);
    const edges = csvObjects(await edgesResponse.text());
    expect(edges).toEqual([
      expect.objectContaining({
        id: `${nastyId}-supplies`,
        type: 'SUPPLIES',
        source: nastyId,
        source_name: NASTY_NAME,
        target: partnerId,
        target_name: 'Partner',
        status: 'ALLEGED',
      }),
    ]);
    expect(JSON.parse(edges[0].evidence)).toEqual([
      { article: 'techcentral-2022-05-05-hikvision-sanctions', quote: '"quoted", text' },
    ]);
    const nodes = csvObjects(await (await get(`/export/csv?id=${nastyId}&part=nodes`)).text());
    expect(nodes.map((node) => node.id).sort()).toEqual([nastyId, partnerId].sort());
    expect(nodes.find((node) => node.id === nastyId)).toMatchObject({ description: 'line one\nline two' });
  });

  it('exports the whole graph without an id, up to the limit, and says when it cut', async () => {
    const response = await get('/export/cytoscape?limit=5');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-entity-graph-truncated')).toBe('true');
    expect(response.headers.get('content-disposition')).toContain('entity-graph-all.cyjs');
    const document = (await response.json()) as { data: { truncated: boolean }; elements: { nodes: unknown[] } };
    expect(document.elements.nodes).toHaveLength(5);
    expect(document.data.truncated).toBe(true);
  });

  it.each([
    ['/export/graphml?id=hikvision&depth=4', 400, 'BAD_USER_INPUT'],
    ['/export/graphml?id=hikvision&limit=100000', 400, 'BAD_USER_INPUT'],
    ['/export/gexf?types=NOPE', 400, 'BAD_USER_INPUT'],
    ['/export/csv?asOf=soon', 400, 'BAD_USER_INPUT'],
    ['/export/csv?depth=2', 400, 'BAD_USER_INPUT'],
    ['/export/cytoscape?id=no-such-entity', 404, 'NOT_FOUND'],
  ])('answers %s with %i %s as JSON', async (route, status, code) => {
    const response = await get(route);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: string; code: string };
    expect(body.code).toBe(code);
    expect(body.error).toEqual(expect.any(String));
  });

  it('writes GraphML and GEXF that networkx reads', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-export-'));
    try {
      for (const format of ['graphml', 'gexf']) {
        writeFileSync(
          path.join(dir, `g.${format}`),
          await (await get(`/export/${format}?id=hikvision&depth=2`)).text(),
        );
      }
      const script = `import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1] + '/g.graphml'); h = nx.read_gexf(sys.argv[1] + '/g.gexf')
print(json.dumps({'graphml': [g.number_of_nodes(), g.number_of_edges(), g.nodes['hikvision']['kind']],
                  'gexf': [h.number_of_nodes(), h.number_of_edges(), h.nodes['hikvision']['label']]}))`;
      const result = runPython(['-c', script, dir]);
      expect(result.stderr).toBe('');
      const counts = JSON.parse(result.stdout) as Record<string, [number, number, string]>;
      const want = await expected('hikvision', 2);
      expect(counts.graphml).toEqual([want.nodes.length, want.edges.length, 'COMPANY']);
      expect(counts.gexf).toEqual([want.nodes.length, want.edges.length, 'Hikvision']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
