// One walk over a ledger: each invariant family replays the entries in seq order with its own
// visitor, which sees the world just before and just after every entry. Visitors only read.
import type { LedgerEntry } from '../../ledger/types.ts';
import { buildModel, type ResourceModel } from './model.ts';
import type { CheckContext } from './types.ts';
import { applyEntry, createWorld, type World } from './world.ts';

export interface Visitor {
  before?(e: LedgerEntry, world: World): void;
  after?(e: LedgerEntry, world: World): void;
  end?(world: World, last: LedgerEntry | undefined): void;
}

/** Entries in seq order (a copy; the input is never reordered in place). */
export function inOrder(entries: LedgerEntry[]): LedgerEntry[] {
  return [...entries].sort((a, b) => a.seq - b.seq);
}

export function modelOf(ctx: CheckContext): ResourceModel {
  return buildModel(ctx.doc);
}

export function replay(entries: LedgerEntry[], ctx: CheckContext, visitor: Visitor): World {
  const ordered = inOrder(entries);
  const world = createWorld(modelOf(ctx), ctx, ordered[0]);
  for (const e of ordered) {
    visitor.before?.(e, world);
    applyEntry(world, e);
    visitor.after?.(e, world);
  }
  visitor.end?.(world, ordered.at(-1));
  return world;
}
