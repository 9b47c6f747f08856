import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { EXPLORER_DIST_DIR } from '../paths';
import { ErrorCode } from '../api';

/** Where `npm run build` (src/web/bundle.ts) writes the explorer; git-ignored like all of dist/. */

/**
 * GET / and the explorer's files. Only the files present at startup are routed (no wildcard),
 * so every other path still reaches the JSON 404 handler. Without a bundle, / says how to build it.
 */
export function explorerRoutes(dir: string = EXPLORER_DIST_DIR) {
  return (app: FastifyInstance): void => {
    if (!existsSync(path.join(dir, 'index.html'))) {
      app.get('/', async (_request, reply) =>
        reply.code(404).send({
          error: 'The explorer page is not built: run `npm run build` (or `npm start`, which builds it)',
          code: ErrorCode.NOT_FOUND,
        }),
      );
      return;
    }
    void app.register(fastifyStatic, { root: dir, wildcard: false, index: 'index.html' });
  };
}
