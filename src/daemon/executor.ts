// The node side of the coordinator's commands (Pacemaker's executor, the LRM): runs the agent
// operations and fence attempts the coordinator sends to this node and answers each one.
// Before running anything it checks that the command comes from the coordinator of the current
// epoch (a deposed coordinator's command, or any other node's, is refused: authority.ts) and
// that it is meant for this node. Keeps no persistent state: it only
// remembers, in memory, what it started, so that losing quorum can stop it all (stopAll).
//
// The coordinator may live on this very node; the transport cannot send to itself, so the
// daemon hands those commands to executeLocal / fenceLocal, which behave exactly alike.
import type { Logger } from 'pino';
import type { FenceRunner } from '../agents/fence.ts';
import type { AgentRunner } from '../agents/ocf-runner.ts';
import type { LedgerSink } from '../ledger/types.ts';
import type { FenceAttemptInput, FenceAttemptResult } from '../machines/fence-types.ts';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { makeMessage } from '../transport/codec.ts';
import type { Message, Transport } from '../transport/types.ts';
import { errorText, failedResult, normalizeAgentResult, normalizeFenceResult, opName } from './executor-results.ts';
import { AnswerCache, KeyedQueues, RESOURCE_QUEUE_DEPTH_MAX, StartedResources } from './executor-state.ts';
import { LIFECYCLE_ACTIONS, NO_LEDGER, appliedParams, isProbe, opCompletion } from './ledger-record.ts';
import type { ExecBody, ExecResultBody, FenceExecBody, FenceExecResultBody } from './protocol.ts';
import type { Authority } from './authority.ts';
import type { Authorization } from '../election/types.ts';

export interface ExecutorOptions {
  self: string;
  transport: Transport;
  runner: AgentRunner;
  fenceRunner: FenceRunner;
  /** Whether `from` coordinates `epoch` (election.authorize), at once or after waiting to hear it (authority.ts). */
  authority: Pick<Authority, 'check' | 'whenAuthorized'>;
  logger: Logger;
  now?: () => number;
  /** Where op.invoked / op.completed / command.refused go; default nowhere. */
  ledger?: LedgerSink;
  /** This node's current epoch, for operations it decides itself (stopAll); default 0. */
  currentEpoch?: () => number;
  /** Reorders stopAll's stops (resource ids, newest start first) by the configured order; default as given. */
  stopOrder?: (resources: string[]) => string[];
}

export interface Executor {
  /** Resource ids this node started and has not stopped, in start order. */
  running(): string[];
  /**
   * Stops every started resource one at a time, in `stopOrder` (dependents first), else newest
   * start first (quorum lost with no-quorum-policy=stop, or shutdown). `final`: also refuses
   * every new start from now on, and first waits for the commands in flight.
   */
  stopAll(reason: string, opts?: { final?: boolean }): Promise<void>;
  /** Runs an exec from the coordinator on this node itself; the same checks and answer as over the mesh. */
  executeLocal(body: ExecBody, from: string, epoch: number | undefined): Promise<ExecResultBody>;
  /** Runs a fence-exec from the coordinator on this node itself. */
  fenceLocal(body: FenceExecBody, from: string, epoch: number | undefined): Promise<FenceExecResultBody>;
  /** Stops answering; operations already running finish, their answers are dropped. */
  close(): void;
}

/** Operations that may leave a resource running where it was not. */
const STARTING_ACTIONS: ReadonlySet<string> = new Set(['start', 'migrate_from', 'promote', 'validate-all']);

/** How a command is answered: now or when it finishes (`answer`), or not at all, being a duplicate of one still running (`running`). */
type Dispatch<B> = { kind: 'answer'; body: Promise<B> } | { kind: 'running'; body: Promise<B> };

export function createExecutor(opts: ExecutorOptions): Executor {
  const executor = new NodeExecutor(opts);
  opts.transport.onMessage((from, msg) => executor.receive(from, msg));
  return executor;
}

class NodeExecutor implements Executor {
  private readonly self: string;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly queues = new KeyedQueues();
  private readonly started = new StartedResources();
  private readonly execAnswers = new AnswerCache<ExecResultBody>();
  private readonly fenceAnswers = new AnswerCache<FenceExecResultBody>();
  private readonly ledger: LedgerSink;
  private callSeq = 0;
  private closed = false;
  /** Set by a final stopAll: why new commands are refused. */
  private draining: string | null = null;
  /** The stopAll under way, if any. */
  private stopping: Promise<void> | null = null;

