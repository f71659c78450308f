// The TypeScript scenarios' workflows: one small workflow per history fixture (see record.ts).
import {
  ActivityCancellationType,
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  ChildWorkflowFailure,
  condition,
  continueAsNew,
  defineSignal,
  defineUpdate,
  deprecatePatch,
  executeChild,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { Duration, RetryPolicy } from '@temporalio/common';
import type * as activities from './activities';

/** No worker ever polls this queue: activities sent there can only time out waiting to start. */
export const UNPOLLED_QUEUE = 'fixtures-nobody-polls';

const quickRetries = (maximumAttempts: number): RetryPolicy => ({
  initialInterval: '100ms',
  backoffCoefficient: 1,
  maximumAttempts,
});

function steps(startToCloseTimeout: Duration, maximumAttempts: number) {
  return proxyActivities<typeof activities>({ startToCloseTimeout, retry: quickRetries(maximumAttempts) });
}

/** What an activity's failure was; anything else is rethrown. */
function describe(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) {
    return `${err.cause.name}: ${err.cause.message}`;
  }
  // A local activity's failure reaches the workflow as its cause alone, not wrapped in an ActivityFailure.
  if (err instanceof ApplicationFailure) {
    return `${err.name}: ${err.message}`;
  }
  throw err;
}

export interface Note {
  author: string;
  text: string;
  priority: number;
}

export interface Order {
  orderId: string;
  quantity: number;
  tags: string[];
}

/** activity-retries-exhausted: the activity fails on each of its 3 attempts; the failure fails the workflow. */
export async function retriesExhausted(reason: string): Promise<string> {
  return await steps('10s', 3).alwaysFails(reason);
}

/** activity-still-retrying: keeps failing, up to 50 attempts a second apart; recorded mid-way. */
export async function stillRetrying(reason: string): Promise<string> {
  const { alwaysFails } = proxyActivities<typeof activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '1s', backoffCoefficient: 1, maximumAttempts: 50 },
  });
  return await alwaysFails(reason);
}

/** activity-timeout-start-to-close: two attempts, each past its 500 ms start-to-close timeout. */
export async function startToCloseTimeout(): Promise<string> {
  try {
    return await steps('500ms', 2).sleepFor(1500);
  } catch (err) {
    return describe(err);
  }
}

/** activity-timeout-schedule-to-close: one attempt runs past the activity's 1 s schedule-to-close timeout. */
export async function scheduleToCloseTimeout(): Promise<string> {
  const { sleepFor } = proxyActivities<typeof activities>({
    scheduleToCloseTimeout: '1s',
    startToCloseTimeout: '5s',
    retry: { initialInterval: '100ms', backoffCoefficient: 1 }, // unlimited attempts: the timeout ends it
  });
  try {
    return await sleepFor(2500);
  } catch (err) {
    return describe(err);
  }
}

/** activity-timeout-schedule-to-start: sent to a queue no worker polls, it times out after 1 s waiting. */
export async function scheduleToStartTimeout(): Promise<string> {
  const { greet } = proxyActivities<typeof activities>({
    taskQueue: UNPOLLED_QUEUE,
    scheduleToStartTimeout: '1s',
    startToCloseTimeout: '10s',
    retry: quickRetries(1),
  });
  try {
    return await greet('nobody');
  } catch (err) {
    return describe(err);
  }
}

/** activity-timeout-heartbeat: heartbeats once (with details), then silent past its 1 s heartbeat timeout. */
export async function heartbeatTimeout(): Promise<string> {
  const { heartbeatOnceThenStall } = proxyActivities<typeof activities>({
    startToCloseTimeout: '30s',
    heartbeatTimeout: '1s',
    retry: quickRetries(1),
  });
  try {
    return await heartbeatOnceThenStall(3000);
  } catch (err) {
    return describe(err);
  }
}

/**
 * cancelled-while-activity-runs: a heartbeating activity runs when the client cancels the workflow;
 * the activity waits for its cancellation to complete and the cancellation ends the workflow.
 */
export async function cancelledWhileActivityRuns(): Promise<string> {
  const { reportProgress } = proxyActivities<typeof activities>({
    startToCloseTimeout: '60s',
    heartbeatTimeout: '2s',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: quickRetries(1),
  });
  return await reportProgress(600, 100);
}

/** workflow-task-failing: a bug in workflow code; a plain Error fails the workflow task, which Temporal retries. */
export async function failingWorkflowTask(): Promise<string> {
  throw new TypeError('bug in workflow code: no price for sku-42');
}

