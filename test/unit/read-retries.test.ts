import { Neo4jError } from 'neo4j-driver';
import { retryTransient } from '../../src/store/cypher-runner';

/** An error as the driver raises it for `code` (the driver's own class, so its retryable flag is real). */
const neo4jError = (code: string): Neo4jError =>
  new Neo4jError(`failed with ${code}`, code, '50N42', 'error', {
    OPERATION: '',
    OPERATION_CODE: '0',
    CURRENT_SCHEMA: '/',
  });

/** A read that fails with `codes`, one per call, then answers 'rows'. */
function failingWith(...codes: string[]): { read: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    read: async () => {
      calls += 1;
      if (calls <= codes.length) throw neo4jError(codes[calls - 1]);
      return 'rows';
    },
    calls: () => calls,
  };
}

describe('auto-commit reads retry transient failures as executeRead would', () => {
  it('reruns a read after a lost connection and a transient error', async () => {
    const read = failingWith('SessionExpired', 'Neo.TransientError.General.DatabaseUnavailable');
    await expect(retryTransient(read.read, 10000)).resolves.toBe('rows');
    expect(read.calls()).toBe(3);
  });

  it('does not rerun a read that failed on its own terms', async () => {
    const read = failingWith('Neo.ClientError.Statement.SyntaxError');
    await expect(retryTransient(read.read, 10000)).rejects.toThrow(/SyntaxError/);
    expect(read.calls()).toBe(1);
  });

  it('gives up once the next wait would pass maxRetryTimeMs', async () => {
    // Fake timers (Date.now included): the waits are counted, not timed on a loaded machine.
    jest.useFakeTimers();
    try {
      const read = failingWith(...Array<string>(20).fill('ServiceUnavailable'));
      const started = Date.now();
      const outcome = retryTransient(read.read, 500).catch((error: unknown) => error);
      await jest.runAllTimersAsync();
      expect(String(await outcome)).toMatch(/ServiceUnavailable/);
      // Waits of about 100, 200 ms fit in 500 ms; the next (400 ms) would not.
      expect(read.calls()).toBe(3);
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      jest.useRealTimers();
    }
  });
});
