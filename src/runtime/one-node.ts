// The one-node runtime (`vigil run`): the configured resources of one node, each a resource
// statechart under a supervisor, running real agents. Until the cluster exists this is the
// main job; it is also the smallest complete wiring of the pure machines to the edges.
//
// Startup, kept deliberately simple for one node: probe everything at once, then start the
// resources one at a time in configuration order (which respects groups and any order
// constraint written in that order). On shutdown, stop in reverse order.
//
// Recovery is the scheduler's, as in the cluster (one decider): every agent result is recorded
// in a status document (history and typed fail-counts, as the coordinator records them); after
// a failure, and when a failure-timeout expires, the scheduler plans from it and the runtime
// carries out the plan's stops and starts on this node, in the plan's order. What one node
// cannot do (fence itself) is said, not done.
import { createActor, type Actor } from 'xstate';
import { createOcfRunner, type AgentRunner } from '../agents/ocf-runner.ts';
import type { ClusterDocument } from '../config/model.ts';
import { failureTimeoutsOf } from '../machines/coordinator-inputs.ts';
import {
  countFailure, failCountName, failCountOn, forgetExpiredFailures, recheckDelayMs, recordOperation, repeatsFailure,
} from '../machines/coordinator-status.ts';
import { resourceMachine } from '../machines/resource.ts';
import { resourceInputFor } from '../machines/resource-input.ts';
import type { ResourceInput, ResourceReport, ResourceStateName, StampedResult } from '../machines/resource-types.ts';
import { allInstances, instanceOf, supervisorMachine, SUPERVISOR_CHILDREN_MAX, type InstanceView } from '../machines/supervisor.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import { formatSummary, schedule, type Action, type TransitionGraph } from '../scheduler/index.ts';
import { indexResources, type ResourceIndex } from '../scheduler/resources.ts';
import { agentActor } from './agent-actor.ts';
import { checkAgents } from './agent-check.ts';
import type { Logger } from './logger.ts';

export interface OneNodeOptions {
  file: string;
  doc: ClusterDocument;
  node: string;
  log: Logger;
  runner?: AgentRunner;
}

/** States in which nothing more will happen without outside help. */
const SETTLED: ResourceStateName[] = ['started', 'stopped', 'stop-failed', 'blocked', 'monitor-failed'];

export class OneNodeRuntime {
  readonly inputs: ResourceInput[];
  readonly wanted: Set<string>;
  private readonly actor: Actor<typeof supervisorMachine>;
  private readonly waiters = new Set<() => void>();
  private readonly lastStates = new Map<string, ResourceStateName>();
  private readonly index: ResourceIndex;
  /** What the agents reported, as the coordinator records it: the scheduler's input. */
  private doc: ClusterDocument;
  private callId = 0;
  /** Recovery is planned only once startup is done, one plan at a time. */
  private planning: 'no' | 'idle' | 'busy' = 'no';
  /** Something changed while a plan ran: plan again after it. */
  private again = false;
  /** The plan being carried out (shutdown lets its current action finish). */
  private planned: Promise<void> = Promise.resolve();
  private recheck: ReturnType<typeof setTimeout> | undefined;
  private stopping = false;

  private constructor(private readonly opts: OneNodeOptions, inputs: ResourceInput[], wanted: Set<string>) {
    this.inputs = inputs;
    this.wanted = wanted;
    this.index = indexResources(opts.doc.config);
    this.doc = {
      config: opts.doc.config,
      status: {
        nodes: opts.doc.config.nodes.map((n) => ({ name: n.name, online: n.name === opts.node, unclean: false, shutdown: false, attributes: {} })),
        history: [], quorum: true,
      },
    };
    const runAgent = agentActor(opts.runner ?? createOcfRunner(), opts.log, Date.now, (op, result) => this.onResult(op, result));
    const machine = supervisorMachine.provide({ actors: { resource: resourceMachine.provide({ actors: { runAgent } }) } });
    this.actor = createActor(machine, {
      id: `supervisor:${opts.node}`,
      input: { node: opts.node, resources: inputs },
      inspect: (ev) => {
        if (ev.type !== '@xstate.event') return;
        if (ev.event.type === 'RESOURCE.REPORT') this.onReport(ev.event as ResourceReport);
      },
    });
  }

