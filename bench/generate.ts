import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Command } from 'commander';
import { generateFtm } from './ftm-generator';

/* `npm run bench:generate -- --entities N [--seed S] [--out FILE]`: synthetic FtM NDJSON (stdout by default). */
async function main(): Promise<void> {
  const options = new Command()
    .requiredOption('--entities <n>', 'number of entities', (value) => Number.parseInt(value, 10))
    .option('--seed <s>', 'random seed', (value) => Number.parseInt(value, 10), 1)
    .option('--out <file>', 'output file (default stdout)')
    .parse()
    .opts<{ entities: number; seed: number; out?: string }>();
  const out = options.out ? createWriteStream(options.out) : process.stdout;
  for (const entity of generateFtm({ entities: options.entities, seed: options.seed })) {
    if (!out.write(`${JSON.stringify(entity)}\n`)) await new Promise<void>((resolve) => out.once('drain', resolve));
  }
  if (out !== process.stdout) {
    out.end();
    await finished(out);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:generate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
