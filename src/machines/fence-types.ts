// Types of the fence-device statechart (fence.ts): its input, context, events, the fence run
// it asks the edge for, and the result it sends its parent. Plain JSON throughout.
import type { FenceAction } from '../config/model.ts';
import type { FenceDelaySpec } from './fence-delay.ts';
import type { ResourceInput, ResourceReport, ResourceStateName } from './resource-types.ts';

/** What a device is asked to do to a node: fence it (reboot, off) or unfence it (`on`, scheduler/unfencing.ts). */
export type DeviceAction = FenceAction | 'on';

/** One device fences one node at a time unless configured otherwise (pcmk_action_limit). */
export const FENCE_CONCURRENCY_DEFAULT = 1;
/** A failed attempt is retried this many times before the failure is reported (pcmk_*_retries). */
export const FENCE_RETRIES_DEFAULT = 2;
/** Distinct fencing jobs a device holds at once; identical requests merge, so this is generous. */
export const FENCE_QUEUE_MAX = 100;
/** Answered request ids remembered, so a late duplicate delivery cannot fence a node twice. */
export const FENCE_RECENT_IDS_MAX = 100;
/**
 * The runner enforces an attempt's timeout itself (it kills the agent); the machine's own timer
 * fires this much later, as a backstop against a runner that never answers.
 */
export const FENCE_TIMEOUT_GRACE_MS = 2_000;

export interface FenceDeviceInput {
  /** The stonith resource's instance (class stonith): its start, monitor and stop. The device id is its `resource`. */
  lifecycle: ResourceInput;
  /** Fencing jobs run at once on this device. */
  concurrency: number;
  /** Distinct jobs (queued and running) held at once; more are refused with a failed result. */
  queueMax: number;
  /** Retries of a failed attempt before the failure is reported. */
  retries: number;
  /** Each action's timeout (pcmk_reboot_timeout, pcmk_off_timeout, pcmk_on_timeout). */
  timeoutsMs: Record<DeviceAction, number>;
  /** pcmk_delay_base / pcmk_delay_max (fence-delay.ts); absent: none. */
  delay?: FenceDelaySpec;
  /** Seeds the random part of the delay (the simulator replays it); absent: 0. */
  seed?: number;
}

/** What the edge's `runFence` actor is asked to do: maps onto agents/fence-input.ts's FenceRequest. */
export interface FenceAttemptInput {
  device: string;
  /** The node whose daemon runs the agent: the one this device instance lives on. */
  node: string;
  /** The agent's executable name, e.g. fence_ipmilan (the stonith resource's type). */
  agent: string;
  params: Record<string, string>;
  target: string;
  action: DeviceAction;
  timeoutMs: number;
}

export interface FenceAttemptResult {
  ok: boolean;
  reason: string;
}

/** One fencing job: every request for the same target and action, merged. */
export interface FenceJob {
  /** `<target>:<action>#<seq>`, unique for the device's lifetime. */
  id: string;
  target: string;
  action: DeviceAction;
  requestIds: string[];
  requesters: string[];
  /** Attempts started so far (0: still queued). */
  attempts: number;
  /** The id of the running attempt's actor; null while queued. */
  runId: string | null;
  lastReason: string;
  /** Waited once, before the first attempt: the device's delay plus the requested one. */
  delayMs: number;
  /** The delay's timer while it runs (the job holds its place among the running ones); null otherwise. */
  waitId: string | null;
  /** The delay is over (or was 0): attempts start at once. */
  delayed: boolean;
}

export interface FenceContext extends FenceDeviceInput {
  device: string;
  /** In arrival order; the running ones are among the first `concurrency`. */
  jobs: FenceJob[];
  nextJobSeq: number;
  /** The last answered request ids, newest last (at most FENCE_RECENT_IDS_MAX). */
  answeredIds: string[];
  /** The PRNG state the delays' random parts are drawn from (plain JSON, election/prng.ts). */
  rngState: number;
  /** The lifecycle's last reported state (the device is used whatever it is: see fence.ts). */
  deviceState: ResourceStateName;
  lifecycleRestarts: number;
  succeeded: number;
  failed: number;
}

export interface FenceRequest {
  type: 'FENCE.REQUEST';
  target: string;
  action: DeviceAction;
  /** Who asked (the coordinator, or an administrator's command); told the result. */
  requester: string;
  /** Unique per request; a repeated id (queued, running or recently answered) is a duplicate delivery and is ignored. */
  requestId: string;
  /** A delay the requester adds to the device's own (priority-fencing-delay); absent: 0. */
  delayMs?: number;
}

/** The lifecycle commands a fence device passes on to its stonith resource instance. */
export type LifecycleCommand =
  | { type: 'RESOURCE.START' }
  | { type: 'RESOURCE.STOP' }
  | { type: 'RESOURCE.PROBE' }
  | { type: 'RESOURCE.CLEANUP' }
  | { type: 'RESOURCE.UNMANAGE'; monitored?: boolean }
  | { type: 'RESOURCE.MANAGE' }
  | { type: 'NODE.FENCED' };

export type FenceEvent =
  | FenceRequest
  | LifecycleCommand
  | ResourceReport
  /** Internal: an attempt's backstop timer fired. */
  | { type: 'FENCE.TIMEOUT'; runId: string }
  /** Internal: a job's delay is over; its first attempt may start. */
  | { type: 'FENCE.DELAY_OVER'; jobId: string }
  | { type: `xstate.done.actor.${string}`; output: FenceAttemptResult }
  | { type: `xstate.error.actor.${string}`; error: unknown };

/** Sent to the parent when a job ends (or a request is refused): every merged request is answered. */
export interface FenceResultReport {
  type: 'FENCE.RESULT';
  device: string;
  target: string;
  action: DeviceAction;
  requestIds: string[];
  requesters: string[];
  ok: boolean;
  reason: string;
  attempts: number;
  deviceState: ResourceStateName;
  /** The delay waited before the first attempt (absent: none, or the request never reached a device). */
  delayMs?: number;
}
