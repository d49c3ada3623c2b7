// The coordinator's side of remote execution: the `runAgent` and `runFence` actors the resource
// and fence statecharts are provided with, which run each operation ON ITS NODE by sending an
// `exec` / `fence-exec` (stamped with the coordinator's epoch) and waiting for the answer.
// An operation never hangs: no answer within its timeout plus a grace, the node leaving, the
// actor being stopped or this object closing all end the wait with a failed result that says why.
// A command for this node itself goes to the local executor (the transport cannot send to itself).
import type { Logger } from 'pino';
import { fromPromise, type PromiseActorLogic } from 'xstate';
import { assert } from '../assert.ts';
import type { FenceAttemptInput, FenceAttemptResult } from '../machines/fence-types.ts';
import type { StampedResult } from '../machines/resource-types.ts';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { realClock } from '../transport/clock.ts';
import { makeMessage } from '../transport/codec.ts';
import type { Message, Transport, TransportClock } from '../transport/types.ts';
import { errorText, opName } from './executor-results.ts';
import type { Executor } from './executor.ts';
import type { ExecBody, ExecResultBody, FenceExecBody, FenceExecResultBody } from './protocol.ts';

/** How long after an operation's own timeout the coordinator still waits for its answer. */
export const REMOTE_GRACE_MS_DEFAULT = 2_000;
/** Commands awaiting an answer at once; more is a runaway coordinator. */
export const REMOTE_PENDING_MAX = 1_000_000;

export interface RemoteOpsOptions {
  transport: Transport;
  /** The coordinator's current epoch, put in every command's envelope and id. */
  epoch: () => number;
  logger: Logger;
  /** Timers for the answer deadlines; default the real clock (tests pass a SimClock). */
  clock?: TransportClock;
  /** Stamps results (endedAtMs); default clock.now. */
  now?: () => number;
  graceMs?: number;
  /** Runs commands addressed to this node itself; without it they fail. */
  local?: Pick<Executor, 'executeLocal' | 'fenceLocal'>;
}

export type PickFenceNode = (attempt: FenceAttemptInput) => string | null;

export interface RemoteOps {
  /** The resource machine's `runAgent`: runs the operation on `op.node`. */
  agentActor(): PromiseActorLogic<StampedResult, AgentOperation>;
  /** The fence machine's `runFence`: runs the attempt on `pickNode(attempt)` (default: `attempt.node`). */
  fenceActor(pickNode?: PickFenceNode): PromiseActorLogic<FenceAttemptResult, FenceAttemptInput>;
  /** Commands sent and not yet answered. */
  pending(): number;
  /** Ends every wait with a failure; later calls fail at once. */
  close(): void;
}

type Answer<B> = { answered: true; body: B } | { answered: false; reason: string };
type Kind = 'exec' | 'fence-exec';

interface Pending {
  kind: Kind;
  node: string;
  settle(answer: Answer<ExecResultBody | FenceExecResultBody>): void;
}

interface Call<B> {
  kind: Kind;
  node: string;
  /** `the operation`, `the fence attempt`: for the reasons. */
  what: string;
  waitMs: number;
  signal: AbortSignal;
  /** Sends the command (or runs it locally, returning its answer). */
  start(id: string, epoch: number): Promise<B> | undefined;
}

const CLOSED_REASON = 'the coordinator stopped sending commands (remote operations closed)';

export function createRemoteOps(opts: RemoteOpsOptions): RemoteOps {
  const ops = new RemoteOpsImpl(opts);
  opts.transport.onMessage((from, msg) => ops.receive(from, msg));
  opts.transport.onPeer((peer, up) => { if (!up) ops.peerLeft(peer); });
  return ops;
}

class RemoteOpsImpl implements RemoteOps {
  private readonly self: string;
  private readonly clock: TransportClock;
  private readonly now: () => number;
  private readonly graceMs: number;
  private readonly log: Logger;
  private readonly waiting = new Map<string, Pending>();
  private counter = 0;
  private closed = false;

  constructor(private readonly opts: RemoteOpsOptions) {
    this.self = opts.transport.self;
    this.clock = opts.clock ?? realClock;
    this.now = opts.now ?? (() => this.clock.now());
    this.graceMs = opts.graceMs ?? REMOTE_GRACE_MS_DEFAULT;
    assert(Number.isFinite(this.graceMs) && this.graceMs >= 0, `graceMs must be a non-negative number of ms, got ${this.graceMs}`);
    this.log = opts.logger.child({ component: 'remote-ops', node: this.self });
  }

  agentActor(): PromiseActorLogic<StampedResult, AgentOperation> {
    return fromPromise<StampedResult, AgentOperation>(async ({ input: op, signal }) => {
      const startedAtMs = this.now();
      const answer = await this.runRemote(op, signal);
      const result = resultOf(answer, Math.max(0, this.now() - startedAtMs));
      const fields = { resource: op.resource, on: op.node, op: opName(op), rc: result.rc, reason: result.exitReason };
      if (!answer.answered || answer.body.refused !== undefined) this.log.warn(fields, 'operation not run');
      return { ...result, endedAtMs: this.now() };
    });
  }

  fenceActor(pickNode?: PickFenceNode): PromiseActorLogic<FenceAttemptResult, FenceAttemptInput> {
    return fromPromise<FenceAttemptResult, FenceAttemptInput>(async ({ input: attempt, signal }) => {
      const node = pickNode ? pickNode(attempt) : attempt.node;
      if (node === null) return { ok: false, reason: `no node can run fence device ${attempt.device}` };
      const answer = await this.runFenceRemote(attempt, node, signal);
      if (answer.answered && answer.body.refused === undefined) return { ok: answer.body.result.ok, reason: answer.body.result.reason };
      const reason = answer.answered ? answer.body.refused ?? answer.body.result.reason : answer.reason;
      this.log.warn({ device: attempt.device, on: node, target: attempt.target, action: attempt.action, reason }, 'fence attempt not run');
      return { ok: false, reason };
    });
  }

