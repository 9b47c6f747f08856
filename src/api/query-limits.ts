import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  getNullableType,
  GraphQLError,
  isListType,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { QueryLimits } from '../config';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  DEFAULT_NEIGHBORHOOD_LIMIT,
  MAX_COMMON_NEIGHBORS,
  MAX_EXPOSURES,
  MAX_PATH_DEPTH,
  DEFAULT_SCREEN_MATCHES,
  MAX_SCREEN_MATCHES,
  MAX_SCREEN_EXPOSURES,
} from '../store';
import { ErrorCode } from './errors';
import { MAX_LINKED_DETAILS } from './linked-details';
import { DEFAULT_MATCH_RESULTS, MAX_MATCH_QUERIES, MAX_MATCH_RESULTS } from './match-limits';

/*
 * Limits checked before any Cypher runs. The shape rules (depth, aliases, directives) come from
 * graphql-armor; tokens from graphql-js's parser (Apollo's parseOptions); the cost from
 * graphql-query-complexity with the estimator below, which multiplies by page sizes along each
 * path so that nested pages and alias bombs cost what they would really return.
 */

function tooComplex(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...extensions, http: { status: 400 } },
  });
}

/** graphql-armor reports plain errors; ours carry the code and the limit. */
const rejectWith =
  (limit: string, max: number): GraphQLArmorRejectCallback =>
  (context, error) =>
    context?.reportError(tooComplex(error.message.replace(/^Syntax Error: /, ''), { limit, max }));

export function limitRules(limits: QueryLimits): ValidationRule[] {
  const common = { exposeLimits: true, propagateOnRejection: false } as const;
  return [
    maxDepthRule({ ...common, n: limits.maxDepth, onReject: [rejectWith('depth', limits.maxDepth)] }),
    maxAliasesRule({ ...common, n: limits.maxAliases, onReject: [rejectWith('aliases', limits.maxAliases)] }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [rejectWith('directives', limits.maxDirectives)],
    }),
  ];
}

const clamp = (value: unknown, fallback: number, max: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(value, 0), max) : fallback;

/** Items of a list that takes no page size: evidence, path hops and the like. */
const SMALL_LIST = 3;

/** How many results a field returns at most, given its arguments (defaults already applied). */
const RESULTS: Readonly<Record<string, (args: Record<string, unknown>) => number>> = {
  'Query.neighborhood': (args) => clamp(args.limit, DEFAULT_NEIGHBORHOOD_LIMIT, Number.MAX_SAFE_INTEGER),
  'Query.paths': (args) =>
    clamp(args.limit, 1, Number.MAX_SAFE_INTEGER) * (clamp(args.maxDepth, 1, MAX_PATH_DEPTH) + 1),
  'Query.shortestPath': (args) => clamp(args.maxDepth, 1, MAX_PATH_DEPTH) + 1,
  'Query.exposure': (args) => clamp(args.first, MAX_EXPOSURES, MAX_EXPOSURES),
  'Query.commonNeighbors': () => MAX_COMMON_NEIGHBORS,
  'Company.competitors': () => MAX_PAGE_SIZE,
  // Every query's results (the argument's own length is known when the cost is estimated).
  'Query.match': (args) =>
    (Array.isArray(args.queries) ? args.queries.length : MAX_MATCH_QUERIES) *
    clamp(args.limit, DEFAULT_MATCH_RESULTS, MAX_MATCH_RESULTS),
  'Query.screen': (args) =>
    (Array.isArray(args.queries) ? args.queries.length : MAX_MATCH_QUERIES) *
    clamp(args.matches, DEFAULT_SCREEN_MATCHES, MAX_SCREEN_MATCHES),
  // Counted by Query.screen above, not again as a small list.
  'ScreenResult.matches': () => 1,
  // The parent's `exposures` argument is out of sight here: its cap.
  'ScreenMatch.exposures': () => MAX_SCREEN_EXPOSURES,
  // A snapshot may list every exposure at once.
  'ExposureChange.entered': () => MAX_EXPOSURES,
  'ExposureChange.left': () => MAX_EXPOSURES,
};

