/**
 * Hands out send slots at a fixed rate, the most pressing waiter first: with
 * the three mail lanes in one container (the local runtime) an urgent alert
 * takes the next slot even when acknowledgements are already waiting for
 * theirs. Priority 0 is the most pressing; within a priority, first come.
 */
export class SendPacer {
  private readonly waiting: (() => void)[][] = [];
  private nextSlot = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number) {}

  take(priority = 0): Promise<void> {
    return new Promise<void>((resolve) => {
      (this.waiting[priority] ??= []).push(resolve);
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
    this.nextSlot = slot + this.intervalMs;
    line.shift()!();
  }

  private mostPressing(): (() => void)[] | undefined {
    return this.waiting.find((line) => line && line.length > 0);
  }
}
