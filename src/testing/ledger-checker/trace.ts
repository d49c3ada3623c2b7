// Readable traces: the entries around a violation, one line each, the involved ones marked.
import type { LedgerEntry } from '../../ledger/types.ts';
import { inOrder } from './replay.ts';
import type { Violation } from './types.ts';

function body(e: LedgerEntry): string {
  switch (e.kind) {
    case 'op.invoked': return `${e.node}  invoke ${e.op}${e.probe ? ' (probe)' : ''} ${e.instance}  epoch ${e.epoch}  call ${e.callId}`;
    case 'op.completed': return `${e.node}  ${e.outcome} ${e.op}${e.probe ? ' (probe)' : ''} ${e.instance} rc ${e.rc}  epoch ${e.epoch}  call ${e.callId}`;
    case 'fence.requested': return `${e.by}  fence ${e.action} ${e.target} requested  epoch ${e.epoch}`;
    case 'fence.completed': return `${e.by}  fence of ${e.target} ${e.ok ? (e.manual ? 'confirmed by hand' : 'done') : 'FAILED'}  epoch ${e.epoch}`;
    case 'coordinator.up': return `${e.node}  coordinator up, epoch ${e.epoch}, members ${e.members.join(',')}`;
    case 'coordinator.down': return `${e.node}  coordinator down, epoch ${e.epoch}`;
    case 'membership.changed': return `${e.node}  members ${e.members.join(',')}  epoch ${e.epoch}`;
    case 'command.refused': return `${e.node}  refused epoch ${e.epoch} from ${e.from} (current ${e.currentEpoch})`;
    case 'quorum.changed': return `${e.node}  ${e.quorate ? 'quorate' : 'NOT quorate'}`;
    case 'config.acknowledged': return `${e.node}  config ${e.generation} acknowledged (${e.digest.slice(0, 8)})`;
    case 'config.held': return `${e.node}  holds config ${e.generation} (${e.digest.slice(0, 8)})`;
    case 'fault': {
      const where = e.sides ? e.sides.map((s) => s.join(',')).join(' | ') : (e.nodes ?? []).join(',');
      return `FAULT ${e.fault} ${where}${e.resource ? ` ${e.resource}` : ''}${e.detail ? ` (${e.detail})` : ''}`;
    }
    case 'healed': return 'HEALED';
    case 'run.ended': return 'RUN ENDED';
  }
}

/** One entry as a line: `#seq  time  what`. */
export function formatEntry(e: LedgerEntry): string {
  return `#${String(e.seq).padStart(5)}  ${(e.atMs / 1000).toFixed(3).padStart(9)}s  ${body(e)}`;
}

/**
 * The violation, then the entries within `around` positions of it, with the involved entries
 * that fall outside that window too; `>` marks the violating entry, `*` the others involved.
 */
export function formatTrace(entries: LedgerEntry[], violation: Violation, around = 20): string {
  const ordered = inOrder(entries);
  const at = ordered.findIndex((e) => e.seq === violation.atSeq);
  const involved = new Set(violation.entries);
  const lines = [`${violation.invariant} at #${violation.atSeq}: ${violation.message}`];
  let previous = -1;
  ordered.forEach((e, i) => {
    const near = at >= 0 && Math.abs(i - at) <= around;
    if (!near && !involved.has(e.seq)) return;
    if (i > previous + 1) lines.push(`   ... ${i - previous - 1} entries ...`);
    const mark = e.seq === violation.atSeq ? '>' : involved.has(e.seq) ? '*' : ' ';
    lines.push(`${mark} ${formatEntry(e)}`);
    previous = i;
  });
  return lines.join('\n');
}
