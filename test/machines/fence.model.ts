// The abstract model of a fence device: a specification written independently of
// src/machines/fence.ts. Two regions, as the device has: its stonith resource (only the states
// the queue cares about) and its request queue, with concurrency 1 and 2 retries. Target A's
// jobs first wait out a delay (pcmk_delay_base per target), once; B's start at once.
// fence.paths.test.ts drives the real machine along every path xstate/graph finds here.
import { assign, setup } from 'xstate';

export const MODEL_RETRIES = 2;
/** Requests issued per path, and lifecycle crashes: beyond them nothing new happens. */
export const MODEL_REQUESTS_MAX = 3;
export const MODEL_CRASHES_MAX = 1;

export type JobKey = 'A' | 'B';
export interface ModelJob { key: JobKey; reqs: number; attempts: number; waiting: boolean }

export interface ModelContext {
  jobs: ModelJob[];
  issued: number;
  answered: number;
  ok: number;
  failed: number;
  restarts: number;
}

export type ModelEvent =
  | { type: 'REQ.A' | 'REQ.B' | 'REQ.DUP' }
  | { type: 'RUN.OK' | 'RUN.FAIL' | 'RUN.ERROR' | 'CLOCK.TIMEOUT' | 'CLOCK.DELAY' }
  | { type: 'DEVICE.START' | 'DEVICE.STOP' | 'DEVICE.STOP_FAIL' | 'DEVICE.CLEANUP' | 'DEVICE.CRASH' };

type Ctx = { context: ModelContext; event: ModelEvent };

/** A request joins the job for the same target and action, or queues a new one; the head runs. */
function request({ context: c, event: e }: Ctx): Partial<ModelContext> {
  const key: JobKey = e.type === 'REQ.A' ? 'A' : 'B';
  const has = c.jobs.some((j) => j.key === key);
  const jobs = has ? c.jobs.map((j) => (j.key === key ? { ...j, reqs: j.reqs + 1 } : j)) : [...c.jobs, { key, reqs: 1, attempts: 0, waiting: false }];
  return { jobs: runHead(jobs), issued: c.issued + 1 };
}

/** The head starts: A's first waits out its delay, B's runs its first attempt. */
function runHead(jobs: ModelJob[]): ModelJob[] {
  const head = jobs[0];
  if (!head || head.attempts > 0 || head.waiting) return jobs;
  return [head.key === 'A' ? { ...head, waiting: true } : { ...head, attempts: 1 }, ...jobs.slice(1)];
}

/** The head's delay is over: its first attempt runs. */
function delayOver({ context: c }: Ctx): Partial<ModelContext> {
  const [head, ...rest] = c.jobs;
  return head ? { jobs: [{ ...head, waiting: false, attempts: 1 }, ...rest] } : {};
}

/** The running attempt ended: success answers everyone; failure retries, then answers everyone. */
function attemptEnded({ context: c, event: e }: Ctx): Partial<ModelContext> {
  const [head, ...rest] = c.jobs;
  if (!head) return {};
  const ok = e.type === 'RUN.OK';
  if (!ok && head.attempts <= MODEL_RETRIES) return { jobs: [{ ...head, attempts: head.attempts + 1 }, ...rest] };
  return { jobs: runHead(rest), answered: c.answered + head.reqs, ok: c.ok + (ok ? 1 : 0), failed: c.failed + (ok ? 0 : 1) };
}

export const fenceModel = setup({
  types: { context: {} as ModelContext, events: {} as ModelEvent },
  guards: {
    empty: ({ context }) => context.jobs.length === 0,
    headWaiting: ({ context }) => context.jobs[0]?.waiting === true,
    headRunning: ({ context }) => context.jobs[0]?.attempts !== undefined && context.jobs[0].attempts > 0,
    issued: ({ context }) => context.issued > 0,
  },
  actions: {
    request: assign(request),
    attemptEnded: assign(attemptEnded),
    delayOver: assign(delayOver),
    restarted: assign(({ context }) => ({ restarts: context.restarts + 1 })),
  },
}).createMachine({
  id: 'model',
  type: 'parallel',
  context: { jobs: [], issued: 0, answered: 0, ok: 0, failed: 0, restarts: 0 },
  states: {
    device: {
      initial: 'unknown',
      states: {
        unknown: { on: { 'DEVICE.START': 'started' } },
        started: {
          on: {
            'DEVICE.STOP': 'stopped',
            // A stonith device's failed stop blocks it: it never asks for a fence.
            'DEVICE.STOP_FAIL': 'stop-failed',
            'DEVICE.CRASH': { target: 'unknown', actions: 'restarted' },
          },
        },
        stopped: { on: { 'DEVICE.START': 'started' } },
        'stop-failed': { on: { 'DEVICE.CLEANUP': 'stopped' } },
      },
    },
    // Requests are attempted whatever the device's state.
    queue: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            'REQ.A': { target: 'busy', actions: 'request' },
            'REQ.B': { target: 'busy', actions: 'request' },
            'REQ.DUP': { guard: 'issued' },
          },
        },
        busy: {
          always: { guard: 'empty', target: 'idle' },
          on: {
            'REQ.A': { actions: 'request' },
            'REQ.B': { actions: 'request' },
            'REQ.DUP': {},
            'RUN.OK': { guard: 'headRunning', actions: 'attemptEnded' },
            'RUN.FAIL': { guard: 'headRunning', actions: 'attemptEnded' },
            'RUN.ERROR': { guard: 'headRunning', actions: 'attemptEnded' },
            'CLOCK.TIMEOUT': { guard: 'headRunning', actions: 'attemptEnded' },
            'CLOCK.DELAY': { guard: 'headWaiting', actions: 'delayOver' },
          },
        },
      },
    },
  },
});
