// Pure helpers for the fencer statechart: the topology of a target (configured or implicit
// levels), the requests of a level, matching device answers, the output, and the routing rules
// a parent (the coordinator) applies between fencers and fence devices. fencer.ts only wires
// these to events.
import { assert } from '../assert.ts';
import type { FencingLevel } from '../config/model.ts';
import type { DeviceAction, FenceResultReport } from './fence-types.ts';
import {
  FENCER_LEVELS_MAX, FENCER_LEVEL_DEVICES_MAX,
  type DeviceOutcome, type FencerContext, type FencerDeviceRequest, type FencerInput, type FencerLevel, type FencerLevelReport, type FencerOutput, type LevelFailure,
} from './fencer-types.ts';

const REQUESTER_PREFIX = 'fencer:';

/** The requester name (and actor id) of a fencing operation: how device answers find it. */
export const fencerIdOf = (requestId: string): string => `${REQUESTER_PREFIX}${requestId}`;

/** The request id a device is given: unique per operation, level and device. */
export const deviceRequestIdOf = (requestId: string, level: number, device: string): string => `${requestId}/L${level}/${device}`;

/**
 * The levels tried to fence `target`: its configured levels sorted by index; without any, one
 * implicit level per device able to fence it, in configuration order (as Pacemaker does).
 * `capableDevices` is the configuration-ordered list of devices the edge found able to fence
 * the target (agents/fence-hosts.ts canFence).
 */
export function fencerLevelsFor(target: string, configured: readonly FencingLevel[], capableDevices: readonly string[]): FencerLevel[] {
  const own = configured.filter((l) => l.target === target).sort((a, b) => a.index - b.index);
  if (own.length > 0) return own.map((l) => ({ index: l.index, devices: [...l.devices] }));
  return capableDevices.map((device, i) => ({ index: i + 1, devices: [device] }));
}

export function validateFencerInput(input: FencerInput): void {
  assert(input.target.length > 0, 'a fencing operation needs a target');
  assert(input.requestId.length > 0, `fencing of ${input.target}: a request id is needed`);
  assert((input.delayMs ?? 0) >= 0, `fencing of ${input.target}: a negative requested delay`);
  assert(input.levels.length <= FENCER_LEVELS_MAX, `fencing of ${input.target}: ${input.levels.length} levels, at most ${FENCER_LEVELS_MAX}`);
  input.levels.forEach((l, i) => {
    assert(i === 0 || input.levels[i - 1]!.index < l.index, `fencing of ${input.target}: levels must be sorted by distinct index (level ${l.index})`);
    assert(l.devices.length > 0 && l.devices.length <= FENCER_LEVEL_DEVICES_MAX, `fencing of ${input.target}: level ${l.index} needs 1..${FENCER_LEVEL_DEVICES_MAX} devices`);
    assert(new Set(l.devices).size === l.devices.length, `fencing of ${input.target}: level ${l.index} names a device twice`);
  });
}

export function currentLevel(ctx: FencerContext): FencerLevel {
  const level = ctx.levels[ctx.levelPos];
  assert(level !== undefined, `fencing of ${ctx.target}: no level at position ${ctx.levelPos}`);
  return level;
}

/**
 * The action the current level's devices are asked for. A reboot through several devices (a
 * node's two power supplies) cannot be a reboot per device: one supply would come back on
 * while the other is still off and the node would never lose power. Pacemaker switches them
 * all off, then all on; the fence devices here know no `on`, so such a level powers the node
 * off and leaves it off, which fences it just as well.
 */
export function levelAction(ctx: FencerContext): DeviceAction {
  return ctx.action === 'reboot' && currentLevel(ctx).devices.length > 1 ? 'off' : ctx.action;
}

/** One request per device of the current level. */
export function levelRequests(ctx: FencerContext): FencerDeviceRequest[] {
  const level = currentLevel(ctx);
  const action = levelAction(ctx);
  // The requested delay is waited once, before the first level: a later level is tried only after it.
  const delayMs = ctx.levelPos === 0 ? ctx.delayMs ?? 0 : 0;
  return level.devices.map((device) => ({
    type: 'FENCE.REQUEST', device, level: level.index, target: ctx.target, action,
    requester: fencerIdOf(ctx.requestId), requestId: deviceRequestIdOf(ctx.requestId, level.index, device),
    ...(delayMs > 0 ? { delayMs } : {}),
  }));
}

