// Fence delays (fence-delay.ts) and how the fence device waits them out: pcmk_delay_base (per
// device or per target), pcmk_delay_max (random, from the device's seeded stream), a requested
// delay added on top, a wait that holds the job's place but never the machine, and no second
// wait on a retry.
import { describe, expect, it } from 'vitest';
import { baseDelayMs, deviceDelayMs, fenceDelayOf, nodePriorities, priorityDelayMs } from '../../src/machines/fence-delay.ts';
import { fenceDeviceInputFor } from '../../src/machines/fence-ops.ts';
import { emptyConfig } from '../../src/config/defaults.ts';
import type { ClusterDocument, Primitive } from '../../src/config/model.ts';
import { FenceHarness, fenceInput, stonithInput } from './support/fence-harness.ts';

const request = (target: string, requestId: string, delayMs?: number) =>
  ({ type: 'FENCE.REQUEST' as const, target, action: 'off' as const, requester: `coord-${requestId}`, requestId, ...(delayMs === undefined ? {} : { delayMs }) });

describe('fence delays: parameters', () => {
  it('should read a static base, a per-target base and a maximum', () => {
    expect(fenceDelayOf('f', { pcmk_delay_base: '5s' })).toEqual({ baseMs: 5_000, maxMs: 0 });
    const perTarget = fenceDelayOf('f', { pcmk_delay_base: 'node1:5s;node2:0s', pcmk_delay_max: '10s' });
    expect(perTarget).toEqual({ baseMs: { node1: 5_000, node2: 0 }, maxMs: 10_000 });
    expect([baseDelayMs(perTarget, 'node1'), baseDelayMs(perTarget, 'node2'), baseDelayMs(perTarget, 'node3')]).toEqual([5_000, 0, 0]);
    expect(fenceDelayOf('f', {})).toEqual({ baseMs: 0, maxMs: 0 });
  });

  it('should name the device, the parameter and the fix for a bad delay', () => {
    expect(() => fenceDelayOf('fd1', { pcmk_delay_base: 'soon' })).toThrow(/fence device fd1: pcmk_delay_base="soon" is not a duration/);
    expect(() => fenceDelayOf('fd1', { pcmk_delay_max: '2h' })).toThrow(/pcmk_delay_max="2h" is not a duration from 0 to 1h/);
    expect(() => fenceDelayOf('fd1', { pcmk_delay_base: ':5s' })).toThrow(/is not node:delay; write e.g. node1:5s;node2:0s/);
    expect(() => fenceDelayOf('fd1', { pcmk_delay_base: 'n1:1s;n1:2s' })).toThrow(/names n1 twice/);
    expect(() => fenceDeviceInputFor(stonithInput({ params: { pcmk_delay_base: 'x' } }))).toThrow(/fence device fence1: pcmk_delay_base/);
  });

  it('should add a random part below the maximum to the base, capping the base at the maximum', () => {
    const spec = { baseMs: 2_000, maxMs: 10_000 };
    expect([deviceDelayMs(spec, 'n', 0), deviceDelayMs(spec, 'n', 0.5), deviceDelayMs(spec, 'n', 0.999_999)]).toEqual([2_000, 6_000, 9_999]);
    expect(deviceDelayMs({ baseMs: 20_000, maxMs: 10_000 }, 'n', 0.5)).toBe(10_000);
    expect(deviceDelayMs({ baseMs: 3_000, maxMs: 0 }, 'n', 0.7)).toBe(3_000);
  });
});

function twoNodeDoc(priorityFencingDelay: string | undefined, dbOn: string): ClusterDocument {
  const config = emptyConfig();
  config.nodes = ['node1', 'node2'].map((name) => ({ name, attributes: {}, standby: false, maintenance: false }));
  if (priorityFencingDelay !== undefined) config.options.other['priority-fencing-delay'] = priorityFencingDelay;
  const prim = (id: string, priority: string): Primitive => ({
    kind: 'primitive', id, class: 'ocf', provider: 'heartbeat', type: 'Dummy', params: {}, meta: { priority }, operations: [],
  });
  config.resources = [prim('db', '10'), prim('web', '1')];
  const running = (resource: string, node: string) => ({
    resource, node, class: 'ocf' as const, provider: 'heartbeat', type: 'Dummy',
    operations: [{ operation: 'start', intervalMs: 0, rc: 0, status: 'done' as const, callId: 1, id: `${resource}_last_0` }],
  });
  const webOn = dbOn === 'node1' ? 'node2' : 'node1';
  return { config, status: { nodes: [], history: [running('db', dbOn), running('web', webOn)], quorum: true } };
}

