// Drives the real fence machine inside a recording parent, on a SimulatedClock: the lifecycle's
// agent operations and the fence runs are fakes the test completes by hand. Records every event
// the device sends up (FENCE.RESULT, passed-up RESOURCE.REPORTs) and the most fence runs ever
// in flight at once.
import { createActor, createMachine, fromPromise, SimulatedClock, type Actor, type AnyActorRef, type EventObject } from 'xstate';
import { fenceMachine } from '../../../src/machines/fence.ts';
import { resourceMachine } from '../../../src/machines/resource.ts';
import type { FenceDeviceInput, FenceEvent, FenceResultReport, FenceAttemptInput, FenceAttemptResult } from '../../../src/machines/fence-types.ts';
import type { ResourceInput, ResourceReport, StampedResult } from '../../../src/machines/resource-types.ts';
import type { AgentOperation } from '../../../src/ocf/operation.ts';

export function stonithInput(overrides: Partial<ResourceInput> = {}): ResourceInput {
  return {
    resource: 'fence1', node: 'node2', agent: { class: 'stonith', type: 'fence_dummy' }, params: { mode: 'pass' }, meta: {},
    monitor: { intervalMs: 60_000, timeoutMs: 20_000 },
    probeTimeoutMs: 20_000, startTimeoutMs: 20_000, stopTimeoutMs: 20_000, migrateTimeoutMs: 20_000,
    startOnFail: 'restart', stopOnFail: 'fence', validateBeforeStart: false,
    ...overrides,
  };
}

export function fenceInput(overrides: Partial<FenceDeviceInput> = {}): FenceDeviceInput {
  return { lifecycle: stonithInput(), concurrency: 1, queueMax: 100, retries: 2, timeoutsMs: { reboot: 60_000, off: 60_000, on: 60_000 }, ...overrides };
}

interface Pending<I, O> { input: I; resolve: (o: O) => void; reject: (e: Error) => void }

// The provided machines are built once (provide() rebuilds a machine: ~10 ms each time); their
// fakes call the harness created last. Harnesses are used one at a time.
const harnesses: { active: FenceHarness | null } = { active: null };
const current = (): FenceHarness => {
  if (!harnesses.active) throw new Error('no fence harness is active');
  return harnesses.active;
};
const device = fenceMachine.provide({
  actors: {
    lifecycle: resourceMachine.provide({
      actors: { runAgent: fromPromise<StampedResult, AgentOperation>(({ input }) => current().runAgent(input)) },
    }),
    runFence: fromPromise<FenceAttemptResult, FenceAttemptInput>(({ input, signal }) => current().runFence(input, signal)),
  },
});
// A stand-in coordinator: records what the device sends up, passes TO.FENCE's event down.
const parents = new Map<string, ReturnType<typeof createMachine>>();
function parentOf(input: FenceDeviceInput) {
  const key = JSON.stringify(input);
  const cached = parents.get(key);
  if (cached) return cached;
  const parent = createMachine({
    invoke: { id: 'fence', src: device, input },
    on: { '*': { actions: ({ event }) => { current().sent.push(event); } } },
  });
  parents.set(key, parent);
  return parent;
}

export class FenceHarness {
  readonly clock = new SimulatedClock();
  readonly sent: EventObject[] = [];
  readonly agentOps: AgentOperation[] = [];
  readonly runInputs: FenceAttemptInput[] = [];
  maxConcurrentRuns = 0;
  agentPending: Pending<AgentOperation, StampedResult>[] = [];
  runPending: Pending<FenceAttemptInput, FenceAttemptResult>[] = [];
  readonly parent: Actor<ReturnType<typeof createMachine>>;

  constructor(input: FenceDeviceInput) {
    harnesses.active = this;
    this.parent = createActor(parentOf(input), { clock: this.clock, id: 'coordinator' });
    this.parent.start();
  }

  /** The fake agent: its operations wait for finishOp. */
  runAgent(op: AgentOperation): Promise<StampedResult> {
    return new Promise((resolve, reject) => {
      this.agentOps.push(op);
      this.agentPending.push({ input: op, resolve, reject });
    });
  }

  /** The fake fence run: it waits for finishRun, or is stopped by the device. */
  runFence(run: FenceAttemptInput, signal: AbortSignal): Promise<FenceAttemptResult> {
    return new Promise((resolve, reject) => {
      const entry = { input: run, resolve, reject };
      this.runInputs.push(run);
      this.runPending.push(entry);
      this.maxConcurrentRuns = Math.max(this.maxConcurrentRuns, this.runPending.length);
      // A run the device gave up on (its backstop timer fired) is stopped: it is in flight no more.
      signal.addEventListener('abort', () => { this.runPending = this.runPending.filter((p) => p !== entry); });
    });
  }

  get device(): AnyActorRef {
    return this.parent.getSnapshot().children['fence'] as AnyActorRef;
  }

  get snapshot() {
    return (this.device as Actor<typeof fenceMachine>).getSnapshot();
  }

  get context() {
    return this.snapshot.context;
  }

  get results(): FenceResultReport[] {
    return this.sent.filter((e): e is FenceResultReport => e.type === 'FENCE.RESULT');
  }

  get reports(): ResourceReport[] {
    return this.sent.filter((e): e is ResourceReport => e.type === 'RESOURCE.REPORT');
  }

  send(event: FenceEvent): Promise<void> {
    this.device.send(event);
    return flush();
  }

  /** Complete the oldest fence run. */
  async finishRun(output: FenceAttemptResult | Error): Promise<FenceAttemptInput> {
    const p = this.runPending.shift();
    if (!p) throw new Error('no fence run is in flight');
    if (output instanceof Error) p.reject(output);
    else p.resolve(output);
    await flush();
    return p.input;
  }

  /** Complete the lifecycle's running agent operation; `rc` may depend on the operation. */
  async finishOp(rc: number | ((op: AgentOperation) => number) | Error): Promise<AgentOperation> {
    const p = this.agentPending.shift();
    if (!p) throw new Error('no agent operation is running');
    if (rc instanceof Error) p.reject(rc);
    else p.resolve({ rc: typeof rc === 'number' ? rc : rc(p.input), timedOut: false, signal: null, durationMs: 5, outputTail: '', endedAtMs: this.clock.now() });
    await flush();
    return p.input;
  }

  /** Complete agent operations as long as they come: probes find it stopped, the rest succeed. */
  async settleOps(rcOf: (op: AgentOperation) => number = (op) => (op.action === 'monitor' && op.intervalMs === 0 ? 7 : 0)): Promise<void> {
    for (let i = 0; i < 10 && this.agentPending.length > 0; i++) await this.finishOp(rcOf);
  }

  async advance(ms: number): Promise<void> {
    this.clock.increment(ms);
    await flush();
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
}
