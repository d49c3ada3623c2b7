// Pure helpers for the fence-device statechart: the request queue (merge, bound, start,
// settle), the stonith resource's lifecycle input, and the device's input from its parameters.
// fence.ts only wires these to events.
import { assert } from '../assert.ts';
import { parseDurationMs } from '../config/scalars.ts';
import { nextRandom } from '../election/prng.ts';
import { deviceDelayMs, fenceDelayOf, NO_FENCE_DELAY } from './fence-delay.ts';
import type { ResourceInput } from './resource-types.ts';
import {
  FENCE_CONCURRENCY_DEFAULT, FENCE_QUEUE_MAX, FENCE_RECENT_IDS_MAX, FENCE_RETRIES_DEFAULT,
  type FenceAttemptInput, type FenceContext, type FenceDeviceInput, type FenceJob, type FenceRequest, type FenceResultReport,
} from './fence-types.ts';

/**
 * The stonith resource's own lifecycle input. A stonith resource never requires fencing
 * itself: fencing its host because the device failed would go through the very device that
 * just failed, and a fence device touches no shared data, so there is nothing a fence would
 * protect. Every on-fail=fence the instance reads is therefore replaced: a failed stop blocks
 * the device (an administrator cleans it up; 'ignore' is kept if configured), a failed start
 * is cleaned up like any resource's.
 */
export function stonithLifecycleInput(input: ResourceInput): ResourceInput {
  assert(input.agent.class === 'stonith', `${input.resource}: a fence device must be a resource of class stonith, not ${input.agent.class}`);
  return {
    ...input,
    startOnFail: input.startOnFail === 'fence' ? 'restart' : input.startOnFail,
    stopOnFail: input.stopOnFail === 'fence' ? 'block' : input.stopOnFail,
  };
}

export function validateFenceInput(input: FenceDeviceInput): void {
  const id = input.lifecycle.resource;
  assert(input.concurrency >= 1, `${id}: concurrency must be >= 1`);
  assert(input.queueMax >= input.concurrency, `${id}: queueMax must be >= concurrency`);
  assert(input.retries >= 0, `${id}: retries must be >= 0`);
  assert(input.timeoutsMs.reboot > 0 && input.timeoutsMs.off > 0 && input.timeoutsMs.on > 0, `${id}: fence timeouts must be > 0`);
}

/** Answers every request of a job (or a refused request, as a job of one). */
export function resultOf(ctx: FenceContext, job: FenceJob, ok: boolean, reason: string): FenceResultReport {
  return {
    type: 'FENCE.RESULT', device: ctx.device, target: job.target, action: job.action,
    requestIds: job.requestIds, requesters: job.requesters, ok, reason, attempts: job.attempts,
    deviceState: ctx.deviceState, delayMs: job.delayMs,
  };
}

export type Acceptance =
  | { kind: 'duplicate' }
  | { kind: 'merged' | 'queued'; jobs: FenceJob[]; nextJobSeq: number; rngState: number }
  | { kind: 'refused'; result: FenceResultReport };

/** Queue a request, merging it into a job for the same target and action if there is one. */
export function accept(ctx: FenceContext, req: FenceRequest): Acceptance {
  assert(req.target.length > 0 && req.requestId.length > 0, 'a fence request needs a target and a request id');
  if (ctx.answeredIds.includes(req.requestId) || ctx.jobs.some((j) => j.requestIds.includes(req.requestId))) return { kind: 'duplicate' };
  const same = ctx.jobs.find((j) => j.target === req.target && j.action === req.action);
  if (same) {
    const merged = { ...same, requestIds: [...same.requestIds, req.requestId], requesters: [...same.requesters, req.requester] };
    return { kind: 'merged', jobs: ctx.jobs.map((j) => (j === same ? merged : j)), nextJobSeq: ctx.nextJobSeq, rngState: ctx.rngState };
  }
  // The random part is drawn once per job, from the device's own seeded stream.
  const [random, rngState] = nextRandom(ctx.rngState);
  // Unfencing races nobody: the delays are for fencing only (fence-delay.ts).
  const delayMs = req.action === 'on' ? 0 : deviceDelayMs(ctx.delay ?? NO_FENCE_DELAY, req.target, random) + (req.delayMs ?? 0);
  assert(delayMs >= 0, `${ctx.device}: a negative fence delay for ${req.target}`);
  const job: FenceJob = {
    id: `${req.target}:${req.action}#${ctx.nextJobSeq}`, target: req.target, action: req.action,
    requestIds: [req.requestId], requesters: [req.requester], attempts: 0, runId: null, lastReason: '',
    delayMs, waitId: null, delayed: delayMs === 0,
  };
  if (ctx.jobs.length >= ctx.queueMax) return { kind: 'refused', result: resultOf(ctx, job, false, `${ctx.device}: queue full (${ctx.queueMax} jobs)`) };
  const jobs = [...ctx.jobs, job];
  assert(jobs.length <= ctx.queueMax, `${ctx.device}: fence queue over its bound`);
  return { kind: 'queued', jobs, nextJobSeq: ctx.nextJobSeq + 1, rngState };
}

