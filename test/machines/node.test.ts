// Example tests of the cluster-node statechart: the fence retry backoff, endless retry, fencing
// disabled, and that reports and refusals really reach a parent.
import { describe, expect, it } from 'vitest';
import { createActor, createMachine, type AnyEventObject } from 'xstate';
import { nodeMachine } from '../../src/machines/node.ts';
import { fenceRetryDelayMs, validateNodeInput } from '../../src/machines/node-ops.ts';
import { NodeHarness, nodeInput } from './support/node-harness.ts';

function lostMember(overrides: Parameters<typeof nodeInput>[0] = {}): NodeHarness {
  const h = new NodeHarness(nodeInput(overrides));
  h.send({ type: 'NODE.JOIN' });
  h.send({ type: 'NODE.JOINED' });
  h.send({ type: 'NODE.LOST', needsFencing: false });
  return h;
}

describe('node: fencing retries', () => {
  it('should wait 1 s doubling to a 60 s cap over 10 failures', () => {
    const waits = Array.from({ length: 10 }, (_, i) => fenceRetryDelayMs({ fenceRetryInitialMs: 1_000, fenceRetryMaxMs: 60_000 }, i + 1));
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('should ask again only once each wait has passed', () => {
    const h = lostMember();
    const waits: number[] = [];
    for (let i = 1; i <= 10; i++) {
      h.send({ type: 'FENCE.FAILED', reason: 'agent returned 1' });
      const wait = h.lastReport!.retryInMs!;
      waits.push(wait);
      h.advance(wait - 1);
      expect(h.state).toBe('fencing.backoff');
      h.advance(1);
      expect(h.lastReport).toMatchObject({ state: 'fencing', request: 'fence', fenceAttempts: i + 1 });
    }
    expect(waits).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000, 60_000]);
  });

  it('should never give up: 50 failures, then a success, end fenced', () => {
    const h = lostMember();
    for (let i = 0; i < 50; i++) {
      h.send({ type: 'FENCE.FAILED', reason: 'timeout' });
      h.advance(60_000);
    }
    expect(h.context).toMatchObject({ fenceAttempts: 51, fenceFailures: 50, resourcesUnknown: true });
    h.send({ type: 'FENCE.SUCCEEDED', device: 'ipmi1' });
    expect(h.state).toBe('fenced');
    expect(h.lastReport).toMatchObject({ state: 'fenced', resourcesUnknown: false, resourcesStopped: true, recoveryBlocked: null, reason: 'fenced by ipmi1' });
  });

  it('should accept a confirmation between two attempts', () => {
    const h = lostMember();
    h.send({ type: 'FENCE.FAILED', reason: 'no route' });
    h.send({ type: 'FENCE.CONFIRMED', by: 'alice' });
    expect(h.state).toBe('fenced');
    h.advance(120_000);
    expect(h.state).toBe('fenced');
    expect(h.reports.filter((r) => r.request === 'fence')).toHaveLength(1);
  });
});

describe('node: unclean', () => {
  it('should block recovery until confirmed when fencing is disabled', () => {
    const h = lostMember({ fencingEnabled: false });
    expect(h.state).toBe('unclean');
    expect(h.lastReport).toMatchObject({ resourcesUnknown: true, recoveryBlocked: 'awaiting-confirmation', request: null });
    h.send({ type: 'NODE.JOIN' });
    expect(h.state).toBe('unclean');
    expect(h.refusals).toMatchObject([{ event: 'NODE.JOIN', state: 'unclean' }]);
    h.send({ type: 'FENCE.CONFIRMED' });
    h.send({ type: 'NODE.JOIN' });
    expect(h.state).toBe('joining');
  });

  it('should report a fence wanted, with the action the coordinator ordered, then return to the default', () => {
    const h = new NodeHarness(nodeInput());
    h.send({ type: 'NODE.JOIN' });
    h.send({ type: 'NODE.JOINED' });
    h.send({ type: 'NODE.FENCE', reason: 'stop of db failed', action: 'off' });
    expect(h.lastReport).toMatchObject({ state: 'fencing', request: 'fence', fenceAction: 'off', recoveryBlocked: 'awaiting-fence', reason: 'stop of db failed' });
    h.send({ type: 'FENCE.SUCCEEDED' });
    expect(h.context.fenceAction).toBe('reboot');
  });

  it('should keep its standby mode across a fence and a rejoin', () => {
    const h = new NodeHarness(nodeInput());
    h.send({ type: 'NODE.JOIN' });
    h.send({ type: 'NODE.JOINED' });
    h.send({ type: 'NODE.STANDBY' });
    h.send({ type: 'NODE.LOST', needsFencing: true });
    h.send({ type: 'FENCE.SUCCEEDED' });
    h.send({ type: 'NODE.JOIN' });
    h.send({ type: 'NODE.JOINED' });
    expect(h.state).toBe('standby');
  });

  it('should reject retry waits that make no sense', () => {
    expect(() => validateNodeInput(nodeInput({ fenceRetryInitialMs: 5_000, fenceRetryMaxMs: 1_000 }))).toThrow(/fenceRetryMaxMs/);
    expect(() => validateNodeInput(nodeInput({ fenceRetryInitialMs: 0 }))).toThrow(/fenceRetryInitialMs/);
  });
});

describe('node: parent', () => {
  it('should send its reports and refusals to the parent', () => {
    const seen: AnyEventObject[] = [];
    const parent = createMachine({
      invoke: { id: 'node', src: nodeMachine, input: nodeInput({ node: 'n7' }) },
      on: { '*': { actions: ({ event }) => { seen.push(event); } } },
    });
    const actor = createActor(parent, { id: 'coordinator' }).start();
    const child = actor.getSnapshot().children['node']!;
    child.send({ type: 'NODE.JOIN' });
    child.send({ type: 'NODE.JOINED' });
    child.send({ type: 'NODE.LOST', needsFencing: true });
    child.send({ type: 'NODE.JOIN' });
    expect(seen.map((e) => (e.type === 'NODE.REPORT' ? e['state'] : e.type))).toEqual(['offline', 'joining', 'online', 'unclean', 'fencing', 'NODE.REFUSED']);
    expect(seen.at(-1)).toMatchObject({ node: 'n7', event: 'NODE.JOIN', state: 'fencing' });
    actor.stop();
  });
});
