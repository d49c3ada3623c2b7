// Roles in reconcile: what an instance of a promotable clone is now (from its history) and
// will be (from placement and promotion), and the bucket a role change alone gives (promote or
// demote in place). Everything else (start, stop, move, recover, restart) keeps its bucket and
// carries the role change along, the way crm_simulate's summary shows it.
import type { PrimitiveInfo } from './resources.ts';
import type { ResourceOnNode } from './unpack.ts';
import type { ReconcileInput, Bucket } from './reconcile.ts';
import type { Reason, RoleChange, RoleName } from './types.ts';
import type { Network } from './network.ts';
import { INFINITY } from './score.ts';

/** The role change of a promotable instance; undefined for every other primitive. */
export function roleChange(input: ReconcileInput, info: PrimitiveInfo, active: readonly ResourceOnNode[]): RoleChange | undefined {
  if (info.clone === undefined || input.index.clones.get(info.clone)?.promotable !== true) {
    // A resource that cannot be promoted but was found promoted (its agent said rc 8) runs on
    // in the plain Started role.
    if (!active.some((s) => s.role === 'promoted')) return undefined;
    const target = input.placement.node.get(info.id) ?? null;
    return { from: 'Promoted', to: target === null ? 'Stopped' : 'Started' };
  }
  const now = active[0];
  const from: RoleName = now === undefined ? 'Stopped' : now.role === 'promoted' ? 'Promoted' : 'Unpromoted';
  if (!info.meta.managed) return { from, to: from };
  const target = input.placement.node.get(info.id) ?? null;
  const to: RoleName = target === null ? 'Stopped' : input.placement.roles.get(info.id)?.role === 'promoted' ? 'Promoted' : 'Unpromoted';
  return { from, to };
}

/**
 * A kept instance whose role changes is promoted or demoted where it runs. One active on several
 * nodes that restarts on one of them in another role moves there from the first.
 */
export function withRoleChange(bucket: Bucket, roles: RoleChange | undefined, current: readonly string[]): Bucket {
  if (roles === undefined || roles.from === roles.to) return bucket;
  if (bucket.kind === 'restart' && current.length > 1 && current[0] !== bucket.node) return { kind: 'move', from: current[0]!, to: bucket.node };
  if (bucket.kind !== 'keep') return bucket;
  return roles.to === 'Promoted' ? { kind: 'promote', node: bucket.node } : { kind: 'demote', node: bucket.node };
}

/**
 * Why a promotion cannot happen although the instance can run: the promoted role must run
 * with a resource (a mandatory colocation) that cannot start where it is to run.
 */
export function promotionBlocker(input: ReconcileInput, net: Network, info: PrimitiveInfo): Reason | undefined {
  for (const c of input.constraints.promotedWith.get(info.clone ?? '') ?? []) {
    if (c.score < INFINITY) continue;
    const start = net.acts.get(`${c.primary}:start`);
    if (start === undefined || start.runnable || start.active) continue;
    return { code: 'unrunnable-prerequisite', text: `colocation with ${c.primary}`, cause: start.key };
  }
  return undefined;
}
