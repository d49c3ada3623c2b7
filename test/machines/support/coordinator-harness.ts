// Drives the real coordinator on a SimClock (XState's clock for it and every child), wired the
// way src/daemon/coordinator-host.ts wires it in production: the real resource and fence
// machines as its `resource` and `fence` actors, with their edges replaced by fakes the test
// completes by hand, usually from a small world (`running`: which instances really run) so a
// probe finds what a start left. A completed agent operation is recorded in the coordinator
// (OP.RECORDED) before its resource actor hears of it, as the host does; a fake fence attempt
// waits for the test's answer, and a successful one powers its target off in the world.
// Everything the coordinator emits, and every child it spawns, is recorded.
import { createActor, fromPromise, type Actor, type AnyActorRef } from 'xstate';
import { emptyConfig } from '../../../src/config/defaults.ts';
import type { ClusterConfig, ClusterDocument, Primitive } from '../../../src/config/model.ts';
import { coordinatorWith, coordinatorMachine } from '../../../src/machines/coordinator.ts';
import type { CoordinatorEmitted, CoordinatorEvent, CoordinatorInput } from '../../../src/machines/coordinator-types.ts';
import { fenceMachine } from '../../../src/machines/fence.ts';
import type { FenceAttemptInput, FenceAttemptResult } from '../../../src/machines/fence-types.ts';
import { resourceMachine } from '../../../src/machines/resource.ts';
import type { StampedResult } from '../../../src/machines/resource-types.ts';
import type { AgentOperation, AgentResult } from '../../../src/ocf/operation.ts';
import { SimClock } from '../../../src/transport/sim-clock.ts';

export const HARNESS_BATCH_MS = 100;
export const HARNESS_RETRY_INITIAL_MS = 1_000;

type Answer = Extract<CoordinatorEmitted, { type: 'coordinator.answer' }>;
type Log = Extract<CoordinatorEmitted, { type: 'coordinator.log' }>;

/**
 * The cluster most coordinator tests use: nodes n1 (the coordinator's own), n2 and n3; `rsc`
 * (ocf:heartbeat:Dummy, no recurring monitor) prefers n2, then n3, then n1; the fence device
 * `fence1` (fence_dummy, no retries) prefers n1. Fencing is enabled.
 */
export function harnessConfig(): ClusterConfig {
  const config = emptyConfig();
  config.options.fencingEnabled = true;
  config.nodes = ['n1', 'n2', 'n3'].map((name) => ({ name, attributes: {}, standby: false, maintenance: false }));
  const primitive = (id: string, cls: 'ocf' | 'stonith', params: Record<string, string>): Primitive => ({
    kind: 'primitive', id, class: cls, provider: cls === 'ocf' ? 'heartbeat' : undefined, type: cls === 'ocf' ? 'Dummy' : 'fence_dummy',
    params, meta: {}, operations: [],
  });
  config.resources = [primitive('fence1', 'stonith', { pcmk_reboot_retries: '0' }), primitive('rsc', 'ocf', {})];
  config.constraints = [
    { kind: 'location', id: 'fence1-n1', resource: 'fence1', node: 'n1', score: 100 },
    { kind: 'location', id: 'rsc-n2', resource: 'rsc', node: 'n2', score: 100 },
    { kind: 'location', id: 'rsc-n3', resource: 'rsc', node: 'n3', score: 50 },
  ];
  return config;
}

export function harnessDocument(config = harnessConfig()): ClusterDocument {
  return { config, status: { nodes: [], history: [], quorum: true } };
}

export function coordinatorInput(overrides: Partial<CoordinatorInput> = {}): CoordinatorInput {
  return {
    self: 'n1', epoch: 1, doc: harnessDocument(), members: ['n1', 'n2', 'n3'], departed: {}, fenceHistory: [], nowMs: 0,
    batchMs: HARNESS_BATCH_MS, fenceRetryInitialMs: HARNESS_RETRY_INITIAL_MS, fenceRetryMaxMs: 8 * HARNESS_RETRY_INITIAL_MS,
    ...overrides,
  };
}

/** How a fake agent operation ends. */
export interface OpOutcome {
  rc: number;
  timedOut?: boolean;
  /** What a reload cannot change, as the node reports it after a start (agents/reload-runner.ts). */
  forceRestart?: string[];
  /** What the node last started it with, as its executor answers a probe finding it running. */
  startedWith?: AgentResult['startedWith'];
}

interface PendingOp { op: AgentOperation; resolve: (r: StampedResult) => void }
interface PendingFence { input: FenceAttemptInput; resolve: (r: FenceAttemptResult) => void }

export class CoordinatorHarness {
  readonly clock = new SimClock();
  /** Every agent operation started, in order. */
  readonly ops: AgentOperation[] = [];
  /** Every fence attempt started, in order. */
  readonly fenceRuns: FenceAttemptInput[] = [];
  readonly answers: Answer[] = [];
  readonly logs: Log[] = [];
  /** Ids of every child the coordinator spawned (fencers included), in order. */
  readonly spawned: string[] = [];
  changes = 0;
  /** The world the fake agents answer from: `resource@node` instances really running. */
  readonly running = new Set<string>();
  private pendingOps: PendingOp[] = [];
  private pendingFences: PendingFence[] = [];
  readonly actor: Actor<typeof coordinatorMachine>;

