// The activities of the TypeScript scenarios (see workflows.ts).
import { activityInfo, ApplicationFailure, heartbeat, sleep } from '@temporalio/activity';

export async function greet(name: string): Promise<string> {
  return `hello ${name}`;
}

export async function add(a: number, b: number): Promise<number> {
  return a + b;
}

/** Always fails with an application failure that has a cause and details. */
export async function alwaysFails(reason: string): Promise<string> {
  const { attempt } = activityInfo();
  throw ApplicationFailure.create({
    message: `ledger rejected: ${reason} (attempt ${attempt})`,
    type: 'LedgerRejected',
    details: [{ account: 'acc-9' }],
    cause: new Error('account locked'),
  });
}

/** Sleeps without heartbeating (plain timers: not cut short by a cancellation it cannot hear of). */
export async function sleepFor(ms: number): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return `woke after ${ms} ms`;
}

/** Heartbeats once with details, then stays silent past any short heartbeat timeout. */
export async function heartbeatOnceThenStall(stallMs: number): Promise<string> {
  heartbeat({ step: 1, of: 10 });
  await new Promise((resolve) => setTimeout(resolve, stallMs));
  return 'stalled';
}

/** Heartbeats its progress every stepMs until done; a cancellation ends it (sleep throws). */
export async function reportProgress(steps: number, stepMs: number): Promise<string> {
  for (let step = 1; step <= steps; step++) {
    heartbeat({ step, of: steps });
    await sleep(stepMs);
  }
  return `all ${steps} steps done`;
}

/** Returns nothing: its result is the undefined payload (binary/null). */
export async function nothing(_label?: string): Promise<void> {
  return undefined;
}
