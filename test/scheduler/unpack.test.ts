import { describe, expect, it } from 'vitest';
import type { OperationRecord } from '../../src/config/model.ts';
import { failCountsFromAttributes } from '../../src/config/fail-counts.ts';
import { failCountOf, unpackStatus } from '../../src/scheduler/unpack.ts';
import { indexResources } from '../../src/scheduler/resources.ts';
import { cluster } from '../scenarios/builder.ts';

function unpackOps(ops: (Partial<OperationRecord> & { operation: string })[], meta: Record<string, string> = {}) {
  const b = cluster('n1').primitive('r1', { meta });
  for (const o of ops) b.op('r1', 'n1', o);
  return unpackStatus(b.doc, indexResources(b.doc.config), 10_000).byResource.get('r1')![0]!;
}

describe('unpack of operation histories', () => {
  const cases: { name: string; ops: (Partial<OperationRecord> & { operation: string })[]; role: string; failed: boolean }[] = [
    { name: 'start ok → started', ops: [{ operation: 'start' }], role: 'started', failed: false },
    { name: 'start then stop → stopped', ops: [{ operation: 'start' }, { operation: 'stop' }], role: 'stopped', failed: false },
    { name: 'probe rc 7 → stopped', ops: [{ operation: 'monitor', rc: 7 }], role: 'stopped', failed: false },
    { name: 'probe rc 0 → started', ops: [{ operation: 'monitor', rc: 0 }], role: 'started', failed: false },
    { name: 'probe rc 5 → stopped, no failure', ops: [{ operation: 'monitor', rc: 5 }], role: 'stopped', failed: false },
    { name: 'recurring monitor rc 7 → failed', ops: [{ operation: 'start' }, { operation: 'monitor', intervalMs: 10000, rc: 7 }], role: 'started', failed: true },
    { name: 'failed start → failed', ops: [{ operation: 'start', rc: 1, status: 'error' }], role: 'started', failed: true },
    { name: 'order is by call-id, not position', ops: [{ operation: 'stop', callId: 5 }, { operation: 'start', callId: 3 }], role: 'stopped', failed: false },
    { name: 'pending start counts as active', ops: [{ operation: 'start', status: 'pending', callId: -1 }], role: 'started', failed: false },
    { name: 'cancelled ops are ignored', ops: [{ operation: 'start' }, { operation: 'stop', status: 'cancelled' }], role: 'started', failed: false },
  ];
  for (const c of cases) {
    it(`should unpack ${c.name}`, () => {
      const s = unpackOps(c.ops);
      expect([s.role, s.failed]).toEqual([c.role, c.failed]);
    });
  }
  it('should mark a failed stop as stop-failed', () => expect(unpackOps([{ operation: 'start' }, { operation: 'stop', rc: 1, status: 'error' }]).stopFailed).toBe(true));
  it('should ban the node on a hard error and everywhere on rc 6', () => {
    expect(unpackOps([{ operation: 'start', rc: 5, status: 'error' }]).banReason).toContain('hard error');
    expect(unpackOps([{ operation: 'start', rc: 6, status: 'error' }]).banEverywhere).toContain('not configured');
  });
  const counts: [Record<string, string>, number, number][] = [
    [{ 'fail-count-r1#monitor_10000': '2', 'fail-count-r1#start_0': '1' }, 0, 3],
    [{ 'fail-count-r1': 'INFINITY' }, 0, 1_000_000],
    [{ 'fail-count-r10': '4' }, 0, 0],
    [{ 'fail-count-r1#monitor_10000': '2', 'last-failure-r1#monitor_10000': '100' }, 60, 0],
    [{ 'fail-count-r1#monitor_10000': '2', 'last-failure-r1#monitor_10000': '9990' }, 60, 2],
  ];
  for (const [attrs, timeout, want] of counts) {
    it(`should count ${JSON.stringify(attrs)} (timeout ${timeout}s) as ${want}`, () => expect(failCountOf(failCountsFromAttributes('node1', attrs).failCounts, 'r1', 10_000, timeout)).toBe(want));
  }
});
