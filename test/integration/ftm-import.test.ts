import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import {
  importNdjson,
  StrictImportError,
  type LineFlaw,
  type NdjsonImportOptions,
} from '../../src/ingest/ndjson-import';
import { toFtm, type ExportGraph } from '../../src/formats/formats';
import type { Service } from '../../src/http/service';
import { datasetId, localId } from '../../src/model/ftm';
import type { RelationshipType } from '../../src/model/relationship-types';
import { entitiesByIds } from '../../src/store/entity.store';
import { exportSelection, neighborhood } from '../../src/store/exploration.store';
import { runCli } from '../support/cli';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';
import { validateFtm } from '../support/python';
import { graphql, startTestService } from '../support/service';
import { exposure, shortestPath } from '../../src/store/path.store';

const FIXTURE = readFileSync(path.join(__dirname, '..', 'fixtures', 'ftm', 'sample.ndjson'), 'utf8');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-ftm-test-'));

/** The fixture with this test's own ids and dataset names, written to a file. */
function fixtureFile(prefix: string): string {
  const file = path.join(tmp, `${prefix}.ndjson`);
  writeFileSync(
    file,
    FIXTURE.replace(/"fx-/g, `"${prefix}-`)
      .replace(/"fx_/g, `"${prefix}_`)
      .replace(/FX-SDN/g, `${prefix}-SDN`)
      .replace(/FX Treasury/g, `${prefix} Treasury`)
      .replace(/\(FX\)/g, `(${prefix})`),
  );
  return file;
}

function options(overrides: Partial<NdjsonImportOptions> = {}): NdjsonImportOptions & { flaws: LineFlaw[] } {
  const flaws: LineFlaw[] = [];
  return {
    format: 'ftm',
    batchSize: 7,
    strict: false,
    defaultDataset: 'test-file',
    today: '2025-01-01',
    onFlaw: (flaw) => flaws.push(flaw),
    flaws,
    ...overrides,
  };
}

const byId = <T extends { id: string }>(items: readonly T[]): T[] => [
  ...new Map(items.map((item) => [item.id, item])).values(),
];

/** Several exported selections as one graph, each entity and edge once. */
function merged(graphs: readonly ExportGraph[]): ExportGraph {
  const nodes = byId(graphs.flatMap((graph) => graph.nodes));
  const ids = new Set(nodes.map((node) => node.id));
  return {
    nodes,
    edges: byId(graphs.flatMap((graph) => graph.edges)),
    sources: byId(graphs.flatMap((graph) => graph.sources ?? [])).filter((source) => !ids.has(source.id)),
    truncated: false,
  };
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('FtM import', () => {
  let db: TestDb;
  const p = uniquePrefix('ftm');
  const id = (name: string): string => `${p}-${name}`;

  beforeAll(async () => {
    db = await connectTestDb();
  });
  afterAll(async () => {
    await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id CONTAINS $p DETACH DELETE e', { p }));
    await db.close();
  });

  it('imports every mapped schema, forward references included, and reports each flawed line', async () => {
    const run = options();
    const result = await importNdjson(db.runner, fixtureFile(p), run);
    expect(run.flaws.map(({ line, reason }) => [line, reason])).toEqual([
      [24, 'unsupported-schema'],
      [25, 'missing-property'],
      [27, 'invalid-value'],
      [28, 'invalid-value'],
      [26, 'dangling-reference'],
    ]);
    expect(result.skipped).toEqual({
      'unsupported-schema': 1,
      'missing-property': 1,
      'invalid-value': 2,
      'dangling-reference': 1,
    });
    expect(result.lines).toBe(28);

    const listId = localId(`${p}-SDN`);
    const graph = await neighborhood(db.runner, { id: id('acme'), depth: 1, limit: 100 });
    const types = graph.edges.filter((edge) => edge.from === id('acme') || edge.to === id('acme')).map((e) => e.type);
    expect(types.sort()).toEqual(
      ['DIRECTS', 'EMPLOYED_BY', 'INVOLVES', 'LINKED_TO', 'LISTED_ON', 'OWNS', 'REPRESENTS'].sort(),
    );
    const own = graph.edges.find((edge) => edge.id === id('own-1'));
    expect(own).toMatchObject({
      type: 'OWNS',
      from: id('person-ann'),
      role: 'shareholder',
      since: '2015',
      evidence: [
        {
          dataset: datasetId(`${p}_registry`),
          url: 'https://registry.example/acme',
          firstSeen: '2023-01-02',
          lastSeen: '2024-06-01',
        },
      ],
    });
    const listing = graph.edges.find((edge) => edge.id === id('sanc-1'));
    expect(listing).toMatchObject({ type: 'LISTED_ON', to: listId, status: 'ACTIVE', since: '2020-02-03' });
    const link = graph.edges.find((edge) => edge.id === id('link-1'));
    expect(link?.evidence).toEqual([{ article: id('article-1'), quote: 'Acme sponsors the club.' }]);

    const entities = await entitiesByIds(db.runner, [id('acme'), localId(`${p}-Dee.1`), listId]);
    expect(entities.get(id('acme'))).toMatchObject({
      kind: 'COMPANY',
      name: 'Acme Ltd',
      aliases: ['Acme Limited', 'ACME'],
      country: 'GB',
      properties: { sector: 'Anvils', datasets: [`${p}_registry`], firstSeen: '2023-01-02' },
    });
    expect(entities.get(localId(`${p}-Dee.1`))?.properties.referents).toEqual([`${p}-Dee.1`]);
    expect(entities.get(listId)).toMatchObject({ kind: 'SANCTIONS_LIST', name: 'FX sanctions' });
  });

  it('lets exposure and shortestPath run through family, ownership and directorship edges', async () => {
    // Ann is Bob's spouse; Bob's listing ENDED, Acme's (which Ann owns) is ACTIVE.
    const found = await exposure(db.runner, { id: id('person-ann'), maxHops: 2 });
    expect(found.map((item) => [item.entity.id, item.hops])).toEqual([[id('acme'), 1]]);
    const ended = await exposure(db.runner, { id: id('person-ann'), maxHops: 2, statuses: ['ENDED'] });
    expect(ended.map((item) => item.path.edges.map((edge) => edge.type))).toEqual([['FAMILY_OF']]);
    // Two paths of length 2 tie (via Acme, via Bob): SHORTEST 1 may return either.
    const from = localId(`${p}-Dee.1`);
    expect((await shortestPath(db.runner, { from, to: id('person-ann') }))?.length).toBe(2);
    const kin = await shortestPath(db.runner, { from, to: id('person-ann'), types: ['ASSOCIATE_OF', 'FAMILY_OF'] });
    expect(kin?.edges.map((edge) => edge.type)).toEqual(['ASSOCIATE_OF', 'FAMILY_OF']);
  });

  it('links events to who they involve and who organised them, articles to their author and publisher', async () => {
    const event = await neighborhood(db.runner, { id: id('event-1'), depth: 1, limit: 100 });
    const ofEvent = event.edges.filter((edge) => edge.from === id('event-1'));
    expect(ofEvent.map((edge) => [edge.type, edge.to]).sort()).toEqual([
      ['INVOLVES', id('acme')],
      ['INVOLVES', id('person-bob')],
      ['ORGANIZED_BY', id('org-club')],
    ]);
    // INVOLVES is a link in the world: exposure reaches Acme's listing through the event.
    const found = await exposure(db.runner, { id: id('event-1'), maxHops: 1 });
    expect(found.map((item) => [item.entity.id, item.path.edges.map((edge) => edge.type)])).toEqual([
      [id('acme'), ['INVOLVES']],
    ]);
    // Authors and publishers are provenance: in the neighbourhood, but paths take them only when asked.
    const author = localId(`author-Carol Diaz (${p})`);
    const publisher = localId(`publisher-Anvil Times (${p})`);
    const sources = await neighborhood(db.runner, { id: id('article-1'), depth: 1 });
    expect(sources.edges.map((edge) => [edge.type, edge.to]).sort()).toEqual([
      ['AUTHORED_BY', author],
      ['PUBLISHED_BY', publisher],
    ]);
    expect(sources.nodes.find((node) => node.id === author)).toMatchObject({
      kind: 'PERSON',
      name: `Carol Diaz (${p})`,
    });
    expect(await shortestPath(db.runner, { from: author, to: publisher })).toBeNull();
    const via = await shortestPath(db.runner, { from: author, to: publisher, types: ['AUTHORED_BY', 'PUBLISHED_BY'] });
    expect(via?.edges.map((edge) => edge.type)).toEqual(['AUTHORED_BY', 'PUBLISHED_BY']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const result = await importNdjson(db.runner, fixtureFile(p), options({ batchSize: 1000 }));
    expect(result.counts.entitiesCreated + result.counts.entitiesUpdated).toBe(0);
    expect(result.counts.relationshipsCreated + result.counts.relationshipsUpdated).toBe(0);
    expect(result.counts.relationshipsUnchanged).toBeGreaterThan(10);
  });

  it('stops a --strict import at the first flaw without writing its batch', async () => {
    const q = `${p}-strict`;
    const run = options({ strict: true, batchSize: 1000 });
    await expect(importNdjson(db.runner, fixtureFile(q), run)).rejects.toBeInstanceOf(StrictImportError);
    expect((await entitiesByIds(db.runner, [`${q}-acme`])).size).toBe(0);
  });

  it('writes no batch after the one a --strict import stopped in, though the next was read meanwhile', async () => {
    const q = `${p}-order`;
    const file = path.join(tmp, `${q}.ndjson`);
    const company = (name: string, kind = 'COMPANY') => JSON.stringify({ id: `${q}-${name}`, kind, name });
    writeFileSync(
      file,
      [company('a'), company('b'), company('c'), company('d', 'NO_SUCH_KIND'), company('e'), company('f'), ''].join(
        '\n',
      ),
    );
    const run = options({ format: 'graph', strict: true, batchSize: 2 });
    await expect(importNdjson(db.runner, file, run)).rejects.toThrow(/^line 4: /);
    const written = await entitiesByIds(
      db.runner,
      ['a', 'b', 'c', 'e', 'f'].map((name) => `${q}-${name}`),
    );
    expect([...written.keys()].sort()).toEqual([`${q}-a`, `${q}-b`]);
  });

  it('does not look up in the graph the endpoints it wrote itself', async () => {
    const q = `${p}-known`;
    const file = path.join(tmp, `${q}.ndjson`);
    writeFileSync(
      file,
      [
        JSON.stringify({ id: `${q}-data`, kind: 'DATASET', name: 'Known data' }),
        JSON.stringify({ id: `${q}-a`, kind: 'COMPANY', name: 'Known A' }),
        JSON.stringify({ id: `${q}-b`, kind: 'COMPANY', name: 'Known B' }),
        JSON.stringify({
          id: `${q}-ab`,
          type: 'SUPPLIES',
          from: `${q}-a`,
          to: `${q}-b`,
          status: 'ACTIVE',
          evidence: [{ dataset: `${q}-data` }],
        }),
        '',
      ].join('\n'),
    );
    const reads = jest.spyOn(db.runner, 'read');
    try {
      const result = await importNdjson(db.runner, file, options({ format: 'graph', strict: true }));
      expect(result.counts.relationshipsCreated).toBe(1);
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
  });

  it('exports FtM that followthemoney validates and that imports back to the same graph', async () => {
    // Acme's world, and the article with its author and publisher (provenance, asked for by type).
    const selections = [
      { id: id('acme'), depth: 3, limit: 1000 },
      { id: id('article-1'), depth: 1, types: ['AUTHORED_BY', 'PUBLISHED_BY'] as RelationshipType[] },
    ];
    const exportAll = () => Promise.all(selections.map((selection) => exportSelection(db.runner, selection)));
    const graphs = await exportAll();
    const text = toFtm(merged(graphs));
    expect(text).toMatch(/"involved":\[[^\]]*acme/);
    expect(text).toMatch(/"author":\["Carol Diaz \(/);
    const exported = path.join(tmp, 'export.ndjson');
    writeFileSync(exported, text);
    const validation = validateFtm(exported);
    expect(validation.stdout + validation.stderr).toBe('');
    expect(validation.status).toBe(0);

    // Into an empty graph: everything this file wrote so far goes first (derived ids contain the prefix too).
    await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id CONTAINS $p DETACH DELETE e', { p }));
    const run = options();
    await importNdjson(db.runner, exported, run);
    expect(run.flaws).toEqual([]);
    // Entities the first import only implied (a list, its authority) come back from lines of their
    // own, so they now keep a statement too; everything else must be exactly as before.
    const implied = new Set(
      graphs.flatMap((graph) => graph.nodes.filter((node) => node.properties['ftm'] === null)).map((node) => node.id),
    );
    const again = (await exportAll()).map((graph) => ({
      ...graph,
      nodes: graph.nodes.map((node) =>
        implied.has(node.id) ? { ...node, properties: { ...node.properties, ftm: null, schema: null } } : node,
      ),
    }));
    const sorted = (subgraph: (typeof graphs)[number]) => ({
      nodes: [...subgraph.nodes].sort((a, b) => a.id.localeCompare(b.id)),
      edges: [...subgraph.edges].sort((a, b) => a.id.localeCompare(b.id)),
      sources: [...subgraph.sources].sort((a, b) => a.id.localeCompare(b.id)),
    });
    expect(again.map(sorted)).toEqual(graphs.map(sorted));
  });

  it('imports through the CLI while the API writes, both complete', async () => {
    // What the service logged about an unexpected error (its Neo4j code among it) explains a failure.
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(line) });
    const service: Service = await startTestService({ env: { API_KEYS: 'k:editor' }, logger });
    try {
      const q = `${p}-cli`;
      const file = fixtureFile(q);
      const cli = runCli(['import', '--batch-size', '3', '--verbose', file]);
      const writes = Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          graphql(
            service,
            `mutation { upsertEntity(input: { id: "${q}-api-${index}", kind: COMPANY, name: "Api ${index}" }) { id } }`,
            {},
            { authorization: 'Bearer k' },
          ),
        ),
      );
      const [result, responses] = await Promise.all([cli, writes]);
      expect({ errors: responses.flatMap((response) => response.body.errors ?? []), logged }).toEqual({
        errors: [],
        logged: [],
      });
      expect(result.stdout).toMatch(/import: 28 lines in .* skipped 5 lines \(unsupported-schema: 1/);
      expect(result.stderr).toMatch(/line 24: unsupported-schema: "Spaceship" is not a schema of FollowTheMoney/);
      expect(result.stderr).toMatch(/phases: parse .* validate .* entities .* preflight .* create .* commit/);
      // Lenient: every line imported or reported as skipped, so a script sees success.
      expect(result.code).toBe(0);
      expect((await entitiesByIds(db.runner, [`${q}-acme`, `${q}-api-19`])).size).toBe(2);
    } finally {
      await service.close();
    }
  });
});

describe('entity-graph import exit status', () => {
  const p = uniquePrefix('ftmexit');
  let db: TestDb;
  beforeAll(async () => (db = await connectTestDb()));
  afterAll(async () => {
    await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id CONTAINS $p DETACH DELETE e', { p }));
    await db.close();
  });

  it('is 1 when --strict stops at a flawed line, naming it', async () => {
    const run = await runCli(['import', '--strict', '--batch-size', '1000', fixtureFile(`${p}-strict`)]);
    expect(run.stderr).toMatch(/--strict: stopped at line 24: .*"Spaceship"/);
    expect(run.code).toBe(1);
  });

  // A Neo4j that cannot answer (port 1) shows that these checks come before any connection.
  const unreachable = { NEO4J_URI: 'bolt://127.0.0.1:1' };

  it('is 2 with one line for a file it cannot read', async () => {
    const run = await runCli(['import', path.join(tmp, 'no-such-file.ndjson')], unreachable);
    expect(run.stderr).toMatch(
      /^entity-graph: cannot read .*no-such-file\.ndjson: ENOENT: no such file or directory\n$/,
    );
    expect(run.code).toBe(2);
  });

  it('is 2 for a flag value it cannot use, and for a flag it does not know', async () => {
    const file = fixtureFile(`${p}-flags`);
    const badFormat = await runCli(['import', '--format', 'xml', file], unreachable);
    expect(badFormat.stderr).toBe('entity-graph: --format must be one of ftm, graph, got "xml"\n');
    expect(badFormat.code).toBe(2);
    const unknown = await runCli(['import', '--frobnicate', file], unreachable);
    expect(unknown.stderr).toMatch(/^error: unknown option '--frobnicate'/);
    expect(unknown.code).toBe(2);
  });

  it('is 2 with one line when Neo4j is unreachable', async () => {
    const run = await runCli(['import', fixtureFile(`${p}-down`)], unreachable);
    expect(run.stderr).toMatch(/^entity-graph: Neo4j is unreachable: [^\n]*ECONNREFUSED[^\n]*\n$/);
    expect(run.code).toBe(2);
  });
});
