import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Service } from '../../src/http/service';
import { loadSeedFile } from '../../src/store/seed';
import { validateFtm } from '../support/python';
import { graphql, startTestService } from '../support/service';

interface FtmLine {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets?: string[];
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'entity-graph-export-ftm-'));

/** followthemoney's own strict validation of the body (test/support/ftm_validate.py): its complaints, '' if none. */
function ftmComplaints(body: string): string {
  const file = path.join(tmp, `export-${Date.now()}.ftm.json`);
  writeFileSync(file, body);
  const result = validateFtm(file);
  return `${result.stdout}${result.stderr}${result.status === 0 ? '' : `exit ${result.status}`}`;
}

const parse = (body: string): FtmLine[] =>
  body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FtmLine);

describe('GET /export/ftm', () => {
  let service: Service;

  beforeAll(async () => {
    service = await startTestService();
    await loadSeedFile(service.runner);
  });
  afterAll(async () => {
    await service.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const get = (route: string) => fetch(`${service.url}${route}`);

  it('exports a neighbourhood as NDJSON that followthemoney validates, every node and edge once', async () => {
    const response = await get('/export/ftm?id=hikvision&depth=2');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="entity-graph-hikvision.ftm.json"');
    const body = await response.text();
    expect(ftmComplaints(body)).toBe('');

    const lines = parse(body);
    const ids = lines.map((line) => line.id);
    expect(new Set(ids).size).toBe(ids.length);
    const graph = await graphql<{ neighborhood: { nodes: { id: string }[]; edges: { id: string }[] } }>(
      service,
      '{ neighborhood(id: "hikvision", depth: 2) { nodes { id } edges { id } } }',
    );
    const { nodes, edges } = graph.body.data!.neighborhood;
    expect(ids).toEqual(expect.arrayContaining([...nodes, ...edges].map((item) => item.id)));
    // The seed's listing of Hikvision on the Entity List is a Sanction naming the list by programId.
    const listing = lines.find((line) => line.schema === 'Sanction' && line.properties['entity']?.[0] === 'hikvision');
    expect(listing?.properties['programId']).toEqual([expect.any(String)]);
    expect(lines.find((line) => line.id === 'hikvision')).toMatchObject({ schema: 'Company' });
  });

  it('exports the whole graph up to the limit, saying when it cut, still valid FtM', async () => {
    const response = await get('/export/ftm?limit=20');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('entity-graph-all.ftm.json');
    expect(response.headers.get('x-entity-graph-truncated')).toBe('true');
    const body = await response.text();
    expect(ftmComplaints(body)).toBe('');
    const schemata = new Set(parse(body).map((line) => line.schema));
    expect(schemata.size).toBeGreaterThan(1);
  });

  it('can fail: the validator names a line FtM does not accept', () => {
    expect(ftmComplaints('{"id": "x", "schema": "Ownership", "properties": {"owner": ["not an id!"]}}\n')).toMatch(
      /line 1: .*owner/,
    );
  });

  it.each([
    ['/export/ftm?depth=2', 'BAD_USER_INPUT', /needs "id"/],
    ['/export/ftm?id=hikvision&depth=9', 'BAD_USER_INPUT', /depth/],
    ['/export/ftm?types=OWNS,NOPE', 'BAD_USER_INPUT', /"types" has an unknown value "NOPE"/],
    ['/export/ftm?asOf=soon', 'BAD_USER_INPUT', /asOf/],
    ['/export/ftm?format=xml', 'BAD_USER_INPUT', /unknown parameter "format"/],
    ['/export/ftm?limit=-1', 'BAD_USER_INPUT', /limit/],
  ])('answers %s with 400 %s', async (route, code, message) => {
    const response = await get(route);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: string; code: string };
    expect(body).toEqual({ code, error: expect.stringMatching(message) });
  });

  it('answers an unknown id with 404 NOT_FOUND', async () => {
    const response = await get('/export/ftm?id=no-such-entity');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: string }).code).toBe('NOT_FOUND');
  });
});
