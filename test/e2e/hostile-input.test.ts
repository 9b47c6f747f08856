import type { Service } from '../../src/http/service';
import { importGraphDocument } from '../../src/store/import.store';
import { buildSearchQuery } from '../../src/store/lucene';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';
import { startServiceProcess, startTestService, type ServiceProcess } from '../support/service';

/**
 * A hostile-input corpus against the real HTTP service: the contract every answer keeps.
 * - No 5xx, except a deliberate 503 with SERVICE_UNAVAILABLE and a Retry-After header.
 * - Every error carries a code: GraphQL `errors[].extensions.code`, or `code` in another JSON body.
 * - No stack trace and no Cypher in any body; the process stays up.
 * - Nothing hostile reaches the graph: the fixture is unchanged and no injection marker is stored.
 * Resource bombs (nesting, aliases, fragments, directives, batches) run against a separate process
 * (`describe('resource bombs')`, runnable alone with `-t 'resource bombs'`).
 */

const EDITOR_KEY = 'hostile-editor';
const EDITOR = { authorization: `Bearer ${EDITOR_KEY}` };
const JSON_TYPE = { 'content-type': 'application/json' };
const REQUEST_TIMEOUT_MS = 30000;

interface Probe {
  name: string;
  method?: string;
  /** Path and query string; default /graphql. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Strings the request carries that an error message may legitimately echo. */
  payloads?: readonly string[];
  expect?: Expectation;
}

