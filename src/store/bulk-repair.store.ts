import type { Driver } from 'neo4j-driver';
import { ENTITY_LABEL, KIND_LABEL, type EntityKind } from '../model/entity-kinds';
import type { RelationshipType } from '../model/relationship-types';

/*
 * After a bulk load: lists neo4j-admin cannot express (an empty one, or [''], see
 * LIST_SENTINELS in src/db/bulk-csv.ts) were imported as one-element sentinels; this puts back
 * what the online path stores. Property names come from src/store/records.ts (the CSV writer
 * reports which ones got a sentinel), labels and types from the registry.
 */

export interface ListSentinels {
  empty: string;
  oneEmptyString: string;
}

/** Sentinel list properties found per kind label and per relationship type. */
export interface SentinelRepairs {
  entities: ReadonlyMap<EntityKind, ReadonlySet<string>>;
  relationships: ReadonlyMap<RelationshipType, ReadonlySet<string>>;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9]*$/;

/** `SET x.p = …` for each property, and the condition that any of them holds a sentinel. */
function repairClauses(variable: string, properties: ReadonlySet<string>): { where: string; set: string } {
  const names = [...properties];
  const bad = names.find((name) => !IDENTIFIER.test(name));
  if (bad !== undefined) throw new Error(`not a stored property name: ${bad}`);
  return {
    where: names.map((name) => `${variable}.${name} IN [[$empty], [$oneEmptyString]]`).join(' OR '),
    set: names
      .map(
        (name) =>
          `${variable}.${name} = CASE ${variable}.${name} WHEN [$empty] THEN [] WHEN [$oneEmptyString] THEN [''] ELSE ${variable}.${name} END`,
      )
      .join(', '),
  };
}

/** Replaces the sentinels, in batches of their own transactions; returns how many records changed. */
export async function repairListSentinels(
  driver: Driver,
  database: string,
  repairs: SentinelRepairs,
  sentinels: ListSentinels,
): Promise<number> {
  const statements = [
    ...[...repairs.entities].map(([kind, properties]) => {
      const { where, set } = repairClauses('e', properties);
      return `MATCH (e:${ENTITY_LABEL}:${KIND_LABEL[kind]}) WHERE ${where}
        CALL (e) { SET ${set} } IN TRANSACTIONS OF 20000 ROWS RETURN count(*) AS repaired`;
    }),
    ...[...repairs.relationships].map(([type, properties]) => {
      const { where, set } = repairClauses('r', properties);
      return `MATCH ()-[r:${type}]->() WHERE ${where}
        CALL (r) { SET ${set} } IN TRANSACTIONS OF 20000 ROWS RETURN count(*) AS repaired`;
    }),
  ];
  let repaired = 0;
  for (const statement of statements) {
    // IN TRANSACTIONS needs an auto-commit query, hence a session of its own.
    const session = driver.session({ database });
    try {
      const result = await session.run(statement, { ...sentinels });
      repaired += Number(result.records[0]?.get('repaired') ?? 0);
    } finally {
      await session.close();
    }
  }
  return repaired;
}
