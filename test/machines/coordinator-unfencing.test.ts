// Unfencing through the coordinator: a node is unfenced (the devices' `on`, run on the node
// itself) before anything requiring unfencing is probed or started there; success is kept as
// the node's #node-unfenced in the replicated status and in the fence history; a node that
// leaves loses it and is unfenced again when it is back.
import { describe, expect, it } from 'vitest';
import type { Primitive } from '../../src/config/model.ts';
import { UNFENCED_ATTRIBUTE } from '../../src/scheduler/unfencing.ts';
import { updateProblem } from '../../src/attributes/node-attributes.ts';
import { CoordinatorHarness, HARNESS_BATCH_MS, HARNESS_RETRY_INITIAL_MS, coordinatorInput, harnessConfig, harnessDocument } from './support/coordinator-harness.ts';

/** The harness cluster with fence1 providing unfencing; `unfenced` nodes are so in the status it inherits. */
function unfencingHarness(unfenced: string[] = []): CoordinatorHarness {
  const config = harnessConfig();
  config.resources = config.resources.map((r) => (r.kind === 'primitive' && r.id === 'fence1' ? { ...r, meta: { provides: 'unfencing' } } as Primitive : r));
  const doc = harnessDocument(config);
  doc.status.nodes = unfenced.map((name) => ({ name, online: true, unclean: false, shutdown: false, attributes: { [UNFENCED_ATTRIBUTE]: '1700000000' } }));
  return new CoordinatorHarness(coordinatorInput({ doc }));
}

const unfencedAt = (h: CoordinatorHarness, node: string): string | undefined => h.context.doc.status.nodes.find((n) => n.name === node)?.attributes[UNFENCED_ATTRIBUTE];
const onRuns = (h: CoordinatorHarness) => h.pendingFenceRuns.filter((r) => r.action === 'on');

