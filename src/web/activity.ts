import { describeError } from './api';

/**
 * What the page is doing: requests in flight and waits about to send one, said on the progress
 * line; a failure said in words on the message line. The test hook is idle when nothing is.
 */
export class Activity {
  private pending = 0;

  constructor(
    private readonly progress: HTMLElement,
    private readonly message: HTMLElement,
  ) {}

  get idle(): boolean {
    return this.pending === 0;
  }

  /** A line on the progress line, until the next busy period ends. */
  say(text: string): void {
    this.progress.textContent = text;
  }

  /** Runs `work` as one busy period; a failure is shown in words and gives undefined. */
  async busy<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    this.pending += 1;
    this.progress.textContent = `${what}…`;
    try {
      const result = await work();
      this.message.textContent = '';
      return result;
    } catch (error) {
      this.message.textContent = describeError(error);
      return undefined;
    } finally {
      this.pending -= 1;
      if (this.pending === 0) this.progress.textContent = '';
    }
  }

  /** Counts a wait as busy until `release` (see Debounce). */
  hold(): void {
    this.pending += 1;
  }

  release(): void {
    this.pending -= 1;
  }
}

/**
 * Runs an action once its input pauses (typing, a slider's drag), so that a burst of events is
 * one request. Busy from the first event on: the test hook never reports idle in between.
 */
export class Debounce {
  private timer: number | undefined;

  constructor(
    private readonly activity: Activity,
    private readonly ms: number,
  ) {}

  /** Runs `action` after the pause, instead of what was scheduled before. */
  schedule(action: () => void): void {
    this.cancel();
    this.activity.hold();
    this.timer = window.setTimeout(() => {
      this.timer = undefined;
      this.activity.release();
      action();
    }, this.ms);
  }

  cancel(): void {
    if (this.timer === undefined) return;
    window.clearTimeout(this.timer);
    this.timer = undefined;
    this.activity.release();
  }
}
