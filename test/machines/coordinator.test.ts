// Example tests for the coordinator, one behaviour each, on the harness's cluster (n1, n2, n3;
// rsc prefers n2 then n3; fence1 on n1; fencing enabled). The last five reproduce bugs found
// while writing the model-based path tests (coordinator.paths.test.ts keeps away from them):
// they fail until the coordinator (or the resource machine, for the last) is fixed.
import { describe, expect, it } from 'vitest';
import type { AgentOperation } from '../../src/ocf/operation.ts';
import { CoordinatorHarness, HARNESS_BATCH_MS, opName } from './support/coordinator-harness.ts';

const rscOps = (ops: AgentOperation[]) => ops.filter((op) => op.resource === 'rsc' && op.action !== 'validate-all').map(opName);

/** Schedules and runs transitions until nothing is left to do (bounded). */
async function settle(h: CoordinatorHarness, transitionsMax = 6): Promise<void> {
  for (let i = 0; i < transitionsMax && h.state !== 'idle'; i++) {
    await h.advance(HARNESS_BATCH_MS);
    await h.drain(h.truth());
  }
  expect(h.state, 'the coordinator settled').toBe('idle');
}

/** The cluster up, rsc started on n2. */
async function booted(): Promise<CoordinatorHarness> {
  const h = new CoordinatorHarness();
  await settle(h);
  expect(h.runningOn('rsc')).toEqual(['n2']);
  return h;
}