describe('coordinator: unfencing', () => {
  it('should unfence every node, on the node itself, before probing or starting anything there', async () => {
    const h = unfencingHarness();
    await h.advance(HARNESS_BATCH_MS);
    expect(onRuns(h).map((r) => `${r.device}:${r.target}@${r.node}`).sort()).toEqual(['fence1:n1@n1', 'fence1:n2@n2', 'fence1:n3@n3']);
    // Every probe waits for its node's unfencing.
    expect(h.pending).toEqual([]);
    expect(h.children('fencer:').length).toBe(3);
    await h.answerFences(true);
    await h.settle();
    expect(h.runningOn('rsc')).toEqual(['n2']);
    for (const n of ['n1', 'n2', 'n3']) expect(unfencedAt(h, n)).toMatch(/^\d+$/);
    expect(h.context.fenceHistory.map((f) => `${f.action} ${f.target} ${f.result}`).sort()).toEqual(['on n1 succeeded', 'on n2 succeeded', 'on n3 succeeded']);
    // Nothing more to unfence: the next schedule plans no unfencing.
    expect(h.children('fencer:')).toEqual([]);
  });

  it('should not unfence again what the status it took over says is unfenced (a new coordinator)', async () => {
    const h = unfencingHarness(['n1', 'n3']);
    await h.advance(HARNESS_BATCH_MS);
    expect(onRuns(h).map((r) => r.target)).toEqual(['n2']);
    expect(h.pending.map((op) => op.node).sort()).toEqual(['n1', 'n1', 'n3', 'n3']);
    await h.answerFences(true);
    await h.settle();
    expect(h.runningOn('rsc')).toEqual(['n2']);
    expect(h.context.fenceHistory.map((f) => `${f.action} ${f.target}`)).toEqual(['on n2']);
  });

  it('should keep what requires unfencing off a node whose unfencing failed, and try again', async () => {
    const h = unfencingHarness();
    await h.advance(HARNESS_BATCH_MS);
    await h.answerFences(false);
    // The failed unfencing of n2 blocks rsc there; nothing was probed on any node.
    expect(h.ops).toEqual([]);
    expect(h.context.fenceHistory.filter((f) => f.result === 'failed').map((f) => f.target).sort()).toEqual(['n1', 'n2', 'n3']);
    expect(unfencedAt(h, 'n2')).toBeUndefined();
    // Not in a tight loop: the next try waits out a backoff (as fencing retries do), meanwhile
    // nothing is run on the nodes and no failure is added to the history.
    await h.advance(HARNESS_BATCH_MS);
    await h.advance(HARNESS_BATCH_MS);
    expect(onRuns(h)).toEqual([]);
    expect(h.ops).toEqual([]);
    expect(h.context.fenceHistory).toHaveLength(3);
    await h.advance(HARNESS_RETRY_INITIAL_MS);
    await h.advance(HARNESS_BATCH_MS);
    expect(onRuns(h).map((r) => r.target).sort()).toEqual(['n1', 'n2', 'n3']);
    // Twice failed: the wait doubles.
    await h.answerFences(false);
    expect(Object.values(h.context.unfenceRetries).map((r) => r.failures)).toEqual([2, 2, 2]);
    await h.advance(HARNESS_RETRY_INITIAL_MS + HARNESS_BATCH_MS);
    expect(onRuns(h)).toEqual([]);
    await h.advance(HARNESS_RETRY_INITIAL_MS);
    await h.advance(HARNESS_BATCH_MS);
    expect(onRuns(h).map((r) => r.target).sort()).toEqual(['n1', 'n2', 'n3']);
    await h.answerFences(true);
    await h.settle();
    expect(h.runningOn('rsc')).toEqual(['n2']);
    expect(h.context.unfenceRetries).toEqual({});
  });

  it('should unfence a node again after it was fenced and rejoined', async () => {
    const h = unfencingHarness();
    await h.advance(HARNESS_BATCH_MS);
    await h.answerFences(true);
    await h.settle();
    expect(h.runningOn('rsc')).toEqual(['n2']);
    await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: h.clock.now() });
    expect(unfencedAt(h, 'n2')).toBeUndefined();
    await h.advance(HARNESS_BATCH_MS);
    // n2 is fenced (reboot, from n1 or n3), and rsc recovers on n3, already unfenced.
    expect(h.pendingFenceRuns.map((r) => `${r.action} ${r.target}`)).toEqual(['reboot n2']);
    await h.answerFences(true);
    await h.settle();
    expect(h.runningOn('rsc')).toEqual(['n3']);
    expect(onRuns(h)).toEqual([]);
    const before = h.ops.length;
    await h.send({ type: 'MEMBER.UP', node: 'n2', atMs: h.clock.now() });
    await h.advance(HARNESS_BATCH_MS);
    // Back: unfenced again before anything is probed there.
    expect(onRuns(h).map((r) => `${r.target}@${r.node}`)).toEqual(['n2@n2']);
    expect(h.ops.slice(before).filter((op) => op.node === 'n2')).toEqual([]);
    await h.answerFences(true);
    await h.settle();
    expect(h.ops.slice(before).some((op) => op.node === 'n2' && op.action === 'monitor')).toBe(true);
    expect(unfencedAt(h, 'n2')).toMatch(/^\d+$/);
    expect(h.context.fenceHistory.map((f) => `${f.action} ${f.target} ${f.result}`).filter((s) => s.includes('n2'))).toEqual(['on n2 succeeded', 'reboot n2 succeeded', 'on n2 succeeded']);
  });
});

describe('coordinator: unfencing and how a node leaves', () => {
  it('should forget a node\'s unfencing when it leaves cleanly, and keep it when its daemon detaches (an upgrade)', async () => {
    const h = unfencingHarness();
    await h.advance(HARNESS_BATCH_MS);
    await h.answerFences(true);
    await h.settle();
    await h.send({ type: 'MEMBER.DOWN', node: 'n3', atMs: h.clock.now(), departure: 'detached' });
    expect(unfencedAt(h, 'n3')).toMatch(/^\d+$/);
    await h.send({ type: 'MEMBER.DOWN', node: 'n1', atMs: h.clock.now(), departure: 'clean' });
    expect(unfencedAt(h, 'n1')).toBeUndefined();
    // Back, the detached node runs on without a new unfencing.
    await h.send({ type: 'MEMBER.UP', node: 'n3', atMs: h.clock.now() });
    await h.advance(HARNESS_BATCH_MS);
    expect(onRuns(h).map((r) => r.target)).toEqual([]);
  });
});

describe('#node-unfenced is the cluster\'s to set', () => {
  it('should refuse an administrator or agent setting it, and say why', () => {
    expect(updateProblem({ section: 'status', node: 'n2', name: UNFENCED_ATTRIBUTE })).toMatch(/set by the cluster when it unfences a node/);
    expect(updateProblem({ section: 'status', node: 'n2', name: 'my-attr' })).toBeUndefined();
  });
});
