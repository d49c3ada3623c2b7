// The ledger itself is well formed ('ledger-malformed'): seqs are unique, times never go back
// in seq order, every op.completed answers an op.invoked of the same node, instance and op,
// call ids are not reused, and each call completes at most once. A writer bug found here
// would otherwise show up as a confusing violation elsewhere.
import type { LedgerEntry } from '../../ledger/types.ts';
import { inOrder } from './replay.ts';
import { violation, type CheckContext, type Violation } from './types.ts';

type Invoked = Extract<LedgerEntry, { kind: 'op.invoked' }>;

function checkCall(e: Extract<LedgerEntry, { kind: 'op.completed' }>, calls: Map<string, Invoked>, done: Set<string>, out: Violation[]): void {
  const call = calls.get(e.callId);
  if (call === undefined) {
    out.push(violation('ledger-malformed', e.seq, `op.completed ${e.op} of ${e.instance} on ${e.node} answers call ${e.callId}, which was never invoked`, [e.seq]));
  } else if (done.has(e.callId)) {
    out.push(violation('ledger-malformed', e.seq, `call ${e.callId} (${e.op} of ${e.instance} on ${e.node}) completed twice`, [e.seq, call.seq]));
  } else if (call.node !== e.node || call.instance !== e.instance || call.op !== e.op) {
    out.push(violation('ledger-malformed', e.seq, `call ${e.callId} was invoked as ${call.op} of ${call.instance} on ${call.node} but completed as ${e.op} of ${e.instance} on ${e.node}`, [e.seq, call.seq]));
  }
  done.add(e.callId);
}

export function checkWellFormed(entries: LedgerEntry[], _ctx: CheckContext): Violation[] {
  const out: Violation[] = [];
  const calls = new Map<string, Invoked>();
  const done = new Set<string>();
  let prev: LedgerEntry | undefined;
  for (const e of inOrder(entries)) {
    if (prev !== undefined && prev.seq === e.seq) out.push(violation('ledger-malformed', e.seq, `two entries share seq ${e.seq}`, [e.seq]));
    else if (prev !== undefined && e.atMs < prev.atMs) out.push(violation('ledger-malformed', e.seq, `time goes back from ${prev.atMs} ms (#${prev.seq}) to ${e.atMs} ms`, [prev.seq, e.seq]));
    if (e.kind === 'op.invoked') {
      if (calls.has(e.callId)) out.push(violation('ledger-malformed', e.seq, `call id ${e.callId} invoked twice`, [calls.get(e.callId)!.seq, e.seq]));
      calls.set(e.callId, e);
    } else if (e.kind === 'op.completed') checkCall(e, calls, done, out);
    prev = e;
  }
  return out;
}
