import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Neo4jGraphQL } from '@neo4j/graphql';
import neo4j from 'neo4j-driver';

/*
 * The peer of the throughput comparison: @neo4j/graphql 7 serving type definitions equivalent to
 * ours for the shared queries (an entity's OWNS and DIRECTS edges with their properties and the
 * other endpoint), on the same Neo4j, as its docs set it up: Neo4jGraphQL + Apollo's standalone
 * server. Run as its own process by bench/throughput.ts (NEO4J_URI, PORT); prints its URL when up.
 */
const PEER_TYPE_DEFS = /* GraphQL */ `
  type Entity @node(labels: ["Entity"]) {
    id: ID!
    name: String
    owners: [Entity!]! @relationship(type: "OWNS", direction: IN, properties: "Link")
    directors: [Entity!]! @relationship(type: "DIRECTS", direction: IN, properties: "Link")
  }

  type Link @relationshipProperties {
    id: ID!
    status: String
    since: String
  }
`;

async function main(): Promise<void> {
  const driver = neo4j.driver(process.env.NEO4J_URI ?? 'bolt://127.0.0.1:7687');
  const schema = await new Neo4jGraphQL({ typeDefs: PEER_TYPE_DEFS, driver }).getSchema();
  const server = new ApolloServer({ schema });
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 0) } });
  process.stdout.write(`listening ${url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `peer server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
