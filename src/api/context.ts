import type { Role } from '../config';
import type { CypherRunner } from '../store/cypher-runner';
import type { Loaders } from './loaders';

/** Per-request context: the store's runner, per-request loaders, and who is calling. */
export interface ApiContext {
  runner: CypherRunner;
  loaders: Loaders;
  /** Role from the API key; `undefined` for an anonymous caller. */
  role?: Role;
  /** Whether any API key is configured (only changes what an anonymous writer is told). */
  keysConfigured: boolean;
  /** Development opt-in (ALLOW_ANONYMOUS_WRITES with no API_KEYS): anyone may write. */
  anonymousWrites: boolean;
  /** The request's logger: its lines carry the request id. */
  log: { error(details: object, message: string): void };
}
