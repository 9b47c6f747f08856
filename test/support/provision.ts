import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the integration and end-to-end tests need beyond npm, set up by the tests themselves so a
 * fresh clone passes `npm test` with nothing typed before it: a project-local Python for
 * followthemoney's validator, and a browser. Both live in git-ignored folders and are reused.
 */
const REPO = path.join(__dirname, '..', '..');
const VENV = path.join(REPO, '.venv');
const REQUIREMENTS = path.join(__dirname, 'python-requirements.txt');
/** Written last: a venv without it (an install cut short) is rebuilt, one with other requirements too. */
const VENV_STAMP = path.join(VENV, '.entity-graph-requirements');
const BROWSER_CACHE = path.join(REPO, '.cache', 'chromium');
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

const say = (line: string) => process.stderr.write(`${line}\n`);

function run(command: string, args: string[], what: string, options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    const output = `${result.error?.message ?? ''}${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${what} failed:\n${output.split('\n').slice(-15).join('\n')}`);
  }
  return result.stdout;
}

/** `.venv/bin/python` with the test requirements installed: created on the first run, reused after. */
export function provisionPython(): string {
  const python = path.join(VENV, 'bin', 'python');
  const wanted = readFileSync(REQUIREMENTS, 'utf8');
  if (existsSync(python) && existsSync(VENV_STAMP) && readFileSync(VENV_STAMP, 'utf8') === wanted) {
    say(`FtM validator: reusing .venv (followthemoney ${ftmVersion(python)})`);
    return python;
  }
  if (spawnSync('python3', ['--version'], { stdio: 'ignore' }).status !== 0) {
    throw new Error(
      'Python 3 is missing: the tests validate FtM exports with its followthemoney package. ' +
        'Install it (Debian/Ubuntu: apt-get install -y python3 python3-venv; macOS: brew install python) and run npm test again.',
    );
  }
  say('FtM validator: creating .venv with followthemoney and networkx (first run only, about 2 min)…');
  rmSync(VENV, { recursive: true, force: true });
  run('python3', ['-m', 'venv', VENV], 'python3 -m venv .venv (Debian/Ubuntu: apt-get install -y python3-venv)');
  run(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS],
    'pip install -r test/support/python-requirements.txt',
  );
  writeFileSync(VENV_STAMP, wanted);
  say(`FtM validator: .venv ready (followthemoney ${ftmVersion(python)})`);
  return python;
}

function ftmVersion(python: string): string {
  return run(
    python,
    ['-c', 'import followthemoney; print(followthemoney.__version__)'],
    'import followthemoney',
  ).trim();
}

/**
 * A Chromium for the explorer's tests, first found of: CHROMIUM_PATH, Debian's /usr/bin/chromium,
 * the build that the npm package @sparticuz/chromium ships in its tarball (unpacked once into
 * .cache/chromium). Never a download from a browser vendor.
 */
export function provisionBrowser(): string {
  const given = process.env.CHROMIUM_PATH;
  if (given) {
    if (!existsSync(given)) throw new Error(`CHROMIUM_PATH=${given} does not exist`);
    say(`Browser: ${given} (CHROMIUM_PATH)`);
    return given;
  }
  if (existsSync(DEBIAN_CHROMIUM)) {
    say(`Browser: ${DEBIAN_CHROMIUM}`);
    return DEBIAN_CHROMIUM;
  }
  const unpacked = path.join(BROWSER_CACHE, 'chromium');
  if (!existsSync(unpacked))
    say('Browser: unpacking the Chromium of @sparticuz/chromium into .cache/chromium (first run only)…');
  mkdirSync(BROWSER_CACHE, { recursive: true });
  // The package is ESM only and unpacks into os.tmpdir(): run it in a child with TMPDIR pointing at our cache.
  const script = "import('@sparticuz/chromium').then(async (c) => console.log(await c.default.executablePath()))";
  const executable = run(process.execPath, ['-e', script], 'unpacking @sparticuz/chromium', {
    cwd: REPO,
    env: { ...process.env, TMPDIR: BROWSER_CACHE },
  }).trim();
  say(`Browser: ${executable} (from @sparticuz/chromium)`);
  return executable;
}
