import { readFile } from 'node:fs/promises';
import { SEED_FILE } from '../paths';
import { ConflictError, InvalidInputError } from '../model';
import type { CypherRunner } from './cypher-runner';
import { importGraphDocument, isGraphEmpty, type ImportCounts } from './import.store';

/**
 * A freshly started Neo4j plans the import statements slowly (about 10 s on two cores), and
 * planning counts against the transaction timeout.
 */
const SEED_TIMEOUT_MS = 120_000;

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(
      `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); nothing written`,
    );
  }
}

/**
 * Reads a graph document from a JSON file, validates it and imports it in one transaction.
 * Errors are InvalidInputError naming the file, with every problem in `details`.
 */
export async function loadSeedFile(runner: CypherRunner, file: string = SEED_FILE): Promise<ImportCounts> {
  const raw = await readJsonFile(file);
  try {
    return await importGraphDocument(runner, raw, undefined, { timeoutMs: SEED_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const Rejection = error instanceof ConflictError ? ConflictError : InvalidInputError;
      throw new Rejection(`${file}: ${error.message}`, error.details);
    }
    throw error;
  }
}

/** Loads the seed when the graph holds no entity; undefined when it was left alone. */
export async function seedIfEmpty(runner: CypherRunner, file: string = SEED_FILE): Promise<ImportCounts | undefined> {
  return (await isGraphEmpty(runner)) ? loadSeedFile(runner, file) : undefined;
}

/** `29 entities (29 created, 0 updated, 0 unchanged), 61 relationships (61 created, …)` */
export function describeImportCounts(counts: ImportCounts): string {
  const entities = counts.entitiesCreated + counts.entitiesUpdated + counts.entitiesUnchanged;
  const relationships = counts.relationshipsCreated + counts.relationshipsUpdated + counts.relationshipsUnchanged;
  return (
    `${entities} entities (${counts.entitiesCreated} created, ${counts.entitiesUpdated} updated, ` +
    `${counts.entitiesUnchanged} unchanged), ${relationships} relationships (${counts.relationshipsCreated} created, ` +
    `${counts.relationshipsUpdated} updated, ${counts.relationshipsUnchanged} unchanged)`
  );
}
