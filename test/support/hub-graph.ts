import { relaxAllExposureIndex } from '../../src/store/migrations';
import { KIND_LABEL, type EntityKind } from '../../src/model/entity-kinds';
import { periodEnd, periodStart } from '../../src/model/partial-date';
import type { RelationshipType } from '../../src/model/relationship-types';
import type { RelationshipStatus } from '../../src/model/statuses';
import { ENDPOINT_ID_PROPERTIES } from '../../src/store/records';
import type { TestDb } from './neo4j';

/** An edge as the brute-force answers read it; validFrom/validTo as stored. */
export interface HubEdge {
  id: string;
  type: RelationshipType;
  from: string;
  to: string;
  status: RelationshipStatus;
  validFrom: string | null;
  validTo: string | null;
}

export interface HubGraph {
  prefix: string;
  hub: string;
  /** Supplies every other company of the hub's. */
  hub2: string;
  /** A company whose only edge supplies the hub. */
  leaf: string;
  list: string;
  /** Listed, and reachable from the hub only through a place. */
  far: string;
  company: (index: number) => string;
  kinds: Map<string, EntityKind>;
  edges: HubEdge[];
  /** Edges of the hub, all types. */
  hubDegree: number;
}

export const HUB_COMPANIES = 6000;
const ARTICLES = 3000;
const PARTNERS = 2000;
const OWNERS = 5000;
const COMPETITORS = 4000;
const LISTED = 20;
/** Listed companies outside the hub's adjacency, each partner of one of its companies: 2 hops away. */
const OUTER = 12;
const BATCH = 5000;

/** Statuses and dates spread over an index: some ENDED in 2010–2012, some PROPOSED, the rest ACTIVE since 2014. */
function dated(index: number): Pick<HubEdge, 'status' | 'validFrom' | 'validTo'> {
  if (index % 7 === 0) return { status: 'ENDED', validFrom: periodStart('2010'), validTo: periodEnd('2012-06') };
  if (index % 11 === 0) return { status: 'PROPOSED', validFrom: null, validTo: null };
  return { status: 'ACTIVE', validFrom: periodStart('2014'), validTo: null };
}

/**
 * A hub of 20,000 edges of five types and a loop (3,000 of them provenance), a second hub sharing half its
 * customers, a sparse partner web, a sanctions list and a place: written with UNWIND in a few
 * seconds, every edge with its endpoint ids as the importer writes them.
 */
