// Fence delays as Pacemaker applies them, as pure functions (the fence device and the two-node
// peer fence both use them):
//   pcmk_delay_base  a static delay per device, or per target as `node1:5s;node2:0s` (a target
//                    not named there gets none);
//   pcmk_delay_max   a random delay: the total is pcmk_delay_base plus a random part drawn so
//                    that the sum stays below this maximum (a base above the maximum is cut
//                    down to it);
//   priority-fencing-delay  (cluster option) added for a lost node whose resources carry the
//                    highest total `priority`, when this partition holds no more than half of
//                    the nodes (in a two-node split: the peer is lost and we are alone).
// Delays apply to the fencing actions (off, reboot), never to unfencing (`on`): nothing races it.
import { assert } from '../assert.ts';
import type { ClusterDocument } from '../config/model.ts';
import { parseDurationMs } from '../config/scalars.ts';
import { indexResources } from '../scheduler/resources.ts';
import { unpackStatus } from '../scheduler/unpack.ts';

/** A delay longer than this is refused: it would outlast any fence timeout an operator expects. */
export const FENCE_DELAY_MAX_MS = 3_600_000;

export interface FenceDelaySpec {
  /** pcmk_delay_base for every target, or per target (absent targets: 0). */
  baseMs: number | Record<string, number>;
  /** pcmk_delay_max; 0: no random delay. */
  maxMs: number;
}

export const NO_FENCE_DELAY: FenceDelaySpec = { baseMs: 0, maxMs: 0 };

function durationMs(device: string, name: string, text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined || ms < 0 || ms > FENCE_DELAY_MAX_MS) {
    throw new Error(`fence device ${device}: ${name}=${JSON.stringify(text)} is not a duration from 0 to 1h (e.g. 5s, 500ms); fix or remove it`);
  }
  return ms;
}

/** pcmk_delay_base: one duration, or `node:duration` pairs separated by `;` (or spaces). */
function parseBase(device: string, text: string): FenceDelaySpec['baseMs'] {
  if (!text.includes(':')) return durationMs(device, 'pcmk_delay_base', text);
  const byTarget: Record<string, number> = {};
  for (const pair of text.split(/[;\s]+/).filter((p) => p !== '')) {
    const at = pair.lastIndexOf(':');
    const node = pair.slice(0, at).trim();
    if (at <= 0 || node === '') throw new Error(`fence device ${device}: pcmk_delay_base entry ${JSON.stringify(pair)} is not node:delay; write e.g. node1:5s;node2:0s`);
    if (Object.hasOwn(byTarget, node)) throw new Error(`fence device ${device}: pcmk_delay_base names ${node} twice; keep one delay per node`);
    byTarget[node] = durationMs(device, `pcmk_delay_base (for ${node})`, pair.slice(at + 1));
  }
  return byTarget;
}

/** The device's delays from its parameters; throws an Error naming the device, the parameter and the fix. */
export function fenceDelayOf(device: string, params: Record<string, string>): FenceDelaySpec {
  const base = params['pcmk_delay_base'];
  const max = params['pcmk_delay_max'];
  return {
    baseMs: base === undefined || base.trim() === '' ? 0 : parseBase(device, base),
    maxMs: max === undefined || max.trim() === '' ? 0 : durationMs(device, 'pcmk_delay_max', max),
  };
}

/** The static part for `target`. */
export function baseDelayMs(spec: FenceDelaySpec, target: string): number {
  return typeof spec.baseMs === 'number' ? spec.baseMs : (spec.baseMs[target] ?? 0);
}

/**
 * The device's delay before fencing `target`; `random` is a draw in [0, 1) from the caller's
 * injected randomness (the simulator replays it). With a maximum, the base is capped at it and
 * the random part fills the rest of the way, never reaching the maximum itself.
 */
export function deviceDelayMs(spec: FenceDelaySpec, target: string, random: number): number {
  assert(random >= 0 && random < 1, `a random draw must be in [0, 1), got ${random}`);
  const base = baseDelayMs(spec, target);
  if (spec.maxMs <= 0) return base;
  const capped = Math.min(base, spec.maxMs);
  const delay = capped + Math.floor(random * (spec.maxMs - capped));
  assert(delay <= spec.maxMs, `a fence delay of ${delay} ms is over pcmk_delay_max ${spec.maxMs} ms`);
  return delay;
}

/** The largest delay a device can add before fencing `target` (for the two-node race check). */
export function deviceDelayRangeMs(spec: FenceDelaySpec, target: string): { minMs: number; maxMs: number } {
  const base = baseDelayMs(spec, target);
  return spec.maxMs <= 0 ? { minMs: base, maxMs: base } : { minMs: Math.min(base, spec.maxMs), maxMs: spec.maxMs };
}

/** priority-fencing-delay from the options (raw, as Pacemaker keeps it); 0 when unset. Throws on a bad value. */
export function priorityFencingDelayMs(options: ClusterDocument['config']['options']): number {
  const raw = options.other['priority-fencing-delay'];
  if (raw === undefined || raw.trim() === '') return 0;
  const ms = parseDurationMs(raw);
  if (ms === undefined || ms < 0 || ms > FENCE_DELAY_MAX_MS) {
    throw new Error(`options: priority-fencing-delay=${JSON.stringify(raw)} is not a duration from 0 to 1h (e.g. 15s); fix or remove it`);
  }
  return ms;
}

/**
 * Each node's total resource priority, as the status shows it: the `priority` meta of every
 * resource active there, plus one for a promoted instance whose priority is not 0.
 */
export function nodePriorities(doc: ClusterDocument): Record<string, number> {
  const index = indexResources(doc.config);
  const totals: Record<string, number> = Object.fromEntries(doc.config.nodes.map((n) => [n.name, 0]));
  for (const [resource, states] of unpackStatus(doc, index, 0).byResource) {
    const priority = index.primitives.get(resource)?.meta.priority ?? 0;
    for (const s of states) {
      if (s.role === 'stopped' || !(s.node in totals)) continue;
      totals[s.node]! += priority + (s.role === 'promoted' && priority !== 0 ? 1 : 0);
    }
  }
  return totals;
}

/**
 * priority-fencing-delay for fencing `target` from a partition whose members are `members`:
 * the delay when the target is lost (not a member), this partition holds no more than half of
 * the configured nodes, the nodes' priorities are not all equal, and the target's is the
 * highest; else 0. A partition with a majority has no race to win.
 */
export function priorityDelayMs(doc: ClusterDocument, target: string, members: readonly string[]): number {
  const delayMs = priorityFencingDelayMs(doc.config.options);
  if (delayMs === 0 || members.includes(target)) return 0;
  const nodes = doc.config.nodes.map((n) => n.name);
  if (!nodes.includes(target)) return 0;
  if (nodes.filter((n) => members.includes(n)).length > nodes.length / 2) return 0;
  const priorities = nodePriorities(doc);
  const values = nodes.map((n) => priorities[n] ?? 0);
  const top = Math.max(...values);
  if (Math.min(...values) === top) return 0;
  return (priorities[target] ?? 0) === top ? delayMs : 0;
}
