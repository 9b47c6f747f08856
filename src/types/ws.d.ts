// ws ships no types and @types/ws is not a dependency: the part of its API this project uses.
declare module 'ws' {
  import { EventEmitter } from 'node:events';

  class WebSocket extends EventEmitter {
    static readonly OPEN: number;
    readonly OPEN: number;
    readonly protocol: string;
    readonly readyState: number;
    constructor(address: string, protocols?: string | string[]);
    send(data: string, callback?: (error?: Error) => void): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
    ping(): void;
    /** Stops reading from the network: the peer's writes back up. */
    pause(): void;
    resume(): void;
    on(event: 'message', listener: (data: Buffer) => void): this;
    on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
    on(event: 'open' | 'pong', listener: () => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    once(event: 'close', listener: (code: number, reason: Buffer) => void): this;
    once(event: 'open', listener: () => void): this;
  }

  export { WebSocket };
  export default WebSocket;
}
