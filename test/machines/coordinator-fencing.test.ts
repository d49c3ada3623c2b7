// concurrent-fencing: with it (the default) every lost node gets its fencer at once; without
// it one fencing operation runs at a time and the next node's starts when it ends.
import { describe, expect, it } from 'vitest';
import type { Primitive } from '../../src/config/model.ts';
import { CoordinatorHarness, HARNESS_BATCH_MS, coordinatorInput, harnessConfig, harnessDocument } from './support/coordinator-harness.ts';

async function settle(h: CoordinatorHarness): Promise<void> {
  for (let i = 0; i < 6 && h.state !== 'idle'; i++) {
    await h.advance(HARNESS_BATCH_MS);
    await h.drain(h.truth());
  }
}

async function twoLost(concurrent: string | undefined): Promise<CoordinatorHarness> {
  const config = harnessConfig();
  // The device itself may run any number at once: only the cluster option limits.
  config.resources = config.resources.map((r) => (r.kind === 'primitive' && r.id === 'fence1' ? { ...r, params: { ...r.params, pcmk_action_limit: '-1' } } as Primitive : r));
  if (concurrent !== undefined) config.options.other['concurrent-fencing'] = concurrent;
  const h = new CoordinatorHarness(coordinatorInput({ doc: harnessDocument(config) }));
  await settle(h);
  await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: h.clock.now() });
  await h.send({ type: 'MEMBER.DOWN', node: 'n3', atMs: h.clock.now() });
  await h.advance(HARNESS_BATCH_MS);
  return h;
}

describe('coordinator: concurrent-fencing', () => {
  it('should fence every lost node at once by default', async () => {
    const h = await twoLost(undefined);
    expect(h.children('fencer:').sort()).toEqual(['fencer:n2#1.1', 'fencer:n3#1.2']);
    expect(h.pendingFenceRuns.map((r) => r.target).sort()).toEqual(['n2', 'n3']);
  });

  it('should fence one node at a time when it is false, the next once the first is done', async () => {
    const h = await twoLost('false');
    expect(h.children('fencer:')).toEqual(['fencer:n2#1.1']);
    expect(h.pendingFenceRuns.map((r) => r.target)).toEqual(['n2']);
    await h.answerFences(true);
    expect(h.children('fencer:')).toEqual(['fencer:n3#1.2']);
    expect(h.pendingFenceRuns.map((r) => r.target)).toEqual(['n3']);
    await h.answerFences(true);
    expect(h.context.fenceHistory.map((f) => `${f.target}:${f.result}`)).toEqual(['n2:succeeded', 'n3:succeeded']);
  });
});
