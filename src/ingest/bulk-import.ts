import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import neo4j from 'neo4j-driver';
import {
  describe,
  numberedLines,
  recordsOfLine,
  flawTally,
  type FlawReason,
  type ImportFormat,
  type LineFlaw,
} from './ndjson-import';
import {
  ENTITY_LABEL,
  KIND_LABEL,
  type EntityKind,
  FtmFlaw,
  type FtmImportOptions,
  isSymmetricType,
  type RelationshipType,
  validateGraphDocument,
  kindClash,
  symmetricDuplicate,
  symmetricFactKey,
  type DocumentError,
} from '../model';
import type { EntityRecord, RelationshipRecord } from '../model';
import { ENDPOINT_IDS_MIGRATION, migrate, MIGRATION_LABEL } from '../store';
import {
  ARRAY_DELIMITER,
  ChunkedWriter,
  CsvFile,
  entityCsv,
  relationshipCsv,
  writeEntity,
  writeRelationship,
} from './bulk-csv';
import { FingerprintSet } from './fingerprint-set';
import { ensureNeo4jJars, JAVA, JAVA_OPENS, LocalNeo4j, prepareHome, type LocalNeo4jOptions, type Log } from '../db';
import { NEO4J_LIB_DIR } from '../paths';
import { seconds } from '../units';

/*
 * `entity-graph import --bulk`: the same lines, mapping and validation as the online importer
 * (src/export/ndjson-import.ts), written as CSV files and loaded by Neo4j's offline importer
 * (`neo4j-admin database import full`) into a stopped local Neo4j; then the server starts and
 * the migrations create constraints and indexes. Memory: the id → kind map of all entities (endpoint validation) and a 64-bit
 * fingerprint per relationship (ids unique across types, symmetric facts once); the rest
 * streams.
 */

export interface BulkImportOptions {
  /** The local Neo4j to load; it must be stopped. */
  neo4j: Omit<LocalNeo4jOptions, 'log'>;
  database: string;
  /** An NDJSON file, or '-' for stdin (read once, as a file). */
  input: string;
  format: ImportFormat;
  /** Stop at the first flawed line; then nothing is imported. */
  strict?: boolean;
  /** Dataset cited by FtM lines that name none (default: the file's name). */
  dataset?: string;
  /** Today (YYYY-MM-DD): FtM edges that ended before it are ENDED. */
  today?: string;
  /** Replace a database that already has store files (neo4j-admin cannot add to one). */
  force?: boolean;
  /** Heap of the neo4j-admin JVM (default 1g; it works mostly off-heap). */
  adminHeap?: string;
  /** Leave the server running (with a long transaction timeout) and return it in the report (default: stop it). */
  keepRunning?: boolean;
  log: Log;
  onFlaw?(flaw: LineFlaw): void;
}

export interface BulkImportReport {
  lines: number;
  entities: number;
  relationships: number;
  skipped: Partial<Record<FlawReason, number>>;
  /** Milliseconds per phase, in the order they run. */
  phases: { csv: number; import: number; start: number; migrate: number };
  /** The running server, with keepRunning. */
  server?: LocalNeo4j;
}

/** The bulk loader will not run here; the message says why and what to do. */
export class BulkImportRefused extends Error {
  override name = 'BulkImportRefused';
}

/** db.transaction.timeout while the bulk loader runs the server: its driving queries are long. */
const BULK_TRANSACTION_TIMEOUT = '6h';
/** How often the CSV passes say how far they are. */
const PROGRESS_MS = 5000;

/** Why the loader refuses a home, or undefined when it may load it. */
export function bulkImportRefusal(
  options: Pick<BulkImportOptions, 'neo4j' | 'database' | 'force'>,
): string | undefined {
  const { home } = options.neo4j;
  const pid = new LocalNeo4j({ ...options.neo4j, log: () => undefined }).runningPid();
  if (pid !== undefined) {
    return `the local Neo4j in ${home} is running (pid ${pid}); neo4j-admin imports only into a stopped server: stop it first (\`entity-graph neo4j stop\`, or end \`serve\`)`;
  }
  // Whether an existing store is empty can only be seen by starting it; a full import replaces
  // it whole, so anything already there (the seed, a previous import) is discarded only on request.
  const store = path.join(home, 'data', 'databases', options.database);
  if (!options.force && existsSync(store) && readdirSync(store).length > 0) {
    return `database "${options.database}" already exists in ${home}; --bulk replaces a database as a whole: pass --force to discard it`;
  }
  return undefined;
}

