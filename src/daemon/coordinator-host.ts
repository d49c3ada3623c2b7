// Hosts the coordinator actor on the daemon that holds the lease: provides its edges (agent
// operations and fence attempts run on their nodes through remote-ops, every result also fed
// back as OP.RECORDED), logs what it emits, answers administrators and replicates its state.
import { createActor, fromPromise, toPromise, type Actor } from 'xstate';
import type { ClusterDocument } from '../config/model.ts';
import { coordinatorMachine } from '../machines/coordinator.ts';
import type { CoordinatorInput, Departure, FenceRecord } from '../machines/coordinator-types.ts';
import { fenceMachine } from '../machines/fence.ts';
import { resourceMachine } from '../machines/resource.ts';
import type { StampedResult } from '../machines/resource-types.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import type { Logger } from '../runtime/logger.ts';
import type { AdminCommand, AdminResult } from './control-types.ts';
import type { RemoteOps } from './remote-ops.ts';
import { buildView } from './view.ts';
import type { ClusterView } from './view-types.ts';

/** The coordinator's input, less what the host fills in itself (its clock and retry policy). */
export interface CoordinatorHostOptions extends Omit<CoordinatorInput, 'nowMs' | 'fenceRetryInitialMs' | 'fenceRetryMaxMs'> {
  remote: RemoteOps;
  logger: Logger;
  now: () => number;
  /** Called (throttled by the caller) whenever the state changed. */
  onChange: () => void;
}

export class CoordinatorHost {
  readonly actor: Actor<typeof coordinatorMachine>;
  private readonly answers = new Map<string, (r: AdminResult) => void>();
  private seq = 0;
  private stopped = false;

  constructor(private readonly opts: CoordinatorHostOptions) {
    const log = opts.logger.child({ component: 'coordinator', epoch: opts.epoch });
    const inner = opts.remote.agentActor();
    // Every operation's result is recorded in the status before its actor hears of it.
    const runAgent = fromPromise<StampedResult, AgentOperation>(async ({ input, signal }) => {
      const run = createActor(inner, { input });
      signal.addEventListener('abort', () => run.stop());
      run.start();
      const result = await toPromise(run);
      if (!this.stopped) this.actor.send({ type: 'OP.RECORDED', op: input, result });
      return result;
    });
    const resource = resourceMachine.provide({ actors: { runAgent } });
    const fence = fenceMachine.provide({ actors: { lifecycle: resource, runFence: opts.remote.fenceActor() } });
    const machine = coordinatorMachine.provide({ actors: { resource, fence } });
    this.actor = createActor(machine, {
      systemId: 'coordinator',
      input: {
        self: opts.self, epoch: opts.epoch, doc: opts.doc, members: opts.members, departed: opts.departed,
        fenceHistory: opts.fenceHistory, nowMs: opts.now(), batchMs: opts.batchMs, fenceRetryInitialMs: 1_000, fenceRetryMaxMs: 60_000,
      },
    });
    this.actor.on('coordinator.log', (e) => log[e.level](e.fields, e.message));
    this.actor.on('coordinator.answer', (e) => {
      const resolve = this.answers.get(e.id);
      this.answers.delete(e.id);
      resolve?.(e.ok ? { ok: true, message: e.message } : { ok: false, error: e.message });
    });
    this.actor.on('coordinator.changed', () => opts.onChange());
    this.actor.subscribe({ error: (error) => log.fatal({ err: error }, 'the coordinator crashed') });
    this.actor.start();
  }

  view(quorum: boolean): ClusterView {
    return buildView(this.actor.getSnapshot().context, quorum);
  }

  doc(): ClusterDocument {
    return this.actor.getSnapshot().context.doc;
  }

  fenceHistory(): FenceRecord[] {
    return this.actor.getSnapshot().context.fenceHistory;
  }

  command(command: AdminCommand): Promise<AdminResult> {
    const id = `admin-${++this.seq}`;
    return new Promise((resolve) => {
      this.answers.set(id, resolve);
      this.actor.send({ type: 'ADMIN.COMMAND', id, command });
    });
  }

  replaceConfig(config: ClusterDocument['config']): Promise<AdminResult> {
    const id = `config-${++this.seq}`;
    return new Promise((resolve) => {
      this.answers.set(id, resolve);
      this.actor.send({ type: 'CONFIG.REPLACE', id, config });
    });
  }

  memberUp(node: string): void {
    this.actor.send({ type: 'MEMBER.UP', node, atMs: this.opts.now() });
  }

  memberDown(node: string, departure?: Departure): void {
    this.actor.send({ type: 'MEMBER.DOWN', node, atMs: this.opts.now(), departure });
  }

  stop(): void {
    this.stopped = true;
    this.actor.stop();
    for (const resolve of this.answers.values()) resolve({ ok: false, error: 'the coordinator stepped down; try again' });
    this.answers.clear();
  }
}
