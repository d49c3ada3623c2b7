import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FailCount } from '../../src/config/model.ts';
import { attributesWithFailCounts, failCountsFromAttributes } from '../../src/config/fail-counts.ts';
import { failCountIndex, indexedFailCount } from '../../src/scheduler/unpack.ts';

const rscs = ['r1', 'r', 'r1:0', 'r1:1'];
const failArb: fc.Arbitrary<FailCount> = fc.record({
  resource: fc.constantFrom(...rscs), node: fc.constantFrom('n1', 'n2'), operation: fc.constantFrom('', 'start', 'monitor'),
  intervalMs: fc.constantFrom(0, 10_000), count: fc.constantFrom(0, 1, 3, 1_000_000), lastFailureS: fc.constantFrom(0, 100, 9_990),
});

/** The fail-count by a plain scan of every typed entry: what the index must agree with. */
function scan(list: readonly FailCount[], node: string, rsc: string, nowS: number, timeoutS: number, anonymous: boolean): number {
  const mine = list.filter((f) => f.node === node && (f.resource === rsc || (anonymous && new RegExp(`^${rsc}:\\d+$`).test(f.resource))));
  const sum = Math.min(1_000_000, mine.reduce((a, f) => a + f.count, 0));
  const last = Math.max(0, ...mine.map((f) => f.lastFailureS));
  return sum > 0 && timeoutS > 0 && last > 0 && nowS >= last + timeoutS ? 0 : sum;
}

describe('typed fail-counts', () => {
  it('should give, by the per-node index, the same fail-count as a scan of every entry', () => {
    fc.assert(fc.property(fc.array(failArb, { maxLength: 8 }), fc.constantFrom(...rscs, 'none'), fc.constantFrom(0, 50, 20_000), fc.boolean(), (list, rsc, timeoutS, anonymous) => {
      const index = failCountIndex(list);
      for (const node of ['n1', 'n2']) expect(indexedFailCount(index.get(node), rsc, 10_000, timeoutS, anonymous)).toBe(scan(list, node, rsc, 10_000, timeoutS, anonymous));
    }), { numRuns: 500 });
  });

  it("should read Pacemaker's fail-count attributes into typed entries, and leave the others", () => {
    const read = failCountsFromAttributes('n1', {
      'fail-count-r1#start_0': '2', 'last-failure-r1#start_0': '100', 'fail-count-r1': 'INFINITY', 'fail-count-r2#monitor_10000': ' 3 ', pingd: '1',
    });
    expect(read.attributes).toEqual({ pingd: '1' });
    expect(read.failCounts).toEqual([
      { resource: 'r1', node: 'n1', operation: 'start', intervalMs: 0, count: 2, lastFailureS: 100 },
      { resource: 'r1', node: 'n1', operation: '', intervalMs: 0, count: 1_000_000, lastFailureS: 0 },
      { resource: 'r2', node: 'n1', operation: 'monitor', intervalMs: 10_000, count: 3, lastFailureS: 0 },
    ]);
    expect(indexedFailCount(failCountIndex(read.failCounts).get('n1'), 'r1', 0, 0)).toBe(1_000_000);
  });

  it('should write typed entries back as the attributes they were read from', () => {
    const attrs = { 'fail-count-r1#start_0': '2', 'last-failure-r1#start_0': '100', 'fail-count-r1': 'INFINITY', pingd: '1' };
    const read = failCountsFromAttributes('n1', attrs);
    expect(attributesWithFailCounts({ nodes: [], history: [], quorum: true, failCounts: read.failCounts }, 'n1', read.attributes)).toEqual(attrs);
  });
});