  pending(): number {
    return this.waiting.size;
  }

  close(): void {
    this.closed = true;
    for (const entry of [...this.waiting.values()]) entry.settle({ answered: false, reason: CLOSED_REASON });
  }

  receive(from: string, msg: Message): void {
    if (msg.kind !== 'exec-result' && msg.kind !== 'fence-exec-result') return;
    const entry = this.waiting.get(msg.body.id);
    if (entry === undefined || `${entry.kind}-result` !== msg.kind || entry.node !== from) {
      return this.log.debug({ id: msg.body.id, from, kind: msg.kind }, 'late or unexpected answer ignored');
    }
    entry.settle({ answered: true, body: msg.body });
  }

  peerLeft(peer: string): void {
    for (const entry of [...this.waiting.values()]) {
      if (entry.node === peer) entry.settle({ answered: false, reason: `${peer} left while ${entry.kind === 'exec' ? 'the operation' : 'the fence attempt'} ran` });
    }
  }

  private runRemote(op: AgentOperation, signal: AbortSignal): Promise<Answer<ExecResultBody>> {
    return this.call<ExecResultBody>({
      kind: 'exec', node: op.node, what: 'the operation', waitMs: op.timeoutMs + this.graceMs, signal,
      start: (id, epoch) => {
        const body: ExecBody = { id, op };
        if (op.node === this.self) return this.opts.local?.executeLocal(body, this.self, epoch);
        this.opts.transport.send(op.node, makeMessage(this.self, 'exec', body, epoch));
        return undefined;
      },
    });
  }

  private runFenceRemote(attempt: FenceAttemptInput, node: string, signal: AbortSignal): Promise<Answer<FenceExecResultBody>> {
    return this.call<FenceExecResultBody>({
      kind: 'fence-exec', node, what: 'the fence attempt', waitMs: attempt.timeoutMs + this.graceMs, signal,
      start: (id, epoch) => {
        const body: FenceExecBody = { id, attempt: { ...attempt, node } };
        if (node === this.self) return this.opts.local?.fenceLocal(body, this.self, epoch);
        this.opts.transport.send(node, makeMessage(this.self, 'fence-exec', body, epoch));
        return undefined;
      },
    });
  }

  private unreachable(node: string): string | undefined {
    if (this.closed) return CLOSED_REASON;
    if (node === this.self) return this.opts.local ? undefined : `node ${this.self} has no local executor`;
    return this.opts.transport.peers().includes(node) ? undefined : `node ${node} is not connected`;
  }

  /** Sends one command and waits for its answer, its deadline, its node leaving, or its cancellation. */
  private call<B extends ExecResultBody | FenceExecResultBody>(c: Call<B>): Promise<Answer<B>> {
    const epoch = this.opts.epoch();
    assert(Number.isSafeInteger(epoch) && epoch >= 0, `epoch ${epoch} is not a whole number`);
    const id = `${this.self}:${epoch}:${++this.counter}`;
    const problem = c.signal.aborted ? `${c.what} was cancelled (its actor stopped)` : this.unreachable(c.node);
    if (problem !== undefined) return Promise.resolve({ answered: false, reason: problem });
    assert(this.waiting.size < REMOTE_PENDING_MAX, `more than ${REMOTE_PENDING_MAX} remote commands pending`);
    return new Promise<Answer<B>>((resolve) => {
      const onAbort = () => settle({ answered: false, reason: `${c.what} was cancelled (its actor stopped)` });
      const timer = this.clock.setTimeout(() => settle({ answered: false, reason: `no answer from ${c.node} within ${c.waitMs} ms` }), c.waitMs);
      const settle = (answer: Answer<ExecResultBody | FenceExecResultBody>): void => {
        if (!this.waiting.delete(id)) return;
        this.clock.clearTimeout(timer);
        c.signal.removeEventListener('abort', onAbort);
        resolve(answer as Answer<B>);
      };
      this.waiting.set(id, { kind: c.kind, node: c.node, settle });
      c.signal.addEventListener('abort', onAbort, { once: true });
      this.log.debug({ id, to: c.node, kind: c.kind, epoch }, 'command sent');
      try {
        c.start(id, epoch)?.then((body) => settle({ answered: true, body }), (error: unknown) => settle({ answered: false, reason: `the local executor failed: ${errorText(error)}` }));
      } catch (error) {
        // A command the codec refuses is vigil's bug; the operation fails, the coordinator lives on.
        this.log.error({ id, to: c.node, kind: c.kind, error: errorText(error) }, 'could not send a command');
        settle({ answered: false, reason: `vigil could not send ${c.what} to ${c.node}: ${errorText(error)}` });
      }
    });
  }
}

/** The operation's result: the node's answer, its refusal as a failure, or why no answer came. */
function resultOf(answer: Answer<ExecResultBody>, waitedMs: number): AgentResult {
  if (!answer.answered) return { rc: 1, timedOut: true, signal: null, durationMs: waitedMs, outputTail: '', exitReason: answer.reason };
  const { result, refused } = answer.body;
  return refused === undefined ? result : { ...result, rc: 1, exitReason: refused };
}

/**
 * One `runAgent` actor logic with its own remote-ops instance (its own transport handlers, never
 * closed): for a one-off use. A coordinator creates one createRemoteOps and takes its actors.
 */
export function remoteAgentActor(opts: RemoteOpsOptions): PromiseActorLogic<StampedResult, AgentOperation> {
  return createRemoteOps(opts).agentActor();
}
