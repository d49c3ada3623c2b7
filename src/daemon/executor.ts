// The node side of the coordinator's commands (Pacemaker's executor, the LRM): runs the agent
// operations and fence attempts the coordinator sends to this node and answers each one.
// Before running anything it checks the command's epoch (a deposed coordinator's command is
// refused) and that the command is meant for this node. Keeps no persistent state: it only
// remembers, in memory, what it started, so that losing quorum can stop it all (stopAll).
//
// The coordinator may live on this very node; the transport cannot send to itself, so the
// daemon hands those commands to executeLocal / fenceLocal, which behave exactly alike.
import type { Logger } from 'pino';
import type { FenceRunner } from '../agents/fence.ts';
import type { AgentRunner } from '../agents/ocf-runner.ts';
import type { FenceAttemptInput, FenceAttemptResult } from '../machines/fence-types.ts';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { makeMessage } from '../transport/codec.ts';
import type { Message, Transport } from '../transport/types.ts';
import { errorText, failedResult, normalizeAgentResult, normalizeFenceResult, opName } from './executor-results.ts';
import { AnswerCache, KeyedQueues, RESOURCE_QUEUE_DEPTH_MAX, StartedResources } from './executor-state.ts';
import type { ExecBody, ExecResultBody, FenceExecBody, FenceExecResultBody } from './protocol.ts';

export interface ExecutorOptions {
  self: string;
  transport: Transport;
  runner: AgentRunner;
  fenceRunner: FenceRunner;
  /** The election's epoch check (election.checkEpoch): older epochs are refused, newer adopted. */
  checkEpoch(epoch: number, from: string): { accepted: boolean; epoch: number };
  logger: Logger;
  now?: () => number;
}

export interface Executor {
  /** Resource ids this node started and has not stopped, in start order. */
  running(): string[];
  /** Stops every started resource, newest start first, one at a time (quorum lost with no-quorum-policy=stop). */
  stopAll(reason: string): Promise<void>;
  /** Runs an exec from the coordinator on this node itself; the same checks and answer as over the mesh. */
  executeLocal(body: ExecBody, from: string, epoch: number | undefined): Promise<ExecResultBody>;
  /** Runs a fence-exec from the coordinator on this node itself. */
  fenceLocal(body: FenceExecBody, from: string, epoch: number | undefined): Promise<FenceExecResultBody>;
  /** Stops answering; operations already running finish, their answers are dropped. */
  close(): void;
}

/** How a command is answered: now or when it finishes (`answer`), or not at all, being a duplicate of one still running (`running`). */
type Dispatch<B> = { kind: 'answer'; body: Promise<B> } | { kind: 'running'; body: Promise<B> };