/** The actor id of a job's next attempt. */
export const runIdOf = (job: FenceJob): string => `run:${job.id}@${job.attempts + 1}`;
/** The id of an attempt's backstop timer. */
export const timerIdOf = (runId: string): string => `timeout:${runId}`;
/** The id of a job's delay timer. */
export const waitIdOf = (job: FenceJob): string => `delay:${job.id}`;

/** A job waiting out its delay holds its place among the running ones (pcmk_action_limit counts it). */
const isActive = (j: FenceJob): boolean => j.runId !== null || j.waitId !== null;

/** Queued jobs that may start now (their delay or their attempt), oldest first, within the device's concurrency. */
export function startable(ctx: FenceContext): FenceJob[] {
  const running = ctx.jobs.filter(isActive).length;
  assert(running <= ctx.concurrency, `${ctx.device}: ${running} fencing jobs running, limit ${ctx.concurrency}`);
  return ctx.jobs.filter((j) => !isActive(j)).slice(0, ctx.concurrency - running);
}

/** A job's delay is over: it gives up its place and its first attempt starts with the next startRuns. */
export function endDelay(ctx: FenceContext, jobId: string): FenceJob[] | undefined {
  const job = ctx.jobs.find((j) => j.id === jobId);
  if (job?.waitId == null) return undefined;
  assert(job.attempts === 0 && !job.delayed, `${job.id}: a delay ended after its first attempt`);
  return ctx.jobs.map((j) => (j === job ? { ...j, waitId: null, delayed: true } : j));
}

export function runInputOf(ctx: FenceContext, job: FenceJob): FenceAttemptInput {
  return {
    device: ctx.device, node: ctx.lifecycle.node, agent: ctx.lifecycle.agent.type, params: ctx.lifecycle.params,
    target: job.target, action: job.action, timeoutMs: ctx.timeoutsMs[job.action],
  };
}

export type Settlement =
  | { kind: 'stale' }
  | { kind: 'retry'; job: FenceJob }
  | { kind: 'done'; job: FenceJob; ok: boolean; reason: string };

/** What the end of attempt `runId` means: a stale end (already settled), a retry, or the job's result. */
export function settle(ctx: FenceContext, runId: string, ok: boolean, reason: string): Settlement {
  const job = ctx.jobs.find((j) => j.runId === runId);
  if (!job) return { kind: 'stale' };
  assert(job.attempts >= 1, `${job.id}: an attempt ended before one started`);
  if (!ok && job.attempts <= ctx.retries) return { kind: 'retry', job: { ...job, runId: null, lastReason: reason } };
  return { kind: 'done', job: { ...job, lastReason: reason }, ok, reason };
}

/** The answered ids to remember after a job's result, oldest forgotten first. */
export function rememberAnswered(ctx: FenceContext, job: FenceJob): string[] {
  const ids = [...ctx.answeredIds, ...job.requestIds].slice(-FENCE_RECENT_IDS_MAX);
  assert(ids.length <= FENCE_RECENT_IDS_MAX, 'answered ids over their bound');
  return ids;
}

/** Pacemaker's stonith-timeout default: an action's timeout unless the device sets its own. */
export const FENCE_TIMEOUT_DEFAULT_MS = 60_000;

interface DeviceParams { resource: string; params: Record<string, string> }

function paramInt(input: DeviceParams, name: string, fallback: number, min: number): number {
  const raw = input.params[name];
  if (raw === undefined) return fallback;
  const n = Number(raw.trim());
  if (!Number.isInteger(n) || n < min) {
    throw new Error(`fence device ${input.resource}: parameter ${name}=${JSON.stringify(raw)} must be an integer >= ${min}; fix or remove it`);
  }
  return n;
}

