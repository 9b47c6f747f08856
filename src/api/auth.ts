import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Role } from '../config';
import { ErrorCode } from './errors';
import type { ApiContext } from './context';

const digest = (key: string): Buffer => createHash('sha256').update(key).digest();

/**
 * The configured API keys, held as digests and compared in constant time: equal-length
 * digests keep `timingSafeEqual` applicable, and every key is compared so the time spent does
 * not say which one matched.
 */
export class ApiKeyring {
  private readonly entries: { digest: Buffer; role: Role }[];

  constructor(keys: ReadonlyMap<string, Role>) {
    this.entries = [...keys].map(([key, role]) => ({ digest: digest(key), role }));
  }

  get size(): number {
    return this.entries.length;
  }

  roleOf(key: string): Role | undefined {
    const candidate = digest(key);
    let role: Role | undefined;
    for (const entry of this.entries) if (timingSafeEqual(entry.digest, candidate)) role = entry.role;
    return role;
  }
}

/** The key in `Authorization: Bearer <key>`, if the header has that shape. */
export function bearerKey(header: string | undefined): string | undefined {
  return header ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
}

/**
 * Reads the caller's role from `Authorization: Bearer <key>`. A key that is present but unknown
 * is always rejected (a typo should not silently downgrade an editor to anonymous).
 */
export function roleFromAuthorization(header: string | undefined, keyring: ApiKeyring): Role | undefined {
  if (!header) return undefined;
  const key = bearerKey(header);
  const role = key === undefined ? undefined : keyring.roleOf(key);
  if (!role) {
    throw new GraphQLError('Invalid API key', {
      extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
    });
  }
  return role;
}

const HOW_TO_SET_A_KEY =
  'set API_KEYS=<key>:editor on the server and send "Authorization: Bearer <key>" ' +
  '(for local development only, ALLOW_ANONYMOUS_WRITES=true opens writes to anyone)';

/** Mutations need an editor key; with no keys configured they are refused unless anonymous writes were opted into. */
export function requireEditor(context: ApiContext): void {
  if (context.anonymousWrites) return;
  if (!context.role) {
    const message = context.keysConfigured
      ? 'This operation needs an API key with the editor role (Authorization: Bearer <key>)'
      : `This service is read-only: no API keys are configured. To write, ${HOW_TO_SET_A_KEY}`;
    throw new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
  }
  if (context.role !== 'editor') {
    throw new GraphQLError('This operation needs an API key with the editor role', {
      extensions: { code: ErrorCode.FORBIDDEN },
    });
  }
}

/** Subscriptions hold server resources: once keys are configured they need one (reader or editor). */
export function requireReader(context: ApiContext): void {
  if (context.keysConfigured && !context.role) {
    throw new GraphQLError(
      'Subscriptions need an API key (connection_init payload { authorization: "Bearer <key>" })',
      {
        extensions: { code: ErrorCode.UNAUTHENTICATED },
      },
    );
  }
}
