// The CTS ledger merge: the agent's record of an operation wins over the daemon's, the daemon's
// stands in where the agent wrote nothing, entries are time-ordered and renumbered, and the
// shutdown after run.ended is cut off.
import { describe, expect, it } from 'vitest';
import { mergeLedgers, parseLedgerLines, type LedgerLine } from '../../src/testing/cts/ledger-merge.ts';

const invoked = (callId: string, atMs: number): LedgerLine => ({ kind: 'op.invoked', node: 'n1', instance: 'web', op: 'monitor', epoch: 2, callId, atMs });
const done = (callId: string, atMs: number, rc: number): LedgerLine => ({
  kind: 'op.completed', node: 'n1', instance: 'web', op: 'monitor', epoch: 2, callId, rc, outcome: rc === 0 ? 'ok' : 'failed', active: true, atMs,
});

describe('mergeLedgers', () => {
  it('should keep the agent line of an operation and the daemon line only where the agent wrote none', () => {
    const merged = mergeLedgers([
      { kind: 'daemon', name: 'n1 daemon', lines: [invoked('a', 10), done('a', 30, 0), invoked('b', 40), done('b', 60, 1)] },
      { kind: 'agent', name: 'n1 agent', lines: [invoked('a', 12), done('a', 28, 0), invoked('b', 42)] },
    ]);
    expect(merged.map((e) => [e.seq, e.kind, 'callId' in e ? e.callId : '', e.atMs])).toEqual([
      [1, 'op.invoked', 'a', 12], [2, 'op.completed', 'a', 28], [3, 'op.invoked', 'b', 42], [4, 'op.completed', 'b', 60],
    ]);
  });

  it('should order by time, keep writer order on ties, and drop what follows the end', () => {
    const merged = mergeLedgers([
      { kind: 'harness', name: 'harness', lines: [{ kind: 'fault', fault: 'crash', nodes: ['n2'], atMs: 20 }, { kind: 'run.ended', atMs: 50 }] },
      { kind: 'daemon', name: 'n2 daemon', lines: [{ kind: 'quorum.changed', node: 'n2', quorate: true, atMs: 20 }, { kind: 'quorum.changed', node: 'n2', quorate: false, atMs: 70 }] },
    ], 50);
    expect(merged.map((e) => `${e.seq}:${e.kind}@${e.atMs}`)).toEqual(['1:fault@20', '2:quorum.changed@20', '3:run.ended@50']);
  });
});

describe('parseLedgerLines', () => {
  it('should drop a last line cut short by a kill and the writer\'s own seq', () => {
    const text = `${JSON.stringify({ ...invoked('a', 1), seq: 7 })}\n{"kind":"op.comp`;
    expect(parseLedgerLines(text, 'n1.jsonl')).toEqual([invoked('a', 1)]);
  });

  it('should name the file and line of a line that is not JSON', () => {
    expect(() => parseLedgerLines('nonsense\n{"kind":"healed","atMs":1}\n', 'n1.jsonl')).toThrow(/n1\.jsonl:1: not a JSON ledger line/);
  });
});
