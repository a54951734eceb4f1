import { describe, expect, it } from 'vitest';
import { LanePublisher } from '../../shared/adapters/notify-lanes.js';
import { SendPacer, SendWindowClosed } from '../../shared/adapters/send-pacer.js';
import { notificationLane } from '../../shared/app/notification.js';
import { waitForBusierLanes } from '../../shared/app/notify-lane-wait.js';
import { FUNCTIONS, sendRateShare, type FunctionDefinition } from '../../shared/resources/functions.js';

describe('mail lanes', () => {
  it('puts an urgent alert, an acknowledgement and everything else in three lanes', () => {
    expect(notificationLane({ kind: 'urgentAlert' })).toBe('notifyUrgent');
    expect(notificationLane({ kind: 'acknowledgement' })).toBe('notify');
    expect(notificationLane({ kind: 'notice' })).toBe('notifyRoutine');
    expect(notificationLane({ kind: 'petitionerMessage' })).toBe('notifyRoutine');
  });

  it('publishes each notification of a mixed batch to its own lane, once', async () => {
    const published: Record<string, string[]> = {};
    const lane = (name: string) => ({ publish: async (messages: readonly { id: string }[]) => void (published[name] = [...(published[name] ?? []), ...messages.map((m) => m.id)]) });
    const lanes = new LanePublisher({ notifyUrgent: lane('urgent'), notify: lane('ack'), notifyRoutine: lane('routine') });
    await lanes.publish([
      { id: 'ack:1', body: { kind: 'acknowledgement' } },
      { id: 'urgent:1', body: { kind: 'urgentAlert' } },
      { id: 'notice:1', body: { kind: 'notice' } },
      { id: 'ack:2', body: { kind: 'acknowledgement' } },
    ]);
    expect(published).toEqual({ urgent: ['urgent:1'], ack: ['ack:1', 'ack:2'], routine: ['notice:1'] });
  });
});

describe('the sending pace', () => {
  it('divides the account’s sending rate between the lanes’ instances so that together they stay within it', () => {
    const senders = (Object.values(FUNCTIONS) as FunctionDefinition[]).filter((f) => f.access.sendMail);
    expect(senders.map((f) => f.id).sort()).toEqual(['mailer', 'mailerRoutine', 'mailerUrgent']);
    const instances = (f: FunctionDefinition) => (f.trigger.kind === 'sqs' ? (f.trigger.maxConcurrency ?? 1) : 1);
    const total = senders.reduce((sum, f) => sum + sendRateShare(f) * instances(f), 0);
    expect(total).toBeLessThanOrEqual(1);
    expect(total).toBeGreaterThan(0.99);
    // Acknowledgements get most of it: at 14/s their two instances send 9.8/s between them.
    expect(sendRateShare(FUNCTIONS.mailer) * instances(FUNCTIONS.mailer) * 14).toBeCloseTo(9.8);
  });

  it('gives the next slot to the most pressing waiter, whoever asked first', async () => {
    const pacer = new SendPacer(20);
    const order: string[] = [];
    const sends = [
      ...['ack 1', 'ack 2', 'ack 3'].map((name) => pacer.take(1).then(() => order.push(name))),
      pacer.take(2).then(() => order.push('notice')),
    ];
    // Asked for after three acknowledgements and a notice, while the first acknowledgement has the current slot.
    sends.push(pacer.take(0).then(() => order.push('urgent')));
    await Promise.all(sends);
    expect(order).toEqual(['ack 1', 'urgent', 'ack 2', 'ack 3', 'notice']);
  });

  it('gives up a send whose slot would come after its deadline, before anything is sent, and the line moves on', async () => {
    const pacer = new SendPacer(40);
    const order: string[] = [];
    const first = pacer.take(1).then(() => order.push('first'));
    const second = pacer.take(1).then(() => order.push('second'));
    // Its slot is the third, 80 ms away; the function it runs in must stop starting sends in 30.
    const late = pacer.take(1, Date.now() + 30).then(
      () => order.push('late'),
      (error: unknown) => order.push(error instanceof SendWindowClosed ? 'late given up' : 'late failed otherwise'),
    );
    const after = pacer.take(1).then(() => order.push('after'));
    await Promise.all([first, second, late, after]);
    expect(order).toEqual(['first', 'late given up', 'second', 'after']);
  });

  it('counts a send by its recipients, as SES counts its rate: one to three addresses holds the next send three intervals', async () => {
    const pacer = new SendPacer(25);
    const started = Date.now();
    await pacer.take(1, undefined, 3);
    await pacer.take(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 25 - 5);
  });

  it('keeps the rate: n sends take about (n - 1) intervals', async () => {
    const pacer = new SendPacer(25);
    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => pacer.take(1)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(4 * 25 - 5);
  });
});

describe('routine mail giving way', () => {
  const fakeTime = () => {
    let now = 0;
    return { now: () => now, sleep: async (ms: number) => void (now += ms) };
  };

  it('waits while the busier lanes have mail, and goes on once they are empty', async () => {
    const depths = [120, 40, 3, 0];
    const time = fakeTime();
    const waited = await waitForBusierLanes({ waiting: async () => depths.shift()! }, { maxWaitMs: 30_000, pollMs: 2_000, ...time });
    expect(waited).toEqual({ ms: 6_000, waiting: 0 });
  });

  it('sends anyway after the longest wait, so routine mail is late, never stuck', async () => {
    const time = fakeTime();
    const waited = await waitForBusierLanes({ waiting: async () => 500 }, { maxWaitMs: 30_000, pollMs: 2_000, ...time });
    expect(waited.waiting).toBe(500);
    expect(waited.ms).toBeLessThanOrEqual(30_000);
    expect(waited.ms).toBeGreaterThanOrEqual(28_000);
  });

  it('does not wait at all when nothing more pressing is queued', async () => {
    const time = fakeTime();
    expect(await waitForBusierLanes({ waiting: async () => 0 }, { maxWaitMs: 30_000, pollMs: 2_000, ...time })).toEqual({ ms: 0, waiting: 0 });
  });
});
