// Records the TypeScript SDK's histories as JSON fixtures: connects a worker and a client to a running
// Temporal service (the in-process one that io.runlens.fixtures.HistoryRecorder starts), runs each
// scenario of workflows.ts to the state it is recorded in, and writes <out>/<scenario>.json (plus
// <scenario>.describe.json for a run still open) in Temporal's standard history JSON.
//
//   node lib/record.js --address 127.0.0.1:7233 --out ../../resources/histories/typescript [--only a,b]
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Client,
  Connection,
  WorkflowFailedError,
  WorkflowHandle,
  WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { toJson } from 'protobufjs/ext/protojson';
import * as activities from './activities';
import type { Note, Order } from './workflows';

type History = proto.temporal.api.history.v1.IHistory;
type Describe = proto.temporal.api.workflowservice.v1.IDescribeWorkflowExecutionResponse;

const NAMESPACE = 'default';
const TASK_QUEUE = 'fixtures-typescript';
const IDENTITY = 'typescript-recorder@runlens-fixtures';
const PATIENCE_MS = 60_000;

// The proto root the SDK itself reads messages with, to print a describe response as proto JSON.
const describeType = (patchProtobufRoot(proto) as any).lookupType(
  'temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse'
);

class Recording {
  readonly written: string[] = [];
  scenario = '';

  constructor(
    readonly client: Client,
    readonly dir: string
  ) {}

  /** Starts a workflow of this SDK's queue with the id ts-<scenario>. */
  async start(
    workflowType: string,
    args: unknown[],
    extra: Record<string, unknown> = {}
  ): Promise<WorkflowHandleWithFirstExecutionRunId> {
    return await this.client.workflow.start(workflowType, {
      taskQueue: TASK_QUEUE,
      workflowId: `ts-${this.scenario}`,
      args,
      ...extra,
    });
  }

  /** Waits for the workflow to complete, then writes its history as the scenario's file. */
  async completed(handle: WorkflowHandle): Promise<void> {
    await withPatience(handle.result(), handle.workflowId);
    await this.writeHistory(this.scenario, handle.workflowId);
  }

  /** Waits for the workflow to close unsuccessfully (failed, timed out, cancelled), then writes its history. */
  async failed(handle: WorkflowHandle): Promise<void> {
    try {
      await withPatience(handle.result(), handle.workflowId);
    } catch (err) {
      if (err instanceof WorkflowFailedError) {
        await this.writeHistory(this.scenario, handle.workflowId);
        return;
      }
      throw err;
    }
    throw new Error(`${handle.workflowId} was expected to fail but completed`);
  }

  /** Waits for the chain that starts at the handle's first run to complete, then writes each run. */
  async allRuns(handle: WorkflowHandleWithFirstExecutionRunId): Promise<void> {
    await withPatience(handle.result(), handle.workflowId);
    let runId: string | null | undefined = handle.firstExecutionRunId;
    for (let run = 1; runId; run++) {
      const history = await this.writeHistory(`${this.scenario}.run${run}`, handle.workflowId, runId);
      const last = history.events?.[history.events.length - 1];
      runId =
        last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ??
        last?.workflowExecutionFailedEventAttributes?.newExecutionRunId ??
        last?.workflowExecutionTimedOutEventAttributes?.newExecutionRunId;
    }
  }

  /**
   * A run still open: its describe response (read first: pending activities), then its history; the
   * run is then terminated so that it stops using the worker.
   */
  async running(handle: WorkflowHandle, described: Describe): Promise<void> {
    const file = `${this.scenario}.describe.json`;
    fs.writeFileSync(path.join(this.dir, file), JSON.stringify(toJson(describeType, described), null, 2) + '\n');
    this.written.push(file);
    await this.writeHistory(this.scenario, handle.workflowId);
    await handle.terminate('recorded');
  }

  async awaitDescribe(handle: WorkflowHandle, ready: (d: Describe) => boolean): Promise<Describe> {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const described = (await handle.describe()).raw;
      if (ready(described)) {
        return described;
      }
      if (Date.now() > deadline) {
        throw new Error(`${handle.workflowId} never got ready: ${JSON.stringify(toJson(describeType, described))}`);
      }
      await pause(100);
    }
  }

  async awaitHistory(handle: WorkflowHandle, ready: (h: History) => boolean): Promise<void> {
    const deadline = Date.now() + PATIENCE_MS;
    while (!ready(await handle.fetchHistory())) {
      if (Date.now() > deadline) {
        throw new Error(`${handle.workflowId}'s history never got ready`);
      }
      await pause(100);
    }
  }

  async writeHistory(name: string, workflowId: string, runId?: string): Promise<History> {
    const history = await this.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const file = `${name}.json`;
    fs.writeFileSync(path.join(this.dir, file), historyToJSON(history) + '\n');
    this.written.push(`${file} (${history.events?.length ?? 0} events)`);
    return history;
  }
}

const hasEvent = (key: keyof proto.temporal.api.history.v1.IHistoryEvent) => (h: History) =>
  (h.events ?? []).some((e) => e[key] != null);

