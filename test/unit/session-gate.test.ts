import { DatabaseBusyError } from '../../src/model/errors';
import { SessionGate } from '../../src/store/session-gate';

/** A task the test finishes by hand, recording when it started. */
function manualTask(started: string[], name: string) {
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    work: async (): Promise<string> => {
      started.push(name);
      await done;
      return name;
    },
    finish: () => finish(),
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('SessionGate', () => {
  afterEach(() => jest.useRealTimers());

  it('runs at most maxConcurrency at once and admits waiters first in, first out', async () => {
    const gate = new SessionGate({ maxConcurrency: 2, queueLimit: 10, queueTimeoutMs: 60000, maxRetryTimeMs: 0 });
    const started: string[] = [];
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((name) => manualTask(started, name));
    const results = tasks.map((task) => gate.run(task.work));
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect([gate.active, gate.queued]).toEqual([2, 3]);

    tasks[1].finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    // A newcomer queues behind the waiters even though a place is about to free up.
    const late = manualTask(started, 'late');
    const lateResult = gate.run(late.work);
    tasks[0].finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd']);

    for (const task of [...tasks, late]) task.finish();
    expect(await Promise.all([...results, lateResult])).toEqual(['a', 'b', 'c', 'd', 'e', 'late']);
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e', 'late']);
    expect([gate.active, gate.queued]).toEqual([0, 0]);
  });

  it('refuses a caller at once when the queue is full', async () => {
    const gate = new SessionGate({ maxConcurrency: 1, queueLimit: 1, queueTimeoutMs: 60000, maxRetryTimeMs: 0 });
    const started: string[] = [];
    const running = manualTask(started, 'running');
    const waiting = manualTask(started, 'waiting');
    const results = [gate.run(running.work), gate.run(waiting.work)];
    const refused = gate.run(async () => 'never');
    await expect(refused).rejects.toBeInstanceOf(DatabaseBusyError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: expect.any(Number) });
    running.finish();
    waiting.finish();
    expect(await Promise.all(results)).toEqual(['running', 'waiting']);
    expect(started).toEqual(['running', 'waiting']);
  });

  it('refuses a waiter whose wait runs past queueTimeoutMs, and frees its place in the queue', async () => {
    jest.useFakeTimers();
    const gate = new SessionGate({ maxConcurrency: 1, queueLimit: 1, queueTimeoutMs: 1000, maxRetryTimeMs: 0 });
    const started: string[] = [];
    const running = manualTask(started, 'running');
    const result = gate.run(running.work);
    const waiter = gate.run(async () => 'too late');
    const refusal = expect(waiter).rejects.toBeInstanceOf(DatabaseBusyError);
    jest.advanceTimersByTime(999);
    expect(gate.queued).toBe(1);
    jest.advanceTimersByTime(1);
    await refusal;
    expect(gate.queued).toBe(0);

    const next = manualTask(started, 'next');
    const nextResult = gate.run(next.work);
    running.finish();
    next.finish();
    expect(await Promise.all([result, nextResult])).toEqual(['running', 'next']);
    expect([gate.active, gate.queued]).toEqual([0, 0]);
  });

  it('frees its place when the work fails', async () => {
    const gate = new SessionGate({ maxConcurrency: 1, queueLimit: 0, queueTimeoutMs: 1000, maxRetryTimeMs: 0 });
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'ok')).toBe('ok');
  });
});
