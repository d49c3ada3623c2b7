// An instance host only relays: it spawns and addresses what the coordinator names, passes its
// instances' reports up unchanged, and reports a crashed instance instead of crashing itself.
import { describe, expect, it } from 'vitest';
import { assign, createActor, createMachine, sendParent, setup, type AnyEventObject } from 'xstate';
import { instanceHostMachine } from '../../src/machines/instance-host.ts';
import { resourceMachine } from '../../src/machines/resource.ts';
import { fenceMachine } from '../../src/machines/fence.ts';
import type { ResourceInput } from '../../src/machines/resource-types.ts';

/** A stand-in instance: reports each START to its parent, and crashes on STOP. */
const fakeInstance = createMachine({
  id: 'resource',
  on: {
    'RESOURCE.START': { actions: sendParent({ type: 'RESOURCE.REPORT', state: 'started' }) },
    'RESOURCE.STOP': { actions: () => { throw new Error('agent wrapper crashed'); } },
  },
}) as unknown as typeof resourceMachine;

function parentOfHost() {
  const host = instanceHostMachine.provide({ actors: { resource: fakeInstance, fence: fenceMachine } });
  return setup({ types: { context: {} as { heard: AnyEventObject[] } }, actors: { host } }).createMachine({
    context: { heard: [] },
    invoke: { id: 'host', src: 'host', input: { node: 'n1', slice: 0 } },
    on: {
      '*': { actions: assign({ heard: ({ context, event }) => [...context.heard, event] }) },
    },
  });
}

describe('instance host', () => {
  it('should spawn, relay down and up, and report a crashed instance without crashing', () => {
    const parent = createActor(parentOfHost()).start();
    const host = parent.getSnapshot().children.host!;
    host.send({ type: 'INSTANCES.SPAWN', id: 'resource:a@n1', kind: 'resource', input: {} as ResourceInput });
    host.send({ type: 'INSTANCES.SEND', id: 'resource:a@n1', event: { type: 'RESOURCE.START' } });
    expect(parent.getSnapshot().context.heard.map((e) => e.type)).toEqual(['RESOURCE.REPORT']);
    expect((host.getSnapshot() as { context: { count: number } }).context.count).toBe(1);

    host.send({ type: 'INSTANCES.SEND', id: 'resource:a@n1', event: { type: 'RESOURCE.STOP' } });
    const failed = parent.getSnapshot().context.heard.at(-1) as AnyEventObject;
    expect(failed).toMatchObject({ type: 'INSTANCES.FAILED', id: 'resource:a@n1' });
    expect(String((failed as unknown as { error: unknown }).error)).toContain('agent wrapper crashed');
    expect(host.getSnapshot().status).toBe('active');
    expect(Object.keys((host.getSnapshot() as { children: object }).children)).toEqual([]);
    expect((host.getSnapshot() as { context: { count: number } }).context.count).toBe(0);

    // An event for an instance no longer there is dropped, not an error.
    host.send({ type: 'INSTANCES.SEND', id: 'resource:a@n1', event: { type: 'RESOURCE.START' } });
    expect(host.getSnapshot().status).toBe('active');
  });
});