/** A line's relationships and implied edges, as pass 1 mapped them. */
type SpooledLine = [
  line: number,
  relationships: RelationshipRecord[],
  impliedEdges: RelationshipRecord[],
  graphRecord?: string,
];

interface Implied {
  line: number;
  record: EntityRecord;
}

/** Runs the whole bulk load; throws BulkImportRefused before touching anything, StrictImportError on a strict flaw. */
export async function bulkImport(options: BulkImportOptions): Promise<BulkImportReport> {
  const refusal = bulkImportRefusal(options);
  if (refusal !== undefined) throw new BulkImportRefused(refusal);
  const { home } = options.neo4j;
  const log = options.log;
  prepareHome({ ...options.neo4j, log });
  const csvDir = await mkdtemp(path.join(home, 'import', 'bulk-'));
  const phases: BulkImportReport['phases'] = { csv: 0, import: 0, start: 0, migrate: 0 };
  try {
    let started = Date.now();
    const csv = await writeCsvFiles(options.input, csvDir, options);
    phases.csv = Date.now() - started;
    log(`bulk: CSV written in ${seconds(phases.csv)}: ${csv.entities} entities, ${csv.relationships} relationships`);

    started = Date.now();
    await ensureNeo4jJars(log);
    await runAdminImport(csv, options);
    phases.import = Date.now() - started;
    // The CSVs can be as big as the store: gone before the server starts.
    await rm(csvDir, { recursive: true, force: true });

    started = Date.now();
    // The index wait runs for minutes on millions of records; `serve` rewrites the conf.
    const server = new LocalNeo4j({ ...options.neo4j, transactionTimeout: BULK_TRANSACTION_TIMEOUT, log });
    await server.start();
    phases.start = Date.now() - started;
    const driver = neo4j.driver(server.uri, undefined, { disableLosslessIntegers: true });
    try {
      started = Date.now();
      // Index population of millions of relationships takes minutes, not the online default.
      await migrate(driver, options.database, 3600);
      phases.migrate = Date.now() - started;
    } catch (error) {
      await server.stop();
      throw error;
    } finally {
      await driver.close();
    }
    if (!options.keepRunning) await server.stop();
    return {
      lines: csv.lines,
      entities: csv.entities,
      relationships: csv.relationships,
      skipped: csv.skipped,
      phases,
      ...(options.keepRunning ? { server } : {}),
    };
  } finally {
    await rm(csvDir, { recursive: true, force: true });
  }
}

interface CsvResult {
  lines: number;
  entities: number;
  relationships: number;
  skipped: Partial<Record<FlawReason, number>>;
  entityFiles: Map<EntityKind, CsvFile>;
  relationshipFiles: Map<RelationshipType, CsvFile>;
  markerFile: string;
  multiline: boolean;
}

