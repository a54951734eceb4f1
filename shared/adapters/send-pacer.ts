import { RetryLater } from '../app/ports.js';

/** A send given up before it started: its slot would have come after the instant it had to start by. */
export class SendWindowClosed extends RetryLater {}

interface Waiter {
  /** Slots the send takes: SES counts its sending rate in recipients, so a letter to three addresses takes three. */
  weight: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/**
 * Hands out send slots at a fixed rate — one per recipient, as SES counts
 * its sending rate — the most pressing waiter first: with
 * the three mail lanes in one container (the local runtime) an urgent alert
 * takes the next slot even when acknowledgements are already waiting for
 * theirs. Priority 0 is the most pressing; within a priority, first come.
 *
 * A waiter may say when its wait is no longer worth it (`notAfter`, a
 * function's deadline less a margin): it is then taken out of the line and
 * rejected with SendWindowClosed, before anything was sent, rather than be
 * cut off by the function's timeout in the middle of a send.
 */
export class SendPacer {
  private readonly waiting: Waiter[][] = [];
  private nextSlot = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number) {}

  take(priority = 0, notAfter?: number, weight = 1): Promise<void> {
    const closed = () => new SendWindowClosed(`no send slot before ${new Date(notAfter!).toISOString()}; the message goes back to its queue unsent`);
    if (notAfter !== undefined && notAfter <= Date.now()) return Promise.reject(closed());
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { weight: Math.max(1, weight), resolve, reject };
      const line = (this.waiting[priority] ??= []);
      line.push(waiter);
      if (notAfter !== undefined) {
        waiter.timer = setTimeout(() => {
          const at = line.indexOf(waiter);
          if (at < 0) return;
          line.splice(at, 1);
          reject(closed());
        }, Math.max(0, notAfter - Date.now()));
      }
      this.pump();
    });
  }

  private pump(): void {
    if (this.timer) return;
    for (;;) {
      const line = this.mostPressing();
      if (!line) return;
      const wait = this.nextSlot - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          // The slot has come (the timer says so, whatever a test's frozen clock says): the most pressing waiter of this moment takes it.
          this.release(Math.max(Date.now(), this.nextSlot));
          this.pump();
        }, wait);
        return;
      }
      this.release(Date.now());
    }
  }

  private release(slot: number): void {
    const line = this.mostPressing();
    if (!line) return;
    const waiter = line.shift()!;
    this.nextSlot = slot + this.intervalMs * waiter.weight;
    clearTimeout(waiter.timer);
    waiter.resolve();
  }

  private mostPressing(): Waiter[] | undefined {
    return this.waiting.find((line) => line && line.length > 0);
  }
}
