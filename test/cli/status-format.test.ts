// formatStatus on a realistic view: the lines an administrator reads.
import { describe, expect, it } from 'vitest';
import { formatFenceHistory, formatStatus } from '../../src/cli/status-format.ts';
import { realisticView } from './view-fixture.ts';

describe('formatStatus', () => {
  const text = formatStatus(realisticView(), { color: false });
  const lines = text.split('\n');

  it('should open with the cluster, coordinator, epoch, quorum and generation', () => {
    expect(lines[0]).toBe('Cluster demo: coordinator n1 (epoch 4), quorum yes, generation 0.12.40');
    expect(lines[1]).toBe('Updated 2025-01-02 03:05:05Z');
  });

  it('should list nodes with their state and why', () => {
    expect(lines).toContain('Nodes (3):');
    expect(lines).toContain('  n1    online');
    expect(lines).toContain('  n2    standby');
    expect(lines).toContain('  n3    unclean (lost; awaiting fence)');
    const offline = { ...realisticView().nodes[1]!, state: 'online' as const, mode: 'standby' as const, member: false };
    expect(formatStatus({ ...realisticView(), nodes: [offline] }, { color: false })).toContain('  n2    online (mode standby; not connected)');
  });

  it('should group resources under their group or clone with state and node', () => {
    const start = lines.indexOf('Resources (6):');
    expect(lines.slice(start + 1, start + 10)).toEqual([
      '  ip        started        on n1',
      '  app: 1/2 running',
      '    db      started        on n1',
      '    web     stopped        (target-role Stopped)',
      '  ping-clone: 2/2 running',
      '    ping:0  started        on n1',
      '    ping:1  monitor-failed on n2',
      '  batch     stop-failed    on n3',
      '',
    ]);
  });

  it('should list failures with fail-counts, the last five fencing entries and the transition', () => {
    expect(lines).toContain('Failed operations (2):');
    expect(lines).toContain('  ping:1 monitor (10s) on n2: rc=7 not running; fail-count 2, at 2025-01-02 03:04:35Z');
    expect(lines).toContain('  batch stop on n3: rc=1 stop failed; fail-count 1, at 2025-01-02 03:04:25Z');
    expect(lines).toContain('Fencing (last 5 of 7):');
    expect(lines.filter((l) => l.includes(' reboot n3 '))).toHaveLength(5);
    expect(lines).toContain('  2025-01-02 03:04:11Z reboot n3 requested (epoch 3): lost');
    expect(lines).toContain('  2025-01-02 03:04:09Z reboot n3 failed by fence-ipmi (epoch 3): test');
    expect(lines.at(-1)).toBe('Transition 17 in progress: 2 actions left (5/8 done, 1 failed)');
  });

  it('should say how many actions are left until the transition settles, and that a change waits to be scheduled', () => {
    const running = { ...realisticView(), transition: { id: 3, actions: 4, done: 3, failed: 0, left: 1 }, settled: false };
    expect(formatStatus(running, { color: false }).split('\n').at(-1)).toBe('Transition 3 in progress: 1 action left (3/4 done)');
    const waiting = { ...realisticView(), transition: null, settled: false };
    expect(formatStatus(waiting, { color: false }).split('\n').at(-1)).toBe('Transition: in progress: a change waits to be scheduled');
    const settled = { ...realisticView(), transition: null, settled: true };
    expect(formatStatus(settled, { color: false }).split('\n').at(-1)).toBe('Transition: idle');
  });

  it('should say what is missing: no coordinator, no quorum, idle, nothing configured', () => {
    const view = { ...realisticView(), coordinator: null, quorum: false, transition: null, resources: [], failures: [], fencing: [] };
    const bare = formatStatus(view, { color: false }).split('\n');
    expect(bare[0]).toBe('Cluster demo: coordinator none, quorum NO, generation 0.12.40');
    expect(bare).toContain('Resources: none configured');
    expect(bare.some((l) => l.startsWith('Failed') || l.startsWith('Fencing'))).toBe(false);
    expect(bare.at(-1)).toBe('Transition: idle');
  });

  it('should colour states only when asked', () => {
    expect(text).not.toContain('\x1b[');
    const colored = formatStatus(realisticView(), { color: true });
    expect(colored).toContain('\x1b[31munclean\x1b[0m');
    expect(colored).toContain('\x1b[32mstarted\x1b[0m');
    expect(colored.replace(/\x1b\[\d+m/g, '')).toBe(text);
  });

  it('should print the whole fencing history for vigil fence history', () => {
    const history = formatFenceHistory(realisticView().fencing, { color: false }).split('\n');
    expect(history[0]).toBe('Fencing history (7):');
    expect(history).toHaveLength(8);
    expect(formatFenceHistory([], { color: false })).toBe('Fencing history: none');
  });

  it('should say who fenced whom, by which device and after which delay', () => {
    const entry = { target: 'node2', action: 'off' as const, result: 'succeeded' as const, reason: 'level 1', by: 'fence-node2', fencedBy: 'node1', delayMs: 5_000, epoch: 4, atMs: Date.UTC(2026, 0, 1, 12, 0, 0) };
    expect(formatFenceHistory([entry], { color: false }).split('\n')[1]).toMatch(/ off node2 succeeded by fence-node2 from node1 after a 5\.0 s delay \(epoch 4\): level 1$/);
  });
});
