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
import type { Transport, TransportClock } from '../transport/types.ts';
import { opName } from './executor-results.ts';
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

export function createRemoteOps(opts: RemoteOpsOptions): RemoteOps {
  const { transport } = opts;
  const self = transport.self;
  const clock = opts.clock ?? realClock;
  const now = opts.now ?? (() => clock.now());
  const graceMs = opts.graceMs ?? REMOTE_GRACE_MS_DEFAULT;
  assert(Number.isFinite(graceMs) && graceMs >= 0, `graceMs must be a non-negative number of ms, got ${graceMs}`);
  const log = opts.logger.child({ component: 'remote-ops', node: self });
  const pending = new Map<string, Pending>();
  let counter = 0;
  let closed = false;

  function unreachable(node: string): string | undefined {
    if (closed) return 'the coordinator stopped sending commands (remote operations closed)';
    if (node === self) return opts.local ? undefined : `node ${self} has no local executor`;
    return transport.peers().includes(node) ? undefined : `node ${node} is not connected`;
  }

  function call<B extends ExecResultBody | FenceExecResultBody>(c: Call<B>): Promise<Answer<B>> {
    const epoch = opts.epoch();
    assert(Number.isSafeInteger(epoch) && epoch >= 0, `epoch ${epoch} is not a whole number`);
    const id = `${self}:${epoch}:${++counter}`;
    const problem = c.signal.aborted ? `${c.what} was cancelled (its actor stopped)` : unreachable(c.node);
    if (problem !== undefined) return Promise.resolve({ answered: false, reason: problem });
    assert(pending.size < REMOTE_PENDING_MAX, `more than ${REMOTE_PENDING_MAX} remote commands pending`);
    return new Promise<Answer<B>>((resolve) => {
      const onAbort = () => settle({ answered: false, reason: `${c.what} was cancelled (its actor stopped)` });
      const timer = clock.setTimeout(() => settle({ answered: false, reason: `no answer from ${c.node} within ${c.waitMs} ms` }), c.waitMs);
      function settle(answer: Answer<ExecResultBody | FenceExecResultBody>): void {
        if (!pending.delete(id)) return;
        clock.clearTimeout(timer);
        c.signal.removeEventListener('abort', onAbort);
        resolve(answer as Answer<B>);
      }
      pending.set(id, { kind: c.kind, node: c.node, settle });
      c.signal.addEventListener('abort', onAbort, { once: true });
      log.debug({ id, to: c.node, kind: c.kind, epoch }, 'command sent');
      c.start(id, epoch)?.then((body) => settle({ answered: true, body }), (error: unknown) => settle({ answered: false, reason: `the local executor failed: ${String(error)}` }));
    });
  }

  transport.onMessage((from, msg) => {
    if (msg.kind !== 'exec-result' && msg.kind !== 'fence-exec-result') return;
    const waiting = pending.get(msg.body.id);
    if (waiting === undefined || `${waiting.kind}-result` !== msg.kind || waiting.node !== from) {
      return log.debug({ id: msg.body.id, from, kind: msg.kind }, 'late or unexpected answer ignored');
    }
    waiting.settle({ answered: true, body: msg.body });
  });

  transport.onPeer((peer, up) => {
    if (up) return;
    for (const waiting of [...pending.values()]) {
      if (waiting.node === peer) waiting.settle({ answered: false, reason: `${peer} left while ${waiting.kind === 'exec' ? 'the operation' : 'the fence attempt'} ran` });
    }
  });

  function runRemote(op: AgentOperation, signal: AbortSignal): Promise<Answer<ExecResultBody>> {
    return call<ExecResultBody>({
      kind: 'exec', node: op.node, what: 'the operation', waitMs: op.timeoutMs + graceMs, signal,
      start(id, epoch) {
        const body: ExecBody = { id, op };
        if (op.node === self) return opts.local?.executeLocal(body, self, epoch);
        transport.send(op.node, makeMessage(self, 'exec', body, epoch));
        return undefined;
      },
    });
  }

  function runFenceRemote(attempt: FenceAttemptInput, node: string, signal: AbortSignal): Promise<Answer<FenceExecResultBody>> {
    return call<FenceExecResultBody>({
      kind: 'fence-exec', node, what: 'the fence attempt', waitMs: attempt.timeoutMs + graceMs, signal,
      start(id, epoch) {
        const body: FenceExecBody = { id, attempt: { ...attempt, node } };
        if (node === self) return opts.local?.fenceLocal(body, self, epoch);
        transport.send(node, makeMessage(self, 'fence-exec', body, epoch));
        return undefined;
      },
    });
  }

  return {
    agentActor: () => fromPromise<StampedResult, AgentOperation>(async ({ input: op, signal }) => {
      const startedAtMs = now();
      const answer = await runRemote(op, signal);
      const result = resultOf(answer, Math.max(0, now() - startedAtMs));
      const fields = { resource: op.resource, on: op.node, op: opName(op), rc: result.rc, reason: result.exitReason };
      if (!answer.answered || answer.body.refused !== undefined) log.warn(fields, 'operation not run');
      return { ...result, endedAtMs: now() };
    }),
    fenceActor: (pickNode) => fromPromise<FenceAttemptResult, FenceAttemptInput>(async ({ input: attempt, signal }) => {
      const node = pickNode ? pickNode(attempt) : attempt.node;
      if (node === null) return { ok: false, reason: `no node can run fence device ${attempt.device}` };
      const answer = await runFenceRemote(attempt, node, signal);
      if (answer.answered && answer.body.refused === undefined) return { ok: answer.body.result.ok, reason: answer.body.result.reason };
      const reason = answer.answered ? answer.body.refused ?? answer.body.result.reason : answer.reason;
      log.warn({ device: attempt.device, on: node, target: attempt.target, action: attempt.action, reason }, 'fence attempt not run');
      return { ok: false, reason };
    }),
    pending: () => pending.size,
    close() {
      closed = true;
      for (const waiting of [...pending.values()]) waiting.settle({ answered: false, reason: 'the coordinator stopped sending commands (remote operations closed)' });
    },
  };
}

/** The operation's result: the node's answer, its refusal as a failure, or why no answer came. */
function resultOf(answer: Answer<ExecResultBody>, waitedMs: number): AgentResult {
  if (!answer.answered) return { rc: 1, timedOut: true, signal: null, durationMs: waitedMs, outputTail: '', exitReason: answer.reason };
  const { result, refused } = answer.body;
  return refused === undefined ? result : { ...result, rc: 1, exitReason: refused };
}
