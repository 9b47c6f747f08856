import neo4j, { type Driver, type Session } from 'neo4j-driver';
import { rerunIfVanished } from '../src/store/cypher-runner';

/*
 * "The same Cypher" as a GraphQL request: the statements the service ran for it, recorded at its
 * driver with their parameters, then replayed through a plain driver in the same order. Statements
 * the service had in flight together (one DataLoader batch per nesting level) replay together.
 */

export interface Statement {
  cypher: string;
  params: Record<string, unknown>;
}

/** Statements in the order they started; each group ran concurrently. */
export type Recording = Statement[][];

export class CypherCapture {
  private groups?: Recording;
  private inFlight = 0;

  /** Wraps `driver`'s read sessions (auto-commit statements) so they can be recorded; off until `record` runs. */
  constructor(driver: Driver) {
    const open = driver.session.bind(driver);
    driver.session = (config) => {
      const session = open(config);
      if (config?.defaultAccessMode === neo4j.session.READ) this.watch(session);
      return session;
    };
  }

  private watch(session: Session): void {
    const sessionRun = session.run.bind(session);
    session.run = (cypher, params, txConfig) => {
      const result = sessionRun(cypher, params, txConfig);
      if (this.groups) {
        const statement = { cypher: String(cypher), params: (params ?? {}) as Record<string, unknown> };
        if (this.inFlight > 0 && this.groups.length > 0) this.groups[this.groups.length - 1].push(statement);
        else this.groups.push([statement]);
        this.inFlight += 1;
        const settled = (): void => void (this.inFlight -= 1);
        result.then(settled, settled);
      }
      return result;
    };
  }

  /** The statements `request` made the service run. */
  async record(request: () => Promise<unknown>): Promise<Recording> {
    this.groups = [];
    this.inFlight = 0;
    try {
      await request();
      return this.groups;
    } finally {
      this.groups = undefined;
    }
  }
}

export const statementCount = (recording: Recording): number => recording.reduce((sum, group) => sum + group.length, 0);

/**
 * Replays a recording through `driver`: one auto-commit read per statement, run again when a
 * record it traversed was deleted meanwhile, as the service's runner does.
 */
export async function replay(driver: Driver, database: string, recording: Recording): Promise<void> {
  for (const group of recording) {
    await Promise.all(
      group.map(async ({ cypher, params }) => {
        const session = driver.session({ database, defaultAccessMode: neo4j.session.READ });
        try {
          await rerunIfVanished(async () => (await session.run(cypher, params)).records.map((r) => r.toObject()));
        } finally {
          await session.close();
        }
      }),
    );
  }
}
