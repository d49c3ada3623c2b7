// The short CTS that CI runs: each entry of the short catalogue (NodeKill, ComponentFail) on a
// fresh cluster of three real daemons with real agents. Each must leave a ledger the invariant
// checker finds nothing wrong with, and that shows its fault really happened (the victim
// fenced; the killed monitor reported failed) and the cluster's reaction (recovery).
import { describe, expect, it } from 'vitest';
import { SHORT_CATALOGUE } from '../../src/testing/cts/catalogue.ts';
import { formatResults, runTest } from '../../src/testing/cts/runner.ts';

/** Shorter than the full catalogue's 20 s: these faults settle in a few seconds. */
const QUIET_PERIOD_MS = 10_000;

describe('the short fault catalogue on real processes', () => {
  it('should be NodeKill and ComponentFail', () => {
    expect(SHORT_CATALOGUE.map((t) => t.name)).toEqual(['NodeKill', 'ComponentFail']);
  });

  for (const test of SHORT_CATALOGUE) {
    it(`${test.name}: the fault happens and the ledger breaks no invariant`, async () => {
      const result = await runTest(test, { quietPeriodMs: QUIET_PERIOD_MS, progress: process.env['VIGIL_TEST_DEBUG'] ? (l) => console.error(l) : undefined });
      const report = formatResults([result]);
      expect(result.status, report).toBe('passed');
      expect(result.violations, report).toEqual([]);
      expect(result.expected.length).toBeGreaterThanOrEqual(2);
      expect(result.unmet, report).toEqual([]);
      expect(result.entries).toBeGreaterThan(50);
    }, 75_000);
  }
});
