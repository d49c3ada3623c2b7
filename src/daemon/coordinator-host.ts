// Hosts the coordinator actor on the daemon that holds the lease: provides its edges (agent
// operations and fence attempts run on their nodes through remote-ops, every result also fed
// back as OP.RECORDED), logs what it emits, answers administrators and replicates its state.
import { createActor, fromPromise, toPromise, type Actor, type InspectionEvent, type Observer } from 'xstate';
import { formatGeneration } from '../config/generation.ts';
import type { ClusterDocument, FenceAction } from '../config/model.ts';
import type { LedgerSink } from '../ledger/types.ts';
import { coordinatorWith, coordinatorMachine } from '../machines/coordinator.ts';
import type { CoordinatorEmitted, CoordinatorInput, Departure, FenceRecord } from '../machines/coordinator-types.ts';
import { fenceMachine } from '../machines/fence.ts';
import { resourceMachine } from '../machines/resource.ts';
import type { StampedResult } from '../machines/resource-types.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import type { Logger } from '../runtime/logger.ts';
import type { TransportClock } from '../transport/types.ts';
import type { AdminCommand, AdminResult } from './control-types.ts';
import { NO_LEDGER, configEntry } from './ledger-record.ts';
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
  /**
   * Called when a fence result entered the fence history: the caller replicates at once, so a
   * completed fence is known to every later coordinator even if this one dies the next moment.
   */
  onFenceRecorded?: () => void;
  /** Timers of the coordinator and its children (XState's clock); default the real one. */
  clock?: TransportClock;
  /** Where fence.requested / fence.completed / config.acknowledged go; default nowhere. */
  ledger?: LedgerSink;
  /** The Stately inspector's observer (--inspect); absent, the actor system is not inspected at all. */
  inspect?: Observer<InspectionEvent>;
  /** Also hears every line the coordinator logs (the status page's event stream). */
  onLog?: (event: Extract<CoordinatorEmitted, { type: 'coordinator.log' }>) => void;
  /** The coordinator actor threw: the host is dead, and the caller decides what comes next. */
  onCrash?: (error: unknown) => void;
  /**
   * Resolves true once the changed config is held by enough nodes to be acknowledged (a
   * majority: config-commit.ts); absent, a change is acknowledged at once.
   */
  commit?: (config: ClusterDocument['config']) => Promise<boolean>;
}

export class CoordinatorHost {
  readonly actor: Actor<typeof coordinatorMachine>;
  private readonly answers = new Map<string, (r: AdminResult) => void>();
  private seq = 0;
  private stopped = false;

  constructor(private readonly opts: CoordinatorHostOptions) {
    this.ledger = opts.ledger ?? NO_LEDGER;
    const log = opts.logger.child({ component: 'coordinator', epoch: opts.epoch });
    const inner = opts.remote.agentActor();
    // Every operation's result is recorded in the status before its actor hears of it.
    const runAgent = fromPromise<StampedResult, AgentOperation>(async ({ input, signal }) => {
      const run = createActor(inner, { input });
      signal.addEventListener('abort', () => run.stop());
      run.start();
      const result = await toPromise(run);
      // Abandoned (its instance was fenced mid-operation, or the coordinator stopped): the
      // stopped inner actor has no result, and there is nothing to record (chaos seed 24).
      if (signal.aborted || result === undefined) return result;
      if (!this.stopped) this.actor.send({ type: 'OP.RECORDED', op: input, result });
      return result;
    });
    const resource = resourceMachine.provide({ actors: { runAgent } });
    const fence = fenceMachine.provide({ actors: { lifecycle: resource, runFence: opts.remote.fenceActor() } });
    const machine = coordinatorWith({ resource, fence });
    this.actor = createActor(machine, {
      systemId: 'coordinator',
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...(opts.inspect ? { inspect: opts.inspect } : {}),
      input: {
        self: opts.self, epoch: opts.epoch, doc: opts.doc, members: opts.members, departed: opts.departed, startupFencing: opts.startupFencing, seed: opts.seed,
        fenceHistory: opts.fenceHistory, nowMs: opts.now(), batchMs: opts.batchMs, nodeActionLimitDefault: opts.nodeActionLimitDefault, fenceRetryInitialMs: 1_000, fenceRetryMaxMs: 60_000,
      },
    });
    this.actor.on('coordinator.log', (e) => {
      log[e.level](e.fields, e.message);
      opts.onLog?.(e);
    });
    this.actor.on('coordinator.answer', (e) => {
      const resolve = this.answers.get(e.id);
      this.answers.delete(e.id);
      const changed = this.changedBy(e.id, e.ok);
      if (changed === null) return resolve?.(e.ok ? { ok: true, message: e.message } : { ok: false, error: e.message });
      void (opts.commit?.(changed) ?? Promise.resolve(true)).then((committed) => {
        if (!committed) {
          return resolve?.({ ok: false, error: `not confirmed: fewer than a majority of nodes hold config generation ${formatGeneration(changed.generation)} yet, so it is not acknowledged (it may still take effect: see vigil config show)` });
        }
        this.ledger.record(configEntry('config.acknowledged', this.opts.self, changed));
        resolve?.({ ok: true, message: e.message });
      });
    });
    this.actor.on('coordinator.changed', () => opts.onChange());
    this.actor.subscribe({ next: () => { this.noticeFenceRecord(); this.recordFencing(); }, error: (error) => {
      log.fatal({ err: error }, 'the coordinator crashed');
      opts.onCrash?.(error);
    } });
    this.actor.start();
  }

