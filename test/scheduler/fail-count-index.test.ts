import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { failCountIndex, failCountOf, indexedFailCount } from '../../src/scheduler/unpack.ts';

// The per-node index must count exactly what a scan of every attribute counts.
const rscs = ['r1', 'r1#x', 'r', 'r1:0', 'a#b'];
const keyArb = fc.tuple(fc.constantFrom('fail-count-', 'last-failure-', 'other-'), fc.constantFrom(...rscs), fc.constantFrom('', '#start_0', '#monitor_10000', '#', '#a#b'))
  .map(([p, r, s]) => `${p}${r}${s}`);
const valueArb = fc.constantFrom('1', '3', ' 2 ', 'INFINITY', '+INFINITY', 'x', '-1', '100', '9000');

describe('failCountIndex', () => {
  it('should give the same fail-count as scanning the attributes', () => {
    fc.assert(fc.property(fc.dictionary(keyArb, valueArb), fc.constantFrom(...rscs, 'none'), fc.constantFrom(0, 50, 20_000), (attrs, rsc, timeoutS) => {
      const index = failCountIndex(attrs);
      expect(indexedFailCount(index, rsc, 10_000, timeoutS)).toBe(failCountOf(attrs, rsc, 10_000, timeoutS));
    }), { numRuns: 500 });
  });

  it('should count a failure recorded under an operation for its resource', () => {
    expect(indexedFailCount(failCountIndex({ 'fail-count-r1#start_0': '2', 'fail-count-r1': '1' }), 'r1', 0, 0)).toBe(3);
  });
});
