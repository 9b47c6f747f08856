// Bundles the explorer page (src/web) into dist/web; a no-op until the page exists.
const { existsSync } = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'src', 'web', 'main.ts');
if (existsSync(entry)) {
  require('esbuild').buildSync({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    sourcemap: true,
    target: 'es2020',
    outfile: path.join(__dirname, '..', 'dist', 'web', 'explorer.js'),
  });
}