export async function buildHubGraph(db: TestDb, prefix: string): Promise<HubGraph> {
  const company = (index: number): string => `${prefix}-c${index}`;
  const graph: HubGraph = {
    prefix,
    hub: `${prefix}-hub`,
    hub2: `${prefix}-hub2`,
    leaf: `${prefix}-leaf`,
    list: `${prefix}-list`,
    far: `${prefix}-far`,
    company,
    kinds: new Map(),
    edges: [],
    hubDegree: 0,
  };
  const place = `${prefix}-place`;
  const node = (id: string, kind: EntityKind): void => void graph.kinds.set(id, kind);
  const edge = (id: string, type: RelationshipType, from: string, to: string, index: number): void =>
    void graph.edges.push({ id: `${prefix}-${id}`, type, from, to, ...dated(index) });

  for (const id of [graph.hub, graph.hub2, graph.leaf, graph.far]) node(id, 'COMPANY');
  for (let i = 0; i < HUB_COMPANIES; i += 1) node(company(i), 'COMPANY');
  for (let i = 0; i < ARTICLES; i += 1) node(`${prefix}-a${i}`, 'ARTICLE');
  node(graph.list, 'SANCTIONS_LIST');
  node(place, 'PLACE');

  for (let i = 0; i < HUB_COMPANIES; i += 1) edge(`s${i}`, 'SUPPLIES', graph.hub, company(i), i);
  for (let i = 0; i < OWNERS; i += 1) edge(`o${i}`, 'OWNS', company(i), graph.hub, i);
  // Symmetric: stored either way round.
  for (let i = 0; i < COMPETITORS; i += 1)
    edge(`k${i}`, 'COMPETES_WITH', i % 2 ? graph.hub : company(i), i % 2 ? company(i) : graph.hub, i);
  for (let i = 0; i < PARTNERS; i += 1) edge(`p${i}`, 'PARTNER_OF', graph.hub, company(HUB_COMPANIES - 1 - i), i);
  for (let i = 0; i < ARTICLES; i += 1) edge(`m${i}`, 'MENTIONS', `${prefix}-a${i}`, graph.hub, i);
  // A loop: among the edges of any neighbourhood holding the hub.
  edge('loop', 'OWNS', graph.hub, graph.hub, 1);
  graph.hubDegree = graph.edges.length;
  for (let i = 0; i < HUB_COMPANIES / 2; i += 1) edge(`t${i}`, 'SUPPLIES', graph.hub2, company(2 * i), i);
  for (let i = 0; i < HUB_COMPANIES; i += 1)
    edge(`w${i}`, 'PARTNER_OF', company(i), company((i * 7 + 11) % HUB_COMPANIES), i + 1);
  edge('leaf', 'SUPPLIES', graph.leaf, graph.hub, 1);
  for (let k = 1; k <= LISTED; k += 1) {
    // Every fifth listing ended, every seventh is only proposed: exposure counts ACTIVE by default.
    const status: RelationshipStatus = k % 5 === 0 ? 'ENDED' : k % 7 === 0 ? 'PROPOSED' : 'ACTIVE';
    graph.edges.push({
      id: `${prefix}-l${k}`,
      type: 'LISTED_ON',
      from: company((k * 293) % HUB_COMPANIES),
      to: graph.list,
      status,
      validFrom: periodStart(k % 3 === 0 ? '2020' : '2015'),
      validTo: null,
    });
  }
  edge('lfar', 'LISTED_ON', graph.far, graph.list, 1);
  for (let j = 0; j < OUTER; j += 1) {
    const outer = `${prefix}-out${j}`;
    node(outer, 'COMPANY');
    // Dated as the rest: some of these links ended or are only proposed.
    edge(`x${j}`, 'PARTNER_OF', outer, company((j * 131) % HUB_COMPANIES), j);
    graph.edges.push({
      id: `${prefix}-ol${j}`,
      type: 'LISTED_ON',
      from: outer,
      to: graph.list,
      status: j % 4 === 3 ? 'PROPOSED' : 'ACTIVE',
      validFrom: periodStart(j % 2 ? '2020' : '2015'),
      validTo: null,
    });
  }
  edge('hq', 'OPERATES_IN', graph.hub, place, 1);
  edge('fq', 'OPERATES_IN', graph.far, place, 1);

  const byKind = new Map<EntityKind, string[]>();
  for (const [id, kind] of graph.kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
  for (const [kind, ids] of byKind) {
    await db.runner.write((tx) =>
      tx.run(
        `UNWIND $ids AS id CREATE (e:Entity:${KIND_LABEL[kind]} {id: id, kind: $kind, name: id, nameKey: id, aliases: [], aliasText: ''})`,
        { ids, kind },
      ),
    );
  }
  const byType = new Map<RelationshipType, HubEdge[]>();
  for (const item of graph.edges) byType.set(item.type, [...(byType.get(item.type) ?? []), item]);
  for (const [type, edges] of byType) {
    for (let start = 0; start < edges.length; start += BATCH) {
      const rows = edges.slice(start, start + BATCH);
      await db.runner.write((tx) =>
        tx.run(
          `UNWIND $rows AS row
           MATCH (a:Entity {id: row.from}), (b:Entity {id: row.to})
           CREATE (a)-[r:${type}]->(b)
           SET r.id = row.id, r.status = row.status, r.validFrom = row.validFrom, r.validTo = row.validTo,
               r.evidenceArticles = [], r.evidenceQuotes = [],
               r.${ENDPOINT_ID_PROPERTIES.from} = row.from, r.${ENDPOINT_ID_PROPERTIES.to} = row.to`,
          { rows },
        ),
      );
    }
  }
  // Written past the store's write path, as a bulk import is: the exposure index is built after.
  await relaxAllExposureIndex(db.driver, db.runner.database);
  return graph;
}

/** Deletes a graph built by buildHubGraph, in batches a small heap can take. */
export async function deleteHubGraph(db: TestDb, prefix: string): Promise<void> {
  for (;;) {
    const [row] = await db.runner.write((tx) =>
      tx.run<{ deleted: number }>(
        `MATCH (e:Entity) WHERE e.id STARTS WITH $prefix WITH e LIMIT 1000 DETACH DELETE e RETURN count(*) AS deleted`,
        { prefix },
      ),
    );
    if (row.deleted === 0) return;
  }
}
