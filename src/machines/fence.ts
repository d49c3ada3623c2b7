// One fence device: a resource of class stonith plus a queue of fencing requests.
//
// Two parallel regions:
//   device   - the stonith resource's own lifecycle (probe, start, monitor, stop, failures) is
//              the resource machine, invoked as child `lifecycle`, not a copy of it: RESOURCE.*
//              commands are passed on to it and its reports passed up, so a broken device is
//              noticed by its monitor before it is needed. A crashed lifecycle is re-invoked.
//              Its input is rewritten so the device never requires fencing itself (fence-ops.ts).
//   requests - FENCE.REQUEST queue: identical requests (same target and action) merge into one
//              job whose result answers them all; up to `concurrency` jobs run at once (1 by
//              default); a failed or timed-out attempt is retried `retries` times, then the
//              result goes to the parent (FENCE.RESULT). The bound is `queueMax` distinct jobs.
//              A job first waits out its delay (pcmk_delay_base/max plus a requested delay,
//              fence-delay.ts) on a timer, once, before its first attempt: the wait holds the
//              job's place among the running ones but never the machine, and retries do not
//              wait again.
//
// A request is attempted whatever the lifecycle's state. As in Pacemaker, "started" only means
// the device is monitored somewhere; any node may run the agent. A device whose monitor failed
// is likely to fail again, but a fence that might have worked and was never tried is worse
// than one more failed attempt: the result carries `deviceState`, and the coordinator, which
// owns fencing levels, may prefer another device.
//
// The attempt itself is the injected `runFence` actor (agents/ at the edge, a fake in tests).
import { assign, enqueueActions, fromPromise, not, sendParent, sendTo, setup } from 'xstate';
import { assert } from '../assert.ts';
import { resourceMachine } from './resource.ts';
import {
  accept, endDelay, rememberAnswered, resultOf, runIdOf, runInputOf, settle, stonithLifecycleInput, startable, timerIdOf, validateFenceInput, waitIdOf,
} from './fence-ops.ts';
import { FENCE_TIMEOUT_GRACE_MS, type FenceContext, type FenceDeviceInput, type FenceEvent, type FenceAttemptInput, type FenceAttemptResult } from './fence-types.ts';

const DONE = 'xstate.done.actor.';
const ERROR = 'xstate.error.actor.';

function initialContext(input: FenceDeviceInput): FenceContext {
  validateFenceInput(input);
  return {
    ...input, device: input.lifecycle.resource, jobs: [], nextJobSeq: 1, answeredIds: [], deviceState: 'unknown',
    lifecycleRestarts: 0, succeeded: 0, failed: 0, rngState: (input.seed ?? 0) >>> 0,
  };
}

/** Which attempt ended, and how, from a run's done or error event or its backstop timer. */
function attemptEnd(ctx: FenceContext, event: FenceEvent): { runId: string; ok: boolean; reason: string } {
  if (event.type === 'FENCE.TIMEOUT') {
    const job = ctx.jobs.find((j) => j.runId === event.runId);
    return { runId: event.runId, ok: false, reason: `${job?.action ?? 'fence'} timed out after ${job ? ctx.timeoutsMs[job.action] : 0} ms` };
  }
  if (event.type.startsWith(DONE)) {
    const output = (event as { output: FenceAttemptResult }).output;
    assert(output && typeof output.ok === 'boolean', `${ctx.device}: a fence run ended without a result`);
    return { runId: event.type.slice(DONE.length), ok: output.ok, reason: output.reason };
  }
  assert(event.type.startsWith(ERROR), `${ctx.device}: unexpected attempt end ${event.type}`);
  const error = (event as { error: unknown }).error;
  return { runId: event.type.slice(ERROR.length), ok: false, reason: `runner failed: ${error instanceof Error ? error.message : String(error)}` };
}