describe('coordinator', () => {
  it('should probe every node, then start rsc where it prefers and the fence device on n1', async () => {
    const h = new CoordinatorHarness();
    expect(h.state).toBe('settling');
    await h.advance(HARNESS_BATCH_MS);
    expect(h.state).toBe('executing');
    expect(h.pending.map(opName).sort()).toEqual(['fence1', 'rsc'].flatMap((r) => ['n1', 'n2', 'n3'].map((n) => `monitor_0 ${r}@${n}`)));
    await settle(h);
    expect(h.runningOn('rsc')).toEqual(['n2']);
    expect(h.runningOn('fence1')).toEqual(['n1']);
  });

  it('should fence a lost node before starting its resource elsewhere', async () => {
    const h = await booted();
    const before = h.ops.length;
    await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: h.clock.now() });
    await h.advance(HARNESS_BATCH_MS);
    expect(h.children('fencer:')).toEqual(['fencer:n2#1.1']);
    expect(h.pendingFenceRuns.map((r) => `${r.device}@${r.node}>${r.target}`)).toEqual(['fence1@n1>n2']);
    expect(rscOps(h.ops.slice(before)), 'nothing starts before the fence').toEqual([]);
    await h.answerFences(true);
    expect(h.children('fencer:'), 'the fencer ends with its fence').toEqual([]);
    expect(h.spawned.filter((id) => id.startsWith('fencer:'))).toEqual(['fencer:n2#1.1']);
    await settle(h);
    expect(rscOps(h.ops.slice(before))).toEqual(['start rsc@n3']);
    expect(h.context.fenceHistory.map((f) => `${f.target}:${f.result}`)).toEqual(['n2:succeeded']);
  });

  it('should answer an administrator command for an unknown node with an error, changing nothing', async () => {
    const h = await booted();
    await h.send({ type: 'ADMIN.COMMAND', id: 'a1', command: { type: 'fence.node', node: 'n9' } });
    expect(h.answers).toEqual([{ type: 'coordinator.answer', id: 'a1', ok: false, message: 'unknown node n9' }]);
    expect(h.state).toBe('idle');
  });

  // Regression: a clean leave once sent NODE.LEFT straight to a node in `online`, which only
  // takes it from shutting-down, so the node stayed `online` with its history kept.
  it('should show a node that left cleanly as offline', async () => {
    const h = await booted();
    h.powerOff('n2'); // the daemon stops its resources, then says goodbye
    await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: h.clock.now(), departure: 'clean' });
    expect(h.context.members).toEqual(['n1', 'n3']);
    expect(h.context.nodes['n2']?.state).toBe('offline');
  });

  // The same bug seen on the node's return: what it ran before its clean leave is still on record
  // as running there, so its rejoin is planned from that stale record rather than from a probe.
  it('should probe, not stop, a resource on a node that rejoins after a clean leave', async () => {
    const h = await booted();
    h.powerOff('n2');
    await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: h.clock.now(), departure: 'clean' });
    await settle(h);
    expect(h.runningOn('rsc')).toEqual(['n3']);
    const before = h.ops.length;
    await h.send({ type: 'MEMBER.UP', node: 'n2', atMs: h.clock.now() });
    await settle(h);
    // The probe on n2 and the stop on n3 are independent (as in Pacemaker, a probe orders only
    // the resource's starts); the start on n2 comes after both.
    const ops = rscOps(h.ops.slice(before));
    expect([...ops].sort()).toEqual(['monitor_0 rsc@n2', 'start rsc@n2', 'stop rsc@n3']);
    expect(ops.at(-1)).toBe('start rsc@n2');
  });

  // Regression: a fenced node's history was forgotten but its fail-counts kept, and the
  // scheduler counts a fail-count only where there is history: rsc moved n3 -> n2 -> n3 after
  // n2 rejoined. Now a fenced node's fail-counts go with it, as Pacemaker's transient attributes do.
  it('should not move a resource back and forth after its banned node rejoins', async () => {
    const h = new CoordinatorHarness();
    await h.advance(HARNESS_BATCH_MS);
    await h.drain(h.truth({ resource: 'rsc', action: 'start' }));
    await settle(h);
    expect(h.runningOn('rsc')).toEqual(['n3']);
    await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: h.clock.now() });
    await h.answerFences(true);
    await settle(h);
    const before = h.ops.length;
    await h.send({ type: 'MEMBER.UP', node: 'n2', atMs: h.clock.now() });
    await settle(h);
    const starts = rscOps(h.ops.slice(before)).filter((o) => o.startsWith('start'));
    expect(starts.length, `rsc restarted ${starts.length} times: ${rscOps(h.ops.slice(before)).join(', ')}`).toBeLessThanOrEqual(1);
  });

  // Regression: MEMBER.UP once forgot what ran on the node before its re-probe answered; lost
  // again before the probe, the node was not fenced and rsc was started elsewhere meanwhile.
  it('should not start a resource elsewhere while it may still run on a node awaiting its fence', async () => {
    const h = await booted();
    await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: h.clock.now(), departure: 'detached' });
    await settle(h);
    expect(h.runningOn('rsc'), 'a detached daemon leaves rsc running').toEqual(['n2']);
    await h.send({ type: 'MEMBER.UP', node: 'n2', atMs: h.clock.now() });
    await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: h.clock.now() });
    expect(h.pendingFenceRuns.map((r) => r.target)).toEqual(['n2']);
    await h.advance(HARNESS_BATCH_MS);
    await h.drain(h.truth());
    expect(h.runningOn('rsc'), 'rsc active on two nodes before n2 was fenced').toEqual(['n2']);
  });

  // Regression (resource.ts): start-failure-is-fatal once applied only to `start`, so a failed
  // validate-all (the start's first step) reran at once without limit.
  it('should not rerun a failed validate-all by itself', async () => {
    const h = new CoordinatorHarness();
    await h.advance(HARNESS_BATCH_MS);
    while (h.pending.some((op) => op.action === 'monitor')) await h.complete((op) => op.action === 'monitor', h.truth());
    let validations = 0;
    for (let i = 0; i < 5 && h.pending.some((op) => op.resource === 'rsc' && op.action === 'validate-all'); i++) {
      await h.complete((op) => op.resource === 'rsc' && op.action === 'validate-all', () => ({ rc: 1 }));
      validations += 1;
    }
    expect(validations).toBe(1);
  });
});
