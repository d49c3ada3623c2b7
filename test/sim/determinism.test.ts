// A run is reproducible from its seed alone: the same seed gives the same ledger, entry for
// entry; another seed gives another run. Without faults, the cluster forms and runs everything.
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS, runSimulation } from '../../src/testing/sim/index.ts';
import { checkSimulation } from '../../src/testing/sim/check.ts';

describe('whole-cluster simulation', () => {
  it('should replay a seed exactly, and differ for another seed', async () => {
    // Seed 15 draws every fault kind: anything real (time, I/O) on a daemon's path shows up here.
    const first = await runSimulation({ seed: 15 });
    const again = await runSimulation({ seed: 15 });
    const other = await runSimulation({ seed: 16, durationMs: 10_000, quietMs: 10_000 });
    expect(new Set(first.plan.map((p) => p.fault.kind))).toEqual(new Set(FAULT_KINDS));
    expect(again.ledger).toEqual(first.ledger);
    expect(other.ledger).not.toEqual(first.ledger);
  }, 120_000);

  it('should form, start every resource once and stay quiet without faults', async () => {
    const result = await runSimulation({ seed: 3, faults: false, durationMs: 5_000, quietMs: 40_000 });
    expect(result.faults).toBe(0);
    expect(checkSimulation(result)).toEqual([]);
    const running = Object.values(result.activeAtEnd).flat();
    // One group (a, b, c) and db once each; the clone's ping on every node.
    expect(running.filter((i) => i !== 'ping').sort()).toEqual(['a', 'b', 'c', 'db']);
    expect(running.filter((i) => i === 'ping')).toHaveLength(3);
    expect(result.ledger.filter((e) => e.kind === 'coordinator.up')).toHaveLength(1);
    expect(result.ledger.filter((e) => e.kind === 'config.held')).toHaveLength(3);
    expect(result.ledger.at(-1)?.kind).toBe('run.ended');
  }, 60_000);

  it('should record a fault entry for every fault it counts', async () => {
    const result = await runSimulation({ seed: 5, durationMs: 20_000, quietMs: 10_000 });
    // Repairs and the harness's own observations (a fence's power-off) are not injected faults.
    const injected = result.ledger.filter((e) => e.kind === 'fault' && !['heal', 'resume', 'restart', 'power-off'].includes(e.fault));
    expect(injected).toHaveLength(result.faults);
  }, 60_000);
});
