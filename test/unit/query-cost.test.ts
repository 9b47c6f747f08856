import 'reflect-metadata';
import { parse, type GraphQLSchema } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { pageCostEstimator } from '../../src/api/query-limits';
import { buildApiSchema } from '../../src/api/schema';

describe('the query cost estimate', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => (schema = await buildApiSchema()));
  const cost = (query: string, variables: Record<string, unknown> = {}) =>
    getComplexity({ schema, query: parse(query), variables, estimators: [pageCostEstimator] });

  it('multiplies page sizes along each path', () => {
    const inner = cost('{ entity(id: "a") { relationships(first: 5) { edges { node { id } } } } }');
    const outer = cost(
      '{ entities(first: 10) { edges { node { relationships(first: 5) { edges { node { id } } } } } } }',
    );
    // relationships(first: 5) { edges { node { id } } } costs 1 + 5 × (1 + 1 + 1) = 16.
    expect(inner).toBe(1 + 16);
    expect(outer).toBe(1 + 10 * (1 + 1 + 16));
  });

  it('uses the default page size when `first` is omitted, and clamps absurd ones to the maximum', () => {
    const page = (first: string) => cost(`{ entities${first} { edges { node { id } } } }`);
    expect(page('')).toBe(1 + 50 * 3);
    expect(page('(first: 1000000)')).toBe(1 + 500 * 3);
    expect(cost('query ($n: Int) { entities(first: $n) { edges { node { id } } } }', { n: 7 })).toBe(1 + 7 * 3);
  });

  it('counts aliases once each and neighbourhoods by their node limit', () => {
    const one = cost('{ neighborhood(id: "a") { nodes { id } } }');
    expect(one).toBe(1 + 200 * 2);
    expect(cost('{ a: neighborhood(id: "a") { nodes { id } } b: neighborhood(id: "a") { nodes { id } } }')).toBe(
      2 * one,
    );
    expect(cost('{ neighborhood(id: "a", limit: 10) { nodes { id } } }')).toBe(1 + 10 * 2);
  });

  it('counts the identity documents and addresses an entity may read, on every entity type', () => {
    // identifiers { value scheme } costs 1 + 50 × 2: up to 50 documents' identifiers.
    expect(cost('{ entity(id: "a") { identifiers { value scheme } } }')).toBe(1 + (1 + 50 * 2));
    expect(cost('{ entity(id: "a") { ... on Vessel { addresses } } }')).toBe(1 + (1 + 50 * 1));
    // A full page of entities, each with up to 50 documents: 25,000 identifiers at most, counted so.
    expect(cost('{ entities(first: 500) { nodes { identifiers { value } } } }')).toBe(1 + 500 * (1 + 50 * 1 + 1));
  });
});