/** continue-as-new: one activity per run, then continues as new until the count reaches 1. */
export async function countdown(remaining: number): Promise<number> {
  const sum = await steps('10s', 1).add(remaining, 100);
  if (remaining > 1) {
    await continueAsNew<typeof countdown>(remaining - 1);
  }
  return sum;
}

/** child-workflows: a child that completes, then one that fails; the failure is caught. */
export async function parent(): Promise<string> {
  const { workflowId } = workflowInfo();
  const first = await executeChild(child, { workflowId: `${workflowId}-completes`, args: ['pack', false] });
  try {
    return `${first}; ${await executeChild(child, { workflowId: `${workflowId}-fails`, args: ['ship', true] })}`;
  } catch (err) {
    if (err instanceof ChildWorkflowFailure) {
      return `${first}; child failed: ${err.cause?.message}`;
    }
    throw err;
  }
}

export async function child(step: string, fail: boolean): Promise<string> {
  const greeting = await steps('10s', 1).greet(step);
  if (fail) {
    throw ApplicationFailure.create({ message: `cannot ${step}: carrier unavailable`, type: 'CarrierUnavailable' });
  }
  return greeting;
}

export const bump = defineUpdate<number, [number]>('bump');
export const finish = defineSignal('finish');

/** updates: bump is rejected by its validator when negative, accepted but failing for 13, else adds. */
export async function updates(): Promise<number> {
  let total = 0;
  let finished = false;
  setHandler(
    bump,
    (by: number) => {
      if (by === 13) {
        throw ApplicationFailure.create({ message: '13 is unlucky', type: 'UnluckyNumber' });
      }
      total += by;
      return total;
    },
    {
      validator: (by: number) => {
        if (by < 0) {
          throw new RangeError(`bump must not be negative: ${by}`);
        }
      },
    }
  );
  setHandler(finish, () => {
    finished = true;
  });
  await condition(() => finished);
  return total;
}

/** patch-markers: a patch a fresh run takes, and a deprecated patch. */
export async function patchMarkers(name: string): Promise<string> {
  const pricing = patched('use-new-pricing') ? 'new pricing' : 'old pricing';
  const greeting = await steps('10s', 1).greet(name);
  deprecatePatch('round-half-even');
  return `${greeting} (${pricing})`;
}

/** summaries: an activity, a local activity and a timer, each with a summary (the client adds the workflow's). */
export async function summaries(name: string): Promise<string> {
  const charge = proxyActivities<typeof activities>({ startToCloseTimeout: '10s', summary: 'Charge card' });
  const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '5s', summary: 'Count items' });
  const items = await local.add(2, 1);
  await sleep(300, { summary: 'Cool-down before charging' });
  return `${await charge.greet(name)} x${items}`;
}

/** undefined-payload: undefined as workflow input, activity argument, activity result and workflow result. */
export async function undefinedPayload(input?: string): Promise<void> {
  await steps('10s', 1).nothing(input);
}

/** local-activities: a local activity that completes, then one that fails on all of its 3 attempts (caught). */
export async function localActivities(reason: string): Promise<string> {
  const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '5s', retry: quickRetries(3) });
  const sum = await local.add(20, 22);
  try {
    return `${sum} ${await local.alwaysFails(reason)}`;
  } catch (err) {
    return `${sum}; ${describe(err)}`;
  }
}

export const note = defineSignal<[Note]>('note');
export const approve = defineSignal<[string]>('approve');

/** signals-and-timers: a 300 ms timer fires; a 1 h reminder timer is cancelled once both signals arrived. */
export async function signalsAndTimers(): Promise<string> {
  const notes: Note[] = [];
  let approver: string | undefined;
  setHandler(note, (n: Note) => {
    notes.push(n);
  });
  setHandler(approve, (who: string) => {
    approver = who;
  });
  await sleep(300);
  const reminder = new CancellationScope();
  const reminded = reminder.run(() => sleep('1h')).catch((err) => {
    if (!isCancellation(err)) {
      throw err;
    }
  });
  await condition(() => approver !== undefined && notes.length > 0);
  reminder.cancel();
  await reminded;
  return `${approver} approved after ${notes.length} note(s)`;
}

/** plain-success: a greeting, then two additions in parallel: three activities, all completing first time. */
export async function plainSuccess(order: Order): Promise<{ orderId: string; greeting: string; total: number }> {
  const { greet, add } = steps('10s', 3);
  const greeting = await greet(order.orderId);
  const [items, tags] = await Promise.all([add(order.quantity, 0), add(order.tags.length, 0)]);
  return { orderId: order.orderId, greeting, total: items + tags };
}