  constructor(input: CoordinatorInput = coordinatorInput()) {
    const runAgent = fromPromise<StampedResult, AgentOperation>(async ({ input: op }) => {
      const result = await new Promise<StampedResult>((resolve) => { this.ops.push(op); this.pendingOps.push({ op, resolve }); });
      this.actor.send({ type: 'OP.RECORDED', op, result });
      return result;
    });
    const runFence = fromPromise<FenceAttemptResult, FenceAttemptInput>(({ input: attempt }) => new Promise((resolve) => {
      this.fenceRuns.push(attempt);
      this.pendingFences.push({ input: attempt, resolve });
    }));
    const resource = resourceMachine.provide({ actors: { runAgent } });
    const fence = fenceMachine.provide({ actors: { lifecycle: resource, runFence } });
    const machine = coordinatorWith({ resource, fence });
    this.actor = createActor(machine, {
      input, clock: this.clock, systemId: 'coordinator',
      inspect: (e) => {
        const ref = e.actorRef as AnyActorRef;
        if (e.type === '@xstate.actor' && ref._parent !== undefined && ref._parent === this.actor) this.spawned.push(ref.id);
      },
    });
    this.actor.on('coordinator.answer', (e) => this.answers.push(e));
    this.actor.on('coordinator.log', (e) => this.logs.push(e));
    this.actor.on('coordinator.changed', () => { this.changes += 1; });
    this.actor.start();
  }

  get state(): string {
    return String(this.actor.getSnapshot().value);
  }

  get context() {
    return this.actor.getSnapshot().context;
  }

  /** The ids of the coordinator's live children starting with `prefix`. */
  children(prefix: string): string[] {
    return Object.keys(this.actor.getSnapshot().children).filter((id) => id.startsWith(prefix)).sort();
  }

  get pending(): AgentOperation[] {
    return this.pendingOps.map((p) => p.op);
  }

  get pendingFenceRuns(): FenceAttemptInput[] {
    return this.pendingFences.map((p) => p.input);
  }

  async send(event: CoordinatorEvent): Promise<void> {
    this.actor.send(event);
    await flush();
  }

  /** Advance the simulated clock (batch windows, fence retry backoff), letting promises settle. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await flush();
  }

  /** Completes the first pending operation `match` accepts with `outcome`; returns it. */
  async complete(match: (op: AgentOperation) => boolean, outcome: (op: AgentOperation) => OpOutcome): Promise<AgentOperation> {
    const at = this.pendingOps.findIndex((p) => match(p.op));
    if (at < 0) throw new Error(`no such pending operation; pending: ${this.pending.map(opName).join(', ') || 'none'}`);
    const [p] = this.pendingOps.splice(at, 1);
    const o = outcome(p!.op);
    p!.resolve({ rc: o.rc, timedOut: o.timedOut ?? false, signal: null, durationMs: 5, outputTail: '', endedAtMs: this.clock.now(), ...(o.forceRestart ? { forceRestart: o.forceRestart } : {}), ...(o.startedWith ? { startedWith: o.startedWith } : {}) });
    await flush();
    return p!.op;
  }

  /**
   * Runs transitions (each batch window, then every operation answered from the world) until
   * the coordinator is idle, at most `transitionsMax`; returns the state it ends in.
   */
  async settle(transitionsMax = 6): Promise<string> {
    for (let i = 0; i < transitionsMax && this.state !== 'idle'; i++) {
      await this.advance(HARNESS_BATCH_MS);
      await this.drain(this.truth());
    }
    return this.state;
  }

  /**
   * Completes pending operations (and those they lead to) with `outcome` until none is left;
   * returns them in completion order. Bounded: a transition has few actions here.
   */
  async drain(outcome: (op: AgentOperation) => OpOutcome, limit = 50): Promise<AgentOperation[]> {
    const done: AgentOperation[] = [];
    while (this.pendingOps.length > 0) {
      if (done.length >= limit) throw new Error(`still operations pending after ${limit}: ${this.pending.map(opName).join(', ')}`);
      done.push(await this.complete(() => true, outcome));
    }
    return done;
  }

  /**
   * How the world answers `op`: a probe finds what runs, a start or stop changes it. `failing`
   * names one rsc action (start or stop) that fails once instead (rc 1; nothing changes).
   */
  truth(failing?: { resource: string; action: 'start' | 'stop' }): (op: AgentOperation) => OpOutcome {
    let fail = failing;
    return (op) => {
      const key = `${op.resource}@${op.node}`;
      if (fail && op.resource === fail.resource && op.action === fail.action) {
        fail = undefined;
        return { rc: 1 };
      }
      if (op.action === 'monitor') return { rc: this.running.has(key) ? 0 : 7 };
      if (op.action === 'start') this.running.add(key);
      if (op.action === 'stop') this.running.delete(key);
      return { rc: 0 };
    };
  }

  /** Where `resource` runs in the world (sorted). */
  runningOn(resource: string): string[] {
    return [...this.running].filter((k) => k.startsWith(`${resource}@`)).map((k) => k.slice(resource.length + 1)).sort();
  }

  /** The node goes down in the world: whatever ran there stops (fenced, confirmed, stopped by its daemon). */
  powerOff(node: string): void {
    for (const key of [...this.running]) if (key.endsWith(`@${node}`)) this.running.delete(key);
  }

  /** Answers the running fence attempt(s); a success powers the target off. */
  async answerFences(ok: boolean): Promise<FenceAttemptInput[]> {
    const answered = this.pendingFences.splice(0);
    for (const p of answered) {
      if (ok) this.powerOff(p.input.target);
      p.resolve({ ok, reason: ok ? `${p.input.device} fenced ${p.input.target}` : `${p.input.device} failed` });
    }
    await flush();
    return answered.map((p) => p.input);
  }

}

/** `monitor_0 rsc@n2`, `start rsc@n2`: for messages and assertions. */
export function opName(op: AgentOperation): string {
  const action = op.action === 'monitor' ? `monitor_${op.intervalMs}` : op.action;
  return `${action} ${op.resource}@${op.node}`;
}

/** Lets promise callbacks settle: the fakes resolve in microtasks, so no macrotask turn is needed. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
