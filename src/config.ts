import path from 'node:path';
import { NEO4J_DEV_HOME } from './paths';

/** Typed settings from the environment; a bad value stops the process with a clear message. */
export type Role = 'reader' | 'editor';

export interface Config {
  port: number;
  /** Interface to listen on. */
  host: string;
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
    /** db.memory.transaction.max of the local Neo4j. */
    localTransactionMemory: string;
    /** Backpressure in front of the driver's pool (src/store/session-gate.ts), and how long work is retried. */
    sessions: SessionLimits;
    /** Extra JVM flags for the local Neo4j. */
    localJvmArgs: string[];
  };
  /** API key → role. Empty: reads are open and writes refused, unless `allowAnonymousWrites`. */
  apiKeys: ReadonlyMap<string, Role>;
  /** Explicit development opt-in: with no API keys, anyone may write. */
  allowAnonymousWrites: boolean;
  logLevel: string;
  /** Server-side transaction timeout for every query. */
  queryTimeoutMs: number;
  http: {
    /** Origins allowed by CORS; empty: no cross-origin access. `*` allows any origin. */
    corsOrigins: readonly string[];
    bodyLimitBytes: number;
    /** Requests per window per API key (per client IP without a key); 0 turns the limit off. */
    rateLimitMax: number;
    rateLimitWindowMs: number;
    /** How long SIGTERM waits for requests in flight before closing their connections. */
    shutdownTimeoutMs: number;
  };
  /** Bounds every GraphQL request before (shape, cost) and while (rows read) it runs. */
  limits: QueryLimits;
  /** Schema discovery: introspection queries and "did you mean" suggestions in errors. */
  introspection: boolean;
  fieldSuggestions: boolean;
  /** The change feed's tailer and the subscriptions it serves. */
  changes: ChangeSettings;
  /** Bearer token /metrics requires; unset: open (keep it on a private interface then). */
  metricsToken?: string;
}

export interface ChangeSettings {
  /** How often each instance polls the feed for changes committed anywhere. */
  pollMs: number;
  /** Changes older than this are trimmed. */
  retentionHours: number;
  maxSubscriptionsPerConnection: number;
  /** Open WebSocket connections per API key (per client IP without one). */
  maxConnectionsPerKey: number;
  /** Events a subscription may have waiting for its client; one more closes the connection. */
  subscriptionBuffer: number;
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Estimated objects a request may return: page sizes multiply along each path. */
  maxCost: number;
  /** Objects (rows and list items) a request may read from Neo4j in all its queries together. */
  maxObjects: number;
}

/** How the store's session gate bounds concurrent work on Neo4j (src/store/session-gate.ts). */
export interface SessionLimits {
  /** Sessions open at once; at most the driver's pool size, so its acquisition timeout never fires. */
  maxConcurrency: number;
  /** Callers that may wait for a session; one more is refused at once. */
  queueLimit: number;
  /** How long a caller may wait for a session before it is refused. */
  queueTimeoutMs: number;
  /** How long transient failures (deadlocks, lock timeouts, a connection lost to a restart) are retried. */
  maxRetryTimeMs: number;
}

export class ConfigError extends Error {}

