/**
 * The one-way layout of docs/architecture.md, checked by `npm run lint` (depcruise src):
 * http → api → store → db, cli and ingest call store, model, match and extract are pure, paths is a leaf,
 * no cycle, and a folder's modules are reached from other folders through its index.ts only.
 */
const layer = (name, comment, from, forbidden) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: `^src/(${forbidden.join('|')})(/|\\.ts$)` },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'An import cycle', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'paths-is-a-leaf',
      comment: 'src/paths.ts and src/units.ts are read by every layer, so they import none of them',
      severity: 'error',
      from: { path: '^src/(paths|units)\\.ts$' },
      to: { path: '^src/' },
    },
    layer('model-is-pure', 'src/model is the ontology: pure, it imports no other folder', '^src/model/', [
      'paths',
      'config',
      'db',
      'store',
      'api',
      'http',
      'cli',
      'ingest',
      'formats',
      'match',
      'web',
    ]),
    layer('match-is-pure', 'src/match scores names: pure, it uses only the model', '^src/match/', [
      'paths',
      'config',
      'db',
      'store',
      'api',
      'http',
      'cli',
      'ingest',
      'formats',
      'web',
    ]),
    layer(
      'extract-is-pure',
      'src/extract reads article text: pure, it uses the model and the matcher only',
      '^src/extract/',
      ['paths', 'config', 'db', 'store', 'api', 'http', 'cli', 'ingest', 'formats', 'web'],
    ),
    layer('db-knows-no-graph', 'src/db runs Neo4j and the driver; it knows no graph model', '^src/db/', [
      'model',
      'store',
      'api',
      'http',
      'cli',
      'ingest',
      'formats',
      'match',
      'web',
    ]),
    layer('config-is-low', 'src/config.ts is read by every layer above the model', '^src/config\\.ts$', [
      'db',
      'store',
      'api',
      'http',
      'cli',
      'ingest',
      'formats',
      'match',
      'web',
    ]),
    layer('store-below-api', 'src/store holds the Cypher; it never sees GraphQL, HTTP or the readers', '^src/store/', [
      'api',
      'http',
      'cli',
      'ingest',
      'formats',
      'web',
    ]),
    layer('ingest-calls-store', 'src/ingest writes through the store, never through the API', '^src/ingest/', [
      'api',
      'http',
      'cli',
      'web',
    ]),
    layer('formats-write-only', 'src/formats turn subgraphs into files: no API, HTTP or readers', '^src/formats/', [
      'api',
      'http',
      'cli',
      'ingest',
      'web',
    ]),
    layer('api-below-http', 'src/api shapes GraphQL; HTTP and the CLI sit above it', '^src/api/', [
      'http',
      'cli',
      'ingest',
      'web',
    ]),
    layer('http-below-cli', 'the CLI starts the service, not the other way round', '^src/http/', ['cli', 'web']),
    {
      name: 'web-is-browser-code',
      comment: "the explorer runs in a browser: it uses its own modules and the model's vocabulary only",
      severity: 'error',
      from: { path: '^src/web/', pathNot: '^src/web/bundle\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/web/', '^src/model/vocabulary\\.ts$'] },
    },
    {
      name: 'through-the-front-door',
      comment: "another folder's modules are imported through its index.ts, which says what it offers",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      // src/model/vocabulary.ts: the model's browser-safe door, for src/web.
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/model/vocabulary\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count too: a cycle of types is still a cycle for a reader.
    tsPreCompilationDeps: true,
    exclude: { path: '\\.d\\.ts$' },
  },
};
