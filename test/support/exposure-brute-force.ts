import type { EntityKind } from '../../src/model/entity-kinds';
import { periodStart } from '../../src/model/partial-date';
import { EXPOSURE_BARRIER_KINDS, PROVENANCE_TYPES, type ExposureRequest } from '../../src/store/exploration.store';
import type { HubEdge } from './hub-graph';

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The exposures the store must find, worked out from an edge list: breadth-first over world
 * edges that have not ended and hold asOf, never into a barrier kind; then the listings of each
 * entity reached, as sorted "hops entity list listing" lines.
 */
export function bruteForceExposure(
  edges: readonly HubEdge[],
  kinds: ReadonlyMap<string, EntityKind>,
  request: ExposureRequest,
): string[] {
  const asOf = request.asOf ? periodStart(request.asOf) : null;
  const holds = (edge: HubEdge): boolean =>
    asOf === null || ((edge.validFrom ?? '') <= asOf && (edge.validTo === null || edge.validTo >= asOf));
  const barrier = (id: string): boolean => EXPOSURE_BARRIER_KINDS.includes(kinds.get(id) ?? 'COMPANY');
  const world = edges.filter((edge) => !PROVENANCE_TYPES.includes(edge.type) && edge.status !== 'ENDED' && holds(edge));
  const distance = new Map([[request.id, 0]]);
  for (let hops = 1, frontier = [request.id]; hops <= (request.maxHops ?? 2); hops += 1) {
    const reached = new Set(frontier);
    const next: string[] = [];
    for (const edge of world) {
      for (const [from, to] of [
        [edge.from, edge.to],
        [edge.to, edge.from],
      ]) {
        if (reached.has(from) && !distance.has(to) && !barrier(to)) {
          distance.set(to, hops);
          next.push(to);
        }
      }
    }
    frontier = next;
  }
  const statuses = request.statuses ?? ['ACTIVE'];
  return edges
    .filter(
      (edge) =>
        edge.type === 'LISTED_ON' &&
        kinds.get(edge.to) === 'SANCTIONS_LIST' &&
        statuses.includes(edge.status) &&
        (!request.lists?.length || request.lists.includes(edge.to)) &&
        holds(edge) &&
        distance.has(edge.from),
    )
    .map((edge) => `${distance.get(edge.from)} ${edge.from} ${edge.to} ${edge.id}`)
    .sort(byString);
}