export const fenceMachine = setup({
  types: {
    context: {} as FenceContext,
    events: {} as FenceEvent,
    input: {} as FenceDeviceInput,
  },
  actors: {
    lifecycle: resourceMachine,
    // Provided at the edge. The default fails loudly: a forgotten `.provide()` is a failed fence, never a hang.
    runFence: fromPromise<FenceAttemptResult, FenceAttemptInput>(async () => {
      throw new Error('runFence was not provided to the fence machine');
    }),
  },
  guards: {
    hasJobs: ({ context }) => context.jobs.length > 0,
    fromRun: ({ event }) => event.type.startsWith(`${DONE}run:`) || event.type.startsWith(`${ERROR}run:`),
  },
  actions: {
    passOn: sendTo('lifecycle', ({ event }) => event),
    recordDevice: assign(({ event }) => {
      assert(event.type === 'RESOURCE.REPORT', 'recordDevice on a non-report event');
      return { deviceState: event.state };
    }),
    passUp: sendParent(({ event }) => event),
    countRestart: assign(({ context }) => ({ lifecycleRestarts: context.lifecycleRestarts + 1, deviceState: 'unknown' as const })),
    acceptRequest: enqueueActions(({ context, event, enqueue }) => {
      assert(event.type === 'FENCE.REQUEST', 'acceptRequest on a non-request event');
      const a = accept(context, event);
      if (a.kind === 'refused') enqueue.sendParent(a.result);
      else if (a.kind !== 'duplicate') enqueue.assign({ jobs: a.jobs, nextJobSeq: a.nextJobSeq, rngState: a.rngState });
    }),
    // Start queued jobs up to the concurrency limit: a job not yet delayed starts its delay
    // timer, any other its attempt with its backstop timer.
    startRuns: enqueueActions(({ context, enqueue }) => {
      const starting = new Map(startable(context).map((j) => [j.id, j.delayed
        ? { ...j, attempts: j.attempts + 1, runId: runIdOf(j) }
        : { ...j, waitId: waitIdOf(j) }]));
      for (const job of starting.values()) {
        if (job.waitId !== null) {
          enqueue.raise({ type: 'FENCE.DELAY_OVER', jobId: job.id }, { id: job.waitId, delay: job.delayMs });
          continue;
        }
        assert(job.runId !== null, `${job.id}: starting without a run id`);
        enqueue.spawnChild('runFence', { id: job.runId, input: runInputOf(context, job) });
        enqueue.raise({ type: 'FENCE.TIMEOUT', runId: job.runId }, {
          id: timerIdOf(job.runId), delay: context.timeoutsMs[job.action] + FENCE_TIMEOUT_GRACE_MS,
        });
      }
      if (starting.size > 0) enqueue.assign({ jobs: context.jobs.map((j) => starting.get(j.id) ?? j) });
    }),
    endDelay: enqueueActions(({ context, event, enqueue }) => {
      assert(event.type === 'FENCE.DELAY_OVER', 'endDelay on another event');
      const jobs = endDelay(context, event.jobId);
      if (jobs) enqueue.assign({ jobs });
    }),
    // An attempt ended: retry it (it keeps its place in the queue) or answer its requesters.
    settleRun: enqueueActions(({ context, event, enqueue }) => {
      const end = attemptEnd(context, event);
      const s = settle(context, end.runId, end.ok, end.reason);
      if (s.kind === 'stale') return;
      enqueue.cancel(timerIdOf(end.runId));
      enqueue.stopChild(end.runId);
      if (s.kind === 'retry') {
        enqueue.assign({ jobs: context.jobs.map((j) => (j.id === s.job.id ? s.job : j)) });
        return;
      }
      enqueue.sendParent(resultOf(context, s.job, s.ok, s.reason));
      enqueue.assign({
        jobs: context.jobs.filter((j) => j.id !== s.job.id), answeredIds: rememberAnswered(context, s.job),
        succeeded: context.succeeded + (s.ok ? 1 : 0), failed: context.failed + (s.ok ? 0 : 1),
      });
    }),
  },
}).createMachine({
  id: 'fence',
  type: 'parallel',
  context: ({ input }) => initialContext(input),
  on: {
    'RESOURCE.START': { actions: 'passOn' },
    'RESOURCE.STOP': { actions: 'passOn' },
    'RESOURCE.PROBE': { actions: 'passOn' },
    'RESOURCE.CLEANUP': { actions: 'passOn' },
    'RESOURCE.UNMANAGE': { actions: 'passOn' },
    'RESOURCE.MANAGE': { actions: 'passOn' },
    'NODE.FENCED': { actions: 'passOn' },
    'RESOURCE.REPORT': { actions: ['recordDevice', 'passUp'] },
  },
  states: {
    device: {
      initial: 'running',
      states: {
        running: {
          invoke: {
            id: 'lifecycle',
            src: 'lifecycle',
            input: ({ context }) => stonithLifecycleInput(context.lifecycle),
            // XState has no restart strategy: re-entering re-invokes a fresh lifecycle (it starts unknown).
            onError: { target: 'running', reenter: true, actions: 'countRestart' },
          },
        },
      },
    },
    requests: {
      initial: 'idle',
      states: {
        idle: {
          on: { 'FENCE.REQUEST': { target: 'busy', actions: ['acceptRequest', 'startRuns'] } },
        },
        busy: {
          always: { guard: not('hasJobs'), target: 'idle' },
          on: {
            'FENCE.REQUEST': { actions: ['acceptRequest', 'startRuns'] },
            'FENCE.TIMEOUT': { actions: ['settleRun', 'startRuns'] },
            'FENCE.DELAY_OVER': { actions: ['endDelay', 'startRuns'] },
            'xstate.done.actor.*': { guard: 'fromRun', actions: ['settleRun', 'startRuns'] },
            'xstate.error.actor.*': { guard: 'fromRun', actions: ['settleRun', 'startRuns'] },
          },
        },
      },
    },
  },
});

export type FenceMachine = typeof fenceMachine;
