import path from 'node:path';

/**
 * Where the project's files are, relative to this checkout: a leaf that imports nothing of the
 * project, so config, the web build, the seed loader and the Neo4j launcher all read it without
 * importing each other.
 */
export const REPO_ROOT = path.resolve(__dirname, '..');

/** The local Neo4j: its Maven project, the jars it resolves, and the default home of `npm start`. */
export const NEO4J_POM = path.join(REPO_ROOT, 'neo4j', 'pom.xml');
export const NEO4J_CACHE_DIR = path.join(REPO_ROOT, '.neo4j');
export const NEO4J_LIB_DIR = path.join(NEO4J_CACHE_DIR, 'lib');
export const NEO4J_DEV_HOME = path.join(NEO4J_CACHE_DIR, 'dev');

/** The explorer: its sources, and the bundle the service serves. */
export const WEB_SOURCE_DIR = path.join(REPO_ROOT, 'src', 'web');
export const EXPLORER_DIST_DIR = path.join(REPO_ROOT, 'dist', 'explorer');

/** The seed dataset: the TechCentral/Bloomberg article of 5 May 2022 on Hikvision, modelled. */
export const SEED_FILE = path.join(REPO_ROOT, 'seed', 'hikvision-sanctions-2022.json');
export const SCHEMA_FILE = path.join(REPO_ROOT, 'schema', 'schema.graphql');
