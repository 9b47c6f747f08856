import type { ApolloServer } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { createHash, timingSafeEqual } from 'node:crypto';
import { handleProtocols } from 'graphql-ws';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from 'pino';
import { bearerKey, type ApiKeyring, classifyError, ErrorCode, RETRY_AFTER_SECONDS } from '../api';
import type { ApiContext } from '../api';
import type { Config } from '../config';
import type { ServiceMetrics } from './metrics';
import type { SubscriptionServer } from './subscriptions';

export interface Readiness {
  ready: boolean;
  reason?: string;
}

export interface HttpServerOptions {
  config: Config;
  apollo: ApolloServer<ApiContext>;
  context: (request: FastifyRequest) => Promise<ApiContext>;
  readiness: () => Promise<Readiness>;
  keyring: ApiKeyring;
  logger: Logger;
  /** graphql-ws on the /graphql upgrade. */
  subscriptions: SubscriptionServer;
  metrics: ServiceMetrics;
  /** Extra routes (exports, the explorer page), registered on the same instance. */
  routes?: (app: FastifyInstance) => void;
}

/** HTTP statuses for the error codes a non-GraphQL route can answer with. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.SERVICE_UNAVAILABLE]: 503,
  [ErrorCode.QUERY_TIMEOUT]: 504,
  [ErrorCode.RESULT_TOO_LARGE]: 400,
};

/** Codes for the framework's own refusals, by status, so every error body carries one. */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  404: ErrorCode.NOT_FOUND,
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: ErrorCode.SERVICE_UNAVAILABLE,
};

/** The GraphQL endpoint answers in GraphQL's error shape; other routes in `{ error, code }`. */
function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  retryAfterSeconds = RETRY_AFTER_SECONDS,
) {
  if (status === 503) void reply.header('retry-after', String(retryAfterSeconds));
  void reply.code(status).header('cache-control', 'no-store');
  const path = request.url.split('?')[0];
  return reply.send(path === '/graphql' ? { errors: [{ message, extensions: { code } }] } : { error: message, code });
}

