import type { Role } from '../config';
import type { CypherRunner } from '../store/cypher-runner';

/** Per-request context: the store's runner, and who is calling. */
export interface ApiContext {
  runner: CypherRunner;
  /** Role from the API key; `undefined` for an anonymous caller. */
  role?: Role;
  /** Whether API keys are configured at all (none: everything is open, development mode). */
  authEnabled: boolean;
}