  /** Builds the runtime, refusing the configuration whole if any agent or parameter is wrong. */
  static async create(opts: OneNodeOptions): Promise<OneNodeRuntime> {
    const index = indexResources(opts.doc.config);
    const skipped = [...index.unsupported];
    // One node runs one instance of each clone (clone-node-max beyond 1 is not modelled here)
    // and no fence device: there is no other node to fence.
    const infos = index.order.map((id) => index.primitives.get(id)!).filter((info) => {
      const run = info.def.class !== 'stonith' && (info.instance ?? 0) === 0 && !index.unsupported.includes(info.clone ?? '');
      if (!run) skipped.push(info.id);
      return run;
    });
    if (skipped.length) opts.log.warn({ skipped }, 'the one-node runtime runs one instance per clone and no fence devices; skipping these');
    if (infos.length > SUPERVISOR_CHILDREN_MAX) throw new Error(`the one-node runtime runs at most ${SUPERVISOR_CHILDREN_MAX} resources`);
    const inputs = infos.map((info) => resourceInputFor(info, opts.node, opts.doc.config));
    await checkAgents(opts.file, inputs);
    const wanted = new Set(infos.filter((i) => i.meta.targetRole !== 'stopped' && i.meta.managed).map((i) => i.id));
    return new OneNodeRuntime(opts, inputs, wanted);
  }

  state(resource: string): ResourceStateName | undefined {
    return instanceOf(this.actor.getSnapshot().context, resource)?.state;
  }

  /** Each resource's last report, with its fail-count on this node. */
  instances(): Record<string, InstanceView & { failCount: number }> {
    const all = allInstances(this.actor.getSnapshot().context);
    return Object.fromEntries(Object.entries(all).map(([id, view]) => [id, { ...view, failCount: failCountOn(this.doc, this.failCountNameOf(id), this.opts.node) }]));
  }

  /** Probe everything, then start what should run, one resource at a time. */
  async start(): Promise<void> {
    this.actor.start();
    this.opts.log.info({ node: this.opts.node, resources: this.inputs.map((i) => i.resource) }, 'probing resources');
    this.actor.send({ type: 'SUPERVISOR.BROADCAST', command: { type: 'RESOURCE.PROBE' } });
    await this.until(() => this.inputs.every((i) => SETTLED.includes(this.state(i.resource) ?? 'unknown')));
    for (const input of this.inputs) {
      if (this.stopping) return;
      const id = input.resource;
      const command = this.wanted.has(id) ? 'RESOURCE.START' : 'RESOURCE.STOP';
      this.actor.send({ type: 'SUPERVISOR.COMMAND', resource: id, command: { type: command } });
      await this.until(() => SETTLED.includes(this.state(id) ?? 'unknown'));
    }
    this.opts.log.info({ status: this.summary() }, 'all resources settled');
    // From now on the scheduler decides; it also recovers what failed to start.
    this.planning = 'idle';
    void this.plan();
  }

  /** Stop everything in reverse order (or leave it running), then stop the actors. */
  async shutdown(leaveRunning: boolean): Promise<void> {
    this.stopping = true;
    if (this.recheck !== undefined) clearTimeout(this.recheck);
    await this.planned;
    if (leaveRunning) {
      this.opts.log.info({ status: this.summary() }, 'leaving resources running (--leave-running)');
    } else {
      for (const input of [...this.inputs].reverse()) {
        const id = input.resource;
        this.actor.send({ type: 'SUPERVISOR.COMMAND', resource: id, command: { type: 'RESOURCE.STOP' } });
        await this.until(() => ['stopped', 'stop-failed', 'blocked'].includes(this.state(id) ?? 'stopped'));
      }
      this.opts.log.info({ status: this.summary() }, 'all resources stopped');
    }
    this.actor.stop();
  }

  summary(): Record<string, string> {
    return Object.fromEntries(this.inputs.map((i) => [i.resource, this.state(i.resource) ?? 'unknown']));
  }