/** Rate-limit buckets: per valid API key (so clients behind one NAT keep their own), else per client IP. */
function rateLimitKey(keyring: ApiKeyring) {
  return (request: FastifyRequest): string => {
    const header = request.headers.authorization;
    const key = bearerKey(Array.isArray(header) ? header[0] : header);
    if (key !== undefined && keyring.roleOf(key)) {
      return `key:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
    }
    return `ip:${request.ip}`;
  };
}

/** Constant-time comparison of a presented secret with the configured one. */
function sameSecret(presented: string | undefined, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return presented !== undefined && timingSafeEqual(digest(presented), digest(expected));
}

/** A refusal of the HTTP request itself; the error handler answers it with its status and code. */
class HttpRefusal extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The one HTTP entry point, on Fastify with its official plugins: security headers (helmet),
 * CORS, per-key/per-IP rate limits, a body limit, structured logs with a request id on every
 * line, and /graphql, /healthz, /readyz plus the extra routes.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { config } = options;
  // Typed as Fastify's logger so the instance stays the plain FastifyInstance routes expect.
  const loggerInstance: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance,
    bodyLimit: config.http.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    // A request already sent on a kept-alive connection when shutdown starts is served, not refused:
    // new connections are no longer accepted, and the drain is bounded by SHUTDOWN_TIMEOUT_MS.
    return503OnClosing: false,
  });

  // While draining for shutdown, each response closes its connection: a kept-alive socket would
  // otherwise hold the server open until the shutdown bound cuts it.
  let draining = false;
  app.addHook('preClose', async () => void (draining = true));
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onSend', async (_request, reply) => {
    if (draining) void reply.header('connection', 'close');
  });

  await app.register(helmet, { global: true });
  await app.register(cors, {
    origin: config.http.corsOrigins.includes('*') ? '*' : [...config.http.corsOrigins],
    methods: ['GET', 'POST', 'OPTIONS'],
    exposedHeaders: ['x-request-id', 'retry-after', 'x-entity-graph-truncated', 'content-disposition'],
    maxAge: 600,
  });
  if (config.http.rateLimitMax > 0) {
    await app.register(rateLimit, {
      max: config.http.rateLimitMax,
      timeWindow: config.http.rateLimitWindowMs,
      keyGenerator: rateLimitKey(options.keyring),
      errorResponseBuilder: (_request, context) =>
        new HttpRefusal(429, `Rate limit of ${context.max} requests per ${context.after} exceeded; retry later`),
    });
  }

  // Clients may label GraphQL responses' media type on requests too; it is JSON.
  app.addContentTypeParser(
    'application/graphql-response+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  await app.register(websocket, {
    options: { maxPayload: config.http.bodyLimitBytes, handleProtocols },
    // Subscribers learn the service is going away (1001) instead of seeing a reset connection.
    preClose: (done) => {
      options.subscriptions.closeAll();
      done();
    },
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const classified = classifyError(error);
    if (classified && STATUS_BY_CODE[classified.code]) {
      const status = STATUS_BY_CODE[classified.code];
      if (status >= 500) request.log.warn({ err: error }, 'request failed');
      const retryAfter = Number(classified.extensions?.retryAfterSeconds) || undefined;
      return sendError(request, reply, status, classified.code, classified.message, retryAfter);
    }
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500 && status !== 503) {
      request.log.error({ err: error }, 'request failed');
      return sendError(request, reply, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
    }
    return sendError(request, reply, status, CODE_BY_STATUS[status] ?? 'BAD_REQUEST', error.message);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, ErrorCode.NOT_FOUND, `No route for ${request.method} ${request.url.split('?')[0]}`),
  );

  const probe = { config: { rateLimit: false } };
  app.get('/healthz', probe, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/readyz', probe, async (_request, reply) => {
    const readiness = await options.readiness();
    return reply
      .code(readiness.ready ? 200 : 503)
      .header('cache-control', 'no-store')
      .send(readiness.ready ? { status: 'ready' } : { status: 'unavailable', reason: readiness.reason });
  });

  app.get('/metrics', probe, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    if (
      config.metricsToken !== undefined &&
      !sameSecret(bearerKey(request.headers.authorization), config.metricsToken)
    ) {
      void reply.header('www-authenticate', 'Bearer');
      return sendError(request, reply, 401, ErrorCode.UNAUTHENTICATED, 'Send Authorization: Bearer <METRICS_TOKEN>');
    }
    return reply.type(options.metrics.registry.contentType).send(await options.metrics.registry.metrics());
  });

  const graphqlRoute = {
    url: '/graphql',
    // Fastify's JSON parser ignores the charset; a body declared in another one would be misread.
    onRequest: async (request: FastifyRequest) => {
      const charset = /charset=([^;]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.trim();
      if (charset && !/^"?utf-?8"?$/i.test(charset)) {
        throw new HttpRefusal(415, `Unsupported charset "${charset.slice(0, 40)}": send UTF-8`);
      }
    },
    handler: fastifyApolloHandler(options.apollo, { context: (request) => options.context(request) }),
  };
  app.route({ ...graphqlRoute, method: 'POST' });
  // @fastify/websocket takes upgrades on GET routes only; plain GETs still reach Apollo.
  app.route({ ...graphqlRoute, method: 'GET', wsHandler: options.subscriptions.handle });
  app.route({
    url: '/graphql',
    method: ['PUT', 'PATCH', 'DELETE'],
    handler: async (request, reply) => {
      void reply.header('allow', 'GET, POST, OPTIONS');
      return sendError(request, reply, 405, 'METHOD_NOT_ALLOWED', `${request.method} is not allowed: use GET or POST`);
    },
  });
  options.routes?.(app);
  return app;
}