  private readonly ledger: LedgerSink;
  /** Fencing operations already written to the ledger (target -> fencer id), and history entries seen. */
  private fencersSeen: Record<string, string> = {};
  private fenceHistorySeen: FenceRecord[] | null = null;
  /** The members last written (coordinator.up wrote the first ones). */
  private membersSeen: string | null = null;
  /** The config each admin command found, to tell which answers acknowledged a config change. */
  private readonly configAtCommand = new Map<string, ClusterDocument['config']>();

  private historyNoticed: FenceRecord[] | null = null;

  /** A new fence history (a fence completed, failed or was confirmed): tell the caller at once. */
  private noticeFenceRecord(): void {
    const history = this.actor.getSnapshot().context.fenceHistory;
    const changed = this.historyNoticed !== null && history !== this.historyNoticed;
    this.historyNoticed = history;
    if (changed) this.opts.onFenceRecorded?.();
  }

  /** membership.changed when the members change; fence.requested for each new fencing operation, fence.completed for each new history record. */
  private recordFencing(): void {
    if (this.opts.ledger === undefined) return;
    const snap = this.actor.getSnapshot();
    const { fencers, fenceHistory, epoch, self, members } = snap.context;
    const membersNow = members.join(',');
    if (this.membersSeen !== null && membersNow !== this.membersSeen) this.ledger.record({ kind: 'membership.changed', node: self, epoch, members: [...members] });
    this.membersSeen = membersNow;
    for (const [target, id] of Object.entries(fencers)) {
      if (this.fencersSeen[target] === id) continue;
      const child = snap.children[id] as { getSnapshot(): { context?: { action?: FenceAction } } } | undefined;
      const action = child?.getSnapshot().context?.action ?? snap.context.doc.config.options.fencingAction;
      this.ledger.record({ kind: 'fence.requested', target, by: self, epoch, action });
    }
    this.fencersSeen = { ...fencers };
    if (this.fenceHistorySeen !== null && fenceHistory !== this.fenceHistorySeen) {
      for (const r of fenceHistory.filter((h) => !this.fenceHistorySeen!.includes(h))) {
        // An unfencing (`on`) lets a node back in: it is no fence of it.
        if (r.result === 'requested' || r.action === 'on') continue;
        this.ledger.record({ kind: 'fence.completed', target: r.target, by: self, epoch: r.epoch, ok: r.result !== 'failed', ...(r.result === 'confirmed' ? { manual: true } : {}) });
      }
    }
    this.fenceHistorySeen = fenceHistory;
  }

  /** The config an ok answer changed (to be acknowledged to the administrator once committed), or null. */
  private changedBy(id: string, ok: boolean): ClusterDocument['config'] | null {
    const before = this.configAtCommand.get(id);
    this.configAtCommand.delete(id);
    const config = this.actor.getSnapshot().context.doc.config;
    return ok && before !== undefined && before !== config ? config : null;
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
      this.configAtCommand.set(id, this.doc().config);
      this.actor.send({ type: 'ADMIN.COMMAND', id, command });
    });
  }

  replaceConfig(config: ClusterDocument['config']): Promise<AdminResult> {
    const id = `config-${++this.seq}`;
    return new Promise((resolve) => {
      this.answers.set(id, resolve);
      this.configAtCommand.set(id, this.doc().config);
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
    const crashed = this.actor.getSnapshot().status === 'error';
    this.actor.stop();
    // A machine that threw is stopped without its children (XState v5, statelyai/xstate#5153):
    // left alone, a crashed coordinator's instances would go on monitoring and its fencers on
    // fencing. Stopping each child stops its own children in turn.
    if (crashed) for (const child of Object.values(this.actor.getSnapshot().children)) (child as unknown as { _stop(): void } | undefined)?._stop();
    for (const resolve of this.answers.values()) resolve({ ok: false, error: 'the coordinator stepped down; try again' });
    this.answers.clear();
  }
}