/** Both passes over the input: entities (with implied ones), then relationships, as CSV files. */
async function writeCsvFiles(input: string, csvDir: string, options: BulkImportOptions): Promise<CsvResult> {
  const ftmOptions: FtmImportOptions = {
    today: options.today ?? new Date().toISOString().slice(0, 10),
    defaultDataset: options.dataset ?? path.basename(input === '-' ? 'stdin' : input).replace(/\.[^.]*$/, ''),
  };
  const { skipped, flawedLines, flaw } = flawTally(options.strict === true, options.onFlaw);
  const kindById = new Map<string, EntityKind>();
  const implied = new Map<string, Implied>();
  const entityFiles = new Map<EntityKind, CsvFile>();
  const relationshipFiles = new Map<RelationshipType, CsvFile>();
  let lines = 0;
  let relationships = 0;

  /** Reports a record's validation problems as the online importer does. */
  const rejected = (line: number, errors: readonly DocumentError[]): void => {
    for (const error of errors) flaw({ line, reason: error.reason, message: describe(error) });
  };
  const entityFile = (kind: EntityKind): CsvFile => {
    let file = entityFiles.get(kind);
    if (!file) entityFiles.set(kind, (file = entityCsv(path.join(csvDir, `entities-${kind.toLowerCase()}.csv`), kind)));
    return file;
  };
  const relationshipFile = (type: RelationshipType): CsvFile => {
    let file = relationshipFiles.get(type);
    if (!file)
      relationshipFiles.set(type, (file = relationshipCsv(path.join(csvDir, `rel-${type.toLowerCase()}.csv`))));
    return file;
  };
  /** Reports a record CsvFile.write refused: `property` holds the list delimiter. */
  const unwritable = (line: number, property: string): void => {
    const code = ARRAY_DELIMITER.charCodeAt(0).toString(16).padStart(4, '0');
    flaw({ line, reason: 'invalid-value', message: `${property}: holds U+${code}, the bulk loader's list delimiter` });
  };
  const clash = (line: number, id: string, kind: EntityKind, storedKind: EntityKind): void =>
    rejected(line, [kindClash('kind', id, kind, storedKind)]);

  let progressAt = Date.now();
  const progress = (pass: string, line: number): void => {
    if (Date.now() - progressAt < PROGRESS_MS) return;
    progressAt = Date.now();
    options.log(`bulk: CSV ${pass}: line ${line}`);
  };

  // Pass 1 maps each line once: entities are written, the line's relationships spooled for pass 2.
  const spoolPath = path.join(csvDir, 'relationships.spool');
  const spool = new ChunkedWriter(spoolPath);
  const source = input === '-' ? process.stdin : createReadStream(input);
  for await (const [line, text] of numberedLines(source, () => undefined)) {
    lines += 1;
    progress('pass 1 (entities)', line);
    let records;
    try {
      records = recordsOfLine(text, options, ftmOptions);
    } catch (error) {
      if (!(error instanceof FtmFlaw)) throw error;
      flaw({ line, reason: error.reason, message: error.message });
      continue;
    }
    for (const raw of records.entities) {
      const result = validateGraphDocument({ entities: [raw], relationships: [] });
      if (!result.ok) {
        rejected(line, result.errors);
        continue;
      }
      const [entity] = result.document.entities;
      if (kindById.has(entity.id)) {
        flaw({ line, reason: 'invalid-value', message: 'id: duplicates the id of an earlier entity' });
        continue;
      }
      // An implied entity of another kind came first: the online importer created it, then refused this line.
      const earlier = implied.get(entity.id);
      if (earlier !== undefined && earlier.record.kind !== entity.kind) {
        clash(line, entity.id, entity.kind, earlier.record.kind);
        continue;
      }
      const refused = await writeEntity(entityFile(entity.kind), entity);
      if (refused !== undefined) {
        unwritable(line, refused);
        continue;
      }
      kindById.set(entity.id, entity.kind);
    }
    for (const record of records.implied) {
      if (!implied.has(record.id)) implied.set(record.id, { line, record });
    }
    if (records.relationships.length > 0 || records.impliedEdges.length > 0) {
      // A graph record goes as written: a JSON round trip would turn a number like 1e999 into null.
      const spooled: SpooledLine =
        options.format === 'graph' ? [line, [], [], text] : [line, records.relationships, records.impliedEdges];
      await spool.append(`${JSON.stringify(spooled)}\n`);
    }
  }
  await spool.close();
  // Implied entities are created when absent and never overwrite: an entity's own line wins.
  for (const { line, record } of implied.values()) {
    const stated = kindById.get(record.id);
    if (stated !== undefined) {
      if (stated !== record.kind) clash(line, record.id, record.kind, stated);
      continue;
    }
    kindById.set(record.id, record.kind);
    await writeEntity(entityFile(record.kind), record);
  }

  // Pass 2: relationships of lines without a flaw, checked against every entity of pass 1.
  const relationshipIds = new FingerprintSet();
  const symmetricFacts = new FingerprintSet();
  const impliedEdges = new Set<string>();
  for await (const [, text] of numberedLines(createReadStream(spoolPath), () => undefined)) {
    const [line, stated, impliedByLine, graphRecord] = JSON.parse(text) as SpooledLine;
    progress('pass 2 (relationships)', line);
    if (flawedLines.has(line)) continue;
    const edges: RelationshipRecord[] =
      graphRecord === undefined ? stated : recordsOfLine(graphRecord, options, ftmOptions).relationships;
    for (const record of impliedByLine) {
      if (impliedEdges.has(record.id)) continue;
      impliedEdges.add(record.id);
      edges.push(record);
    }
    for (const raw of edges) {
      const result = validateGraphDocument({ entities: [], relationships: [raw] }, { knownEntityKinds: kindById });
      if (!result.ok) {
        rejected(line, result.errors);
        continue;
      }
      const [relationship] = result.document.relationships;
      if (!relationshipIds.add(relationship.id)) {
        flaw({ line, reason: 'invalid-value', message: 'id: duplicates the id of an earlier relationship' });
        continue;
      }
      const { type, from, to } = relationship;
      if (isSymmetricType(type) && !symmetricFacts.add(symmetricFactKey(type, from, to))) {
        rejected(line, [
          symmetricDuplicate('', relationship.id, type, { described: 'an earlier relationship', stored: false }),
        ]);
        continue;
      }
      const refused = await writeRelationship(relationshipFile(type), relationship);
      if (refused !== undefined) {
        unwritable(line, refused);
        continue;
      }
      relationships += 1;
    }
  }

  const markerFile = path.join(csvDir, 'migrations.csv');
  const marker = new CsvFile(markerFile, [], ['name']);
  await marker.write([ENDPOINT_IDS_MIGRATION.name], {});
  const files = [...entityFiles.values(), ...relationshipFiles.values(), marker];
  await Promise.all(files.map((file) => file.close()));
  return {
    lines,
    entities: kindById.size,
    relationships,
    skipped,
    entityFiles,
    relationshipFiles,
    markerFile,
    multiline: files.some((file) => file.multiline),
  };
}

