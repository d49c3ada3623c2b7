// Mandatory colocation is respected ('colocation-violated'), judged once the cluster has
// settled (settle.ts): colocation places resources without ordering them, so mid-transition a
// dependent may briefly run apart from its `with`. At the end of a settled run, on every node
// where a +INFINITY colocation's dependent is started its `with` is started too, and no node
// has both sides of a -INFINITY one started. Role-specific colocations are not read.
import type { ColocationConstraint } from '../../config/model.ts';
import { INFINITY } from '../../config/model.ts';
import type { LedgerEntry } from '../../ledger/types.ts';
import { placedOn } from './can-run.ts';
import { primitivesOf } from './model.ts';
import { inOrder, replay } from './replay.ts';
import { settleOf } from './settle.ts';
import { isUp } from './topology.ts';
import { violation, type CheckContext, type Violation } from './types.ts';
import { peekState, type World } from './world.ts';

function startSeqs(world: World, configId: string, node: string): number[] {
  return primitivesOf(world.model, configId).map((p) => peekState(world, node, p)?.lastOp?.seq).filter((s): s is number => s !== undefined);
}

function judge(world: World, c: ColocationConstraint, endSeq: number, out: Violation[]): void {
  for (const node of world.model.nodes.filter((n) => isUp(world.topo, n))) {
    if (!placedOn(world, c.resource, node)) continue;
    const withHere = placedOn(world, c.with, node);
    if (c.score > 0 && !withHere) {
      out.push(violation('colocation-violated', endSeq, `after settling, ${c.resource} runs on ${node} without ${c.with} (colocation ${c.id}, score INFINITY)`, [endSeq, ...startSeqs(world, c.resource, node)]));
    } else if (c.score < 0 && withHere) {
      out.push(violation('colocation-violated', endSeq, `after settling, ${c.resource} and ${c.with} both run on ${node} (colocation ${c.id}, score -INFINITY)`, [endSeq, ...startSeqs(world, c.resource, node), ...startSeqs(world, c.with, node)]));
    }
  }
}

export function checkColocation(entries: LedgerEntry[], ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const settle = settleOf(inOrder(entries), ctx);
  if (settle === undefined) return out;
  replay(entries, ctx, {
    end(world) {
      for (const c of world.model.doc.config.constraints) {
        if (c.kind !== 'colocation' || Math.abs(c.score) < INFINITY || c.resourceRole !== undefined || c.withRole !== undefined) continue;
        judge(world, c, settle.end.seq, out);
      }
    },
  });
  return out;
}
