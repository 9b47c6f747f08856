import type { RelationshipRecord } from '../../src/model/graph-document';
import { periodEnd, periodStart } from '../../src/model/partial-date';
import { isSymmetricType, type RelationshipType } from '../../src/model/relationship-types';
import type { Direction } from '../../src/model/statuses';
import { degreesByIds } from '../../src/store/entity.store';
import { importGraphDocument } from '../../src/store/import.store';
import {
  listRelationships,
  relationshipPagesForEntities,
  type RelationshipFilter,
  type RelationshipSelection,
} from '../../src/store/relationship.store';
import { connectTestDb, uniquePrefix, type TestDb } from '../support/neo4j';
import { details, profile, recording } from '../support/profile';

const HUB_SUPPLIES = 1500;
const HUB_OWNERS = 800;
const HUB_COMPETITORS = 400;
const SMALL_EACH = 18;
const PAGE = 50;

/** The part of a relationship record the expected pages are worked out from. */
type Edge = Pick<RelationshipRecord, 'id' | 'type' | 'from' | 'to' | 'status' | 'since' | 'until'>;

/** The store's answer worked out by hand from the document, in the store's id order. */
function expected(edges: readonly Edge[], entity: string, selection: RelationshipSelection): string[] {
  const asOf = selection.asOf ? periodStart(selection.asOf) : null;
  return edges
    .filter((edge) => edge.from === entity || edge.to === entity)
    .filter((edge) => !selection.types?.length || selection.types.includes(edge.type))
    .filter((edge) => {
      const direction = selection.direction ?? 'BOTH';
      if (direction === 'BOTH' || isSymmetricType(edge.type)) return true;
      return direction === 'OUTGOING' ? edge.from === entity : edge.to === entity;
    })
    .filter((edge) => !selection.statuses?.length || selection.statuses.includes(edge.status))
    .filter(
      (edge) =>
        asOf === null ||
        ((edge.since === undefined || periodStart(edge.since) <= asOf) &&
          (edge.until === undefined || periodEnd(edge.until) >= asOf)),
    )
    .map((edge) => edge.id)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

// A target: a page of a hub, its total and its degree cost what a small node's do.
describe('relationship pages of a hub', () => {
  const p = uniquePrefix('hubpage');
  const hub = `${p}-hub`;
  const small = `${p}-small`;
  const article = `${p}-article`;
  const company = (i: number): string => `${p}-c${i}`;
  const edges: Edge[] = [];
  let db: TestDb;

  const dated = (index: number): Pick<Edge, 'status' | 'since' | 'until'> =>
    index % 7 === 0
      ? { status: 'ENDED', since: '2010', until: '2012-06' }
      : index % 11 === 0
        ? { status: 'PROPOSED' }
        : { status: 'ACTIVE', since: '2014' };

  beforeAll(async () => {
    db = await connectTestDb();
    const add = (id: string, type: RelationshipType, from: string, to: string, index: number): void => {
      edges.push({ id, type, from, to, ...dated(index) });
    };
    for (let i = 0; i < HUB_SUPPLIES; i += 1) add(`${p}-s-${i}`, 'SUPPLIES', hub, company(i), i);
    for (let i = 0; i < HUB_OWNERS; i += 1) add(`${p}-o-${i}`, 'OWNS', company(i), hub, i);
    // Symmetric: stored either way round, read from both ends.
    for (let i = 0; i < HUB_COMPETITORS; i += 1) {
      add(`${p}-k-${i}`, 'COMPETES_WITH', i % 2 ? hub : company(i), i % 2 ? company(i) : hub, i);
    }
    for (let i = 0; i < SMALL_EACH; i += 1) {
      add(`${p}-ss-${i}`, 'SUPPLIES', small, company(i), i);
      add(`${p}-so-${i}`, 'OWNS', company(i + 1), small, i);
      add(`${p}-sk-${i}`, 'COMPETES_WITH', i % 2 ? small : company(i), i % 2 ? company(i) : small, i);
    }
    await importGraphDocument(db.runner, {
      entities: [
        { id: article, kind: 'ARTICLE', name: 'Hub page article' },
        { id: hub, kind: 'COMPANY', name: `${p} Hub` },
        { id: small, kind: 'COMPANY', name: `${p} Small` },
        ...Array.from({ length: HUB_SUPPLIES }, (_, i) => ({ id: company(i), kind: 'COMPANY', name: `${p} ${i}` })),
      ],
      relationships: edges.map((edge) => ({ ...edge, evidence: [{ article, quote: 'Generated.' }] })),
    });
  }, 180000);

  afterAll(async () => {
    await db.runner.write((tx) =>
      tx.run('MATCH (e:Entity) WHERE e.id STARTS WITH $p CALL (e) { DETACH DELETE e }', { p }),
    );
    await db.close();
  });

  const selections: [string, RelationshipSelection][] = [
    ['everything', {}],
    ['outgoing', { direction: 'OUTGOING' }],
    ['incoming', { direction: 'INCOMING' }],
    ['one type', { types: ['SUPPLIES'] }],
    ['symmetric and incoming', { direction: 'INCOMING', types: ['COMPETES_WITH', 'OWNS'] }],
    ['statuses', { statuses: ['ACTIVE', 'PROPOSED'] }],
    ['asOf', { asOf: '2011', direction: 'OUTGOING' }],
  ];

  it.each(selections)(
    'pages and totals match the document (%s)',
    async (_name, selection) => {
      for (const entity of [hub, small]) {
        const want = expected(edges, entity, selection);
        const seen: string[] = [];
        let after: string | null = null;
        for (;;) {
          const page = (await relationshipPagesForEntities(db.runner, [entity], selection, 400, after)).get(entity);
          if (!page) throw new Error(`no page for ${entity}`);
          expect(page.totalCount).toBe(want.length);
          expect(page.hasPreviousPage).toBe(after !== null);
          seen.push(...page.rows.map((row) => row.id));
          if (!page.hasNextPage) break;
          after = page.cursorOf(page.rows[page.rows.length - 1]);
        }
        expect(seen).toEqual(want);
      }
    },
    180000,
  );

  it('lists relationships anchored on the hub in the same order, with the same totals', async () => {
    const byId = new Map(edges.map((edge) => [edge.id, edge]));
    // `from`/`to` filters: the named end, or either end of a symmetric edge.
    const endsAt = (end: 'from' | 'to', entity: string) => (id: string) => {
      const edge = byId.get(id) as Edge;
      return edge[end] === entity || (isSymmetricType(edge.type) && (edge.from === entity || edge.to === entity));
    };
    const cases: [RelationshipFilter, string[]][] = [
      [{ entity: hub }, expected(edges, hub, {})],
      [
        { entity: hub, direction: 'INCOMING', types: ['OWNS'] },
        expected(edges, hub, { direction: 'INCOMING', types: ['OWNS'] }),
      ],
      [{ from: hub, statuses: ['ACTIVE'] }, expected(edges, hub, { statuses: ['ACTIVE'] }).filter(endsAt('from', hub))],
      [{ entity: hub, to: company(3) }, expected(edges, hub, {}).filter(endsAt('to', company(3)))],
      [{ entity: `${p}-nobody` }, []],
    ];
    for (const [filter, want] of cases) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await listRelationships(db.runner, filter, 500, after);
        expect(page.totalCount).toBe(want.length);
        seen.push(...page.rows.map((row) => row.id));
        if (!page.hasNextPage) break;
        after = page.cursorOf(page.rows[page.rows.length - 1]);
      }
      expect(seen).toEqual(want);
    }
  }, 180000);

  it('plans the page as ordered index seeks and the total and degree as degree-store lookups', async () => {
    const { runner, statements } = recording(db);
    const pages = await relationshipPagesForEntities(runner, [hub, small], {}, PAGE);
    expect(pages.get(hub)?.totalCount).toBe(HUB_SUPPLIES + HUB_OWNERS + HUB_COMPETITORS);
    // The entities with their per-type degrees, then one statement per type they have: none for the other types.
    const [probe, ...typePages] = statements;
    expect(typePages).toHaveLength(3);
    const probePlan = await profile(db, probe);
    expect(probePlan.some((operator) => /getDegree\(/i.test(details(operator)))).toBe(true);
    expect(probePlan.map((operator) => operator.operatorType).join(' ')).not.toMatch(/Expand|Relationship/);
    for (const statement of typePages) {
      const plan = await profile(db, statement);
      const types = new Set(plan.map((operator) => operator.operatorType.replace(/@.*/, '')));
      expect(types).toContain('DirectedRelationshipIndexSeek');
      for (const operator of types) expect(operator).not.toMatch(/Expand|Sort|RelationshipIndexScan|AllRelationships/);
      // Nothing reads the hub's adjacency: no operator sees more rows than the seeks' limits allow.
      const seeks = plan.filter((operator) => operator.operatorType.startsWith('DirectedRelationshipIndexSeek'));
      for (const operator of plan) expect(operator.rows).toBeLessThanOrEqual(2 * seeks.length * (PAGE + 1));
    }

    const degrees = recording(db);
    expect((await degreesByIds(degrees.runner, [hub])).get(hub)).toBe(HUB_SUPPLIES + HUB_OWNERS + HUB_COMPETITORS);
    const degreePlan = await profile(db, degrees.last());
    expect(degreePlan.some((operator) => /getDegree\(/i.test(details(operator)))).toBe(true);
    expect(degreePlan.map((operator) => operator.operatorType).join(' ')).not.toMatch(/Expand/);
  }, 120000);

  it('keeps a filtered page an ordered seek, deep in the cursor chain too', async () => {
    const { runner, last } = recording(db);
    const selection: RelationshipSelection = { direction: 'OUTGOING' as Direction, statuses: ['ACTIVE'] };
    const want = expected(edges, hub, selection);
    const deep = (await relationshipPagesForEntities(db.runner, [hub], selection, 1, null)).get(hub);
    if (!deep) throw new Error('no page');
    const cursor = deep.cursorOf({ ...deep.rows[0], id: want[1000] });
    const page = (await relationshipPagesForEntities(runner, [hub], selection, PAGE, cursor)).get(hub);
    expect(page?.rows.map((row) => row.id)).toEqual(want.slice(1001, 1001 + PAGE));
    const plan = await profile(db, last());
    const types = plan.map((operator) => operator.operatorType.replace(/@.*/, ''));
    expect(types).toContain('DirectedRelationshipIndexSeek');
    expect(types.join(' ')).not.toMatch(/Sort|RelationshipIndexScan/);
  }, 120000);
});