  constructor(private readonly opts: ExecutorOptions) {
    this.self = opts.self;
    this.now = opts.now ?? Date.now;
    this.ledger = opts.ledger ?? NO_LEDGER;
    this.log = opts.logger.child({ component: 'executor', node: opts.self });
  }

  running(): string[] {
    return this.started.ids();
  }

  stopAll(reason: string, opts: { final?: boolean } = {}): Promise<void> {
    const run = this.stopEverything(reason, opts).finally(() => { if (this.stopping === run) this.stopping = null; });
    this.stopping = run;
    return run;
  }

  private async stopEverything(reason: string, opts: { final?: boolean }): Promise<void> {
    // For good (shutdown): no new command runs, and a start still in flight is waited for, so
    // that it is stopped too (CTS SimultaneousStop once left one running).
    if (opts.final) {
      this.draining = reason;
      await this.queues.drained();
    }
    const newestFirst = this.started.stops();
    const byResource = new Map(newestFirst.map((op) => [op.resource, op]));
    const order = this.opts.stopOrder?.([...byResource.keys()]) ?? [...byResource.keys()];
    const stops = order.flatMap((id) => byResource.get(id) ?? []);
    this.log.warn({ resources: stops.map((op) => op.resource), reason }, 'stopping every resource this node started');
    for (const stop of stops) {
      const result = await this.queued(stop, this.opts.currentEpoch?.() ?? 0, { stopAll: reason });
      if (result.rc !== 0) this.log.error({ resource: stop.resource, rc: result.rc, reason: result.exitReason }, 'stop failed while stopping everything');
    }
  }

  executeLocal(body: ExecBody, from: string, epoch: number | undefined): Promise<ExecResultBody> {
    return this.dispatchExec(body, from, epoch).body;
  }

  fenceLocal(body: FenceExecBody, from: string, epoch: number | undefined): Promise<FenceExecResultBody> {
    return this.dispatchFence(body, from, epoch).body;
  }

  close(): void {
    this.closed = true;
  }

  receive(from: string, msg: Message): void {
    if (this.closed) return;
    if (msg.kind === 'exec') {
      const sent = this.dispatchExec(msg.body, from, msg.epoch);
      // A duplicate of a command still running is ignored: its one answer is on its way.
      if (sent.kind === 'running') return this.log.debug({ id: msg.body.id, from }, 'duplicate operation ignored while it runs');
      void sent.body.then((body) => this.reply(from, makeMessage(this.self, 'exec-result', body)));
    } else if (msg.kind === 'fence-exec') {
      const sent = this.dispatchFence(msg.body, from, msg.epoch);
      if (sent.kind === 'running') return this.log.debug({ id: msg.body.id, from }, 'duplicate fence attempt ignored while it runs');
      void sent.body.then((body) => this.reply(from, makeMessage(this.self, 'fence-exec-result', body)));
    }
  }

  /** Why this command may not run here, or undefined; waits when `from` may be a coordinator not heard of yet. */
  private refusal(epoch: number | undefined, from: string, node: string, what: string): string | undefined | Promise<string | undefined> {
    if (this.closed) return `node ${this.self}'s executor is shutting down`;
    if (epoch === undefined) return `${what} from ${from} carries no epoch; commands must carry the coordinator's epoch`;
    if (node !== this.self) return `${what} is for node ${node}, but was sent to node ${this.self}`;
    const verdict = this.opts.authority.check(epoch, from);
    if (verdict.accepted || verdict.reason !== 'not-coordinator') return this.refusalOf(verdict, epoch, from);
    return this.opts.authority.whenAuthorized(epoch, from).then((later) => (this.closed ? `node ${this.self}'s executor is shutting down` : this.refusalOf(later, epoch, from)));
  }

  private refusalOf(verdict: Authorization, epoch: number, from: string): string | undefined {
    if (verdict.accepted) return undefined;
    this.ledger.record({ kind: 'command.refused', node: this.self, from, epoch, currentEpoch: verdict.epoch });
    if (verdict.reason === 'stale-epoch') return `stale epoch ${epoch} < ${verdict.epoch}`;
    if (verdict.reason === 'lease-expired') return `the coordinator on ${this.self} lost its lease of epoch ${epoch}`;
    return `${from} is not the coordinator of epoch ${epoch} as far as node ${this.self} knows (its epoch is ${verdict.epoch})`;
  }

