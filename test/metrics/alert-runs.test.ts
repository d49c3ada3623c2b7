// vigil_alert_runs_total: each alert run the dispatcher reports, by kind and outcome, in text
// that Prometheus' promtool accepts.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createDaemonMetrics } from '../../src/metrics/daemon-metrics.ts';
import type { StatusSource } from '../../src/inspect/source.ts';

const source: StatusSource = {
  self: 'node1', view: () => null, document: () => { throw new Error('not read'); }, coordinatorActor: () => null,
  onViewChange: () => () => undefined, onCoordinatorLog: () => () => undefined,
};

describe('vigil_alert_runs_total', () => {
  it('should count alert runs by kind and outcome', async () => {
    const metrics = createDaemonMetrics(source);
    metrics.observeAlertRun('node', 'ok');
    metrics.observeAlertRun('node', 'ok');
    metrics.observeAlertRun('fencing', 'timeout');
    const text = await metrics.render();
    metrics.close();
    expect(text.split('\n').filter((l) => l.startsWith('vigil_alert_runs_total'))).toEqual([
      'vigil_alert_runs_total{kind="node",outcome="ok"} 2',
      'vigil_alert_runs_total{kind="fencing",outcome="timeout"} 1',
    ]);
    const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect([lint.status, lint.stdout + lint.stderr]).toEqual([0, '']);
  });
});
