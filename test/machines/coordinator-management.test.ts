// A config change that changes how an instance is managed reaches the running instance (it
// keeps the input it was spawned with): maintenance-mode leaves it alone, unmonitored;
// is-managed=false leaves it alone but monitored (Pacemaker's FAILED (unmanaged)); managed
// again, it is re-probed.
import { describe, expect, it } from 'vitest';
import type { ClusterConfig } from '../../src/config/model.ts';
import { CoordinatorHarness, coordinatorInput, harnessConfig, harnessDocument, opName } from './support/coordinator-harness.ts';

const MONITOR_MS = 10_000;

function monitoredConfig(change: (c: ClusterConfig) => void = () => undefined, generation = 0): ClusterConfig {
  const config = harnessConfig();
  const rsc = config.resources.find((r) => r.id === 'rsc')!;
  if (rsc.kind === 'primitive') rsc.operations = [{ name: 'monitor', intervalMs: MONITOR_MS, enabled: true, other: {} }];
  config.generation = { ...config.generation, updates: generation };
  change(config);
  return config;
}

/** rsc operations from `from` on, after `ms` with every operation answered from the world. */
async function opsOver(h: CoordinatorHarness, ms: number, failMonitor = false): Promise<string[]> {
  const from = h.ops.length;
  for (let t = 0; t < ms; t += 1_000) {
    await h.advance(1_000);
    await h.drain((op) => (failMonitor && op.action === 'monitor' && op.intervalMs > 0 ? { rc: 7 } : h.truth()(op)));
  }
  return h.ops.slice(from).filter((o) => o.resource === 'rsc').map(opName);
}

describe('coordinator: management changes by config', () => {
  it('should stop monitoring in maintenance-mode, keep monitoring (not recovering) with is-managed=false, and re-probe once managed', async () => {
    const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(monitoredConfig()) }));
    expect(await h.settle()).toBe('idle');
    expect(h.runningOn('rsc')).toEqual(['n2']);
    expect(await opsOver(h, 2 * MONITOR_MS)).toContain('monitor_10000 rsc@n2');

    await h.send({ type: 'CONFIG.REPLACE', id: 'c1', config: monitoredConfig((c) => { c.options.maintenanceMode = true; }, 1) });
    expect(await h.settle()).toBe('idle');
    expect(await opsOver(h, 3 * MONITOR_MS), 'maintenance: not even monitored').toEqual([]);

    await h.send({ type: 'CONFIG.REPLACE', id: 'c2', config: monitoredConfig((c) => { const r = c.resources.find((x) => x.id === 'rsc')!; r.meta['is-managed'] = 'false'; }, 2) });
    expect(await h.settle()).toBe('idle');
    const unmanaged = await opsOver(h, 2 * MONITOR_MS + 1_000, true);
    expect(unmanaged, 'unmanaged: monitored, and its failure is not recovered').toContain('monitor_10000 rsc@n2');
    expect(unmanaged.filter((o) => o.startsWith('stop') || o.startsWith('start'))).toEqual([]);

    expect(h.context.instances['rsc@n2']?.state).toBe('blocked');
    const from = h.ops.length;
    await h.send({ type: 'CONFIG.REPLACE', id: 'c3', config: monitoredConfig(() => undefined, 3) });
    await opsOver(h, 2_000);
    const managed = h.ops.slice(from).filter((o) => o.resource === 'rsc').map(opName);
    // Every instance is re-probed first; the failed monitor on record is then recovered, as
    // Pacemaker does once a FAILED (unmanaged) resource is managed again.
    expect(managed.slice(0, 3).sort()).toEqual(['monitor_0 rsc@n1', 'monitor_0 rsc@n2', 'monitor_0 rsc@n3']);
    expect(managed.slice(3)).toEqual(['stop rsc@n2', 'start rsc@n2', 'monitor_10000 rsc@n2']);
  });
});
