// The simulated agents: truth per node, scripted failures, power loss voiding what was under
// way, fences powering the target off, and the harness's own double-activity oracle.
import { describe, expect, it } from 'vitest';
import { SimWorld } from '../../src/testing/sim/agents.ts';
import { NodeClock, SteppedClock } from '../../src/testing/sim/clock.ts';
import type { AgentOperation, AgentResult } from '../../src/ocf/operation.ts';
import { createPrng } from '../../src/transport/prng.ts';

function op(action: AgentOperation['action'], node: string, resource = 'db', intervalMs = 0): AgentOperation {
  return { resource, agent: { class: 'ocf', provider: 'heartbeat', type: 'Dummy' }, action, intervalMs, timeoutMs: 1_000, params: {}, meta: {}, node };
}

function setup() {
  const clock = new SteppedClock();
  const poweredOff: string[] = [];
  const world = new SimWorld({ clock, prng: createPrng(1), singleInstance: ['db'], powerOff: (target) => { poweredOff.push(target); world.clearNode(target); } });
  const gate = new NodeClock(clock);
  const run = async (o: AgentOperation): Promise<AgentResult | 'no answer'> => {
    let answer: AgentResult | 'no answer' = 'no answer';
    void world.runner(o.node, gate).run(o).then((r) => { answer = r; });
    clock.runUntil(clock.now() + 2_000);
    await Promise.resolve();
    return answer;
  };
  return { clock, world, gate, run, poweredOff };
}

describe('SimWorld', () => {
  it('should answer monitors from what really runs', async () => {
    const { world, run } = setup();
    expect((await run(op('monitor', 'node1')) as AgentResult).rc).toBe(7);
    expect((await run(op('start', 'node1')) as AgentResult).rc).toBe(0);
    expect(world.activeOn('node1')).toEqual(['db']);
    expect((await run(op('monitor', 'node1', 'db', 2_000)) as AgentResult).rc).toBe(0);
  });

  it('should kill the operations a dead daemon left running when the next one starts: no answer, a start may have run', async () => {
    const { world, clock, gate } = setup();
    let answered = false;
    void world.runner('node1', gate).run(op('start', 'node1')).then(() => { answered = true; });
    void world.runner('node1', gate).run(op('stop', 'node1', 'web')).then(() => { answered = true; });
    expect(world.killStrays('node2')).toEqual([]);
    expect(world.killStrays('node1')).toHaveLength(2);
    expect(world.activeOn('node1'), 'the killed start got far enough').toEqual(['db']);
    clock.runUntil(clock.now() + 2_000);
    await Promise.resolve();
    expect(answered).toBe(false);
    expect(world.killStrays('node1')).toEqual([]);
  });

  it('should fail the next matching stop with the chosen exit code and keep the instance running', async () => {
    const { world, run } = setup();
    await run(op('start', 'node1'));
    world.addAgentFault({ node: 'node1', instance: 'db', op: 'stop', mode: { kind: 'rc', rc: 1 } });
    expect((await run(op('stop', 'node1')) as AgentResult).rc).toBe(1);
    expect(world.activeOn('node1')).toEqual(['db']);
    expect((await run(op('stop', 'node1')) as AgentResult).rc).toBe(0);
    expect(world.activeOn('node1')).toEqual([]);
  });

  it('should time out an operation at its timeout', async () => {
    const { world, run } = setup();
    world.addAgentFault({ node: 'node1', instance: 'db', op: 'start', mode: { kind: 'timeout' } });
    const result = await run(op('start', 'node1')) as AgentResult;
    expect(result.timedOut).toBe(true);
    expect(result.durationMs).toBe(1_000);
  });

  it('should void what was under way on a node that lost power', async () => {
    const { clock, world, gate } = setup();
    let answered = false;
    void world.runner('node1', gate).run(op('start', 'node1')).then(() => { answered = true; });
    world.clearNode('node1');
    clock.runUntil(2_000);
    await Promise.resolve();
    expect(answered).toBe(false);
    expect(world.activeOn('node1')).toEqual([]);
  });

  it('should record a single-instance resource really running on two nodes', async () => {
    const { world, run } = setup();
    await run(op('start', 'node1'));
    await run(op('start', 'node2'));
    expect(world.truthViolations.map((v) => [v.instance, v.nodes])).toEqual([['db', ['node1', 'node2']]]);
  });

  it('should power the target off when a fence succeeds, and not when its device fails', async () => {
    const { clock, world, gate, poweredOff, run } = setup();
    await run(op('start', 'node2'));
    world.addFenceFault({ device: 'fence-node2', mode: 'fail', untilMs: clock.now() + 1_000 });
    const fence = world.fenceRunner('node1', gate);
    const results: boolean[] = [];
    void fence.run({ device: 'fence-node2', agent: 'fence_dummy', action: 'reboot', target: 'node2', params: {}, timeoutMs: 500 }).then((r) => results.push(r.ok));
    clock.runUntil(clock.now() + 1_000);
    await Promise.resolve();
    void fence.run({ device: 'fence-node2', agent: 'fence_dummy', action: 'reboot', target: 'node2', params: {}, timeoutMs: 500 }).then((r) => results.push(r.ok));
    clock.runUntil(clock.now() + 1_000);
    await Promise.resolve();
    expect(results).toEqual([false, true]);
    expect(poweredOff).toEqual(['node2']);
    expect(world.activeOn('node2')).toEqual([]);
  });
});