  /** Resolves when `done()` holds, re-checked after every report. */
  until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        this.waiters.delete(check);
        resolve();
      };
      this.waiters.add(check);
    });
  }

  private failCountNameOf(resource: string): string {
    const info = this.index.primitives.get(resource);
    return failCountName(resource, info?.clone !== undefined && !info.uniqueInstance);
  }

  /** Every agent result, recorded as the coordinator records it; a new failure asks for a plan. */
  private onResult(op: AgentOperation, result: StampedResult): void {
    if (repeatsFailure(this.doc, op, result)) return;
    const fresh = forgetExpiredFailures(this.doc, this.index, result.endedAtMs);
    const counted = countFailure(fresh, this.failCountNameOf(op.resource), op, result);
    this.doc = recordOperation(counted, op, result, ++this.callId);
    if (counted !== fresh) void this.plan();
  }

  /** Asks the scheduler what to do now and does it; a request meanwhile plans again after. */
  private plan(): Promise<void> {
    if (this.planning === 'no' || this.stopping) return this.planned;
    if (this.planning === 'busy') { this.again = true; return this.planned; }
    this.planning = 'busy';
    this.planned = this.planAndCarryOut();
    return this.planned;
  }

  private async planAndCarryOut(): Promise<void> {
    try {
      do {
        this.again = false;
        this.doc = forgetExpiredFailures(this.doc, this.index, Date.now());
        const graph = schedule(this.doc, { now: Date.now() / 1000 });
        const summary = formatSummary(graph);
        if (summary.length > 0) this.opts.log.info({ summary }, `recovery: ${summary.length} change(s)`);
        await this.carryOut(graph);
      } while (this.again && !this.stopping);
    } finally {
      this.planning = 'idle';
      this.armRecheck();
    }
  }

  /** The one timer: the next failure-timeout expiry, or the recheck interval. */
  private armRecheck(): void {
    if (this.recheck !== undefined) clearTimeout(this.recheck);
    if (this.stopping) return;
    const delay = recheckDelayMs(this.doc, failureTimeoutsOf(this.doc.config), Date.now());
    this.recheck = setTimeout(() => void this.plan(), delay);
    this.recheck.unref();
  }

  /** Runs the plan's stops and starts of this node's resources in the plan's order; stops at the first that fails. */
  private async carryOut(graph: TransitionGraph): Promise<void> {
    for (const a of graph.actions) {
      if (a.kind === 'fence') this.opts.log.error({ node: a.node, reason: a.reason.text }, `the plan fences ${a.node ?? 'a node'} (${a.reason.text}); a one-node runtime cannot fence`);
    }
    const mine = (a: Action) => a.runnable && a.node === this.opts.node && (a.kind === 'start' || a.kind === 'stop') && this.inputs.some((i) => i.resource === a.resource);
    const before = new Map<string, string[]>();
    for (const e of graph.edges) before.set(e.then, [...(before.get(e.then) ?? []), e.first]);
    const done = new Set<string>();
    const waiting = graph.actions.filter((a) => a.runnable);
    for (;;) {
      const next = waiting.find((a) => !done.has(a.id) && (before.get(a.id) ?? []).every((id) => done.has(id)));
      if (next === undefined || this.stopping) return;
      if (mine(next) && !(await this.run(next))) return;
      done.add(next.id);
    }
  }

  private async run(action: Action): Promise<boolean> {
    const id = action.resource!;
    const stop = action.kind === 'stop';
    const command = stop ? { type: 'RESOURCE.STOP' as const, recoveryLeft: action.recoveryLeft ?? 0 } : { type: 'RESOURCE.START' as const };
    this.actor.send({ type: 'SUPERVISOR.COMMAND', resource: id, command });
    await this.until(() => (stop ? ['stopped', 'stop-failed', 'blocked'] : SETTLED).includes(this.state(id) ?? 'unknown'));
    return this.state(id) === (stop ? 'stopped' : 'started');
  }

  private onReport(r: ResourceReport): void {
    const fields = { resource: r.resource, node: r.node, state: r.state, rc: r.rc };
    const previous = this.lastStates.get(r.resource);
    this.lastStates.set(r.resource, r.state);
    if (r.state === 'stop-failed' && previous !== 'stop-failed') {
      this.opts.log.error({ ...fields, reason: r.reason }, `${r.resource}: stop failed; it stays stop-failed until ${r.node} is fenced or an administrator's cleanup proves it stopped`);
    } else if (r.state === 'monitor-failed' || r.state === 'blocked') {
      this.opts.log.warn({ ...fields, reason: r.reason }, `${r.resource} ${r.state}: ${r.reason}`);
    } else if (r.state === 'monitoring' || (r.state === 'started' && previous === 'monitoring')) {
      // A recurring monitor that finds all well is routine.
      this.opts.log.debug(fields, `${r.resource} ${r.state}`);
    } else {
      this.opts.log.info(fields, `${r.resource} ${r.state}`);
    }
    // Reports arrive while the supervisor is still processing them: look after this step.
    queueMicrotask(() => this.waiters.forEach((w) => w()));
  }
}