/** Scenario name to what drives it; the name is the fixture's file name and the workflow id's suffix. */
const scenarios: Record<string, (r: Recording) => Promise<void>> = {
  'activity-retries-exhausted': async (r) => r.failed(await r.start('retriesExhausted', ['overdraft'])),
  'activity-still-retrying': async (r) => {
    const handle = await r.start('stillRetrying', ['gateway down']);
    // Recorded between attempts: the last one has completed (failed) after it started.
    const described = await r.awaitDescribe(handle, (d) => {
      const p = d.pendingActivities?.[0];
      return (
        p != null &&
        (p.attempt ?? 0) >= 3 &&
        p.lastFailure != null &&
        millis(p.lastAttemptCompleteTime) > millis(p.lastStartedTime)
      );
    });
    await r.running(handle, described);
  },
  'activity-timeout-start-to-close': async (r) => r.completed(await r.start('startToCloseTimeout', [])),
  'activity-timeout-schedule-to-close': async (r) => r.completed(await r.start('scheduleToCloseTimeout', [])),
  'activity-timeout-schedule-to-start': async (r) => r.completed(await r.start('scheduleToStartTimeout', [])),
  'activity-timeout-heartbeat': async (r) => r.completed(await r.start('heartbeatTimeout', [])),
  'cancelled-while-activity-runs': async (r) => {
    const handle = await r.start('cancelledWhileActivityRuns', []);
    // Cancel once the activity runs and has heartbeated: its cancellation comes back on a heartbeat.
    await r.awaitDescribe(handle, (d) => d.pendingActivities?.[0]?.heartbeatDetails != null);
    await handle.cancel();
    await r.failed(handle);
  },
  'workflow-task-failing': async (r) => {
    const handle = await r.start('failingWorkflowTask', []);
    await r.awaitHistory(handle, hasEvent('workflowTaskFailedEventAttributes'));
    // Let the failed task be retried a few times before recording.
    await pause(3000);
    await r.running(handle, (await handle.describe()).raw);
  },
  'continue-as-new': async (r) => r.allRuns(await r.start('countdown', [3])),
  'child-workflows': async (r) => {
    const handle = await r.start('parent', []);
    await r.completed(handle);
    await r.writeHistory(`${r.scenario}.child-completes`, `${handle.workflowId}-completes`);
    await r.writeHistory(`${r.scenario}.child-fails`, `${handle.workflowId}-fails`);
  },
  updates: async (r) => {
    const handle = await r.start('updates', []);
    for (const [updateId, by] of [
      ['bump-completed', 2],
      ['bump-failed', 13],
      ['bump-rejected', -1],
    ] as const) {
      try {
        console.log(`  update ${updateId} returned`, await handle.executeUpdate('bump', { args: [by], updateId }));
      } catch (err) {
        console.log(`  update ${updateId} failed: ${(err as Error).message}: ${(err as Error).cause}`);
      }
    }
    await handle.signal('finish');
    await r.completed(handle);
  },
  'patch-markers': async (r) => r.completed(await r.start('patchMarkers', ['patch'])),
  summaries: async (r) =>
    r.completed(
      await r.start('summaries', ['summary'], {
        staticSummary: 'Fixture: summaries',
        staticDetails: 'Recorded by the TypeScript history recorder to show **user metadata** on events.',
      })
    ),
  'undefined-payload': async (r) => r.completed(await r.start('undefinedPayload', [undefined])),
  'local-activities': async (r) => r.completed(await r.start('localActivities', ['ledger offline'])),
  'signals-and-timers': async (r) => {
    const handle = await r.start('signalsAndTimers', []);
    await r.awaitHistory(handle, hasEvent('timerFiredEventAttributes'));
    const note: Note = { author: 'dana', text: 'ship it on friday', priority: 2 };
    await handle.signal('note', note);
    await handle.signal('approve', 'dana');
    await r.completed(handle);
  },
  'plain-success': async (r) => {
    const order: Order = { orderId: 'o-17', quantity: 3, tags: ['priority', 'eu'] };
    await r.completed(await r.start('plainSuccess', [order]));
  },
};

function millis(t: proto.google.protobuf.ITimestamp | null | undefined): number {
  return t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withPatience<T>(promise: Promise<T>, workflowId: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${workflowId} did not close within ${PATIENCE_MS} ms`)), PATIENCE_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function parseArgs(argv: string[]): { address: string; out: string; only: string[] } {
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!['address', 'out', 'only'].includes(key) || argv[i + 1] === undefined) {
      throw new Error('usage: record --address HOST:PORT --out DIR [--only scenario,scenario]');
    }
    options[key] = argv[i + 1];
  }
  if (!options.address || !options.out) {
    throw new Error('usage: record --address HOST:PORT --out DIR [--only scenario,scenario]');
  }
  return { address: options.address, out: options.out, only: options.only ? options.only.split(',') : [] };
}

async function main(): Promise<void> {
  const { address, out, only } = parseArgs(process.argv.slice(2));
  const chosen = Object.keys(scenarios).filter((name) => only.length === 0 || only.includes(name));
  if (chosen.length === 0) {
    console.log(`typescript: no TypeScript scenario among ${only}; TypeScript has ${Object.keys(scenarios)}`);
    return;
  }
  fs.mkdirSync(out, { recursive: true });
  if (only.length === 0) {
    // A full recording replaces every file, so a renamed scenario leaves nothing stale behind.
    for (const file of fs.readdirSync(out).filter((f) => f.endsWith('.json'))) {
      fs.rmSync(path.join(out, file));
    }
  }
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const workerConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: workerConnection,
    namespace: NAMESPACE,
    taskQueue: TASK_QUEUE,
    identity: IDENTITY,
    workflowsPath: require.resolve('./workflows'),
    activities,
  });
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: NAMESPACE, identity: IDENTITY });
  const recording = new Recording(client, out);
  await worker.runUntil(async () => {
    for (const name of chosen) {
      console.log(`typescript: recording ${name}`);
      recording.scenario = name;
      await scenarios[name](recording);
    }
  });
  await connection.close();
  await workerConnection.close();
  console.log(`typescript: wrote\n${recording.written.join('\n')}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  }
);
