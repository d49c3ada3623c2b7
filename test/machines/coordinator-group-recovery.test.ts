// A failed member of a group is recovered by the scheduler's plan, the way Pacemaker does it
// ("Recover b", "Restart c due to required b start"): what comes after it in the group stops
// first and starts again after it; a last member, with nothing after it, restarts itself.
// Chaos seeds 114-130 found the old behaviour: b restarted itself in place while c ran on.
import { describe, expect, it } from 'vitest';
import type { Primitive } from '../../src/config/model.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';
import { CoordinatorHarness, HARNESS_BATCH_MS, coordinatorInput, harnessConfig, harnessDocument, opName } from './support/coordinator-harness.ts';

const MONITOR_MS = 10_000;

function member(id: string): Primitive {
  return {
    kind: 'primitive', id, class: 'ocf', provider: 'heartbeat', type: 'Dummy', params: {}, meta: {},
    operations: [{ name: 'monitor', intervalMs: MONITOR_MS, enabled: true, other: {} }],
  };
}

/** The harness's cluster with group g (a, b, c) instead of rsc, preferring n2. */
function groupHarness(): CoordinatorHarness {
  const config = harnessConfig();
  config.resources = [config.resources[0]!, { kind: 'group', id: 'g', meta: {}, children: ['a', 'b', 'c'].map(member) }];
  config.constraints = [config.constraints[0]!, { kind: 'location', id: 'g-n2', resource: 'g', node: 'n2', score: 100 }];
  return new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(config) }));
}

const oneShot = (ops: AgentOperation[]) => ops.filter((op) => op.action !== 'validate-all' && !(op.action === 'monitor' && op.intervalMs > 0));

/** Runs transitions and completes every operation from the world until the coordinator idles. */
async function settle(h: CoordinatorHarness, failing?: (op: AgentOperation) => boolean): Promise<void> {
  const truth = h.truth();
  for (let i = 0; i < 8 && h.state !== 'idle'; i++) {
    await h.advance(HARNESS_BATCH_MS);
    await h.drain((op) => (failing?.(op) ? { rc: 7 } : truth(op)));
  }
  expect(h.state, 'the coordinator settled').toBe('idle');
}

async function booted(): Promise<CoordinatorHarness> {
  const h = groupHarness();
  await settle(h);
  for (const id of ['a', 'b', 'c']) expect(h.runningOn(id)).toEqual(['n2']);
  return h;
}

/** The next recurring monitor of `id` on n2 finds it stopped (its process died); returns the ops that follow. */
async function failMonitor(h: CoordinatorHarness, id: string): Promise<string[]> {
  const before = h.ops.length;
  h.running.delete(`${id}@n2`);
  await h.advance(MONITOR_MS);
  await h.complete((op) => op.resource === id && op.action === 'monitor' && op.intervalMs > 0, () => ({ rc: 7 }));
  await settle(h);
  return oneShot(h.ops.slice(before)).map(opName);
}

describe('coordinator: recovery of a failed group member', () => {
  it('should stop the members after it first and start them again after it', async () => {
    const h = await booted();
    const ops = await failMonitor(h, 'b');
    expect(ops).toEqual(['stop c@n2', 'stop b@n2', 'start b@n2', 'start c@n2']);
    for (const id of ['a', 'b', 'c']) expect(h.runningOn(id)).toEqual(['n2']);
  });

  it('should let the last member restart itself, touching nothing else', async () => {
    const h = await booted();
    const ops = await failMonitor(h, 'c');
    expect(ops).toEqual(['stop c@n2', 'start c@n2']);
  });

  it('should restart every later member when the first one fails, in reverse then in order', async () => {
    const h = await booted();
    const ops = await failMonitor(h, 'a');
    expect(ops).toEqual(['stop c@n2', 'stop b@n2', 'stop a@n2', 'start a@n2', 'start b@n2', 'start c@n2']);
  });
});
