// One run's ledger from its three kinds of writers: each daemon's --ledger file (coordinators,
// quorum, fencing, refused commands, configs, and the executor's view of every operation), each
// node's wrapper agent file (agents/ocf/vigil/LedgerDummy: the operation as the agent process
// saw it), and the harness's own entries (faults, healed, run.ended).
//
// Operations: per call id and kind, the agent's line wins over the daemon's, since it is what
// really ran; the daemon's stands in where the agent wrote none (fence devices, which run
// in-process; an agent killed before it could write; an agent that could not be started).
// Entries are ordered by time (one host, one clock), writers' own order breaking ties, then
// numbered from 1. Pure: reading files is the caller's job.
import type { LedgerBody, LedgerEntry } from '../../ledger/types.ts';
import { assert } from '../../assert.ts';

/** One line as a writer put it: a body plus the writer's clock (its own seq, if any, is ignored). */
export type LedgerLine = LedgerBody & { atMs: number };

export interface LedgerSource {
  /** `daemon`: a --ledger file; `agent`: a wrapper agent's file; `harness`: the CTS itself. */
  kind: 'daemon' | 'agent' | 'harness';
  name: string;
  lines: LedgerLine[];
}

const OP_KINDS = new Set(['op.invoked', 'op.completed']);

/** The JSON lines of one file; a line cut short by a kill (the last one) is dropped. */
export function parseLedgerLines(text: string, file: string): LedgerLine[] {
  const lines: LedgerLine[] = [];
  const raw = text.split('\n');
  raw.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (i >= raw.length - 2) return; // the last line, cut by a SIGKILL
      throw new Error(`${file}:${i + 1}: not a JSON ledger line: ${line.slice(0, 120)}`);
    }
    const entry = value as Partial<LedgerLine>;
    if (typeof entry.kind !== 'string' || typeof entry.atMs !== 'number') throw new Error(`${file}:${i + 1}: a ledger line needs kind and atMs: ${line.slice(0, 120)}`);
    const { seq: _seq, ...body } = entry as LedgerLine & { seq?: number };
    lines.push(body as LedgerLine);
  });
  return lines;
}

function opKey(line: LedgerLine): string | undefined {
  return OP_KINDS.has(line.kind) ? `${line.kind}|${(line as { callId: string }).callId}` : undefined;
}

/**
 * Merges the sources into one ledger ending at `endAtMs` (later lines are dropped: the harness
 * stops the cluster after its run.ended, and those stops are not part of the run).
 */
export function mergeLedgers(sources: LedgerSource[], endAtMs = Infinity): LedgerEntry[] {
  const fromAgents = new Set<string>();
  for (const s of sources) if (s.kind === 'agent') for (const l of s.lines) { const k = opKey(l); if (k) fromAgents.add(k); }
  const kept: { line: LedgerLine; order: number }[] = [];
  let order = 0;
  for (const s of sources) {
    for (const line of s.lines) {
      order++;
      if (line.atMs > endAtMs) continue;
      const key = opKey(line);
      if (s.kind === 'daemon' && key !== undefined && fromAgents.has(key)) continue;
      kept.push({ line, order });
    }
  }
  kept.sort((a, b) => a.line.atMs - b.line.atMs || a.order - b.order);
  const entries = kept.map(({ line }, i) => ({ ...line, seq: i + 1 }) as LedgerEntry);
  assert(entries.every((e, i) => i === 0 || e.atMs >= entries[i - 1]!.atMs), 'merged ledger must be in time order');
  return entries;
}
