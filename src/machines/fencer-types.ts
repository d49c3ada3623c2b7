// Types of the fencer statechart (fencer.ts): one fencing operation of one node carried out
// through the fencing topology. Plain JSON throughout.
import type { DeviceAction, FenceRequest, FenceResultReport } from './fence-types.ts';

/** Levels one fencing operation may try; Pacemaker allows indexes 1..9. */
export const FENCER_LEVELS_MAX = 9;
/** Devices in one level (a level is all-or-nothing: e.g. both power supplies of a node). */
export const FENCER_LEVEL_DEVICES_MAX = 16;

/** One level of the topology: every device must succeed for the level to succeed. */
export interface FencerLevel {
  index: number;
  devices: string[];
}

export interface FencerInput {
  target: string;
  action: DeviceAction;
  /** Sorted by index, ascending. See fencer-ops.ts fencerLevelsFor for implicit levels. */
  levels: FencerLevel[];
  /** Unique per fencing operation; device request ids are derived from it. */
  requestId: string;
  /** Asked of the first level's devices on top of their own (priority-fencing-delay); absent: 0. */
  delayMs?: number;
}

/** What one device of the current level answered. */
export interface DeviceOutcome {
  device: string;
  ok: boolean;
  reason: string;
  /** The delay the device waited before its first attempt (absent: none). */
  delayMs?: number;
}

/** How one level ended (only failed levels are kept: the first success ends the operation). */
export interface LevelFailure {
  level: number;
  devices: DeviceOutcome[];
}

export interface FencerContext extends FencerInput {
  /** Position in `levels` of the level being tried. */
  levelPos: number;
  /** Devices of the current level that have not answered yet. */
  pending: string[];
  /** Answers of the current level so far, in arrival order. */
  outcomes: DeviceOutcome[];
  /** Every level that failed, in the order tried. */
  failures: LevelFailure[];
  /** FENCE.RESULTs ignored: another operation's, another level's, or a repeated answer. */
  ignored: number;
}

/**
 * Sent to the parent, one per device of a level: a FENCE.REQUEST as the fence device takes it,
 * plus the device that must run it. The parent routes it to that device's actor (fence:<device>)
 * and routes the device's FENCE.RESULT back to the fencer named in its `requesters`.
 */
export interface FencerDeviceRequest extends FenceRequest {
  device: string;
  level: number;
}

/** Sent to the parent when a level is started, for the log and status. */
export interface FencerLevelReport {
  type: 'FENCER.LEVEL';
  target: string;
  /** The action this level's devices are asked for. */
  action: DeviceAction;
  requestId: string;
  level: number;
  devices: string[];
  /** Levels that failed before this one. */
  failedLevels: number[];
}

export type FencerEvent = FenceResultReport;

/** The fencer's output (its done event carries it): the first level that fully succeeded, or every failure. */
export type FencerOutput =
  | {
    ok: true; target: string; action: DeviceAction; requestId: string; level: number; devices: string[];
    /** The longest delay a device of the successful level waited (absent: none). */
    delayMs?: number;
    /** What the devices did: `off` when a reboot went through a level of several devices (fencer-ops.ts levelAction). */
    performed: DeviceAction;
    failures: LevelFailure[];
  }
  | { ok: false; target: string; action: DeviceAction; requestId: string; reason: string; failures: LevelFailure[] };
