// The one-node runtime (`vigil run`): the configured resources of one node, each a resource
// statechart under a supervisor, running real agents. Until the cluster exists this is the
// main job; it is also the smallest complete wiring of the pure machines to the edges.
//
// Policy, kept deliberately simple for one node: probe everything at once, then start the
// resources one at a time in configuration order (which respects groups and any order
// constraint written in that order); a resource banned from the node stays stopped, as there is
// nowhere else to run it. On shutdown, stop in reverse order.
import { createActor, type Actor } from 'xstate';
import { createOcfRunner, type AgentRunner } from '../agents/ocf-runner.ts';
import type { ClusterDocument } from '../config/model.ts';
import { resourceMachine } from '../machines/resource.ts';
import { resourceInputFor } from '../machines/resource-input.ts';
import type { ResourceInput, ResourceReport, ResourceStateName } from '../machines/resource-types.ts';
import { allInstances, instanceOf, supervisorMachine, SUPERVISOR_CHILDREN_MAX } from '../machines/supervisor.ts';
import { indexResources } from '../scheduler/resources.ts';
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
  /** What was last said about each resource's ban or request, so it is said once. */
  private readonly complaints = new Map<string, string>();
  private readonly lastStates = new Map<string, ResourceStateName>();
  private stopping = false;

  private constructor(private readonly opts: OneNodeOptions, inputs: ResourceInput[], wanted: Set<string>) {
    this.inputs = inputs;
    this.wanted = wanted;
    const runAgent = agentActor(opts.runner ?? createOcfRunner(), opts.log);
    const machine = supervisorMachine.provide({ actors: { resource: resourceMachine.provide({ actors: { runAgent } }) } });
    this.actor = createActor(machine, {
      id: `supervisor:${opts.node}`,
      input: { node: opts.node, resources: inputs },
      inspect: (ev) => {
        if (ev.type !== '@xstate.event') return;
        if (ev.event.type === 'RESOURCE.REPORT') this.onReport(ev.event as ResourceReport);
        if (ev.event.type === 'RESOURCE.FAILURES_EXPIRED') this.onExpired((ev.event as unknown as { resource: string }).resource);
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

  instances() {
    return allInstances(this.actor.getSnapshot().context);
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
  }

  /** Stop everything in reverse order (or leave it running), then stop the actors. */
  async shutdown(leaveRunning: boolean): Promise<void> {
    this.stopping = true;
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

  private onReport(r: ResourceReport): void {
    const fields = { resource: r.resource, node: r.node, state: r.state, rc: r.rc, failCount: r.failCount };
    const previous = this.lastStates.get(r.resource);
    this.lastStates.set(r.resource, r.state);
    const complaint = r.state === 'stop-failed' || r.ban !== 'none' || r.request ? explain(r) : '';
    if (complaint && this.complaints.get(r.resource) !== complaint) {
      this.opts.log.error({ ...fields, reason: r.reason, ban: r.ban, request: r.request }, complaint);
    } else if (r.state === 'monitor-failed' || r.state === 'blocked') {
      this.opts.log.warn({ ...fields, reason: r.reason }, `${r.resource} ${r.state}: ${r.reason}`);
    } else if (r.state === 'monitoring' || (r.state === 'started' && previous === 'monitoring')) {
      // A recurring monitor that finds all well is routine.
      this.opts.log.debug(fields, `${r.resource} ${r.state}`);
    } else {
      this.opts.log.info(fields, `${r.resource} ${r.state}`);
    }
    this.complaints.set(r.resource, complaint);
    // Reports arrive while the supervisor is still processing them: look after this step.
    queueMicrotask(() => this.waiters.forEach((w) => w()));
  }

  private onExpired(resource: string): void {
    this.opts.log.info({ resource }, `${resource}: failure-timeout expired, fail-count cleared`);
    if (!this.stopping && this.wanted.has(resource)) {
      this.actor.send({ type: 'SUPERVISOR.COMMAND', resource, command: { type: 'RESOURCE.START' } });
    }
  }
}

function explain(r: ResourceReport): string {
  if (r.state === 'stop-failed') {
    return `${r.resource}: stop failed; it stays stop-failed until ${r.node} is fenced or an administrator's cleanup proves it stopped`;
  }
  if (r.request === 'fence') return `${r.resource}: on-fail asks to fence ${r.node}; a one-node runtime cannot fence its own node`;
  if (r.request === 'standby') return `${r.resource}: on-fail asks to put ${r.node} in standby`;
  if (r.ban === 'everywhere') return `${r.resource}: banned everywhere (${r.reason}); it stays stopped until cleanup`;
  return `${r.resource}: banned from ${r.node} (${r.reason}); no other node here, so it stays stopped until cleanup`;
}
