import fc from 'fast-check';
import type { EntityKind } from '../../src/model/entity-kinds';
import { periodEnd, periodStart } from '../../src/model/partial-date';
import type { RelationshipType } from '../../src/model/relationship-types';
import type { RelationshipStatus } from '../../src/model/statuses';
import { deleteEntities } from '../../src/store/entity.store';
import { EXPOSURE_BARRIER_KINDS, type ExposureRequest } from '../../src/store/exploration.store';
import { importGraphDocument } from '../../src/store/import.store';
import { exposure } from '../../src/store/path.store';
import { deleteRelationship } from '../../src/store/relationship.store';
import { bruteForceExposure } from '../support/exposure-brute-force';
import type { HubEdge } from '../support/hub-graph';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';

const COMPANIES = 8;
const LISTS = 2;

type Operation =
  | {
      op: 'edge';
      type: RelationshipType;
      from: number;
      to: number;
      status: RelationshipStatus;
      since?: string;
      until?: string;
    }
  | { op: 'listing'; company: number; list: number; status: RelationshipStatus; since?: string; until?: string }
  | { op: 'delete-edge'; pick: number }
  | { op: 'delete-company'; company: number };

const status = fc.constantFrom<RelationshipStatus>('ACTIVE', 'ACTIVE', 'PROPOSED', 'ENDED');
const since = fc.option(fc.constantFrom('2014', '2019-06'), { nil: undefined });
const until = fc.option(fc.constantFrom('2016', '2022-03'), { nil: undefined });
const company = fc.integer({ min: 0, max: COMPANIES - 1 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('edge' as const),
      type: fc.constantFrom<RelationshipType>('PARTNER_OF', 'SUPPLIES'),
      from: company,
      to: company,
      status,
      since,
      until,
    }),
  },
  // Into the place: a barrier, which no path may pass through.
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('edge' as const),
      type: fc.constant<RelationshipType>('OPERATES_IN'),
      from: company,
      to: fc.constant(-1),
      status,
      since,
      until,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('listing' as const),
      company,
      list: fc.integer({ min: 0, max: LISTS - 1 }),
      status,
      since,
      until,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete-edge' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-company' as const), company }) },
);
const request = fc.record({
  // -1: the place, a barrier kind, which may still be the start of a path.
  start: fc.integer({ min: -1, max: COMPANIES - 1 }),
  maxHops: fc.integer({ min: 1, max: 4 }),
  asOf: fc.option(fc.constantFrom('2015', '2020', '2023-01'), { nil: undefined }),
  statuses: fc.constantFrom<RelationshipStatus[] | null>(null, ['ACTIVE', 'PROPOSED'], ['ENDED']),
  firstListOnly: fc.boolean(),
});

