import { execFile } from 'node:child_process';
import path from 'node:path';

const REPO = path.join(__dirname, '..', '..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `entity-graph <args>` from sources as a user runs it (tsx as a loader), against the test run's
 * Neo4j unless `env` says otherwise. Asynchronous, so a service in this very process keeps answering.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 90000): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(REPO, 'src', 'cli', 'main.ts'), ...args],
      { cwd: REPO, encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'silent', ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
