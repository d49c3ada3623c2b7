// Fencing settings checked when a config is read, so that everything `vigil validate` accepts
// the fence devices can run: each device's Pacemaker parameters (machines/fence-ops.ts
// fenceParamProblems) and the priority-fencing-delay option.
import { canFenceStatically } from '../../machines/coordinator-inputs.ts';
import { deviceDelayRangeMs, fenceDelayOf, priorityFencingDelayMs } from '../../machines/fence-delay.ts';
import { fenceParamProblems } from '../../machines/fence-ops.ts';
import type { ClusterConfig, Primitive } from '../model.ts';
import { originOf, report, type Reader } from './reader.ts';

function stonithPrimitives(config: ClusterConfig): Primitive[] {
  return config.resources.filter((r): r is Primitive => r.kind === 'primitive' && r.class === 'stonith');
}

export function checkFencing(r: Reader, config: ClusterConfig): void {
  for (const device of stonithPrimitives(config)) {
    for (const p of fenceParamProblems(device.id, device.params)) {
      const params = originOf(r, device, 'params') ?? originOf(r, device);
      const at = p.message.lastIndexOf('; ');
      const message = at > 0 ? p.message.slice(0, at) : p.message;
      const said = at > 0 ? p.message.slice(at + 2) : '';
      const fix = said === '' || said === 'fix or remove it' ? `give ${p.parameter} a valid value (see docs/config.md, fencing), or remove it` : said;
      report(r, params?.node ?? null, `${params?.path ?? `resources.${device.id}.params`}.${p.parameter}`, message, fix);
    }
  }
  try {
    priorityFencingDelayMs(config.options);
  } catch (error) {
    const field = originOf(r, config.options, 'priority-fencing-delay');
    report(r, field?.node ?? null, field?.path ?? 'options.priority-fencing-delay', (error as Error).message.replace(/; fix or remove it$/, ''), 'write a duration such as 15s, or remove it');
  }
}

/** The shortest and longest delay any device able to fence `target` waits (both 0 without devices). */
function delayRangeOf(config: ClusterConfig, target: string): { minMs: number; maxMs: number } {
  const ranges = stonithPrimitives(config).filter((d) => canFenceStatically(d.params, target))
    .map((d) => deviceDelayRangeMs(fenceDelayOf(d.id, d.params), target));
  if (ranges.length === 0) return { minMs: 0, maxMs: 0 };
  return { minMs: Math.min(...ranges.map((x) => x.minMs)), maxMs: Math.max(...ranges.map((x) => x.maxMs)) };
}

/**
 * Warnings about a config that is valid but unsafe: a two-node cluster whose two nodes are
 * fenced after the same fixed delay, with no priority-fencing-delay, leaves a split to a race in
 * which both nodes may fence each other and both lose power. Call only on a config that loaded.
 */
export function fencingWarnings(config: ClusterConfig): string[] {
  if (!config.cluster?.twoNode || config.nodes.length !== 2 || !config.options.fencingEnabled) return [];
  if (priorityFencingDelayMs(config.options) > 0) return [];
  const [a, b] = config.nodes.map((n) => n.name) as [string, string];
  const ra = delayRangeOf(config, a);
  const rb = delayRangeOf(config, b);
  const fixed = ra.minMs === ra.maxMs && rb.minMs === rb.maxMs;
  if (!fixed || ra.minMs !== rb.minMs) return [];
  return [
    `two-node fence race: ${a} and ${b} are both fenced after the same delay (${ra.minMs / 1000} s) and priority-fencing-delay is not set, `
    + 'so after a split each node may fence the other at the same moment and both lose power; '
    + `set pcmk_delay_base (e.g. 5s, more than the 2 s an election can take) on the device that fences the node that should survive, or options: { priority-fencing-delay: 10s } to keep the node running the higher-priority resources`,
  ];
}
