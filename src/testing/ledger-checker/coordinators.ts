// At most one coordinator per partition; epochs only grow; commands of an older epoch are refused.
//
// - 'two-coordinators': a coordinator.up while another coordinator (up, not stepped down, not
//   crashed, restarted or fenced) is up and connected to it. Checked at election only: after a
//   partition heals, the older one stepping down on seeing the newer is expected.
// - 'epoch-reused': two nodes came up as coordinator of one epoch (the epoch is the fencing token).
// - 'epoch-regressed': a coordinator.up whose epoch is not above every earlier one on that node
//   (equal is allowed once that node's coordinator of the epoch went down: a crashed coordinator
//   replaced), nor (except in two-node mode, where each side campaigns alone) above every
//   earlier one anywhere.
// - 'stale-epoch-accepted': a node ran an operation of an epoch older than one it had already
//   shown it knew: its own coordinator epoch, the current epoch it gave when refusing a command,
//   or the epoch of an earlier operation on the same instance. (Operations on different
//   instances are queued apart, so their run order is not their acceptance order.)
// - 'refused-current-epoch': a refusal of a command that was not older than the node's epoch
//   (except a coordinator refusing its own command once its lease has run out: safe, and meant).
import type { LedgerEntry } from '../../ledger/types.ts';
import { replay } from './replay.ts';
import { connected, isUp } from './topology.ts';
import { violation, type CheckContext, type Violation } from './types.ts';
import { instanceKey, type Entry, type World } from './world.ts';

interface EpochTracker {
  /** Highest epoch each node has shown it knows, and the entry that showed it. */
  nodeEpoch: Map<string, { epoch: number; seq: number }>;
  /** Highest epoch of an operation run per instance key. */
  instanceEpoch: Map<string, { epoch: number; seq: number }>;
  /** Highest coordinator epoch per node, and overall. */
  upEpoch: Map<string, { epoch: number; seq: number }>;
  maxUp?: { epoch: number; seq: number; node: string };
}

function checkElection(e: Entry<'coordinator.up'>, world: World, t: EpochTracker, twoNode: boolean, out: Violation[]): void {
  for (const other of world.coordinators.values()) {
    if (other.node === e.node || !isUp(world.topo, other.node) || !connected(world.topo, e.node, other.node)) continue;
    out.push(violation('two-coordinators', e.seq, `${e.node} became coordinator of epoch ${e.epoch} while ${other.node} (epoch ${other.epoch}, up at #${other.upSeq}) is still coordinator in the same partition`, [e.seq, other.upSeq]));
  }
  const owner = world.epochOwner.get(e.epoch);
  if (owner !== undefined && owner.node !== e.node) {
    out.push(violation('epoch-reused', e.seq, `${e.node} became coordinator of epoch ${e.epoch}, which ${owner.node} already held (#${owner.seq})`, [e.seq, owner.seq]));
    return;
  }
  const own = t.upEpoch.get(e.node);
  // The same epoch again on the same node is a restart of its crashed coordinator, once the first went down.
  if (own !== undefined && (e.epoch < own.epoch || (e.epoch === own.epoch && world.coordinators.has(e.node)))) {
    out.push(violation('epoch-regressed', e.seq, `${e.node} became coordinator of epoch ${e.epoch} after having been coordinator of epoch ${own.epoch} (#${own.seq})`, [e.seq, own.seq]));
  } else if (!twoNode && t.maxUp !== undefined && e.epoch < t.maxUp.epoch) {
    out.push(violation('epoch-regressed', e.seq, `${e.node} became coordinator of epoch ${e.epoch} after ${t.maxUp.node} was coordinator of epoch ${t.maxUp.epoch} (#${t.maxUp.seq})`, [e.seq, t.maxUp.seq]));
  }
}

function checkOperation(e: Entry<'op.invoked'>, t: EpochTracker, out: Violation[]): void {
  const known = t.nodeEpoch.get(e.node);
  const before = t.instanceEpoch.get(instanceKey(e.node, e.instance));
  const newest = [known, before].filter((x) => x !== undefined).sort((a, b) => b.epoch - a.epoch)[0];
  if (newest === undefined || e.epoch >= newest.epoch) return;
  out.push(violation('stale-epoch-accepted', e.seq, `${e.node} ran ${e.op} of ${e.instance} for epoch ${e.epoch} after it knew epoch ${newest.epoch} (#${newest.seq})`, [e.seq, newest.seq]));
}

function raise(map: Map<string, { epoch: number; seq: number }>, key: string, epoch: number, seq: number): void {
  if ((map.get(key)?.epoch ?? -Infinity) < epoch) map.set(key, { epoch, seq });
}

function learn(e: LedgerEntry, t: EpochTracker): void {
  if (e.kind === 'coordinator.up') {
    raise(t.nodeEpoch, e.node, e.epoch, e.seq);
    raise(t.upEpoch, e.node, e.epoch, e.seq);
    if (t.maxUp === undefined || e.epoch > t.maxUp.epoch) t.maxUp = { epoch: e.epoch, seq: e.seq, node: e.node };
  } else if (e.kind === 'command.refused') raise(t.nodeEpoch, e.node, e.currentEpoch, e.seq);
  else if (e.kind === 'op.invoked') raise(t.instanceEpoch, instanceKey(e.node, e.instance), e.epoch, e.seq);
}

export function checkCoordinators(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const t: EpochTracker = { nodeEpoch: new Map(), instanceEpoch: new Map(), upEpoch: new Map() };
  replay(entries, ctx, {
    before(e, world) {
      if (e.kind === 'coordinator.up') checkElection(e, world, t, ctx.twoNode ?? false, out);
      else if (e.kind === 'op.invoked') checkOperation(e, t, out);
      else if (e.kind === 'command.refused' && e.epoch >= e.currentEpoch && e.from !== e.node) {
        out.push(violation('refused-current-epoch', e.seq, `${e.node} refused a command of epoch ${e.epoch} from ${e.from} although its own epoch is ${e.currentEpoch}`, [e.seq]));
      }
    },
    after: (e) => learn(e, t),
  });
  return out;
}
