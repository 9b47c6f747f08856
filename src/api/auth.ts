import { GraphQLError } from 'graphql';
import type { Role } from '../config';
import { ErrorCode } from './errors';
import type { ApiContext } from './context';

/**
 * Reads the caller's role from `Authorization: Bearer <key>`. A key that is present but unknown
 * is always rejected (a typo should not silently downgrade an editor to anonymous).
 */
export function roleFromAuthorization(
  header: string | undefined,
  apiKeys: ReadonlyMap<string, Role>,
): Role | undefined {
  if (!header) return undefined;
  const key = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  const role = key ? apiKeys.get(key) : undefined;
  if (!role) {
    throw new GraphQLError('Invalid API key', {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
    });
  }
  return role;
}

/** Mutations need an editor key once API_KEYS is set; with no keys configured everything is open. */
export function requireEditor(context: ApiContext): void {
  if (!context.authEnabled) return;
  if (!context.role) {
    throw new GraphQLError('This operation needs an API key (Authorization: Bearer <key>)', {
      extensions: { code: ErrorCode.UNAUTHENTICATED },
    });
  }
  if (context.role !== 'editor') {
    throw new GraphQLError('This operation needs an API key with the editor role', {
      extensions: { code: ErrorCode.FORBIDDEN },
    });
  }
}
