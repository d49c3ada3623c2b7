// Shared test fixtures: a standard timing and a factory that builds real election nodes.
import { createElection, type Election } from '../../src/election/election.ts';
import type { ElectionConfig, HardState } from '../../src/election/types.ts';
import { Sim, type SimOptions } from './sim.ts';

export const timing = { electionTimeoutTicks: [15, 30] as [number, number], leaseTicks: 12, heartbeatTicks: 2 };

export function names(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}

export function electionFor(
  nodes: string[], seed: number, extra: Partial<ElectionConfig> = {},
): (name: string, restored: HardState | undefined) => Election {
  return (name, restored) => createElection({ self: name, nodes, seed, ...timing, ...extra }, restored);
}

export function cluster(count: number, seed: number, options: Partial<SimOptions> = {}, extra: Partial<ElectionConfig> = {}): Sim {
  const nodes = names(count);
  return new Sim({ seed, nodes, make: electionFor(nodes, seed, extra), ...options });
}

/** The real election behind a simulated node (cluster() builds only real ones). */
export function electionOf(sim: Sim, name: string): Election {
  const node = sim.node(name);
  if (!node) throw new Error(`${name} is not running`);
  return node as Election;
}
