import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** Runs the tests' Python (the .venv the global setup provisioned, test/support/provision.ts) with `args`. */
export function runPython(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const python = process.env.TEST_PYTHON;
  if (!python) throw new Error('TEST_PYTHON is unset: run the tests through jest, whose global setup provides it');
  return spawnSync(python, args, { encoding: 'utf8' });
}

/** followthemoney's strict validation of an NDJSON file (test/support/ftm_validate.py). */
export function validateFtm(file: string): { status: number | null; stdout: string; stderr: string } {
  return runPython([path.join(__dirname, 'ftm_validate.py'), file]);
}
