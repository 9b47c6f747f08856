import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, makeServer } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { bearerKey, type ApiKeyring, ErrorCode, formatError, checkCost, limitRules } from '../api';
import type { ChangeHub, ApiContext, LiveContext } from '../api';
import type { Config, Role } from '../config';

/** Close codes beyond graphql-ws's own (4400 bad request, 4401 unauthorized, 4408 init timeout, …). */
export const WsCloseCode = {
  /** No key once keys are configured, or an unknown key (as UNAUTHENTICATED over HTTP). */
  Unauthorized: CloseCode.Unauthorized,
  /** Over MAX_CONNECTIONS_PER_KEY; graphql-ws clients treat it as final rather than reconnect at once. */
  TooManyConnections: 4429,
  /** A subscription fell SUBSCRIPTION_BUFFER events behind: reconnect with `after` to catch up. */
  SlowConsumer: 1013,
  /** The service is shutting down. */
  GoingAway: 1001,
} as const;

/** Keep-alive: a connection that does not answer a ping within this long is dropped. */
const KEEP_ALIVE_MS = 12_000;

interface ConnectionExtra {
  socket: WebSocket;
  request: FastifyRequest;
  role?: Role;
  /** The key or address this connection counts against. */
  bucket?: string;
}

export interface SubscriptionServerOptions {
  schema: GraphQLSchema;
  config: Config;
  keyring: ApiKeyring;
  hub: ChangeHub;
  /** The request context the HTTP endpoint builds, for a caller with `role`. */
  context: (role: Role | undefined, log: FastifyRequest['log']) => ApiContext;
}

/** GraphQL errors as the HTTP endpoint formats them: a code, no stack, nothing unexpected unmasked. */
const formatted = (errors: readonly GraphQLError[]) => errors.map((error) => formatError(error.toJSON(), error));

function refusal(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions });
}

export interface SubscriptionServer {
  /** @fastify/websocket's wsHandler for /graphql. */
  handle(socket: WebSocket, request: FastifyRequest): void;
  /** Shutdown: every connection is closed with 1001. */
  closeAll(): void;
  readonly connections: number;
}

/**
 * graphql-ws on the /graphql route's WebSocket upgrade (@fastify/websocket hands us each
 * socket): the key in `connection_init`, the same validation rules and cost limit as over HTTP,
 * and bounds on connections per key and subscriptions per connection.
 */
export function subscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { config, keyring, schema } = options;
  const { limits } = config;
  const settings = config.changes;
  const connections = new Map<string, number>();
  const sockets = new Set<WebSocket>();
  const rules = [
    ...specifiedRules,
    ...limitRules(limits),
    ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];

  const server = makeServer<Record<string, unknown> | undefined, ConnectionExtra>({
    schema,
    onConnect: ({ connectionParams, extra }) => {
      const raw = connectionParams?.authorization ?? connectionParams?.Authorization;
      const header = typeof raw === 'string' ? raw : undefined;
      const key = bearerKey(header);
      const role = key === undefined ? undefined : keyring.roleOf(key);
      if ((header !== undefined && !role) || (keyring.size > 0 && !role)) {
        extra.socket.close(
          WsCloseCode.Unauthorized,
          header === undefined
            ? 'Unauthorized: send { authorization: "Bearer <key>" }'
            : 'Unauthorized: invalid API key',
        );
        return false;
      }
      const bucket =
        key !== undefined ? `key:${createHash('sha256').update(key).digest('hex')}` : `ip:${extra.request.ip}`;
      const open = connections.get(bucket) ?? 0;
      if (open >= settings.maxConnectionsPerKey) {
        extra.socket.close(
          WsCloseCode.TooManyConnections,
          `Too many connections: at most ${settings.maxConnectionsPerKey} per key or address`,
        );
        return false;
      }
      connections.set(bucket, open + 1);
      extra.role = role;
      extra.bucket = bucket;
      return true;
    },
    onSubscribe: (ctx, _id, payload) => {
      if (Object.keys(ctx.subscriptions).length > settings.maxSubscriptionsPerConnection) {
        return [
          refusal(`At most ${settings.maxSubscriptionsPerConnection} operations per connection`, {
            code: ErrorCode.QUERY_TOO_COMPLEX,
            limit: 'subscriptions',
            max: settings.maxSubscriptionsPerConnection,
          }),
        ];
      }
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: limits.maxTokens });
      } catch (error) {
        return [error instanceof GraphQLError ? error : refusal('Invalid document', { code: 'BAD_REQUEST' })];
      }
      const errors = validate(schema, document, rules);
      if (errors.length > 0) return errors;
      try {
        checkCost(schema, document, payload.operationName, payload.variables, limits.maxCost);
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
      const { socket, request, role } = ctx.extra;
      const context = options.context(role, request.log);
      const live: LiveContext = {
        hub: options.hub,
        capacity: settings.subscriptionBuffer,
        retryMs: settings.pollMs,
        log: request.log,
        cutOff: () =>
          socket.close(
            WsCloseCode.SlowConsumer,
            `Slow consumer: more than ${settings.subscriptionBuffer} events waiting; reconnect with after`,
          ),
        beginEvent: () => {
          const fresh = options.context(role, request.log);
          context.runner = fresh.runner;
          context.loaders = fresh.loaders;
          return fresh.loaders;
        },
      };
      context.live = live;
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue: context,
      };
    },
    onNext: (_ctx, _id, _payload, _args, result: ExecutionResult) =>
      result.errors ? { ...result, errors: formatted(result.errors) } : undefined,
    onError: (_ctx, _id, _payload, errors) => formatted(errors),
  });

  const handle = (socket: WebSocket, request: FastifyRequest): void => {
    const extra: ConnectionExtra = { socket, request };
    sockets.add(socket);
    let alive = true;
    const keepAlive = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    socket.on('pong', () => (alive = true));
    const closed = server.opened(
      {
        protocol: socket.protocol,
        // Resolves once ws has written the message: a client that stops reading stalls its
        // subscriptions here, so their queues fill and the slow-consumer bound applies.
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => {
              request.log.error({ err: error }, 'websocket message failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            });
          }),
      },
      extra,
    );
    socket.once('close', (code, reason) => {
      sockets.delete(socket);
      clearInterval(keepAlive);
      if (extra.bucket !== undefined) {
        const open = (connections.get(extra.bucket) ?? 1) - 1;
        if (open > 0) connections.set(extra.bucket, open);
        else connections.delete(extra.bucket);
      }
      void closed(code, reason.toString());
    });
  };

  return {
    handle,
    closeAll: () => {
      for (const socket of sockets) socket.close(WsCloseCode.GoingAway, 'Server shutting down');
    },
    get connections() {
      return sockets.size;
    },
  };
}