/** `neo4j-admin database import full` in its own JVM, its output passed on line by line. */
async function runAdminImport(csv: CsvResult, options: BulkImportOptions): Promise<void> {
  const { home } = options.neo4j;
  const args = [
    `-Xmx${options.adminHeap ?? '1g'}`,
    ...JAVA_OPENS,
    '-cp',
    `${NEO4J_LIB_DIR}/*`,
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    ...[...csv.entityFiles].map(([kind, file]) => `--nodes=${ENTITY_LABEL}:${KIND_LABEL[kind]}=${file.path}`),
    `--nodes=${MIGRATION_LABEL}=${csv.markerFile}`,
    ...[...csv.relationshipFiles].map(([type, file]) => `--relationships=${type}=${file.path}`),
    `--array-delimiter=${ARRAY_DELIMITER}`,
    `--multiline-fields=${csv.multiline}`,
    `--report-file=${path.join(home, 'logs', 'bulk-import.report')}`,
    ...(options.force ? ['--overwrite-destination=true'] : []),
    options.database,
  ];
  options.log(`bulk: neo4j-admin database import full (${csv.entities} nodes, ${csv.relationships} relationships)…`);
  const child = spawn(JAVA, args, {
    env: { ...process.env, NEO4J_HOME: home, NEO4J_CONF: path.join(home, 'conf') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const relay = (stream: NodeJS.ReadableStream): Promise<void> =>
    (async () => {
      for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
        output.push(line);
        if (output.length > 40) output.shift();
        if (line.trim() !== '') options.log(`neo4j-admin: ${line}`);
      }
    })();
  const [code] = await Promise.all([
    new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (exitCode) => resolve(exitCode ?? 1));
    }),
    relay(child.stdout),
    relay(child.stderr),
  ]);
  if (code !== 0) {
    throw new Error(`neo4j-admin import failed (exit ${code}); its last lines:\n${output.slice(-15).join('\n')}`);
  }
}
