import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { ApiContext } from '../api/context';
import { graphqlHandler } from './graphql-handler';

export interface Readiness {
  ready: boolean;
  reason?: string;
}

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export interface HttpServerOptions {
  apollo: ApolloServer<ApiContext>;
  context: (req: IncomingMessage) => Promise<ApiContext>;
  readiness: () => Promise<Readiness>;
  logger: Logger;
  /** Extra GET routes by exact path (exports, the explorer page). */
  routes?: Readonly<Record<string, Route>>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/** The one HTTP entry point: /graphql, /healthz, /readyz and the extra routes. */
export function createHttpServer(options: HttpServerOptions): Server {
  const graphql = graphqlHandler(options.apollo, options.context);
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handle = async (): Promise<void> => {
      if (url.pathname === '/graphql') return graphql(req, res, url.search);
      if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz') {
        const readiness = await options.readiness();
        return sendJson(
          res,
          readiness.ready ? 200 : 503,
          readiness.ready ? { status: 'ready' } : { status: 'unavailable', reason: readiness.reason },
        );
      }
      const route = options.routes?.[url.pathname];
      if (route && (req.method === 'GET' || req.method === 'HEAD')) return route(req, res, url);
      return sendJson(res, 404, { error: `No route for ${req.method} ${url.pathname}` });
    };
    handle().catch((error: unknown) => {
      options.logger.error({ err: error, path: url.pathname }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal server error' });
      else res.end();
    });
  });
}
