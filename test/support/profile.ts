import type { ProfiledPlan } from 'neo4j-driver';
import type { CypherRunner } from '../../src/store/cypher-runner';
import type { TestDb } from './neo4j';

/** Every operator of a plan, the root first. */
export function operators(plan: ProfiledPlan): ProfiledPlan[] {
  return [plan, ...plan.children.flatMap(operators)];
}

export const details = (plan: ProfiledPlan): string => String(plan.arguments['Details'] ?? '');

/** An operator's type without its runtime suffix (`Expand(All)@neo4j` → `Expand(All)`). */
export const operatorType = (plan: ProfiledPlan): string => plan.operatorType.replace(/@.*/, '');

export interface Statement {
  cypher: string;
  params: Record<string, unknown>;
}

/** A runner that runs what the store asks, and keeps its statements for PROFILE. */
export function recording(db: TestDb): { runner: CypherRunner; statements: Statement[]; last: () => Statement } {
  const statements: Statement[] = [];
  const runner = {
    timeoutMs: db.runner.timeoutMs,
    read: (cypher: string, params: Record<string, unknown> = {}) => {
      statements.push({ cypher, params });
      return db.runner.read(cypher, params);
    },
  } as unknown as CypherRunner; // only read() and timeoutMs are used by the functions under test
  return { runner, statements, last: () => statements[statements.length - 1] };
}

/** The operators of a statement's PROFILE, run in the test's database. */
export async function profile(db: TestDb, { cypher, params }: Statement): Promise<ProfiledPlan[]> {
  const session = db.driver.session({ database: db.runner.database });
  try {
    const result = await session.run(`PROFILE ${cypher}`, params);
    const plan = result.summary.profile;
    if (!plan) throw new Error('no profile');
    return operators(plan);
  } finally {
    await session.close();
  }
}
