import type { FtmEntity } from '../src/model/ftm';

/*
 * A deterministic synthetic FollowTheMoney graph for benchmarks: the same options give the same
 * lines, byte for byte, so runs at one scale compare. Companies, persons and organizations;
 * Ownership, Directorship and UnknownLink edges (roles SUPPLIES and COMPETES_WITH, which the
 * importer maps to those types) with power-law degrees; three hub companies of about a tenth of the
 * entity count in edges each (100,000 at 1M); about 0.5% of entities sanctioned with dated
 * Sanction records; some ENDED and PROPOSED edges. Nodes come first, then edges.
 */

export interface GeneratorOptions {
  entities: number;
  seed: number;
  /** Starts every id (default `gen`): tests sharing a database keep theirs apart. */
  prefix?: string;
  /** Share of entities with a sanction (default SANCTIONED_SHARE). */
  sanctionedShare?: number;
}

/** Edges per entity on average, hubs included: 5M relationships at 1M entities. */
const EDGES_PER_ENTITY = 5;
const SANCTIONED_SHARE = 0.005;
/** Skew of endpoint choice: index = length·u^SKEW gives a heavy-tailed degree distribution. */
const SKEW = 3;

/** The i-th entity's id and FtM schema: six companies, three persons and one organization per ten. */
export const entityId = (prefix: string, index: number): string => `${prefix}-${index}`;
function schemaOf(index: number): 'Company' | 'Person' | 'Organization' {
  const slot = index % 10;
  return slot < 6 ? 'Company' : slot < 9 ? 'Person' : 'Organization';
}

/** The hubs' entity indexes: companies (ten-slots 0–5 are companies). */
export const HUB_INDEXES = [0, 1, 2] as const;
/** Edges each hub gets, proportional to the scale: 100,000 at 1M entities. */
export const hubDegree = (entities: number): number => Math.max(1, Math.floor(entities / 10));

/** mulberry32: small, fast and the same on every platform. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Amber', 'Boreal', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper'];
const GIVEN = ['Ana', 'Bo', 'Chen', 'Dara', 'Emil', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jun'];
const COUNTRIES = ['us', 'gb', 'de', 'cn', 'ru', 'fr', 'ae', 'cy', 'pa', 'sg'];
const PROGRAMS = [
  { programId: ['GEN-US-SDN'], program: ['Synthetic SDN list'], authority: ['Synthetic Treasury'] },
  { programId: ['GEN-EU-FSF'], program: ['Synthetic EU financial sanctions'], authority: ['Synthetic Council'] },
  { programId: ['GEN-UK-CON'], program: ['Synthetic consolidated list'], authority: ['Synthetic Office'] },
];

/** Every line of the generated file, in order, each a complete FtM entity. */
export function* generateFtm(options: GeneratorOptions): Generator<FtmEntity> {
  const { entities, prefix = 'gen' } = options;
  if (!Number.isInteger(entities) || entities < 10) throw new RangeError('entities must be an integer ≥ 10');
  const next = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const year = (from: number, to: number): number => from + Math.floor(next() * (to - from + 1));

  const byKind = { Company: [] as number[], Person: [] as number[], Organization: [] as number[] };
  for (let index = 0; index < entities; index += 1) {
    const schema = schemaOf(index);
    byKind[schema].push(index);
    const name =
      schema === 'Person'
        ? `${pick(GIVEN)} ${pick(WORDS)}son ${index}`
        : `${pick(WORDS)} ${pick(WORDS)} ${schema === 'Company' ? 'Holdings' : 'Foundation'} ${index}`;
    yield {
      id: entityId(prefix, index),
      schema,
      properties: { name: [name], country: [pick(COUNTRIES)] },
    };
  }
  const owners = [...byKind.Company, ...byKind.Person, ...byKind.Organization].sort((a, b) => a - b);
  const bodies = [...byKind.Company, ...byKind.Organization].sort((a, b) => a - b);
  const companies = byKind.Company;
  /** A heavy-tailed choice: low positions of `pool` are picked far more often. */
  const skewed = (pool: readonly number[]): number => pool[Math.floor(pool.length * next() ** SKEW)];
  const uniform = (pool: readonly number[]): number => pool[Math.floor(pool.length * next())];

  let edgeCount = 0;
  const competitors = new Set<string>();
  /** The edge's dates and status: most ACTIVE since some year, some ENDED, some PROPOSED. */
  const lifecycle = (): Record<string, string[]> => {
    const roll = next();
    if (roll < 0.03) {
      const start = year(1995, 2015);
      return { startDate: [String(start)], endDate: [`${year(start, 2020)}-06-30`], status: ['ENDED'] };
    }
    if (roll < 0.05) return { status: ['PROPOSED'] };
    return { startDate: [String(year(1995, 2024))] };
  };
  function* edge(schema: string, source: string, target: string, from: number, to: number, role?: string) {
    if (from === to) return;
    if (role === 'COMPETES_WITH') {
      // Symmetric facts are stored once: one competition edge per pair, either way round.
      const pair = from < to ? `${from}-${to}` : `${to}-${from}`;
      if (competitors.has(pair)) return;
      competitors.add(pair);
    }
    edgeCount += 1;
    yield {
      id: `${prefix}-e${edgeCount}`,
      schema,
      properties: {
        [source]: [entityId(prefix, from)],
        [target]: [entityId(prefix, to)],
        ...(role === undefined ? {} : { role: [role] }),
        ...lifecycle(),
      },
    } satisfies FtmEntity;
  }
  const link = (from: number, to: number, role: string) => edge('UnknownLink', 'subject', 'object', from, to, role);

  // The hubs: a supplier to many, a company many own, a company competing with many.
  const degree = hubDegree(entities);
  const [supplier, owned, competitor] = HUB_INDEXES;
  for (let k = 0; k < degree; k += 1) {
    yield* link(supplier, bodies[(k + 1) % bodies.length], 'SUPPLIES');
    yield* edge('Ownership', 'owner', 'asset', owners[(k + 2) % owners.length], owned);
    yield* link(competitor, companies[(k + 3) % companies.length], 'COMPETES_WITH');
  }
  // The rest: a uniform source, a heavy-tailed target.
  const total = EDGES_PER_ENTITY * entities;
  while (edgeCount < total) {
    const roll = next();
    if (roll < 0.35) yield* edge('Ownership', 'owner', 'asset', uniform(owners), skewed(bodies));
    else if (roll < 0.6) yield* edge('Directorship', 'director', 'organization', uniform(owners), skewed(bodies));
    else if (roll < 0.8) yield* link(uniform(bodies), skewed(bodies), 'SUPPLIES');
    else yield* link(uniform(companies), skewed(companies), 'COMPETES_WITH');
  }
  // Sanctions: dated listings, some lifted since.
  const sanctioned = Math.max(1, Math.round(entities * (options.sanctionedShare ?? SANCTIONED_SHARE)));
  for (let k = 0; k < sanctioned; k += 1) {
    const listed = uniform(owners);
    const start = year(2000, 2024);
    yield {
      id: `${prefix}-sanction-${k}`,
      schema: 'Sanction',
      properties: {
        entity: [entityId(prefix, listed)],
        ...pick(PROGRAMS),
        startDate: [`${start}-0${1 + Math.floor(next() * 9)}-15`],
        ...(next() < 0.1 ? { endDate: [`${year(start, 2024)}-12-31`] } : {}),
      },
    };
  }
}
