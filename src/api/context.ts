import type { Role } from '../config';
import type { CypherRunner } from '../store/cypher-runner';
import type { Loaders } from './loaders';

/** Per-request context: the store's runner, per-request loaders, and who is calling. */
export interface ApiContext {
  runner: CypherRunner;
  loaders: Loaders;
  /** Role from the API key; `undefined` for an anonymous caller. */
  role?: Role;
  /** Whether API keys are configured at all (none: everything is open, development mode). */
  authEnabled: boolean;
}