/** The driver's connection pool; NEO4J_MAX_CONCURRENCY may not exceed it. */
export const NEO4J_POOL_SIZE = 50;

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

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function origins(raw: string | undefined): string[] {
  const list = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  for (const origin of list) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`CORS_ORIGINS lists origins like https://app.example.org (no path) or *, got "${origin}"`);
    }
  }
  return list;
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
  const apiKeys = parseApiKeys(env.API_KEYS);
  const allowAnonymousWrites = flag(env, 'ALLOW_ANONYMOUS_WRITES', false);
  if (allowAnonymousWrites && apiKeys.size > 0) {
    throw new ConfigError('ALLOW_ANONYMOUS_WRITES=true contradicts API_KEYS: with keys set, writes need an editor key');
  }
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  }
  const localHeap = env.NEO4J_LOCAL_HEAP || '1g';
  if (!/^\d+[mg]$/.test(localHeap)) throw new ConfigError(`NEO4J_LOCAL_HEAP looks like 512m or 2g, got "${localHeap}"`);
  const localTransactionMemory = env.NEO4J_LOCAL_TX_MEMORY || '512m';
  if (!/^\d+[mg]$/.test(localTransactionMemory)) {
    throw new ConfigError(`NEO4J_LOCAL_TX_MEMORY looks like 256m or 1g, got "${localTransactionMemory}"`);
  }
  // Suggestions leak the schema as introspection does, so by default they follow it.
  const introspection = flag(env, 'GRAPHQL_INTROSPECTION', true);
  // The folder goes into neo4j.conf lines, where a line break would start a setting of its own.
  const localHome = path.resolve(env.NEO4J_LOCAL_HOME || NEO4J_DEV_HOME);
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
    host: env.HOST || '0.0.0.0',
    neo4j: {
      uri,
      user: env.NEO4J_USER || 'neo4j',
      password: env.NEO4J_PASSWORD || '',
      database: env.NEO4J_DATABASE || 'neo4j',
      localHome,
      localPort: integer(env, 'NEO4J_LOCAL_PORT', 7690, 1, 65535),
      localHeap,
      localTransactionMemory,
      sessions: {
        maxConcurrency: integer(env, 'NEO4J_MAX_CONCURRENCY', 40, 1, NEO4J_POOL_SIZE),
        queueLimit: integer(env, 'NEO4J_QUEUE_LIMIT', 1000, 0, 1_000_000),
        queueTimeoutMs: integer(env, 'NEO4J_QUEUE_TIMEOUT_MS', 10000, 1, 600000),
        maxRetryTimeMs: integer(env, 'NEO4J_MAX_RETRY_TIME_MS', 10000, 0, 600000),
      },
      localJvmArgs,
    },
    apiKeys,
    allowAnonymousWrites,
    logLevel,
    queryTimeoutMs: integer(env, 'QUERY_TIMEOUT_MS', 15000, 100, 600000),
    http: {
      corsOrigins: origins(env.CORS_ORIGINS),
      bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
      rateLimitMax: integer(env, 'RATE_LIMIT_MAX', 600, 0, 1_000_000),
      rateLimitWindowMs: integer(env, 'RATE_LIMIT_WINDOW_MS', 60000, 1000, 3_600_000),
      shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    },
    limits: {
      maxDepth: integer(env, 'MAX_QUERY_DEPTH', 15, 1, 100),
      maxAliases: integer(env, 'MAX_QUERY_ALIASES', 30, 0, 1000),
      maxDirectives: integer(env, 'MAX_QUERY_DIRECTIVES', 50, 0, 1000),
      maxTokens: integer(env, 'MAX_QUERY_TOKENS', 5000, 100, 1_000_000),
      maxCost: integer(env, 'MAX_QUERY_COST', 50000, 1, 100_000_000),
      maxObjects: integer(env, 'MAX_RESULT_OBJECTS', 100000, 1, 100_000_000),
    },
    introspection,
    fieldSuggestions: flag(env, 'GRAPHQL_FIELD_SUGGESTIONS', introspection),
    changes: {
      pollMs: integer(env, 'CHANGE_POLL_MS', 500, 10, 60000),
      retentionHours: integer(env, 'CHANGE_RETENTION_HOURS', 168, 1, 24 * 3650),
      maxSubscriptionsPerConnection: integer(env, 'MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10000),
      maxConnectionsPerKey: integer(env, 'MAX_CONNECTIONS_PER_KEY', 20, 1, 100000),
      subscriptionBuffer: integer(env, 'SUBSCRIPTION_BUFFER', 1000, 1, 1_000_000),
    },
    metricsToken: env.METRICS_TOKEN || undefined,
  };
}