  private dispatchExec(body: ExecBody, from: string, epoch: number | undefined): Dispatch<ExecResultBody> {
    const kept = this.execAnswers.answer(body.id);
    if (kept !== undefined) return { kind: 'answer', body: Promise.resolve(kept) };
    const running = this.execAnswers.running(body.id);
    if (running !== undefined) return { kind: 'running', body: running };
    // Stopping everything for good: nothing new may start here (stops and monitors still run:
    // refusing a stop would read as a failed stop, and get this node fenced for nothing).
    const draining = this.draining !== null && STARTING_ACTIONS.has(body.op.action) ? `node ${this.self} is stopping everything (${this.draining})` : undefined;
    const refused = draining ?? this.refusal(epoch, from, body.op.node, `${opName(body.op)} of ${body.op.resource}`);
    if (refused instanceof Promise) {
      // Kept as running under its id while it waits, so a duplicate is not run twice.
      return { kind: 'answer', body: this.execAnswers.track(body.id, refused.then((later) => (later === undefined ? this.runExec(body, from, epoch!) : this.refuseExec(body, from, epoch, later)))) };
    }
    if (refused !== undefined) return { kind: 'answer', body: Promise.resolve(this.refuseExec(body, from, epoch, refused)) };
    return { kind: 'answer', body: this.execAnswers.track(body.id, this.runExec(body, from, epoch!)) };
  }

  private refuseExec(body: ExecBody, from: string, epoch: number | undefined, refused: string): ExecResultBody {
    this.log.warn({ id: body.id, from, epoch, resource: body.op.resource, op: opName(body.op), refused }, 'operation refused');
    return { id: body.id, result: failedResult(refused), refused };
  }

  private runExec(body: ExecBody, from: string, epoch: number): Promise<ExecResultBody> {
    // While this node stops everything by itself, a coordinator's command waits for the end:
    // a probe then finds what the stops left, not what they were about to stop (chaos seed 301).
    // A start decided before those stops is refused: what it was ordered after may be gone
    // (chaos seed 287, five nodes).
    const run = () => this.queued(body.op, epoch, { id: body.id, from }).then((result): ExecResultBody => ({ id: body.id, result }));
    if (this.stopping === null) return run();
    return this.stopping.then(() => {
      if (!STARTING_ACTIONS.has(body.op.action)) return run();
      return this.refuseExec(body, from, epoch, `node ${this.self} stopped everything while this ${opName(body.op)} of ${body.op.resource} waited`);
    });
  }

  private dispatchFence(body: FenceExecBody, from: string, epoch: number | undefined): Dispatch<FenceExecResultBody> {
    const kept = this.fenceAnswers.answer(body.id);
    if (kept !== undefined) return { kind: 'answer', body: Promise.resolve(kept) };
    const running = this.fenceAnswers.running(body.id);
    if (running !== undefined) return { kind: 'running', body: running };
    const { attempt } = body;
    const refused = this.refusal(epoch, from, attempt.node, `fence device ${attempt.device} (${attempt.action} of ${attempt.target})`);
    const decide = (later: string | undefined): FenceExecResultBody | Promise<FenceExecResultBody> => {
      if (later === undefined) return this.runFence(attempt, body.id).then((result) => ({ id: body.id, result }));
      this.log.warn({ id: body.id, from, epoch, device: attempt.device, target: attempt.target, refused: later }, 'fence attempt refused');
      return { id: body.id, result: { ok: false, reason: later }, refused: later };
    };
    if (refused instanceof Promise) return { kind: 'answer', body: this.fenceAnswers.track(body.id, refused.then(decide)) };
    if (refused !== undefined) return { kind: 'answer', body: Promise.resolve(decide(refused)) };
    return { kind: 'answer', body: this.fenceAnswers.track(body.id, Promise.resolve(decide(undefined))) };
  }

  private queued(op: AgentOperation, epoch: number, context: Record<string, unknown>): Promise<AgentResult> {
    return this.queues.run(op.resource, () => this.runOp(op, epoch, context))
      ?? Promise.resolve(failedResult(`resource ${op.resource} already has ${RESOURCE_QUEUE_DEPTH_MAX} operations waiting on node ${this.self}`));
  }

