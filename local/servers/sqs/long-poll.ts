/** Held ReceiveMessage calls (long polling): answered as soon as something becomes receivable. */
import type { Input } from './input.js';

export interface ReceiveOptions {
  max: number;
  visibilityTimeout?: number;
  systemAttributeNames: string[];
  messageAttributeNames: string[];
}

interface Waiter {
  queueName: string;
  options: ReceiveOptions;
  timer: NodeJS.Timeout;
  resolve(messages: Input[]): void;
  /** Stops listening to the caller's signal: an in-process poller reuses one signal for every poll it makes. */
  unlisten(): void;
}

export class LongPolls {
  private waiters: Waiter[] = [];
  private wakeTimer: NodeJS.Timeout | undefined;
  private servePending = false;

  constructor(
    /** Receives now; undefined when the queue no longer exists. */
    private readonly receive: (queueName: string, options: ReceiveOptions, now: number) => Input[] | undefined,
    /** The next moment a delayed or in-flight message of these queues becomes visible. */
    private readonly nextVisibleAt: (queueNames: Set<string>, now: number) => number,
  ) {}

  wait(queueName: string, options: ReceiveOptions, waitMs: number, signal: AbortSignal): Promise<Input[]> {
    if (signal.aborted) return Promise.resolve([]);
    return new Promise((resolve) => {
      // A caller that hung up must not be handed messages it will never see.
      const onAbort = () => this.finish(waiter, []);
      const waiter: Waiter = {
        queueName,
        options,
        resolve,
        timer: setTimeout(onAbort, waitMs),
        unlisten: () => signal.removeEventListener('abort', onAbort),
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.scheduleWake();
    });
  }

  /** Answers the polls of a deleted queue empty. */
  dropQueue(queueName: string): void {
    for (const waiter of this.waiters.filter((w) => w.queueName === queueName)) this.finish(waiter, []);
  }

  /** Re-tries held polls soon (after the current request has finished mutating state). */
  kick(): void {
    if (this.servePending || this.waiters.length === 0) return;
    this.servePending = true;
    setImmediate(() => {
      this.servePending = false;
      this.serve();
    });
  }

  releaseAll(): void {
    for (const waiter of [...this.waiters]) this.finish(waiter, []);
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
  }

  private finish(waiter: Waiter, messages: Input[]): void {
    const index = this.waiters.indexOf(waiter);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    clearTimeout(waiter.timer);
    waiter.unlisten();
    waiter.resolve(messages);
  }

  private serve(): void {
    const now = Date.now();
    for (const waiter of [...this.waiters]) {
      const messages = this.receive(waiter.queueName, waiter.options, now);
      if (messages === undefined) this.finish(waiter, []);
      else if (messages.length > 0) this.finish(waiter, messages);
    }
    this.scheduleWake();
  }

  /** Arms one timer for the next moment a delayed or in-flight message becomes visible in a polled queue. */
  private scheduleWake(): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = undefined;
    if (this.waiters.length === 0) return;
    const now = Date.now();
    const next = this.nextVisibleAt(new Set(this.waiters.map((w) => w.queueName)), now);
    if (next !== Infinity) this.wakeTimer = setTimeout(() => this.serve(), next - now + 1);
  }
}
