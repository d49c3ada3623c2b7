// The compact status form becomes the operation history Pacemaker would have recorded.
import { describe, expect, it } from 'vitest';
import { type ClusterDocument, type OperationRecord } from '../../../src/config/model.ts';
import { loadYamlConfig } from '../../../src/config/yaml/load.ts';

const config = [
  'options: { start-failure-is-fatal: true }',
  'nodes: [n1, n2]',
  'resources:',
  '  - primitive: web',
  '    agent: ocf:heartbeat:Dummy',
  '    operations:',
  '      - { name: monitor, interval: 10s }',
  '      - { name: monitor, interval: 20s, role: Promoted }',
  '      - { name: monitor, interval: 1m, enabled: false }',
  '  - clone: c',
  '    resource: { primitive: p, agent: "lsb:p" }',
].join('\n');

function load(status: string): ClusterDocument {
  return loadYamlConfig(`${config}\nstatus:\n${status}`, 'status.yaml');
}

/** The history of `resource` on `node` as [operation, intervalMs, rc, status, callId] rows. */
function rows(doc: ClusterDocument, resource: string, node: string): Array<[string, number, number, string, number]> {
  const history = doc.status.history.find((h) => h.resource === resource && h.node === node);
  return (history?.operations ?? []).map((op: OperationRecord) => [op.operation, op.intervalMs, op.rc, op.status, op.callId]);
}

describe('status section → operation history', () => {
  it('should record started as a start and each running monitor', () => {
    const doc = load('  resources: { web: { n1: started } }');
    expect(rows(doc, 'web', 'n1')).toEqual([['start', 0, 0, 'done', 1], ['monitor', 10_000, 0, 'done', 2]]);
    expect(doc.status.history[0]).toMatchObject({ class: 'ocf', provider: 'heartbeat', type: 'Dummy' });
  });

  it('should record stopped as a probe that found it not running, or a stop after a start', () => {
    const doc = load('  resources: { web: { n1: stopped, n2: { state: stopped, via: stop } } }');
    expect(rows(doc, 'web', 'n1')).toEqual([['monitor', 0, 7, 'done', 1]]);
    expect(rows(doc, 'web', 'n2')).toEqual([['start', 0, 0, 'done', 1], ['stop', 0, 0, 'done', 2]]);
  });

  it('should record failed as a start, then the monitor failing with the failure rc', () => {
    const doc = load('  resources:\n    web:\n      n1: { state: failed, failures: [ { operation: monitor, interval: 10s, rc: 7, at: 1699999990 } ] }');
    expect(rows(doc, 'web', 'n1')).toEqual([['start', 0, 0, 'done', 1], ['monitor', 10_000, 7, 'done', 2]]);
    expect(doc.status.history[0]?.operations[1]?.lastRcChange).toBe(1_699_999_990);
    expect(doc.status.failCounts).toEqual([{ resource: 'web', node: 'n1', operation: 'monitor', intervalMs: 10_000, count: 1, lastFailureS: 1_699_999_990 }]);
    expect(doc.status.nodes[0]?.attributes).toEqual({});
  });

  it('should record stop-failed and start-failed as failed operations with status error', () => {
    const doc = load('  now: 1700000000\n  resources: { web: { n1: stop-failed, n2: start-failed } }');
    expect(rows(doc, 'web', 'n1')).toEqual([['start', 0, 0, 'done', 1], ['stop', 0, 1, 'error', 2]]);
    expect(rows(doc, 'web', 'n2')).toEqual([['start', 0, 1, 'error', 1]]);
    // What Pacemaker's controller records: a failed stop, or a fatal failed start, bans the node.
    expect(doc.status.failCounts).toEqual([
      { resource: 'web', node: 'n1', operation: 'stop', intervalMs: 0, count: 1_000_000, lastFailureS: 1_700_000_000 },
      { resource: 'web', node: 'n2', operation: 'start', intervalMs: 0, count: 1_000_000, lastFailureS: 1_700_000_000 },
    ]);
  });

  it('should record unknown as no history, and pending operations with call id -1', () => {
    const doc = load('  resources: { web: { n1: unknown, n2: pending-start }, p: { n1: pending-stop } }');
    expect(doc.status.history.find((h) => h.resource === 'web' && h.node === 'n1')).toBeUndefined();
    expect(rows(doc, 'web', 'n2')).toEqual([['start', 0, 193, 'pending', -1]]);
    expect(rows(doc, 'p', 'n1')).toEqual([['stop', 0, 193, 'pending', -1]]);
  });

  it('should number call ids per node, in the order the status lists them', () => {
    const doc = load('  resources:\n    web: { n1: started, n2: started }\n    p:0: { n1: stopped }\n    p:1: { n2: started }');
    expect(rows(doc, 'p:0', 'n1')).toEqual([['monitor', 0, 7, 'done', 3]]);
    expect(rows(doc, 'p:1', 'n2')).toEqual([['start', 0, 0, 'done', 3]]);
    expect(doc.status.history.map((h) => `${h.resource}@${h.node}`)).toEqual(['web@n1', 'web@n2', 'p:0@n1', 'p:1@n2']);
  });

  it('should turn fail-count into typed fail-counts of the failed operation', () => {
    const doc = load([
      '  resources:',
      '    web:',
      '      n1: { state: started, fail-count: 2 }',
      '      n2: { state: started, fail-count: INFINITY, failures: [ { operation: start, at: 1699999000 }, { operation: start, at: 1699999500 } ] }',
      '    p:',
      '      n1: { state: stopped, fail-count: 1 }',
    ].join('\n'));
    expect(doc.status.failCounts).toEqual([
      { resource: 'web', node: 'n1', operation: 'monitor', intervalMs: 10_000, count: 2, lastFailureS: 0 },
      { resource: 'p', node: 'n1', operation: 'start', intervalMs: 0, count: 1, lastFailureS: 0 },
      { resource: 'web', node: 'n2', operation: 'start', intervalMs: 0, count: 1_000_000, lastFailureS: 1_699_999_500 },
    ]);
  });

  it('should map node states to the node flags and default unlisted nodes to online', () => {
    const flags = (state: string): unknown => {
      const doc = load(`  nodes: { n1: ${state} }`);
      const [n1, n2] = doc.status.nodes;
      expect(n2).toEqual({ name: 'n2', online: true, unclean: false, shutdown: false, attributes: {} });
      return [n1?.online, n1?.unclean, n1?.shutdown];
    };
    expect(flags('online')).toEqual([true, false, false]);
    expect(flags('offline')).toEqual([false, false, false]);
    expect(flags('unclean')).toEqual([false, true, false]);
    expect(flags('shutdown')).toEqual([true, false, true]);
  });

  it('should read quorum, coordinator and an ISO date for now', () => {
    const doc = load('  quorum: false\n  coordinator: n2\n  now: 2023-11-14T22:13:20Z');
    expect([doc.status.quorum, doc.status.coordinator, doc.status.now]).toEqual([false, 'n2', 1_700_000_000]);
  });

  it('should refuse history for a group or clone, naming the members instead', () => {
    expect(() => load('  resources: { c: { n1: started } }')).toThrow(/list the cloned primitive inside c instead/);
  });
});
