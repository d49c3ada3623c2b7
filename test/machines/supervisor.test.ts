import { createActor, fromPromise, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { resourceMachine } from '../../src/machines/resource.ts';
import type { StampedResult } from '../../src/machines/resource-types.ts';
import { childId, instanceOf, supervisorMachine } from '../../src/machines/supervisor.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';
import { baseInput, flush } from './support/resource-harness.ts';

const instant = (rcFor: (op: AgentOperation) => number) => fromPromise<StampedResult, AgentOperation>(async ({ input }) => ({
  rc: rcFor(input), timedOut: false, signal: null, durationMs: 0, outputTail: '', endedAtMs: 0,
}));

describe('supervisor', () => {
  it('should spawn its children, forward requests and record their reports', async () => {
    const resource = resourceMachine.provide({ actors: { runAgent: instant((op) => (op.intervalMs === 0 && op.action === 'monitor' ? 7 : 0)) } });
    const actor = createActor(supervisorMachine.provide({ actors: { resource } }), {
      clock: new SimulatedClock(),
      input: { node: 'n1', resources: [baseInput({ resource: 'a', node: 'n1' }), baseInput({ resource: 'b', node: 'n1' })] },
    }).start();
    actor.send({ type: 'SUPERVISOR.COMMAND', resource: 'a', command: { type: 'RESOURCE.START' } });
    actor.send({ type: 'SUPERVISOR.COMMAND', resource: 'b', command: { type: 'RESOURCE.PROBE' } });
    await flush();
    expect(instanceOf(actor.getSnapshot().context, 'a')?.state).toBe('started');
    expect(instanceOf(actor.getSnapshot().context, 'b')?.state).toBe('stopped');
    expect(Object.keys(actor.getSnapshot().children).sort()).toEqual([childId('a', 'n1'), childId('b', 'n1')]);
  });

  it('should restart a child that crashes, which comes back unknown and unharmed', async () => {
    let crashes = 1;
    const resource = resourceMachine.provide({
      actors: { runAgent: instant(() => 7) },
      actions: {
        // A bug in a child's action: the first probe result crashes it.
        recordResult: () => { if (crashes-- > 0) throw new Error('bug'); },
      },
    });
    const actor = createActor(supervisorMachine.provide({ actors: { resource } }), {
      input: { node: 'n1', resources: [baseInput({ resource: 'a', node: 'n1' })] },
    }).start();
    actor.send({ type: 'SUPERVISOR.COMMAND', resource: 'a', command: { type: 'RESOURCE.PROBE' } });
    await flush();
    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().context.restarts).toBe(1);
    actor.send({ type: 'SUPERVISOR.COMMAND', resource: 'a', command: { type: 'RESOURCE.PROBE' } });
    await flush();
    expect(instanceOf(actor.getSnapshot().context, 'a')?.state).toBe('stopped');
  });
});