export function levelReport(ctx: FencerContext): FencerLevelReport {
  const level = currentLevel(ctx);
  return {
    type: 'FENCER.LEVEL', target: ctx.target, action: levelAction(ctx), requestId: ctx.requestId,
    level: level.index, devices: level.devices, failedLevels: ctx.failures.map((f) => f.level),
  };
}

/**
 * Is this answer awaited: from a device of the current level that has not answered yet, for
 * this operation's request to it? Anything else (another operation's answer, a previous
 * level's, a repeated delivery) is ignored.
 */
export function isAwaited(ctx: FencerContext, result: FenceResultReport): boolean {
  if (ctx.levelPos >= ctx.levels.length || !ctx.pending.includes(result.device)) return false;
  if (result.target !== ctx.target || result.action !== levelAction(ctx)) return false;
  return result.requestIds.includes(deviceRequestIdOf(ctx.requestId, currentLevel(ctx).index, result.device));
}

export function recordOutcome(ctx: FencerContext, result: FenceResultReport): Pick<FencerContext, 'pending' | 'outcomes'> {
  assert(isAwaited(ctx, result), `fencing of ${ctx.target}: recording an answer that was not awaited`);
  const outcome: DeviceOutcome = { device: result.device, ok: result.ok, reason: result.reason, ...(result.delayMs ? { delayMs: result.delayMs } : {}) };
  return { pending: ctx.pending.filter((d) => d !== result.device), outcomes: [...ctx.outcomes, outcome] };
}

/** The current level has every answer: did every device succeed? */
export const levelDone = (ctx: FencerContext): boolean => ctx.pending.length === 0 && ctx.outcomes.length > 0;
export const levelSucceeded = (ctx: FencerContext): boolean => levelDone(ctx) && ctx.outcomes.every((o) => o.ok);
export const levelFailed = (ctx: FencerContext): boolean => levelDone(ctx) && ctx.outcomes.some((o) => !o.ok);

/** The context for trying the level at `levelPos` (past the end: nothing pending). */
export function enterLevel(ctx: Pick<FencerContext, 'levels'>, levelPos: number): Pick<FencerContext, 'levelPos' | 'pending' | 'outcomes'> {
  return { levelPos, pending: [...(ctx.levels[levelPos]?.devices ?? [])], outcomes: [] };
}

/** The failures after the current level failed. */
export function withLevelFailure(ctx: FencerContext): LevelFailure[] {
  assert(levelFailed(ctx), `fencing of ${ctx.target}: the level has not failed`);
  return [...ctx.failures, { level: currentLevel(ctx).index, devices: ctx.outcomes }];
}

function failureText(ctx: FencerContext): string {
  if (ctx.levels.length === 0) return `no fence device can fence ${ctx.target}`;
  const parts = ctx.failures.map((f) => `level ${f.level}: ${f.devices.filter((d) => !d.ok).map((d) => `${d.device}: ${d.reason}`).join('; ')}`);
  return `every fencing level failed for ${ctx.target} (${parts.join(' | ')})`;
}

export function outputOf(ctx: FencerContext, fenced: boolean): FencerOutput {
  const base = { target: ctx.target, action: ctx.action, requestId: ctx.requestId, failures: ctx.failures };
  if (!fenced) return { ...base, ok: false, reason: failureText(ctx) };
  const level = currentLevel(ctx);
  const delayMs = Math.max(0, ...ctx.outcomes.map((o) => o.delayMs ?? 0));
  return { ...base, ok: true, level: level.index, devices: level.devices, performed: levelAction(ctx), ...(delayMs > 0 ? { delayMs } : {}) };
}

// Routing, for the parent that owns both the fencers and the fence devices.

/** The fencers (actor ids) a device's FENCE.RESULT answers; other requesters are not fencers. */
export function fencersAnswered(result: FenceResultReport): string[] {
  return [...new Set(result.requesters.filter((r) => r.startsWith(REQUESTER_PREFIX)))];
}