function paramDurationMs(input: DeviceParams, name: string, fallbackMs: number): number {
  const raw = input.params[name];
  if (raw === undefined) return fallbackMs;
  const ms = parseDurationMs(raw);
  if (ms === undefined || ms <= 0) {
    throw new Error(`fence device ${input.resource}: parameter ${name}=${JSON.stringify(raw)} is not a duration (e.g. 60s, 2min); fix or remove it`);
  }
  return ms;
}

/**
 * A fence device's input from its stonith resource, reading Pacemaker's device parameters:
 * pcmk_reboot_timeout, pcmk_off_timeout and pcmk_on_timeout (default: stonith-timeout), pcmk_reboot_retries
 * (one retry count for both actions, default 2), pcmk_action_limit (default 1; -1 means
 * as many as the queue holds), pcmk_delay_base and pcmk_delay_max (fence-delay.ts). `seed`
 * seeds the random part of the delays.
 */
export function fenceDeviceInputFor(lifecycle: ResourceInput, stonithTimeoutMs = FENCE_TIMEOUT_DEFAULT_MS, seed = 0): FenceDeviceInput {
  assert(stonithTimeoutMs > 0, 'stonith-timeout must be > 0');
  const limit = paramInt(lifecycle, 'pcmk_action_limit', FENCE_CONCURRENCY_DEFAULT, -1);
  if (limit === 0) throw new Error(`fence device ${lifecycle.resource}: pcmk_action_limit=0 would never fence; use 1 or more, or -1 for no limit`);
  const input: FenceDeviceInput = {
    lifecycle,
    delay: fenceDelayOf(lifecycle.resource, lifecycle.params),
    concurrency: limit === -1 ? FENCE_QUEUE_MAX : Math.min(limit, FENCE_QUEUE_MAX),
    queueMax: FENCE_QUEUE_MAX,
    retries: paramInt(lifecycle, 'pcmk_reboot_retries', FENCE_RETRIES_DEFAULT, 0),
    timeoutsMs: {
      reboot: paramDurationMs(lifecycle, 'pcmk_reboot_timeout', stonithTimeoutMs),
      off: paramDurationMs(lifecycle, 'pcmk_off_timeout', stonithTimeoutMs),
      on: paramDurationMs(lifecycle, 'pcmk_on_timeout', stonithTimeoutMs),
    },
    seed,
  };
  validateFenceInput(input);
  return input;
}

/**
 * What is wrong with a fence device's Pacemaker parameters (pcmk_action_limit, pcmk_reboot_retries,
 * pcmk_*_timeout, pcmk_delay_base, pcmk_delay_max), one message per parameter naming it and the
 * fix; empty when the device can be run as configured. The config validator calls this, so a
 * config `vigil validate` accepts never fails here at run time.
 */
export function fenceParamProblems(device: string, params: Record<string, string>): { parameter: string; message: string }[] {
  const input: DeviceParams = { resource: device, params };
  const checks: [string, () => unknown][] = [
    ['pcmk_action_limit', () => {
      if (paramInt(input, 'pcmk_action_limit', FENCE_CONCURRENCY_DEFAULT, -1) === 0) throw new Error(`fence device ${device}: pcmk_action_limit=0 would never fence; use 1 or more, or -1 for no limit`);
    }],
    ['pcmk_reboot_retries', () => paramInt(input, 'pcmk_reboot_retries', FENCE_RETRIES_DEFAULT, 0)],
    ['pcmk_reboot_timeout', () => paramDurationMs(input, 'pcmk_reboot_timeout', 1)],
    ['pcmk_off_timeout', () => paramDurationMs(input, 'pcmk_off_timeout', 1)],
    ['pcmk_on_timeout', () => paramDurationMs(input, 'pcmk_on_timeout', 1)],
    ['pcmk_delay_base', () => fenceDelayOf(device, { ...(params['pcmk_delay_base'] === undefined ? {} : { pcmk_delay_base: params['pcmk_delay_base'] }) })],
    ['pcmk_delay_max', () => fenceDelayOf(device, { ...(params['pcmk_delay_max'] === undefined ? {} : { pcmk_delay_max: params['pcmk_delay_max'] }) })],
  ];
  const problems: { parameter: string; message: string }[] = [];
  for (const [parameter, check] of checks) {
    try {
      check();
    } catch (error) {
      problems.push({ parameter, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return problems;
}
