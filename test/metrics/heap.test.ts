// vigil_daemon_heap_used_bytes: the daemon's JS heap, which grows with what its coordinator holds
// (npm run bench -- scale reports it per instance), in text promtool accepts.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createDaemonMetrics } from '../../src/metrics/daemon-metrics.ts';
import type { StatusSource } from '../../src/inspect/source.ts';

const source: StatusSource = {
  self: 'node1', view: () => null, document: () => { throw new Error('not read'); }, coordinatorActor: () => null,
  onViewChange: () => () => undefined, onCoordinatorLog: () => () => undefined,
};

describe('vigil_daemon_heap_used_bytes', () => {
  it('should report the heap this process uses', async () => {
    const metrics = createDaemonMetrics(source);
    const text = await metrics.render();
    metrics.close();
    const line = text.split('\n').find((l) => l.startsWith('vigil_daemon_heap_used_bytes '));
    const bytes = Number(line?.split(' ')[1]);
    expect(bytes).toBeGreaterThan(1_000_000);
    expect(bytes).toBeLessThanOrEqual(process.memoryUsage().heapTotal);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect([lint.status, lint.stdout + lint.stderr]).toEqual([0, '']);
  });
});
