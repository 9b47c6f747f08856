import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { ApiContext } from './context';
import { classifyError, ErrorCode, formatError, RETRY_AFTER_SECONDS } from './errors';
import { costLimitPlugin, limitRules } from './query-limits';

/**
 * Unexpected errors are logged with the request's logger (so the line carries its request id);
 * a database that is down or busy answers 503 with Retry-After, so clients and proxies back off.
 */
const errorResponsePlugin: ApolloServerPlugin<ApiContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (!classifyError(error)) contextValue.log.error({ err: error.originalError ?? error }, 'unexpected error');
        }
      },
      async willSendResponse({ response }) {
        // What Apollo's cache-control plugin answered for our hint-less schema, without its per-field hook.
        if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        if (response.body.kind !== 'single') return;
        const unavailable = (response.body.singleResult.errors ?? []).filter(
          (error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE,
        );
        if (unavailable.length === 0) return;
        response.http.status = 503;
        const waits = unavailable.map((error) => Number(error.extensions?.retryAfterSeconds) || RETRY_AFTER_SECONDS);
        response.http.headers.set('retry-after', String(Math.max(...waits)));
      },
    };
  },
};

/** Apollo with every request bounded before it runs: shape rules, a token cap and a page-size-aware cost. */
export function createApolloServer(
  schema: GraphQLSchema,
  config: Config,
  plugins: ApolloServerPlugin<ApiContext>[] = [],
): ApolloServer<ApiContext> {
  return new ApolloServer<ApiContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: !config.fieldSuggestions,
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules: limitRules(config.limits),
    plugins: [
      costLimitPlugin<ApiContext>(schema, config.limits.maxCost),
      errorResponsePlugin,
      ...plugins,
      // No field carries cache hints; its willResolveField hook would wrap every resolver of every request.
      ApolloServerPluginCacheControlDisabled(),
      // Its page loads scripts from a CDN, which the security headers forbid; the explorer at / replaces it.
      ApolloServerPluginLandingPageDisabled(),
    ],
    // We own shutdown (drain, close the driver, stop Neo4j); Apollo's own signal handler would race it.
    stopOnTerminationSignals: false,
  });
}