  private async runOp(op: AgentOperation, epoch: number, context: Record<string, unknown>): Promise<AgentResult> {
    // Accepted while queued behind another operation, it may have gone stale meanwhile: a newer
    // coordinator was heard of, so the one that sent it can no longer act (chaos seed 1, 5 nodes).
    const current = this.opts.currentEpoch?.() ?? epoch;
    if (epoch < current) {
      this.ledger.record({ kind: 'command.refused', node: this.self, from: String(context['from'] ?? 'unknown'), epoch, currentEpoch: current });
      this.log.warn({ ...context, resource: op.resource, op: opName(op), epoch, current }, 'queued operation refused: its epoch went stale while it waited');
      return failedResult(`stale epoch ${epoch} < ${current} (went stale while queued)`);
    }
    const startedAtMs = this.now();
    const entry = { node: this.self, instance: op.resource, op: op.action, ...(isProbe(op) ? { probe: true } : {}), epoch, callId: `${this.self}@${startedAtMs}#${++this.callSeq}` };
    const ledger = LIFECYCLE_ACTIONS.has(op.action) ? this.ledger : NO_LEDGER;
    ledger.record({ kind: 'op.invoked', ...entry });
    let raw: unknown;
    try {
      // The agent also gets the epoch and call id (OCF_RESKEY_CRM_meta_vigil_epoch, _vigil_call_id): the CTS ledger agent (agents/ocf/vigil/LedgerDummy) records them.
      raw = await this.opts.runner.run(ledger === NO_LEDGER ? op : { ...op, meta: { ...op.meta, vigil_epoch: String(epoch), vigil_call_id: entry.callId } });
    } catch (error) {
      // The runner never throws by contract; if it does, the operation failed, the daemon lives on.
      raw = failedResult(`vigil: the agent runner failed: ${errorText(error)}`, Math.max(0, this.now() - startedAtMs));
    }
    const normalized = normalizeAgentResult(raw, Math.max(0, this.now() - startedAtMs));
    // A probe finding it running says what this node last started it with: a coordinator that
    // lost that record (it took over from one that fell) still sees a changed definition.
    const startedWith = isProbe(op) && normalized.rc === 0 && !normalized.timedOut ? this.started.startedWith(op.resource) : undefined;
    const result = startedWith === undefined ? normalized : { ...normalized, startedWith };
    ledger.record({ kind: 'op.completed', ...entry, rc: result.timedOut ? 1 : result.rc, ...opCompletion(op, result), ...(ledger === NO_LEDGER ? {} : appliedParams(op, result)) });
    this.started.record(op, result);
    const fields = { ...context, resource: op.resource, op: opName(op), rc: result.rc, timedOut: result.timedOut, durationMs: result.durationMs, reason: result.exitReason };
    // A recurring monitor that succeeds is routine: keep it out of the info log.
    if (result.rc === 0 && op.intervalMs > 0) this.log.debug(fields, 'operation done');
    else this.log.info(fields, 'operation done');
    return result;
  }

  private async runFence(attempt: FenceAttemptInput, id: string): Promise<FenceAttemptResult> {
    const { device, agent, action, target, params, timeoutMs } = attempt;
    let raw: unknown;
    const startedAtMs = this.now();
    try {
      raw = await this.opts.fenceRunner.run({ device, agent, action, target, params, timeoutMs });
    } catch (error) {
      raw = { ok: false, reason: `vigil: the fence runner failed: ${errorText(error)}` };
    }
    const result = normalizeFenceResult(raw);
    const fields = { id, device, target, action, ok: result.ok, reason: result.reason, durationMs: this.now() - startedAtMs };
    if (result.ok) this.log.info(fields, 'fence attempt done');
    else this.log.warn(fields, 'fence attempt failed');
    return result;
  }

  private reply(to: string, msg: Message): void {
    if (this.closed) return;
    try {
      this.opts.transport.send(to, msg);
    } catch (error) {
      // Results are normalized, so only a bug in vigil gets here; the coordinator's deadline ends its wait.
      this.log.error({ to, kind: msg.kind, error: errorText(error) }, 'could not send an answer');
    }
  }
}
