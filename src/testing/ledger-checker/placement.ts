// Bans, standby, maintenance and target-role are respected.
//
// The configuration is `ctx.doc`; if the run changed it (config.acknowledged entries), it is
// taken to be the final one, so these checks start after the last acknowledged change.
// - 'ban-violated': a start or migrate_from on a node where a -INFINITY location constraint
//   bans the resource, its group or its clone (rule-based and role-specific ones are not read).
// - 'standby-violated': a start or migrate_from on a node configured standby.
// - 'target-role-violated': a start or migrate_from of a resource whose target-role is Stopped
//   (its own, its group's or its clone's) or while stop-all-resources is set.
// - 'maintenance-violated': any operation but a monitor (probes and monitors are allowed) on an
//   unmanaged resource (is-managed=false, maintenance meta, maintenance-mode) or on a node in
//   maintenance.
// Instances the configuration does not know are not judged.
import type { LedgerEntry } from '../../ledger/types.ts';
import { instanceFacts, isBanned, lastConfigChangeSeq, nodeConfig, type ResourceModel } from './model.ts';
import { replay } from './replay.ts';
import { violation, type CheckContext, type Violation } from './types.ts';
import type { Entry } from './world.ts';

function checkOp(e: Entry<'op.invoked'>, model: ResourceModel, out: Violation[]): void {
  const facts = instanceFacts(model, e.instance);
  if (facts.kind === 'unknown') return;
  const node = nodeConfig(model, e.node);
  const what = `${e.op} of ${facts.id} on ${e.node} (epoch ${e.epoch})`;
  if (e.op !== 'monitor' && !facts.managed) out.push(violation('maintenance-violated', e.seq, `${what}, but ${facts.id} is unmanaged`, [e.seq]));
  else if (e.op !== 'monitor' && node.maintenance) out.push(violation('maintenance-violated', e.seq, `${what}, but ${e.node} is in maintenance`, [e.seq]));
  if (e.op !== 'start' && e.op !== 'migrate_from') return;
  const ban = isBanned(model, facts, e.node);
  if (ban !== undefined) out.push(violation('ban-violated', e.seq, `${what}, but location constraint ${ban} bans it from ${e.node}`, [e.seq]));
  if (node.standby) out.push(violation('standby-violated', e.seq, `${what}, but ${e.node} is in standby`, [e.seq]));
  if (facts.mustStayStopped) out.push(violation('target-role-violated', e.seq, `${what}, but it must stay stopped (target-role Stopped or stop-all-resources)`, [e.seq]));
}

export function checkPlacement(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const from = lastConfigChangeSeq(entries);
  replay(entries, ctx, {
    before(e, world) {
      if (e.kind === 'op.invoked' && e.seq > from) checkOp(e, world.model, out);
    },
  });
  return out;
}
