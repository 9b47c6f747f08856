import { spawnSync } from 'node:child_process';
import path from 'node:path';

const REPO = path.join(__dirname, '..', '..');

/** The rule names `depcruise src` (part of npm run lint) reports, run in `cwd` with the project's rules. */
function violations(cwd: string): string[] {
  const result = spawnSync(
    path.join(REPO, 'node_modules', '.bin', 'depcruise'),
    ['src', '--config', path.join(REPO, '.dependency-cruiser.cjs'), '--output-type', 'json'],
    { cwd, encoding: 'utf8' },
  );
  const report = JSON.parse(result.stdout) as { summary: { violations: { rule: { name: string } }[] } };
  return [...new Set(report.summary.violations.map((violation) => violation.rule.name))].sort();
}

describe('the layer rules of npm run lint', () => {
  it('fail on an import cycle, a wrong arrow between layers and an import past a front door', () => {
    expect(violations(path.join(REPO, 'test', 'fixtures', 'layers'))).toEqual([
      'db-knows-no-graph',
      'no-circular',
      'through-the-front-door',
    ]);
  });

  it('hold for the project itself', () => {
    expect(violations(REPO)).toEqual([]);
  });
});