describe('fence delays: priority-fencing-delay', () => {
  it('should total each node\'s resource priorities', () => {
    expect(nodePriorities(twoNodeDoc('15s', 'node2'))).toEqual({ node1: 1, node2: 10 });
  });

  it('should delay only the fencing of the lost node running the higher priority, from a partition without a majority', () => {
    const doc = twoNodeDoc('15s', 'node2');
    expect(priorityDelayMs(doc, 'node2', ['node1'])).toBe(15_000);
    expect(priorityDelayMs(doc, 'node1', ['node2'])).toBe(0);
    // The target is still a member (fenced for a failed stop, not lost): no race.
    expect(priorityDelayMs(doc, 'node2', ['node1', 'node2'])).toBe(0);
    expect(priorityDelayMs(twoNodeDoc(undefined, 'node2'), 'node2', ['node1'])).toBe(0);
  });

  it('should not delay when every node has the same priority, and refuse a bad value', () => {
    const doc = twoNodeDoc('15s', 'node2');
    doc.status.history = [];
    expect(priorityDelayMs(doc, 'node2', ['node1'])).toBe(0);
    expect(() => priorityDelayMs(twoNodeDoc('later', 'node2'), 'node2', ['node1'])).toThrow(/priority-fencing-delay="later" is not a duration/);
  });
});

describe('fence device: waiting out its delay', () => {
  it('should run the agent only once the static delay is over', async () => {
    const h = new FenceHarness(fenceInput({ delay: { baseMs: 5_000, maxMs: 0 } }));
    await h.send(request('node3', 'a'));
    expect(h.runInputs).toEqual([]);
    await h.advance(4_999);
    expect(h.runInputs).toEqual([]);
    await h.advance(1);
    expect(h.runInputs.map((r) => r.target)).toEqual(['node3']);
    await h.finishRun({ ok: true, reason: 'off' });
    expect(h.results).toMatchObject([{ target: 'node3', ok: true, delayMs: 5_000 }]);
  });

  it('should use the per-target base and add the requested delay', async () => {
    const h = new FenceHarness(fenceInput({ concurrency: 2, delay: { baseMs: { node3: 1_000 }, maxMs: 0 } }));
    await h.send(request('node3', 'a', 2_000));
    await h.send(request('node4', 'b'));
    expect(h.runInputs.map((r) => r.target)).toEqual(['node4']);
    expect(h.context.jobs.map((j) => [j.target, j.delayMs])).toEqual([['node3', 3_000], ['node4', 0]]);
    await h.advance(3_000);
    expect(h.runInputs.map((r) => r.target)).toEqual(['node4', 'node3']);
  });

  it('should answer other requests while a job waits, and hold the job\'s place under the action limit', async () => {
    const h = new FenceHarness(fenceInput({ delay: { baseMs: { node3: 10_000 }, maxMs: 0 } }));
    await h.send(request('node3', 'a'));
    await h.send(request('node4', 'b'));
    await h.send(request('node3', 'c'));
    expect(h.context.jobs.map((j) => [j.target, j.requestIds])).toEqual([['node3', ['a', 'c']], ['node4', ['b']]]);
    expect(h.runInputs).toEqual([]);
    await h.advance(10_000);
    expect(h.runInputs.map((r) => r.target)).toEqual(['node3']);
  });

  it('should not wait again before a retry', async () => {
    const h = new FenceHarness(fenceInput({ delay: { baseMs: 5_000, maxMs: 0 } }));
    await h.send(request('node3', 'a'));
    await h.advance(5_000);
    await h.finishRun({ ok: false, reason: 'agent returned 1' });
    expect(h.runInputs).toHaveLength(2);
  });

  it('should draw the random part from its seed: the same seed, the same delay', async () => {
    const delays = (seed: number) => {
      const h = new FenceHarness(fenceInput({ seed, concurrency: 3, delay: { baseMs: 0, maxMs: 60_000 } }));
      return Promise.all(['n1', 'n2', 'n3'].map((t, i) => h.send(request(t, `r${i}`)))).then(() => h.context.jobs.map((j) => j.delayMs));
    };
    const first = await delays(7);
    expect(await delays(7)).toEqual(first);
    expect(await delays(8)).not.toEqual(first);
    for (const d of first) expect(d).toBeLessThan(60_000);
  });
});
