import { text } from 'node:stream/consumers';

/*
 * A Vega-Lite spec on stdin, its SVG on stdout. A process of its own because vega and vega-lite
 * are ESM with top-level await, which jest's CommonJS runtime cannot load; tsx can.
 */
async function main(): Promise<void> {
  const vegaLite = await import('vega-lite');
  const spec = JSON.parse(await text(process.stdin)) as Parameters<typeof vegaLite.compile>[0];
  const vega = await import('vega');
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  process.stdout.write(await view.toSVG());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `render-svg failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
