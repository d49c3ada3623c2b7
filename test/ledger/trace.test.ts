import { describe, expect, it } from 'vitest';
import { checkLedger, formatEntry, formatTrace } from '../../src/testing/ledger-checker/index.ts';
import { Ledger, makeCtx } from './support.ts';

describe('formatTrace', () => {
  it('should show the violation, the entries around it and the involved ones marked', () => {
    const l = new Ledger().coordinator('n1', 1, ['n1', 'n2', 'n3']).start('n1', 'rsc1');
    for (let i = 0; i < 30; i++) l.op('n1', 'rsc1', 'monitor');
    l.stop('n1', 'rsc1', 'failed').start('n2', 'rsc1');
    const [v] = checkLedger(l.entries, makeCtx());
    const text = formatTrace(l.entries, v!, 3);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^double-active at #\d+: rsc1 started on n2/);
    expect(lines.filter((x) => x.startsWith('>'))).toHaveLength(1);
    expect(lines.find((x) => x.startsWith('>'))).toMatch(/n2  invoke start rsc1/);
    expect(lines.some((x) => x.startsWith('*') && x.includes('invoke start rsc1') && x.includes('n1'))).toBe(true);
    expect(text).toMatch(/\.\.\. \d+ entries \.\.\./);
    expect(lines.length).toBeLessThan(20);
  });

  it('should write every kind of entry on one line', () => {
    const l = new Ledger().coordinator('n1', 1, ['n1']).fault('partition', undefined, { sides: [['n1'], ['n2']] }).fence('n2').healed().held('n1', '0.1.0', 'abcdef0123').ended();
    for (const e of l.entries) expect(formatEntry(e)).not.toContain('\n');
    expect(formatEntry(l.entries[1]!)).toMatch(/FAULT partition n1 \| n2/);
  });
});
