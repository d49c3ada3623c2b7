// Nothing an administrator applies can break a daemon (issue 14, item 4). Before: `vigil
// validate` called an empty file valid, `config apply` of it killed the coordinator on "a
// cluster needs at least one vote", and the daemon holding it on disk exited every 6 s.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../src/cli/commands/validate.ts';
import { emptyConfig } from '../../src/config/defaults.ts';
import { runnableProblems } from '../../src/config/runnable.ts';
import type { Daemon } from '../../src/daemon/daemon.ts';
import type { ClusterConfig } from '../../src/config/model.ts';
import { SimCluster } from '../../src/testing/sim/cluster.ts';
import { simConfig, simConfigText, simNodeNames } from '../../src/testing/sim/config.ts';
import { runTo } from '../../src/testing/sim/run.ts';
import { capture, memoryLogger } from '../cli/helpers.ts';

const NODES = simNodeNames(3);
/** The sim cluster's file without one node (and its fence device and constraint). */
function textWithout(node: string): string {
  return simConfigText(NODES.filter((n) => n !== node));
}

function coordinatorOf(cluster: SimCluster): string | undefined {
  return NODES.find((n) => cluster.daemon(n)?.status().coordinator === true);
}

async function formedCluster(logger = pino({ level: 'silent' })) {
  const cluster = new SimCluster({ seed: 11, doc: simConfig(NODES), logger });
  const budget = { steps: 0 };
  for (const node of NODES) cluster.start(node);
  await runTo(cluster.clock, 10_000, budget);
  const coordinator = coordinatorOf(cluster);
  expect(coordinator, 'a coordinator was elected').toBeDefined();
  return { cluster, budget, coordinator: coordinator! };
}

describe('runnableProblems', () => {
  it('should refuse a config without nodes: it has no votes', () => {
    expect(runnableProblems(emptyConfig(), { file: 'empty.yaml' }).map((p) => p.path)).toEqual(['nodes']);
  });

  it('should refuse a config that drops the node applying it', () => {
    const config = simConfig(NODES).config;
    expect(runnableProblems(config, { file: 'c.yaml', node: 'node2' })).toEqual([]);
    const [problem] = runnableProblems(config, { file: 'c.yaml', node: 'node9' });
    expect(problem?.message).toContain('node node9, where this config is applied, is not in it');
  });

  it('should refuse node names the mesh cannot carry in a cluster config', () => {
    const config = simConfig(NODES).config;
    const renamed: ClusterConfig = { ...config, nodes: config.nodes.map((n, i) => (i === 1 ? { ...n, name: 'node 2' } : n)) };
    expect(runnableProblems(renamed, { file: 'c.yaml' }).map((p) => p.path)).toEqual(['nodes[1].name']);
    // Without a cluster section (vigil simulate, vigil run) no mesh carries the names.
    expect(runnableProblems({ ...renamed, cluster: undefined }, { file: 'c.yaml' })).toEqual([]);
  });
});

describe('vigil validate', () => {
  it('should refuse an empty file, saying why and how to fix it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-runnable-')), 'empty.yaml');
    writeFileSync(file, '');
    const { ctx, out, err } = capture();
    expect(await validateCommand.run([file], ctx)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/empty\.yaml nodes: no nodes are configured.* — fix: list the cluster's nodes/);
  });
});

describe('vigil config apply on a simulated cluster', () => {
  it('should refuse an empty config, a config dropping the applying node or the coordinator, and keep running', async () => {
    const { cluster, budget, coordinator } = await formedCluster();
    const follower = NODES.find((n) => n !== coordinator)!;
    const generation = cluster.daemon(coordinator)!.document().config.generation;
    const apply = (node: string, text: string) => cluster.daemon(node)!.handle({ type: 'config.apply', file: 'new.yaml', text });

    const empty = await apply(follower, '');
    expect(empty).toMatchObject({ ok: false });
    expect(!empty.ok && empty.error).toContain('no nodes are configured');
    const dropsSelf = await apply(follower, textWithout(follower));
    expect(!dropsSelf.ok && dropsSelf.error).toContain(`node ${follower}, where this config is applied, is not in it`);
    // Checked again by the coordinator, for itself: the follower would have run it.
    const dropsCoordinator = apply(follower, textWithout(coordinator));
    await runTo(cluster.clock, cluster.clock.now() + 2_000, budget);
    const answer = await dropsCoordinator;
    expect(!answer.ok && answer.error).toContain(`node ${coordinator}, where this config is applied, is not in it`);

    await runTo(cluster.clock, cluster.clock.now() + 10_000, budget);
    expect(coordinatorOf(cluster)).toBe(coordinator);
    for (const node of NODES) expect(cluster.daemon(node)!.document().config.generation).toEqual(generation);
    for (const node of NODES) cluster.crash(node);
  }, 60_000);
});

describe('a daemon whose held config cannot run', () => {
  it('should start, log why, and rejoin with the cluster\'s config', async () => {
    const { logger, lines } = memoryLogger();
    const { cluster, budget, coordinator } = await formedCluster(logger);
    const node = NODES.find((n) => n !== coordinator)!;
    cluster.crash(node);
    // What an applied empty config left on disk before the runtime refused it: the newest generation.
    const held = (cluster as unknown as { heldConfigs: Map<string, ClusterConfig> }).heldConfigs;
    held.set(node, { ...emptyConfig(), generation: { adminEpoch: 9, epoch: 0, updates: 0 } });
    const warnedBefore = lines.length;
    cluster.start(node);
    await runTo(cluster.clock, cluster.clock.now() + 15_000, budget);

    const daemon: Daemon | null = cluster.daemon(node);
    expect(daemon, 'the daemon started').not.toBeNull();
    const warning = lines.slice(warnedBefore).find((l) => l.msg.startsWith('the held config cannot run on this node'));
    expect(warning?.['problems']).toEqual([expect.stringContaining('held config nodes: no nodes are configured')]);
    expect(daemon!.status().election.coordinator).toBe(coordinator);
    expect(daemon!.document().config.generation).toEqual(cluster.daemon(coordinator)!.document().config.generation);
    for (const n of NODES) cluster.crash(n);
  }, 60_000);
});
