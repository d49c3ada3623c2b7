import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLedger, formatTrace } from '../../src/testing/ledger-checker/index.ts';
import type { CheckContext } from '../../src/testing/ledger-checker/index.ts';
import { historyDoc, writeHistory, type Action, type ActionKind, type Bug } from './valid-history.ts';

const KINDS: ActionKind[] = ['move', 'migrate', 'crash', 'restart', 'failStop', 'partition', 'heal', 'handoff', 'config', 'monitor', 'wait'];
const action: fc.Arbitrary<Action> = fc.record({ kind: fc.constantFrom(...KINDS), a: fc.nat(10_000), b: fc.nat(10_000) });
const actions = fc.array(action, { maxLength: 40 });

function ctx(): CheckContext {
  return { doc: historyDoc(), quorumStopBoundMs: 1000, quietPeriodMs: 5000 };
}

function explain(entries: Parameters<typeof checkLedger>[0], found: ReturnType<typeof checkLedger>): string {
  return found.map((v) => formatTrace(entries, v, 6)).join('\n\n');
}

describe('valid-by-construction histories', () => {
  it('should produce no violation', () => {
    fc.assert(fc.property(actions, (acts) => {
      const { ledger } = writeHistory(acts, 'none', 5000);
      const found = checkLedger(ledger.entries, ctx());
      expect(found, explain(ledger.entries, found)).toEqual([]);
    }), { numRuns: 150 });
  });

  const cases: [Bug, string, ActionKind][] = [
    ['skip-fence', 'recovery-before-fence', 'crash'],
    ['no-minority-stop', 'quorum-stop-late', 'partition'],
    ['overlap', 'double-active', 'move'],
  ];
  for (const [bug, invariant, kind] of cases) {
    it(`should find ${invariant} when the controller makes the '${bug}' mistake`, () => {
      // Calm the cluster first (heal, restart) so the faulty action applies.
      const calm: Action[] = [{ kind: 'heal', a: 0, b: 0 }, { kind: 'restart', a: 0, b: 0 }];
      const withBug = fc.tuple(actions, fc.nat(10_000), fc.nat(10_000)).map(([acts, a, b]) => [...acts, ...calm, { kind, a, b }, ...acts.slice(0, 5)]);
      let triggered = 0;
      fc.assert(fc.property(withBug, (acts) => {
        const { ledger, triggered: hit } = writeHistory(acts, bug, 5000);
        const found = checkLedger(ledger.entries, ctx()).map((v) => v.invariant);
        if (hit) {
          triggered++;
          expect(found).toContain(invariant);
        } else {
          expect(found).toEqual([]);
        }
      }), { numRuns: 80 });
      expect(triggered).toBeGreaterThan(10);
    });
  }
});
