// A node back from a pause does not disturb a healthy coordinator (issue 14, item 5). Before
// pre-vote, the paused daemon woke with its election timer expired, campaigned in a higher
// epoch, refused the live coordinator's commands as stale and deposed it with the higher epoch.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../src/testing/sim/cluster.ts';
import { loadYamlConfig } from '../../src/config/yaml/load.ts';
import { simConfigText, simNodeNames } from '../../src/testing/sim/config.ts';
import { runTo } from '../../src/testing/sim/run.ts';

describe('simulated cluster: a node back from a pause', () => {
  it('should neither depose the coordinator nor refuse its commands', async () => {
    const nodes = simNodeNames(3);
    // vigil's defaults: peers are lost after 2 s, elections time out after 1-2 s (100 ms ticks),
    // so a pause can outlast an election timeout without the node being lost and fenced.
    const text = simConfigText(nodes).replace('heartbeat: { interval: 200ms, timeout: 1s }', 'heartbeat: { interval: 200ms, timeout: 3s }');
    const cluster = new SimCluster({ seed: 21, doc: loadYamlConfig(text, 'sim.yaml'), logger: pino({ level: 'silent' }) });
    const budget = { steps: 0 };
    for (const node of nodes) cluster.start(node);
    await runTo(cluster.clock, 10_000, budget);
    const coordinator = nodes.find((n) => cluster.daemon(n)?.status().coordinator)!;
    expect(coordinator).toBeDefined();
    const epoch = cluster.daemon(coordinator)!.status().election.epoch;
    const paused = nodes.find((n) => n !== coordinator)!;
    const from = cluster.ledger.entries.length;

    // Frozen past any election timeout, not long enough to be lost.
    expect(cluster.pause(paused)).toBe(true);
    await runTo(cluster.clock, cluster.clock.now() + 2_500, budget);
    expect(cluster.resume(paused)).toBe(true);
    await runTo(cluster.clock, cluster.clock.now() + 10_000, budget);

    const after = cluster.ledger.entries.slice(from);
    expect(after.filter((e) => e.kind === 'coordinator.down' || e.kind === 'coordinator.up')).toEqual([]);
    expect(after.filter((e) => e.kind === 'command.refused')).toEqual([]);
    for (const node of nodes) expect(cluster.daemon(node)!.status().election).toMatchObject({ epoch, coordinator });
    for (const node of nodes) cluster.crash(node);
  }, 60_000);
});
