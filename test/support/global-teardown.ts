import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const local = globalThis.__localNeo4j;
  if (!local) return;
  await local.server.stop();
  rmSync(local.home, { recursive: true, force: true });
}
