import path from 'node:path';
import { DEV_HOME } from './db/local-neo4j';

/** Typed settings from the environment; a bad value stops the process with a clear message. */
export type Role = 'reader' | 'editor';

export interface Config {
  port: number;
  neo4j: {
    /** Unset: start the project's own local Neo4j (src/db/local-neo4j.ts). */
    uri?: string;
    user: string;
    password: string;
    database: string;
    /** Folder of the local Neo4j when `uri` is unset (conf/, data/, logs/, run/). */
    localHome: string;
    /** Bolt port of the local Neo4j when `uri` is unset. */
    localPort: number;
    localHeap: string;
    /** Extra JVM flags for the local Neo4j. */
    localJvmArgs: string[];
  };
  /** API key → role. Empty: reads and writes are open (development mode, logged as a warning). */
  apiKeys: ReadonlyMap<string, Role>;
  logLevel: string;
  /** Server-side transaction timeout for every query. */
  queryTimeoutMs: number;
}

export class ConfigError extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

export function parseApiKeys(raw: string | undefined): Map<string, Role> {
  const keys = new Map<string, Role>();
  for (const entry of (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [key, role, ...rest] = entry.split(':');
    if (!key || rest.length > 0 || (role !== 'reader' && role !== 'editor')) {
      throw new ConfigError(`API_KEYS entries look like "key:editor" or "key:reader", got "${entry}"`);
    }
    keys.set(key, role);
  }
  return keys;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const uri = env.NEO4J_URI || undefined;
  if (uri && !/^(neo4j|bolt)(\+s|\+ssc)?:\/\//.test(uri)) {
    throw new ConfigError(`NEO4J_URI must start with neo4j://, bolt:// (or +s/+ssc variants), got "${uri}"`);
  }
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const localHeap = env.NEO4J_LOCAL_HEAP || '1g';
  if (!/^\d+[mg]$/.test(localHeap)) throw new ConfigError(`NEO4J_LOCAL_HEAP looks like 512m or 2g, got "${localHeap}"`);
  // The folder goes into neo4j.conf lines, where a line break would start a setting of its own.
  const localHome = path.resolve(env.NEO4J_LOCAL_HOME || DEV_HOME);
  if (/[\r\n]/.test(localHome)) throw new ConfigError('NEO4J_LOCAL_HOME must be a folder path without line breaks');
  const localJvmArgs = (env.NEO4J_LOCAL_JVM_ARGS ?? '').split(/\s+/).filter(Boolean);
  const notFlag = localJvmArgs.find((arg) => !arg.startsWith('-'));
  if (notFlag !== undefined) {
    throw new ConfigError(
      `NEO4J_LOCAL_JVM_ARGS holds JVM flags separated by spaces (each starts with -), got "${notFlag}"`,
    );
  }
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    neo4j: {
      uri,
      user: env.NEO4J_USER || 'neo4j',
      password: env.NEO4J_PASSWORD || '',
      database: env.NEO4J_DATABASE || 'neo4j',
      localHome,
      localPort: integer(env, 'NEO4J_LOCAL_PORT', 7690, 1, 65535),
      localHeap,
      localJvmArgs,
    },
    apiKeys: parseApiKeys(env.API_KEYS),
    logLevel,
    queryTimeoutMs: integer(env, 'QUERY_TIMEOUT_MS', 15000, 100, 600000),
  };
}