/** Entity fields (on every entity type) that read linked entities: identity documents, addresses. */
const LINKED_DETAIL_FIELDS: ReadonlySet<string> = new Set(['identifiers', 'addresses']);

/** Lists whose length the parent field already counted (a page, a subgraph, a path). */
const COUNTED_BY_PARENT = /(Connection|Subgraph|Path)$/;

export const pageCostEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const results = RESULTS[`${type.name}.${field.name}`];
  let multiplier = 1;
  if (results) multiplier = results(args);
  // A list of strings costs too: each comes from a linked entity read for it.
  else if (LINKED_DETAIL_FIELDS.has(field.name)) return 1 + MAX_LINKED_DETAILS * Math.max(childComplexity, 1);
  else if ('first' in args) multiplier = clamp(args.first, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  else if (isListType(getNullableType(field.type)) && !COUNTED_BY_PARENT.test(type.name)) multiplier = SMALL_LIST;
  return 1 + multiplier * childComplexity;
};

/**
 * An operation's estimated cost, or undefined when its variables do not fit (execution reports
 * them with their own code). Throws QUERY_TOO_COMPLEX when it has too many nodes to estimate.
 */
function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): number | undefined {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? undefined,
      estimators: [pageCostEstimator],
    });
  } catch (error) {
    if (error instanceof GraphQLError && /number of nodes/.test(error.message)) {
      throw tooComplex(error.message, { limit: 'nodes' });
    }
    if (error instanceof GraphQLError) return undefined;
    throw error;
  }
}

function enforceCost(cost: number | undefined, maxCost: number): void {
  if (cost !== undefined && cost > maxCost) {
    throw tooComplex(
      `The query's estimated cost is ${cost}, over the limit of ${maxCost}: page sizes multiply along ` +
        'each path, so ask for smaller pages (first, limit), fewer levels or fewer aliases',
      { limit: 'cost', cost, max: maxCost },
    );
  }
}

/**
 * Throws QUERY_TOO_COMPLEX when an operation's estimated cost exceeds `maxCost` (or it has too
 * many nodes to estimate). Bad variables pass: execution reports them with their own code.
 */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
  maxCost: number,
): void {
  enforceCost(estimateCost(schema, document, operationName, variables), maxCost);
}

/** Costs remembered per document for this many operation name and variables combinations. */
const COSTS_PER_DOCUMENT = 32;
/** Longer variables are estimated every time rather than kept as a cache key. */
const MAX_COST_KEY_LENGTH = 2048;

/** The cache key of an operation's name and variables; undefined when too long, or too deep to serialise. */
function costKey(operationName: string | null | undefined, variables: Record<string, unknown> | undefined) {
  try {
    const key = JSON.stringify([operationName ?? null, variables ?? null]);
    return key.length <= MAX_COST_KEY_LENGTH ? key : undefined;
  } catch {
    // Hostile input (JSON nested thousands deep): execution answers it as it did before any caching.
    return undefined;
  }
}

/**
 * Rejects an operation whose estimated cost exceeds `maxCost`, after parsing and validation
 * (so variables are known) and before any resolver runs. The estimate walks the whole document,
 * so it is remembered per parsed document (Apollo's document store hands the same object back
 * for the same query), operation name and variables.
 */
export function costLimitPlugin<Context extends object>(
  schema: GraphQLSchema,
  maxCost: number,
): ApolloServerPlugin<Context> {
  const known = new WeakMap<DocumentNode, Map<string, number | undefined>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          // No such operation in the document: Apollo answers OPERATION_RESOLUTION_FAILURE itself.
          if (!operation) return;
          const key = costKey(request.operationName, request.variables);
          const costs = known.get(document) ?? new Map<string, number | undefined>();
          if (key !== undefined && costs.has(key)) return enforceCost(costs.get(key), maxCost);
          const cost = estimateCost(schema, document, request.operationName, request.variables);
          if (key !== undefined) {
            // Oldest first out: Maps iterate in insertion order.
            if (costs.size >= COSTS_PER_DOCUMENT) costs.delete(costs.keys().next().value as string);
            costs.set(key, cost);
            known.set(document, costs);
          }
          enforceCost(cost, maxCost);
        },
      };
    },
  };
}
