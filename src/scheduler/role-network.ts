// Roles in reconcile's action network. Every instance member of a promotable clone has a
// promote action (required when it is to be promoted; runnable only if it is to run promoted,
// and only once its start can happen), and one promoted now has a demote action (required
// when it is to run unpromoted, stop or move; its stop waits for it). The clone has four role
// milestones, like start/running: promote gates every instance promotion, promoted is reached
// once any instance can run promoted, demote and demoted follow any instance demotion. Order
// constraints naming promote or demote of a clone attach to these milestones.
import type { ReconcileInput } from './reconcile.ts';
import type { Reason } from './types.ts';
import { instanceMembers } from './clones.ts';
import { addAct, addEdge, type Act, type Network } from './network.ts';

const NOT_PROMOTED: Reason = { code: 'placement', text: '' };

/** The promote and demote actions of one member of a promotable instance. */
export function addRoleActs(net: Network, input: ReconcileInput, id: string, promotedOn: string | undefined, stops: readonly Act[]): void {
  const target = input.placement.node.get(id) ?? null;
  const promoted = target !== null && input.placement.roles.get(id)?.role === 'promoted';
  const stays = promoted && promotedOn === target;
  addAct(net, { resource: id, type: 'promote', required: promoted && !stays, runnable: promoted, active: promotedOn !== undefined, ...(promoted ? {} : { reason: NOT_PROMOTED }) });
  addEdge(net, { first: `${id}:start`, then: `${id}:promote`, propagation: 'unrunnableOnly', source: 'start before promote', internal: true });
  if (promotedOn === undefined) return;
  const demote = addAct(net, { resource: id, type: 'demote', required: !stays, runnable: input.index.primitives.get(id)!.meta.managed, active: true });
  // A promoted instance stops only once demoted: its stop requires the demotion.
  for (const stop of stops) if (stop.node === promotedOn) addEdge(net, { first: demote.key, then: stop.key, propagation: 'inverse', source: 'demote before stop', internal: true });
}

/** Adds every promotable clone's role milestones and their edges to the instances. */
export function addRoleMilestones(net: Network, input: ReconcileInput): void {
  for (const clone of input.index.clones.values()) {
    if (!clone.promotable) continue;
    const id = clone.id;
    // Promoted now: what follows the promoted role is running already (like a running milestone).
    const promotedNow = clone.instances.some((top) => instanceMembers(input.index, top).some((m) => net.acts.has(`${m}:demote`)));
    for (const type of ['promote', 'promoted', 'demote', 'demoted'] as const) addAct(net, { resource: id, type, required: false, runnable: true, active: type === 'promoted' && promotedNow });
    const source = `clone ${id}`;
    for (const top of clone.instances) {
      for (const m of instanceMembers(input.index, top)) {
        addEdge(net, { first: `${id}:promote`, then: `${m}:promote`, propagation: 'unrunnableOnly', source, internal: true });
        addEdge(net, { first: `${m}:promote`, then: `${id}:promoted`, propagation: 'anyRunnable', source, internal: true });
        if (!net.acts.has(`${m}:demote`)) continue;
        addEdge(net, { first: `${m}:demote`, then: `${id}:demote`, propagation: 'impliesThen', source, internal: true });
        addEdge(net, { first: `${m}:demote`, then: `${id}:demoted`, propagation: 'impliesThen', source, internal: true });
      }
    }
  }
}

/** The milestone an order endpoint naming a role action of a promotable clone stands for. */
export function roleEndpoint(input: ReconcileInput, resource: string, action: 'promote' | 'demote', side: 'first' | 'then'): string | undefined {
  if (input.index.clones.get(resource)?.promotable !== true) return undefined;
  if (action === 'promote') return side === 'first' ? `${resource}:promoted` : `${resource}:promote`;
  return side === 'first' ? `${resource}:demoted` : `${resource}:demote`;
}
