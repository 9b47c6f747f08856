import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { eventually } from './processes';

export interface LiveClient {
  client: Client;
  /** Close codes the client saw, in order. */
  closeCodes: number[];
  dispose(): Promise<void>;
}

/** A graphql-ws client on the service's /graphql (ws package as the WebSocket), never retrying. */
export function liveClient(httpUrl: string, authorization?: string): LiveClient {
  const closeCodes: number[] = [];
  const client = createClient({
    url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization === undefined ? undefined : { authorization },
    retryAttempts: 0,
    lazy: true,
  });
  client.on('closed', (event) => closeCodes.push((event as { code: number }).code));
  return { client, closeCodes, dispose: async () => void (await client.dispose()) };
}

export interface Received<T> {
  events: T[];
  errors: unknown[];
  completed: boolean;
  /** Waits until `predicate` holds for the events received so far. */
  until(what: string, predicate: (events: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
  stop(): void;
}

/** Subscribes and collects every event's `data[field]`. */
export function collect<T>(
  live: LiveClient,
  field: string,
  query: string,
  variables: Record<string, unknown> = {},
): Received<T> {
  const received: Received<T> = {
    events: [],
    errors: [],
    completed: false,
    until: async (what, predicate, timeoutMs = 30000) => {
      await eventually(
        what,
        () => {
          if (received.errors.length > 0) throw new Error(`${what}: ${JSON.stringify(received.errors)}`);
          return predicate(received.events);
        },
        timeoutMs,
      );
      return received.events;
    },
    stop: () => undefined,
  };
  received.stop = live.client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) received.errors.push(...result.errors);
        else if (result.data) received.events.push(result.data[field]);
      },
      error: (error) => received.errors.push(error),
      complete: () => (received.completed = true),
    },
  );
  return received;
}