// A target: exposure through the index answers what breadth-first search over the graph as
// written does, after any sequence of writes, revivals, ENDED edges, deletes and asOf.
describe('the exposure index, against brute force', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await connectTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('finds every listing within reach, each at its distance, along a valid path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 3, maxLength: 12 }),
        fc.array(request, { minLength: 4, maxLength: 8 }),
        async (operations, requests) => {
          const p = uniquePrefix('expoidx');
          const companyId = (index: number): string => `${p}-c${index}`;
          const place = `${p}-place`;
          const listId = (index: number): string => `${p}-list${index}`;
          const article = `${p}-article`;
          const kinds = new Map<string, EntityKind>([
            [place, 'PLACE'],
            [article, 'ARTICLE'],
            ...Array.from({ length: LISTS }, (_, index): [string, EntityKind] => [listId(index), 'SANCTIONS_LIST']),
            ...Array.from({ length: COMPANIES }, (_, index): [string, EntityKind] => [companyId(index), 'COMPANY']),
          ]);
          await importGraphDocument(db.runner, {
            entities: [...kinds].map(([id, kind]) => ({ id, kind, name: id })),
            relationships: [],
          });
          const edges = new Map<string, HubEdge>();
          const alive = new Set(Array.from({ length: COMPANIES }, (_, index) => companyId(index)));
          try {
            for (const step of operations) {
              if (step.op === 'delete-edge') {
                const ids = [...edges.keys()];
                if (ids.length === 0) continue;
                const id = ids[step.pick % ids.length];
                await deleteRelationship(db.runner, id);
                edges.delete(id);
                continue;
              }
              if (step.op === 'delete-company') {
                const id = companyId(step.company);
                await deleteEntities(db.runner, [id]);
                alive.delete(id);
                for (const [key, edge] of edges) if (edge.from === id || edge.to === id) edges.delete(key);
                continue;
              }
              const from = companyId(step.op === 'edge' ? step.from : step.company);
              const to = step.op === 'listing' ? listId(step.list) : step.to < 0 ? place : companyId(step.to);
              const type: RelationshipType = step.op === 'listing' ? 'LISTED_ON' : step.type;
              if (from === to || !alive.has(from) || (kinds.get(to) === 'COMPANY' && !alive.has(to))) continue;
              // One id per fact (either way round when symmetric): a second write of it is an update.
              const ends = type === 'PARTNER_OF' ? [from, to].sort() : [from, to];
              const id = `${p}-${type.toLowerCase().replace(/_/g, '-')}-${ends.map((end) => end.slice(p.length + 1)).join('-')}`;
              const stored = edges.get(id);
              const [a, b] = stored ? [stored.from, stored.to] : [from, to];
              const interval =
                step.since && step.until && periodStart(step.since) > periodEnd(step.until)
                  ? { since: step.since }
                  : { since: step.since, until: step.until };
              await importGraphDocument(db.runner, {
                entities: [],
                relationships: [
                  {
                    id,
                    type,
                    from: a,
                    to: b,
                    status: step.status,
                    ...interval,
                    evidence: [{ article, quote: 'Said so.' }],
                  },
                ],
              });
              edges.set(id, {
                id,
                type,
                from: a,
                to: b,
                status: step.status,
                validFrom: interval.since ? periodStart(interval.since) : null,
                validTo: interval.until ? periodEnd(interval.until) : null,
              });
            }
            for (const ask of requests) {
              const start = companyId(ask.start);
              if (!alive.has(start)) continue;
              const exposureRequest: ExposureRequest = {
                id: start,
                maxHops: ask.maxHops,
                asOf: ask.asOf ?? null,
                statuses: ask.statuses,
                lists: ask.firstListOnly ? [listId(0)] : null,
              };
              const found = await exposure(db.runner, exposureRequest);
              const want = bruteForceExposure([...edges.values()], kinds, {
                ...exposureRequest,
                statuses: exposureRequest.statuses ?? undefined,
              });
              expect(
                found.map((item) => `${item.hops} ${item.entity.id} ${item.list.id} ${item.listing.id}`).sort(),
              ).toEqual(want);
              for (const item of found) {
                const { nodes, edges: steps } = item.path;
                expect(steps).toHaveLength(item.hops);
                expect(nodes[0].id).toBe(start);
                expect(nodes[nodes.length - 1].id).toBe(item.entity.id);
                steps.forEach((edge, index) => {
                  expect([edge.from, edge.to].sort()).toEqual([nodes[index].id, nodes[index + 1].id].sort());
                  expect(edge.status).not.toBe('ENDED');
                });
                for (const node of nodes.slice(1)) expect(EXPOSURE_BARRIER_KINDS).not.toContain(node.kind);
              }
            }
          } finally {
            await db.runner.write((tx) => tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p DETACH DELETE e', { p }));
          }
        },
      ),
      {
        numRuns: 25,
        // Always among the cases: an edge to an entity listed before it, seen from the far end at
        // the search's last level (the listed-neighbour names, not the bound, must know of it).
        examples: [
          // An ENDED listing still makes its entity listed, for a request that asks for ENDED ones.
          [
            [
              { op: 'listing', company: 0, list: 0, status: 'ENDED' },
              { op: 'edge', type: 'PARTNER_OF', from: 1, to: 0, status: 'ACTIVE' },
            ],
            [{ start: 1, maxHops: 1, asOf: undefined, statuses: ['ENDED'], firstListOnly: false }],
          ],
          [
            [
              { op: 'listing', company: 0, list: 0, status: 'ACTIVE' },
              { op: 'edge', type: 'PARTNER_OF', from: 1, to: 0, status: 'ACTIVE' },
              { op: 'edge', type: 'SUPPLIES', from: 2, to: 1, status: 'ACTIVE' },
            ],
            [
              { start: 1, maxHops: 1, asOf: undefined, statuses: null, firstListOnly: false },
              { start: 2, maxHops: 2, asOf: undefined, statuses: null, firstListOnly: false },
            ],
          ],
        ],
      },
    );
  }, 300000);
});
