import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { EXPLORER_DIST_DIR, WEB_SOURCE_DIR } from '../paths';

// The sources, also when this file runs compiled from dist/.
/** Served as they are, beside the bundle. */
const STATIC_FILES = ['index.html', 'favicon.svg'];

/**
 * Bundles the explorer (src/web) into `outDir`: one minified script, one stylesheet and the
 * page, all same-origin files so that helmet's `default-src 'self'` CSP holds.
 */
export async function bundleExplorer(outDir: string = EXPLORER_DIST_DIR): Promise<void> {
  // A dev dependency: loaded only when building, so the production image runs without it.
  const { build } = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { explorer: path.join(WEB_SOURCE_DIR, 'main.ts'), style: path.join(WEB_SOURCE_DIR, 'explorer.css') },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    tsconfig: path.join(WEB_SOURCE_DIR, 'tsconfig.json'),
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of STATIC_FILES) copyFileSync(path.join(WEB_SOURCE_DIR, file), path.join(outDir, file));
}

if (require.main === module) {
  bundleExplorer().catch((error: unknown) => {
    process.stderr.write(`explorer bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
