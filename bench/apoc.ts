import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../src/paths';

/** APOC core for Neo4j 5.26, which @neo4j/graphql's docs ask for: the newest 5.26.x published as a self-contained `core` jar. */
export const APOC_VERSION = '5.26.5';
const PLUGINS_DIR = path.join(REPO_ROOT, '.neo4j', 'plugins');

/** The plugins folder holding apoc-core, fetched with Maven once (git-ignored under .neo4j/). */
export function ensureApoc(log: (message: string) => void): string {
  const jar = `apoc-core-${APOC_VERSION}-core.jar`;
  if (existsSync(path.join(PLUGINS_DIR, jar))) return PLUGINS_DIR;
  mkdirSync(PLUGINS_DIR, { recursive: true });
  log(`bench: fetching org.neo4j.procedure:apoc-core:${APOC_VERSION} with Maven…`);
  const result = spawnSync(
    'mvn',
    [
      '-B',
      '-ntp',
      'dependency:copy',
      `-Dartifact=org.neo4j.procedure:apoc-core:${APOC_VERSION}:jar:core`,
      `-DoutputDirectory=${PLUGINS_DIR}`,
    ],
    { encoding: 'utf8', cwd: PLUGINS_DIR },
  );
  if (result.status !== 0 || !readdirSync(PLUGINS_DIR).includes(jar)) {
    throw new Error(
      `Maven could not fetch apoc-core ${APOC_VERSION}: ${result.error?.message ?? result.stdout.slice(-500)}`,
    );
  }
  return PLUGINS_DIR;
}