export function createExecutor(opts: ExecutorOptions): Executor {
  const { self, transport, runner, fenceRunner } = opts;
  const now = opts.now ?? Date.now;
  const log = opts.logger.child({ component: 'executor', node: self });
  const queues = new KeyedQueues();
  const started = new StartedResources();
  const execAnswers = new AnswerCache<ExecResultBody>();
  const fenceAnswers = new AnswerCache<FenceExecResultBody>();
  let closed = false;

  /** Why this command may not run here, or undefined. */
  function refusal(epoch: number | undefined, from: string, node: string, what: string): string | undefined {
    if (closed) return `node ${self}'s executor is shutting down`;
    if (epoch === undefined) return `${what} from ${from} carries no epoch; commands must carry the coordinator's epoch`;
    const check = opts.checkEpoch(epoch, from);
    if (!check.accepted) return `stale epoch ${epoch} < ${check.epoch}`;
    if (node !== self) return `${what} is for node ${node}, but was sent to node ${self}`;
    return undefined;
  }

  async function runOp(op: AgentOperation, context: Record<string, unknown>): Promise<AgentResult> {
    const startedAtMs = now();
    let raw: unknown;
    try {
      raw = await runner.run(op);
    } catch (error) {
      // The runner never throws by contract; if it does, the operation failed, the daemon lives on.
      raw = failedResult(`vigil: the agent runner failed: ${errorText(error)}`, Math.max(0, now() - startedAtMs));
    }
    const result = normalizeAgentResult(raw, Math.max(0, now() - startedAtMs));
    started.record(op, result);
    const fields = { ...context, resource: op.resource, op: opName(op), rc: result.rc, timedOut: result.timedOut, durationMs: result.durationMs, reason: result.exitReason };
    // A recurring monitor that succeeds is routine: keep it out of the info log.
    if (result.rc === 0 && op.intervalMs > 0) log.debug(fields, 'operation done');
    else log.info(fields, 'operation done');
    return result;
  }

  function queued(op: AgentOperation, context: Record<string, unknown>): Promise<AgentResult> {
    return queues.run(op.resource, () => runOp(op, context))
      ?? Promise.resolve(failedResult(`resource ${op.resource} already has ${RESOURCE_QUEUE_DEPTH_MAX} operations waiting on node ${self}`));
  }

  function dispatchExec(body: ExecBody, from: string, epoch: number | undefined): Dispatch<ExecResultBody> {
    const kept = execAnswers.answer(body.id);
    if (kept !== undefined) return { kind: 'answer', body: Promise.resolve(kept) };
    const running = execAnswers.running(body.id);
    if (running !== undefined) return { kind: 'running', body: running };
    const refused = refusal(epoch, from, body.op.node, `${opName(body.op)} of ${body.op.resource}`);
    if (refused !== undefined) {
      log.warn({ id: body.id, from, epoch, resource: body.op.resource, op: opName(body.op), refused }, 'operation refused');
      return { kind: 'answer', body: Promise.resolve({ id: body.id, result: failedResult(refused), refused }) };
    }
    const answer = queued(body.op, { id: body.id, from }).then((result) => ({ id: body.id, result }));
    return { kind: 'answer', body: execAnswers.track(body.id, answer) };
  }

  async function runFence(attempt: FenceAttemptInput, id: string): Promise<FenceAttemptResult> {
    const { device, agent, action, target, params, timeoutMs } = attempt;
    let raw: unknown;
    try {
      raw = await fenceRunner.run({ device, agent, action, target, params, timeoutMs });
    } catch (error) {
      raw = { ok: false, reason: `vigil: the fence runner failed: ${errorText(error)}` };
    }
    const result = normalizeFenceResult(raw);
    const fields = { id, device, target, action, ok: result.ok, reason: result.reason };
    if (result.ok) log.info(fields, 'fence attempt done');
    else log.warn(fields, 'fence attempt failed');
    return result;
  }

  function dispatchFence(body: FenceExecBody, from: string, epoch: number | undefined): Dispatch<FenceExecResultBody> {
    const kept = fenceAnswers.answer(body.id);
    if (kept !== undefined) return { kind: 'answer', body: Promise.resolve(kept) };
    const running = fenceAnswers.running(body.id);
    if (running !== undefined) return { kind: 'running', body: running };
    const { attempt } = body;
    const refused = refusal(epoch, from, attempt.node, `fence device ${attempt.device} (${attempt.action} of ${attempt.target})`);
    if (refused !== undefined) {
      log.warn({ id: body.id, from, epoch, device: attempt.device, target: attempt.target, refused }, 'fence attempt refused');
      return { kind: 'answer', body: Promise.resolve({ id: body.id, result: { ok: false, reason: refused }, refused }) };
    }
    const answer = runFence(attempt, body.id).then((result) => ({ id: body.id, result }));
    return { kind: 'answer', body: fenceAnswers.track(body.id, answer) };
  }

  function reply(to: string, msg: Message): void {
    if (!closed) transport.send(to, msg);
  }

  transport.onMessage((from, msg) => {
    if (closed) return;
    if (msg.kind === 'exec') {
      const sent = dispatchExec(msg.body, from, msg.epoch);
      // A duplicate of a command still running is ignored: its one answer is on its way.
      if (sent.kind === 'running') return log.debug({ id: msg.body.id, from }, 'duplicate operation ignored while it runs');
      void sent.body.then((body) => reply(from, makeMessage(self, 'exec-result', body)));
    } else if (msg.kind === 'fence-exec') {
      const sent = dispatchFence(msg.body, from, msg.epoch);
      if (sent.kind === 'running') return log.debug({ id: msg.body.id, from }, 'duplicate fence attempt ignored while it runs');
      void sent.body.then((body) => reply(from, makeMessage(self, 'fence-exec-result', body)));
    }
  });

  return {
    running: () => started.ids(),
    async stopAll(reason) {
      const stops = started.stops();
      log.warn({ resources: stops.map((op) => op.resource), reason }, 'stopping every resource this node started');
      for (const stop of stops) {
        const result = await queued(stop, { stopAll: reason });
        if (result.rc !== 0) log.error({ resource: stop.resource, rc: result.rc, reason: result.exitReason }, 'stop failed while stopping everything');
      }
    },
    executeLocal: (body, from, epoch) => dispatchExec(body, from, epoch).body,
    fenceLocal: (body, from, epoch) => dispatchFence(body, from, epoch).body,
    close() {
      closed = true;
    },
  };
}