interface Expectation {
  status?: readonly number[];
  /** Every error code must be one of these; with `errors: true`, there must be at least one error. */
  codes?: readonly string[];
  errors?: boolean;
  check?: (answer: Answer) => void | Promise<void>;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

type Json = Record<string, unknown>;

async function send(baseUrl: string, probe: Probe, timeoutMs = REQUEST_TIMEOUT_MS): Promise<Answer> {
  const response = await fetch(`${baseUrl}${probe.path ?? '/graphql'}`, {
    method: probe.method ?? 'POST',
    headers: probe.headers ?? JSON_TYPE,
    body: probe.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The codes of an error answer: GraphQL errors' extension codes, or a JSON body's `code`; undefined where one lacks it. */
function errorCodes(answer: Answer): (string | undefined)[] {
  const body = answer.json;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return answer.status >= 400 ? [undefined] : [];
  const errors = (body as Json)['errors'];
  if (Array.isArray(errors)) {
    return errors.map((error: unknown) => {
      const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
      return typeof code === 'string' ? code : undefined;
    });
  }
  if (answer.status < 400) return [];
  const code = (body as Json)['code'];
  return [typeof code === 'string' ? code : undefined];
}

const STACK_TRACE = /\n\s+at \S|\bat \S+ \(\S+:\d+:\d+\)|\.(ts|js):\d+:\d+|node_modules|"stacktrace"/;
const CYPHER =
  /\b(MATCH|MERGE|UNWIND|RETURN|YIELD|DETACH DELETE|USING INDEX|CALL db\.|startNode|endNode)\b|Neo\.\w+Error|Neo4jError/;

/** The contract every answer keeps, whatever was sent. */
function expectContract(probe: Probe, answer: Answer): void {
  const codes = errorCodes(answer);
  const summary = `${probe.name}: ${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status >= 500) {
    expect({ summary, status: answer.status, codes, retryAfter: answer.headers.get('retry-after') }).toEqual({
      summary,
      status: 503,
      codes: ['SERVICE_UNAVAILABLE'],
      retryAfter: expect.stringMatching(/^\d+$/),
    });
  }
  expect({ summary, codesMissing: codes.some((code) => code === undefined) }).toEqual({
    summary,
    codesMissing: false,
  });
  // Echoes of what the client sent are not leaks; remove them before looking for server internals.
  let own = answer.text;
  for (const payload of probe.payloads ?? []) {
    for (const form of [payload, JSON.stringify(payload).slice(1, -1)]) if (form) own = own.split(form).join('');
  }
  expect({ summary, stack: STACK_TRACE.exec(own)?.[0] }).toEqual({ summary, stack: undefined });
  expect({ summary, cypher: CYPHER.exec(own)?.[0] }).toEqual({ summary, cypher: undefined });

  const expected = probe.expect;
  if (expected?.status) {
    expect({ summary, statusExpected: expected.status.includes(answer.status) }).toEqual({
      summary,
      statusExpected: true,
    });
  }
  if (expected?.errors) expect({ summary, errors: codes.length > 0 }).toEqual({ summary, errors: true });
  if (expected?.codes) {
    const unexpected = codes.filter((code) => !expected.codes?.includes(code as string));
    expect({ summary, unexpected }).toEqual({ summary, unexpected: [] });
  }
}

async function runProbe(baseUrl: string, probe: Probe, timeoutMs?: number): Promise<Answer> {
  const answer = await send(baseUrl, probe, timeoutMs);
  expectContract(probe, answer);
  await probe.expect?.check?.(answer);
  return answer;
}

const graphqlBody = (query: string, variables: Json = {}): string => JSON.stringify({ query, variables });
const dataOf = (answer: Answer): Json | null | undefined => (answer.json as { data?: Json | null } | undefined)?.data;

// ------------------------------------------------------------------ payloads

const MARKER = `hostilemark${Math.random().toString(36).slice(2, 8)}`;
/** Cypher injection attempts; each carries MARKER, so anything they managed to write can be found. */
const CYPHER_INJECTIONS = [
  `${MARKER}' OR 1=1 //`,
  `${MARKER}"}) MATCH (n) DETACH DELETE n //`,
  `${MARKER}\`) DETACH DELETE n //`,
  `${MARKER}\`:Entity {id: 'x'}`,
  `$${MARKER} $id $query`,
  `${MARKER}\\u0027 OR true //`,
  `${MARKER}') CREATE (:Entity {id: '${MARKER}'}) //`,
];
const LUCENE_INJECTIONS = ['*:*', 'name:x OR', '~', 'hikvision^10', '/.*/', '[a TO z', '((', 'x AND NOT y }'];
const ODD_TEXT = [
  'a\u0000b',
  '\u0000',
  '\u0001\u0007\u001b[31m\u007f',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  '\u200fhikvision',
  // Trims to a valid slug: the marker makes anything it wrongly creates findable.
  `\ufeff${MARKER}`,
  'line\u2028break',
];
const HOSTILE_STRINGS = [...CYPHER_INJECTIONS, ...LUCENE_INJECTIONS, ...ODD_TEXT];

describe('hostile input', () => {
  let service: Service;
  let db: TestDb;
  const prefix = uniquePrefix('hostile');
  const id = (name: string): string => `${prefix}-${name}`;
  // Entities the write cases may create (and the last test deletes): outside the fixture's prefix.
  const writePrefix = uniquePrefix('hostile-writes');
  let writes = 0;
  const writeId = (): string => `${writePrefix}-${(writes += 1)}`;

  const fixture = {
    entities: [
      { id: id('article'), kind: 'ARTICLE', name: 'Hostile fixture article', title: 'Fixture', publishedAt: '2022-05' },
      { id: id('acme'), kind: 'COMPANY', name: 'Acme Cameras', aliases: ['Acme'] },
      { id: id('bolt'), kind: 'COMPANY', name: 'Bolt Vision' },
      { id: id('list'), kind: 'SANCTIONS_LIST', name: 'Fixture List' },
      { id: id('gov'), kind: 'GOVERNMENT', name: 'Fixture Government' },
    ],
    relationships: [
      { id: id('listed'), type: 'LISTED_ON', from: id('acme'), to: id('list'), status: 'ACTIVE', since: '2019' },
      { id: id('competes'), type: 'COMPETES_WITH', from: id('acme'), to: id('bolt'), status: 'ACTIVE' },
      { id: id('administered'), type: 'ADMINISTERED_BY', from: id('list'), to: id('gov'), status: 'ACTIVE' },
      { id: id('mentions'), type: 'MENTIONS', from: id('article'), to: id('acme'), status: 'ACTIVE' },
    ].map((relationship) => ({ ...relationship, evidence: [{ article: id('article'), quote: 'A fixture quote.' }] })),
  };

  /** Every node and relationship of the fixture with all their properties. */
  async function fixtureSnapshot(): Promise<unknown> {
    const nodes = await db.runner.read(
      'MATCH (n:Entity) WHERE n.id STARTS WITH $prefix RETURN n {.*} AS n ORDER BY n.id',
      {
        prefix,
      },
    );
    const relationships = await db.runner.read(
      `MATCH (a:Entity)-[r]->(b:Entity) WHERE a.id STARTS WITH $prefix AND b.id STARTS WITH $prefix
       RETURN r {.*, type: type(r), from: a.id, to: b.id} AS r ORDER BY r.id`,
      { prefix },
    );
    return { nodes, relationships };
  }
  let before: unknown;

  beforeAll(async () => {
    db = await connectTestDb();
    await importGraphDocument(db.runner, fixture);
    before = await fixtureSnapshot();
    service = await startTestService({ env: { API_KEYS: `${EDITOR_KEY}:editor` } });
  });
  afterAll(async () => {
    await service?.close();
    await db.runner.write((tx) =>
      tx.run('MATCH (n:Entity) WHERE n.id STARTS WITH $a OR n.id STARTS WITH $b OR n.id CONTAINS $m DETACH DELETE n', {
        a: prefix,
        b: writePrefix,
        m: MARKER,
      }),
    );
    await db.close();
  });

  // ---------------------------------------------------------- transport

  describe('malformed requests', () => {
    const refused = (status: readonly number[]): Expectation => ({ status, errors: true });
    const multipart =
      '--XyZ\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ graphStats { entityCount } }\r\n--XyZ--\r\n';
    const deepJson = (depth: number): string =>
      `{"query":"{ graphStats { entityCount } }","variables":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const invalidUtf8 = Buffer.concat([
      Buffer.from('{"query":"{ entity(id: \\"a'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
      Buffer.from('\\") { id } }"}'),
    ]);
    const stats = '{ graphStats { entityCount } }';
    const cases: Probe[] = [
      { name: 'truncated JSON', body: '{"query": "{ graphStats { entityCount', expect: refused([400]) },
      { name: 'empty body', body: '', expect: refused([400]) },
      { name: 'JSON null', body: 'null', expect: refused([400]) },
      { name: 'JSON string', body: '"{ graphStats { entityCount } }"', expect: refused([400]) },
      { name: 'JSON number', body: '42', expect: refused([400]) },
      { name: 'JSON true', body: 'true', expect: refused([400]) },
      { name: 'JSON array of one operation', body: `[${graphqlBody(stats)}]`, expect: refused([400]) },
      { name: 'JSON array, empty', body: '[]', expect: refused([400]) },
      { name: 'query is a number', body: '{"query": 42}', expect: refused([400]) },
      { name: 'query is null', body: '{"query": null}', expect: refused([400]) },
      { name: 'query missing', body: '{"variables": {}}', expect: refused([400]) },
      {
        name: 'variables is a string',
        body: JSON.stringify({ query: stats, variables: '{"a":1}' }),
        expect: refused([400]),
      },
      { name: 'variables is an array', body: JSON.stringify({ query: stats, variables: [1] }), expect: refused([400]) },
      {
        name: 'extensions is a string',
        body: JSON.stringify({ query: stats, extensions: 'x' }),
        expect: refused([400]),
      },
      {
        name: 'operationName is an object',
        body: JSON.stringify({ query: stats, operationName: {} }),
        expect: refused([400]),
      },
      {
        name: 'huge number literal',
        body: graphqlBody('{ entities(first: 123456789012345678901234567890) { totalCount } }'),
        expect: refused([400]),
      },
      {
        name: 'huge number variable (1e400)',
        body: '{"query":"query($f: Int) { entities(first: $f) { totalCount } }","variables":{"f":1e400}}',
        expect: refused([400]),
      },
      {
        name: 'number past Int32 in a variable',
        body: graphqlBody('query($f: Int) { entities(first: $f) { totalCount } }', { f: 2 ** 31 }),
        expect: refused([400]),
      },
      // An unused variable may be ignored; a used one must be refused.
      {
        name: 'JSON nested 100,000 deep in an unused variable',
        body: deepJson(100000),
        expect: { status: [200, 400, 413] },
      },
      {
        name: 'JSON nested 10,000 deep in a used variable',
        body: `{"query":"query($k: [EntityKind!]) { search(query: \\"x\\", kinds: $k) { score } }","variables":{"k":${'['.repeat(10000)}${']'.repeat(10000)}}}`,
        expect: refused([400]),
      },
      {
        name: 'GraphQL list literal nested 5,000 deep',
        body: graphqlBody(`{ search(query: "x", kinds: ${'['.repeat(5000)}${']'.repeat(5000)}) { score } }`),
        expect: refused([400]),
      },
      { name: 'invalid UTF-8 bytes', body: invalidUtf8, expect: { status: [200, 400] } },
      {
        name: 'a declared non-UTF-8 charset',
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: graphqlBody(stats),
        expect: refused([400, 415]),
      },
      {
        name: 'text/plain',
        headers: { 'content-type': 'text/plain' },
        body: graphqlBody(stats),
        expect: refused([400, 415]),
      },
      {
        name: 'multipart/form-data',
        headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
        body: multipart,
        expect: refused([400, 415]),
      },
      {
        name: 'application/x-www-form-urlencoded',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `query=${encodeURIComponent(stats)}`,
        expect: refused([400, 415]),
      },
      { name: 'no content type', headers: {}, body: graphqlBody(stats), expect: refused([400, 415]) },
      {
        name: 'application/xml',
        headers: { 'content-type': 'application/xml' },
        body: '<query>{ graphStats { entityCount } }</query>',
        expect: refused([400, 415]),
      },
      ...['PUT', 'DELETE', 'PATCH'].map((method): Probe => ({
        name: `${method} /graphql`,
        method,
        body: graphqlBody(stats),
        expect: refused([405]),
      })),
      {
        name: 'GET with a mutation (editor key, preflight header)',
        method: 'GET',
        path: `/graphql?query=${encodeURIComponent(`mutation { upsertEntity(input: { id: "${prefix}-by-get", kind: COMPANY, name: "By GET" }) { id } }`)}`,
        headers: { ...EDITOR, 'apollo-require-preflight': 'true' },
        expect: refused([405]),
      },
      {
        name: 'GET with a malformed variables parameter',
        method: 'GET',
        path: `/graphql?query=${encodeURIComponent('query($id: ID!) { entity(id: $id) { id } }')}&variables=%7B%22id`,
        headers: { 'apollo-require-preflight': 'true' },
        expect: refused([400]),
      },
      {
        name: 'body just over 1 MB',
        body: graphqlBody('query($q: String!) { search(query: $q) { score } }', { q: 'x'.repeat(1024 * 1024) }),
        expect: refused([413]),
      },
      { name: 'unknown path', path: `/${MARKER}`, method: 'GET', headers: {}, expect: refused([404]) },
      { name: 'unknown export format', path: '/export/pdf', method: 'GET', headers: {}, expect: refused([404]) },
      {
        name: 'export with an injected id',
        path: `/export/csv?id=${encodeURIComponent(CYPHER_INJECTIONS[1])}`,
        method: 'GET',
        headers: {},
        payloads: [CYPHER_INJECTIONS[1]],
        expect: refused([400, 404]),
      },
    ];
    it.each(cases.map((probe) => [probe.name, probe] as const))('%s', async (_name, probe) => {
      await runProbe(service.url, probe);
    });
  });

  // ----------------------------------------------------------- variables

  describe('mistyped variables, unknown enum values, missing arguments', () => {
    const REQUEST_ERRORS = [
      'BAD_USER_INPUT',
      'GRAPHQL_VALIDATION_FAILED',
      'GRAPHQL_PARSE_FAILED',
      'BAD_REQUEST',
      'OPERATION_RESOLUTION_FAILURE',
    ];
    /** Refused as a whole (data null), or a nullable field answered null beside its error. */
    const noData = (answer: Answer): void => {
      const data = dataOf(answer);
      if (data) expect(Object.values(data).filter((value) => value !== null)).toEqual([]);
    };
    const invalid = (
      name: string,
      query: string,
      variables: Json = {},
      headers = JSON_TYPE,
      operationName?: string,
    ): Probe => ({
      name,
      headers,
      body: JSON.stringify({ query, variables, operationName }),
      expect: { errors: true, codes: REQUEST_ERRORS, check: noData },
    });
    const ENTITY = 'query($id: ID!) { entity(id: $id) { id } }';
    const PAGE = 'query($first: Int) { entities(first: $first) { totalCount } }';
    const UPSERT = 'mutation($input: EntityInput!) { upsertEntity(input: $input) { id } }';
    const editor = { ...JSON_TYPE, ...EDITOR };
    const cases: Probe[] = [
      invalid('ID given an object', ENTITY, { id: { $ne: null } }),
      invalid('ID given a list', ENTITY, { id: ['a', 'b'] }),
      invalid('ID given a boolean', ENTITY, { id: true }),
      invalid('ID! given null', ENTITY, { id: null }),
      invalid('ID! not given', ENTITY),
      invalid('Int given a string', PAGE, { first: 'ten' }),
      invalid('Int given a fraction', PAGE, { first: 1.5 }),
      invalid('Int given an object', PAGE, { first: { valueOf: 5 } }),
      invalid(
        'unknown enum value in a variable',
        'query($k: [EntityKind!]) { search(query: "x", kinds: $k) { score } }',
        {
          k: ['NOPE'],
        },
      ),
      invalid('enum value in lower case', 'query($k: [EntityKind!]) { search(query: "x", kinds: $k) { score } }', {
        k: ['company'],
      }),
      invalid('unknown enum literal', '{ search(query: "x", kinds: [NOPE]) { score } }'),
      invalid('enum given as a string literal', '{ entities(orderBy: "NAME_ASC") { totalCount } }'),
      invalid('unknown direction', `{ neighborhood(id: "${prefix}-acme", direction: SIDEWAYS) { truncated } }`),
      invalid(
        'unknown relationship type in a filter',
        'query($t: [RelationshipType!]) { relationships(filter: { types: $t }) { totalCount } }',
        {
          t: ['KNOWS'],
        },
      ),
      invalid(
        'status given a number',
        'query($s: [RelationshipStatus!]) { relationships(filter: { status: $s }) { totalCount } }',
        {
          s: [1],
        },
      ),
      invalid('missing required argument', '{ entity { id } }'),
      invalid('missing both path endpoints', '{ shortestPath { length } }'),
      invalid('argument that does not exist', `{ entity(id: "${prefix}-acme", where: "1=1") { id } }`),
      invalid('field that does not exist', `{ entity(id: "${prefix}-acme") { id password } }`),
      invalid('variable declared with an unknown type', 'query($id: Password!) { entity(id: $id) { id } }', {
        id: 'x',
      }),
      invalid('variable used at the wrong type', 'query($id: Int!) { entity(id: $id) { id } }', { id: 1 }),
      invalid('unknown operation name', ENTITY, { id: 'x' }, JSON_TYPE, 'Nope'),
      invalid('negative page size', PAGE, { first: -5 }),
      invalid('page size far over the maximum', PAGE, { first: 1000000 }),
      invalid('neighborhood depth 100', `{ neighborhood(id: "${prefix}-acme", depth: 100) { truncated } }`),
      invalid('neighborhood limit 0', `{ neighborhood(id: "${prefix}-acme", limit: 0) { truncated } }`),
      invalid(
        'shortestPath maxDepth 1000',
        `{ shortestPath(from: "${prefix}-acme", to: "${prefix}-gov", maxDepth: 1000) { length } }`,
      ),
      invalid('EntityInput without kind', UPSERT, { input: { id: writeId(), name: 'No kind' } }, editor),
      invalid(
        'EntityInput kind in lower case',
        UPSERT,
        { input: { id: writeId(), kind: 'company', name: 'x' } },
        editor,
      ),
      invalid(
        'EntityInput with an unknown field',
        UPSERT,
        { input: { id: writeId(), kind: 'COMPANY', name: 'x', admin: true } },
        editor,
      ),
      invalid(
        'ingest with an unknown relationship type',
        'mutation($input: IngestInput!) { ingest(input: $input) { entitiesCreated } }',
        {
          input: {
            article: { id: writeId(), kind: 'ARTICLE', name: 'A' },
            relationships: [
              { id: writeId(), type: 'KNOWS', from: 'a', to: 'b', status: 'ACTIVE', evidence: [{ quote: 'q' }] },
            ],
          },
        },
        editor,
      ),
    ];
    it.each(cases.map((probe) => [probe.name, probe] as const))('%s', async (_name, probe) => {
      await runProbe(service.url, probe);
    });

    it('refuses mutations without a key, and with a reader-shaped or unknown key', async () => {
      const upsert = graphqlBody(UPSERT, { input: { id: writeId(), kind: 'COMPANY', name: 'Anonymous' } });
      await runProbe(service.url, {
        name: 'no key',
        body: upsert,
        expect: { errors: true, codes: ['UNAUTHENTICATED'] },
      });
      await runProbe(service.url, {
        name: 'unknown key',
        headers: { ...JSON_TYPE, authorization: `Bearer ${MARKER}` },
        body: upsert,
        expect: { errors: true, codes: ['UNAUTHENTICATED'] },
      });
      await runProbe(service.url, {
        name: 'injected key',
        headers: { ...JSON_TYPE, authorization: `Bearer ${EDITOR_KEY}' OR 1=1 --` },
        body: upsert,
        expect: { errors: true, codes: ['UNAUTHENTICATED'] },
      });
    });
  });

  // ------------------------------------------------------ string arguments

  describe('hostile strings in every string argument', () => {
    interface Target {
      name: string;
      query: string;
      variables: (text: string) => Json;
      headers?: Record<string, string>;
      /** Error codes allowed for this argument. */
      codes: readonly string[];
      /** Extra checks on a successful answer. */
      check?: (text: string, data: Json) => void | Promise<void>;
    }
    const READ_CODES = ['BAD_USER_INPUT', 'NOT_FOUND'];
    const PAGE_FIELDS = 'totalCount nodes { id name aliases }';
    const REL_FIELDS = 'totalCount nodes { id from { id } to { id } }';
    const acme = id('acme');
    const gov = id('gov');
    type Node = { id: string; name: string; aliases: string[] };
    const nodesOf = (data: Json): Node[] => (data['entities'] as { nodes: Node[] }).nodes;
    /** Whatever a name filter returns really contains the text: the filter was not turned into a condition. */
    const containsText = (text: string, data: Json): void => {
      const needle = text.toLowerCase();
      const stray = nodesOf(data).filter(
        (node) =>
          !node.name.toLowerCase().includes(needle) &&
          !node.aliases.some((alias) => alias.toLowerCase().includes(needle)),
      );
      expect(stray).toEqual([]);
    };
    const editor = { ...JSON_TYPE, ...EDITOR };

    /** After an accepted write, the entity reads back with the text exactly as sent (trimmed). */
    const storedVerbatim =
      (field: 'name' | 'description' | 'title', entityId: (variables: Json) => string) =>
      async (text: string, data: Json): Promise<void> => {
        const key = Object.keys(data)[0];
        expect(data[key]).toBeTruthy();
        const written = await db.runner.read<{ value: unknown }>(
          `MATCH (e:Entity {id: $id}) RETURN e.${field} AS value`,
          { id: entityId(data) },
        );
        expect(written.map((row) => row.value)).toEqual([text.trim()]);
      };

    // The validator trims every string, ids included; only text that trims to a valid slug may be
    // stored, and the answer names the id as stored.
    const storedUnderTrimmedId = (text: string, storedId: string): void => {
      expect(text.trim()).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(storedId).toBe(text.trim());
    };

    const TARGETS: Target[] = [
      {
        name: 'entity(id)',
        query: 'query($v: ID!) { entity(id: $v) { id } }',
        variables: (v) => ({ v }),
        codes: READ_CODES,
      },
      {
        name: 'search(query)',
        query: 'query($v: String!) { search(query: $v, first: 5) { score entity { id } } }',
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT'],
        check: (text, data) => {
          // Text with nothing searchable answers [] (README "Search"), never "everything".
          if (buildSearchQuery(text) === null) expect(data['search']).toEqual([]);
        },
      },
      ...(['nameContains', 'namePrefix'] as const).map((field): Target => ({
        name: `entities(filter.${field})`,
        query: `query($v: String) { entities(filter: { ${field}: $v }, first: 20) { ${PAGE_FIELDS} } }`,
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT'],
        check: field === 'nameContains' ? containsText : undefined,
      })),
      ...(['country', 'listedOn', 'asOf'] as const).map((field): Target => ({
        name: `entities(filter.${field})`,
        query: `query($v: ${field === 'listedOn' ? 'ID' : 'String'}) { entities(filter: { ${field}: $v }, first: 20) { ${PAGE_FIELDS} } }`,
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT'],
        check: (_text, data) => {
          if (field !== 'asOf') expect(nodesOf(data)).toEqual([]);
        },
      })),
      {
        name: 'entities(filter.ids)',
        query: `query($v: ID!) { entities(filter: { ids: [$v] }) { ${PAGE_FIELDS} } }`,
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT'],
        check: (_text, data) => expect(nodesOf(data)).toEqual([]),
      },
      {
        name: 'entities(after)',
        query: `query($v: String) { entities(after: $v) { totalCount } }`,
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT'],
      },
      {
        name: 'neighborhood(id)',
        query: 'query($v: ID!) { neighborhood(id: $v) { truncated nodes { id } } }',
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT', 'NOT_FOUND'],
      },
      {
        name: 'neighborhood(asOf)',
        query: 'query($id: ID!, $v: String) { neighborhood(id: $id, asOf: $v) { truncated nodes { id } } }',
        variables: (v) => ({ id: acme, v }),
        codes: ['BAD_USER_INPUT'],
      },
      ...(['from', 'to'] as const).map((end): Target => ({
        name: `shortestPath(${end})`,
        query: 'query($from: ID!, $to: ID!) { shortestPath(from: $from, to: $to) { length } }',
        variables: (v) => (end === 'from' ? { from: v, to: gov } : { from: acme, to: v }),
        codes: ['BAD_USER_INPUT', 'NOT_FOUND'],
      })),
      {
        name: 'shortestPath(asOf)',
        query: 'query($v: String) { shortestPath(from: "' + acme + '", to: "' + gov + '", asOf: $v) { length } }',
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT'],
      },
      ...(['article', 'entity', 'from', 'to'] as const).map((field): Target => ({
        name: `relationships(filter.${field})`,
        query: `query($v: ID) { relationships(filter: { ${field}: $v }) { ${REL_FIELDS} } }`,
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT', 'NOT_FOUND'],
        check: (_text, data) => expect((data['relationships'] as { nodes: unknown[] }).nodes).toEqual([]),
      })),
      {
        name: 'relationships(filter.asOf)',
        query: `query($v: String) { relationships(filter: { entity: "${acme}", asOf: $v }) { ${REL_FIELDS} } }`,
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT'],
      },
      {
        name: 'relationships(after)',
        query: 'query($v: String) { relationships(after: $v) { totalCount } }',
        variables: (v) => ({ v }),
        codes: ['BAD_USER_INPUT'],
      },
      {
        name: 'upsertEntity(input.id)',
        query: 'mutation($v: ID!) { upsertEntity(input: { id: $v, kind: COMPANY, name: "Hostile id" }) { id } }',
        variables: (v) => ({ v }),
        headers: editor,
        codes: ['BAD_USER_INPUT'],
        check: (text, data) => storedUnderTrimmedId(text, (data['upsertEntity'] as { id: string }).id),
      },
      ...(['name', 'description'] as const).map((field): Target => ({
        name: `upsertEntity(input.${field})`,
        query: `mutation($id: ID!, $v: String!) { upsertEntity(input: { id: $id, kind: COMPANY, ${field === 'name' ? '' : 'name: "Named", '}${field}: $v }) { id } }`,
        variables: (v) => ({ id: writeId(), v }),
        headers: editor,
        codes: ['BAD_USER_INPUT'],
        check: storedVerbatim(field, (data) => (data['upsertEntity'] as { id: string }).id),
      })),
      {
        name: 'upsertEntity(input.aliases)',
        query:
          'mutation($id: ID!, $v: String!) { upsertEntity(input: { id: $id, kind: COMPANY, name: "Aliased", aliases: [$v] }) { id aliases } }',
        variables: (v) => ({ id: writeId(), v }),
        headers: editor,
        codes: ['BAD_USER_INPUT'],
        check: (text, data) => expect((data['upsertEntity'] as { aliases: string[] }).aliases).toEqual([text.trim()]),
      },
      {
        name: 'upsertEntity(input.country)',
        query:
          'mutation($id: ID!, $v: String!) { upsertEntity(input: { id: $id, kind: COMPANY, name: "C", country: $v }) { id } }',
        variables: (v) => ({ id: writeId(), v }),
        headers: editor,
        codes: ['BAD_USER_INPUT'],
        check: () => {
          throw new Error('a hostile country code was accepted');
        },
      },
      {
        name: 'ingest(input.article.id)',
        query:
          'mutation($v: ID!) { ingest(input: { article: { id: $v, kind: ARTICLE, name: "A" } }) { article { id } } }',
        variables: (v) => ({ v }),
        headers: editor,
        // CONFLICT: the upsertEntity case above stored the same trimmed id as a company.
        codes: ['BAD_USER_INPUT', 'CONFLICT'],
        check: (text, data) => storedUnderTrimmedId(text, (data['ingest'] as { article: { id: string } }).article.id),
      },
      {
        name: 'ingest(input.article.title)',
        query:
          'mutation($id: ID!, $v: String!) { ingest(input: { article: { id: $id, kind: ARTICLE, name: "A", title: $v } }) { article { id } } }',
        variables: (v) => ({ id: writeId(), v }),
        headers: editor,
        codes: ['BAD_USER_INPUT'],
        check: storedVerbatim('title', (data) => (data['ingest'] as { article: { id: string } }).article.id),
      },
      {
        name: 'ingest(input.relationships.evidence.quote)',
        query: `mutation($article: ID!, $rel: ID!, $v: String!) { ingest(input: {
            article: { id: $article, kind: ARTICLE, name: "A" },
            relationships: [{ id: $rel, type: MENTIONS, from: $article, to: "${acme}", status: ACTIVE, evidence: [{ quote: $v }] }]
          }) { relationshipsCreated } }`,
        variables: (v) => ({ article: writeId(), rel: writeId(), v }),
        headers: editor,
        codes: ['BAD_USER_INPUT'],
      },
      {
        name: 'ingest(input.entities.name)',
        query: `mutation($article: ID!, $entity: ID!, $v: String!) { ingest(input: {
            article: { id: $article, kind: ARTICLE, name: "A" }, entities: [{ id: $entity, kind: COMPANY, name: $v }]
          }) { entitiesCreated } }`,
        variables: (v) => ({ article: writeId(), entity: writeId(), v }),
        headers: editor,
        codes: ['BAD_USER_INPUT'],
      },
    ];

    const cases = TARGETS.flatMap((target) =>
      HOSTILE_STRINGS.map((text) => [`${target.name} ← ${JSON.stringify(text)}`, target, text] as const),
    );
    it.each(cases)('%s', async (_name, target, text) => {
      const variables = target.variables(text);
      const answer = await runProbe(service.url, {
        name: `${target.name} ← ${JSON.stringify(text)}`,
        headers: target.headers ?? JSON_TYPE,
        body: graphqlBody(target.query, variables),
        payloads: [text],
        expect: { codes: target.codes },
      });
      const data = dataOf(answer);
      if (errorCodes(answer).length === 0 && data) await target.check?.(text, data);
    });

    it.each(HOSTILE_STRINGS.map((text) => [JSON.stringify(text), text] as const))(
      'hostile text inlined as a GraphQL string literal: %s',
      async (_name, text) => {
        const literal = JSON.stringify(text);
        await runProbe(service.url, {
          name: `literal ${literal}`,
          body: graphqlBody(
            `{ entity(id: ${literal}) { id } search(query: ${literal}, first: 3) { score } entities(filter: { nameContains: ${literal} }) { totalCount } }`,
          ),
          payloads: [text, literal],
          expect: { codes: ['BAD_USER_INPUT', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'] },
        });
      },
    );

    it('answers a ~500 KB string argument without running it', async () => {
      const big = 'ß'.repeat(256 * 1024);
      for (const [name, query] of [
        ['search', 'query($v: String!) { search(query: $v) { score } }'],
        ['entity', 'query($v: ID!) { entity(id: $v) { id } }'],
        ['nameContains', 'query($v: String) { entities(filter: { nameContains: $v }) { totalCount } }'],
      ] as const) {
        await runProbe(service.url, {
          name: `500 KB ${name}`,
          body: graphqlBody(query, { v: big }),
          payloads: [big],
          expect: { status: [200, 400, 413], codes: ['BAD_USER_INPUT', 'BAD_REQUEST', 'NOT_FOUND'] },
        });
      }
      await runProbe(service.url, {
        name: '500 KB upsertEntity name',
        headers: { ...JSON_TYPE, ...EDITOR },
        body: graphqlBody(
          'mutation($id: ID!, $v: String!) { upsertEntity(input: { id: $id, kind: COMPANY, name: $v }) { id } }',
          {
            id: writeId(),
            v: big,
          },
        ),
        payloads: [big],
        expect: { errors: true, codes: ['BAD_USER_INPUT', 'BAD_REQUEST'] },
      });
    });
  });

  // ------------------------------------------------------------ aftermath

  it('stays up, leaves the fixture as it was, and stores no injection marker', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    expect(await fixtureSnapshot()).toEqual(before);
    // The write cases stored hostile text under their own ids on purpose: delete them through the API.
    // So did the id cases whose text trims to the bare marker.
    const written = await db.runner.read<{ id: string }>(
      'MATCH (e:Entity) WHERE e.id STARTS WITH $p OR e.id = $m RETURN e.id AS id',
      { p: writePrefix, m: MARKER },
    );
    if (written.length > 0) {
      await runProbe(service.url, {
        name: 'deleteEntities',
        headers: { ...JSON_TYPE, ...EDITOR },
        body: graphqlBody('mutation($ids: [ID!]!) { deleteEntities(ids: $ids) { entitiesDeleted } }', {
          ids: written.map((row) => row.id),
        }),
        expect: { codes: [] },
      });
    }
    const marked = await db.runner.read(
      `MATCH (e:Entity)
       WHERE any(v IN [e.id, e.name, e.description, e.title] + coalesce(e.aliases, []) WHERE v CONTAINS $m)
       RETURN e.id AS id
       UNION
       MATCH ()-[r]->() WHERE r.id CONTAINS $m OR r.description CONTAINS $m OR any(q IN coalesce(r.evidenceQuotes, []) WHERE q CONTAINS $m)
       RETURN r.id AS id`,
      { m: MARKER },
    );
    expect(marked).toEqual([]);
    expect(
      await db.runner.read('MATCH (e:Entity) WHERE e.id = $id RETURN e.id AS id', { id: `${prefix}-by-get` }),
    ).toEqual([]);
  });
});

// -------------------------------------------------------------- bombs

describe('resource bombs', () => {
  let server: ServiceProcess;
  let db: TestDb;
  const prefix = uniquePrefix('hostile-bombs');
  const hub = `${prefix}-hub`;
  /** A small clique: every level of nesting fans out, so unbounded execution grows fast. */
  const clique = ['a', 'b', 'c'].map((name) => `${prefix}-${name}`);
  const BOMB_TIMEOUT_MS = 60000;

  beforeAll(async () => {
    db = await connectTestDb();
    const article = `${prefix}-article`;
    await importGraphDocument(db.runner, {
      entities: [
        { id: article, kind: 'ARTICLE', name: 'Bomb fixture article' },
        { id: hub, kind: 'COMPANY', name: 'Hub' },
        ...clique.map((entity) => ({ id: entity, kind: 'COMPANY', name: entity })),
      ],
      relationships: [hub, ...clique].flatMap((from, i, all) =>
        all.slice(i + 1).map((to) => ({
          id: `${from}--${to}`,
          type: 'COMPETES_WITH',
          from,
          to,
          status: 'ACTIVE',
          evidence: [{ article, quote: 'They compete.' }],
        })),
      ),
    });
    server = await startServiceProcess({ API_KEYS: `${EDITOR_KEY}:editor` });
  }, 120000);
  afterAll(async () => {
    await server?.stop();
    await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p: prefix }));
    await db.close();
  });

  const nested = (levels: number): string => {
    let selection = 'id';
    for (let level = 0; level < levels; level += 1) {
      selection = `id relationships(first: 500) { nodes { id to { ${selection} } } }`;
    }
    return `{ entity(id: "${hub}") { ${selection} } }`;
  };
  const aliases = (count: number): string =>
    `{ ${Array.from({ length: count }, (_, i) => `n${i}: neighborhood(id: "${hub}", depth: 3) { nodes { id } }`).join(' ')} }`;
  const fragments = (levels: number, spreads: number): string => {
    const defs = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Entity { id name relationships(first: 500) { totalCount } }`
        : `fragment F${i} on Entity { id ${Array.from({ length: spreads }, () => `...F${i + 1}`).join(' ')} relationships(first: 500) { nodes { to { ...F${i + 1} } } } }`,
    );
    return `{ entity(id: "${hub}") { ...F0 } } ${defs.join(' ')}`;
  };
  const directives = (count: number): string => `{ graphStats { entityCount ${'@include(if: true) '.repeat(count)} } }`;
  const operations = (count: number): string =>
    Array.from({ length: count }, (_, i) => `query Q${i} { graphStats { entityCount } }`).join('\n');

  const REFUSED = { status: [400], errors: true } as const;
  const cases: Probe[] = [
    {
      name: 'relationships → to → relationships, 12 levels, first: 500',
      body: graphqlBody(nested(12)),
      expect: REFUSED,
    },
    { name: '300 aliased neighborhood(depth: 3)', body: graphqlBody(aliases(300)), expect: REFUSED },
    {
      name: 'fragments spreading each other 3 times, 8 levels deep',
      body: graphqlBody(fragments(8, 3)),
      expect: REFUSED,
    },
    { name: '@include(if: true) × 1000 on one field', body: graphqlBody(directives(1000)), expect: REFUSED },
    {
      name: '2000 operations in one document (one selected)',
      body: JSON.stringify({ query: operations(2000), operationName: 'Q0' }),
      expect: { status: [200, 400] },
    },
    {
      name: 'a batch of 100 operations',
      body: JSON.stringify(Array.from({ length: 100 }, () => ({ query: nested(3) }))),
      expect: REFUSED,
    },
    {
      name: 'a batch of 100 mutations',
      headers: { ...JSON_TYPE, ...EDITOR },
      body: JSON.stringify(
        Array.from({ length: 100 }, (_, i) => ({
          query: `mutation { upsertEntity(input: { id: "${prefix}-batched-${i}", kind: COMPANY, name: "Batched" }) { id } }`,
        })),
      ),
      expect: REFUSED,
    },
  ];

  it.each(cases.map((probe) => [probe.name, probe] as const))(
    '%s: refused before it runs, and the service stays up',
    async (_name, probe) => {
      if (!server.alive()) server = await startServiceProcess({ API_KEYS: `${EDITOR_KEY}:editor` });
      let failure: unknown;
      try {
        await runProbe(server.url, probe, BOMB_TIMEOUT_MS);
      } catch (error) {
        failure = error;
      }
      const healthy = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10000) }).then(
        (response) => response.status,
        (error: unknown) =>
          `unreachable (${String(error)}); process alive: ${server.alive()}; ${server.lastOutput().slice(-500)}`,
      );
      expect(healthy).toBe(200);
      if (failure) throw failure;
    },
    BOMB_TIMEOUT_MS + 30000,
  );

  it('wrote nothing from the batched mutations', async () => {
    expect(
      await db.runner.read('MATCH (e:Entity) WHERE e.id STARTS WITH $p RETURN e.id AS id', { p: `${prefix}-batched` }),
    ).toEqual([]);
  });
});
