// A parent of resource instances (at most ~1,000: XState's spawn and stop cost grows with the
// number of siblings). It spawns its children from its input, forwards requests to them, keeps
// their latest reports as plain JSON, and restarts a child that crashes: XState has no built-in
// restart strategy, and an unhandled child error would kill the parent.
import { assign, enqueueActions, sendTo, setup } from 'xstate';
import { assert } from '../assert.ts';
import { resourceMachine } from './resource.ts';
import type { ResourceEvent, ResourceInput, ResourceReport } from './resource-types.ts';

export const SUPERVISOR_CHILDREN_MAX = 1_000;

export interface InstanceView {
  state: ResourceReport['state'];
  rc: number | null;
  reason: string;
  failure: ResourceReport['failure'];
  degraded: boolean;
}

export interface SupervisorInput {
  node: string;
  resources: ResourceInput[];
}

export interface SupervisorContext {
  node: string;
  inputs: Record<string, ResourceInput>;
  /** Latest report per resource, in buckets (see bucketOf): read with instanceOf/allInstances. */
  instances: Record<string, Record<string, InstanceView>>;
  restarts: number;
}

/**
 * Reports are kept in buckets so that recording one copies about 1/32 of them: snapshots stay
 * immutable without a full copy per report (measured: the full copy was half of all CPU time
 * with 1,000 children).
 */
export const INSTANCE_BUCKETS = 32;

export function bucketOf(resource: string): string {
  let hash = 0;
  for (let i = 0; i < resource.length; i++) hash = (Math.imul(hash, 31) + resource.charCodeAt(i)) | 0;
  return `b${(hash >>> 0) % INSTANCE_BUCKETS}`;
}

export function instanceOf(context: SupervisorContext, resource: string): InstanceView | undefined {
  return context.instances[bucketOf(resource)]?.[resource];
}

export function allInstances(context: SupervisorContext): Record<string, InstanceView> {
  return Object.assign({}, ...Object.values(context.instances)) as Record<string, InstanceView>;
}

export type SupervisorEvent =
  | ResourceReport
  | { type: 'SUPERVISOR.COMMAND'; resource: string; command: ResourceEvent }
  | { type: 'SUPERVISOR.BROADCAST'; command: ResourceEvent }
  | { type: `xstate.error.actor.${string}`; error: unknown };

/** The child's actor id: stable, so requests and restarts find it again. */
export const childId = (resource: string, node: string) => `resource:${resource}@${node}`;

export const supervisorMachine = setup({
  types: {
    context: {} as SupervisorContext,
    events: {} as SupervisorEvent,
    input: {} as SupervisorInput,
  },
  actors: { resource: resourceMachine },
  actions: {
    spawnAll: enqueueActions(({ context, enqueue }) => {
      for (const input of Object.values(context.inputs)) {
        enqueue.spawnChild('resource', { id: childId(input.resource, input.node), input });
      }
    }),
    record: assign({
      instances: ({ context, event }) => {
        assert(event.type === 'RESOURCE.REPORT', 'record on a non-report event');
        const { state, rc, reason, failure, degraded } = event;
        const bucket = bucketOf(event.resource);
        const view: InstanceView = { state, rc, reason, failure, degraded };
        return { ...context.instances, [bucket]: { ...context.instances[bucket], [event.resource]: view } };
      },
    }),
    forward: sendTo(
      ({ context, event }) => {
        assert(event.type === 'SUPERVISOR.COMMAND', 'forward on a non-command event');
        assert(event.resource in context.inputs, `no resource ${event.resource} under ${context.node}`);
        return childId(event.resource, context.node);
      },
      ({ event }) => (event as Extract<SupervisorEvent, { type: 'SUPERVISOR.COMMAND' }>).command,
    ),
    broadcast: enqueueActions(({ context, event, enqueue }) => {
      assert(event.type === 'SUPERVISOR.BROADCAST', 'broadcast on a non-broadcast event');
      for (const id of Object.keys(context.inputs)) enqueue.sendTo(childId(id, context.node), event.command);
    }),
    // A crashed child is replaced by a fresh one, which starts `unknown` and is re-probed.
    restartChild: enqueueActions(({ context, event, enqueue }) => {
      const id = event.type.slice('xstate.error.actor.'.length);
      const input = Object.values(context.inputs).find((i) => childId(i.resource, i.node) === id);
      if (!input) return;
      enqueue.stopChild(id);
      enqueue.spawnChild('resource', { id, input });
      enqueue.assign({ restarts: context.restarts + 1 });
    }),
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input }) => {
    assert(input.resources.length <= SUPERVISOR_CHILDREN_MAX, `a supervisor holds at most ${SUPERVISOR_CHILDREN_MAX} children`);
    const inputs: Record<string, ResourceInput> = {};
    for (const r of input.resources) {
      assert(!(r.resource in inputs), `duplicate resource ${r.resource}`);
      inputs[r.resource] = r;
    }
    return { node: input.node, inputs, instances: {}, restarts: 0 };
  },
  entry: 'spawnAll',
  on: {
    'RESOURCE.REPORT': { actions: 'record' },
    'SUPERVISOR.COMMAND': { actions: 'forward' },
    'SUPERVISOR.BROADCAST': { actions: 'broadcast' },
    'xstate.error.actor.*': { actions: 'restartChild' },
  },
});

