// The page's event stream: what changed between two views, in words, and a bounded ring.
import { describe, expect, it } from 'vitest';
import { realisticView } from '../cli/view-fixture.ts';
import { EventRing, viewEvents } from '../../src/inspect/events.ts';

const messages = (before: ReturnType<typeof realisticView> | null, after: ReturnType<typeof realisticView> | null) => viewEvents(before, after).map((e) => e.message);

describe('viewEvents', () => {
  it('should name only the coordinator for the first view, and nothing for an unchanged one', () => {
    expect(messages(null, realisticView())).toEqual(['coordinator n1 (epoch 4)']);
    expect(messages(realisticView(), realisticView())).toEqual([]);
  });

  it('should tell node and resource state changes, moves, new failures and fencing records', () => {
    const before = realisticView();
    const after = realisticView();
    after.nodes[2] = { ...after.nodes[2]!, state: 'fenced', reason: '' };
    after.resources[1] = { ...after.resources[1]!, node: 'n2' };
    after.failures.push({ resource: 'db', node: 'n1', operation: 'monitor', intervalMs: 5_000, rc: 7, reason: 'not running', failCount: 1, atMs: 1 });
    after.fencing.push({ target: 'n3', action: 'reboot', result: 'succeeded', reason: 'lost', by: 'fence-ipmi', epoch: 4, atMs: 99 });
    expect(messages(before, after)).toEqual([
      'node n3: unclean → fenced',
      'db: started on n1 → started on n2',
      'db failed monitor (every 5s) on n1: rc 7, not running; fail-count 1',
      'fencing n3 (reboot): succeeded by fence-ipmi: lost',
    ]);
    const failed = viewEvents(before, after).find((e) => e.message.startsWith('db failed'))!;
    expect(failed.level).toBe('error');
  });

  it('should tell a failure again when its fail-count grows, a new coordinator, and quorum', () => {
    const before = realisticView();
    const after = realisticView();
    after.failures[0] = { ...after.failures[0]!, failCount: 3 };
    after.coordinator = 'n2';
    after.epoch = 5;
    after.quorum = false;
    expect(messages(before, after)).toEqual([
      'coordinator n2 (epoch 5)', 'quorum lost', 'ping:1 failed monitor (every 10s) on n2: rc 7, not running; fail-count 3',
    ]);
    expect(messages(after, null)).toEqual(['no coordinator reports any more (no quorum, or an election is running)']);
  });
});

describe('EventRing', () => {
  it('should number events and keep only the newest `capacity`', () => {
    const ring = new EventRing(3);
    for (let i = 1; i <= 5; i++) ring.push({ level: 'info', source: 'status', message: `e${i}` }, i * 10);
    expect(ring.since().map((e) => [e.seq, e.message, e.atMs])).toEqual([[3, 'e3', 30], [4, 'e4', 40], [5, 'e5', 50]]);
    expect(ring.since(4).map((e) => e.message)).toEqual(['e5']);
    expect(() => new EventRing(0)).toThrow('positive capacity');
  });
});

describe('fail-counts', () => {
  it('should tell a fail-count that changed even when the failure itself came and went between two views', () => {
    const before = realisticView();
    const after = realisticView();
    after.resources[0] = { ...after.resources[0]!, instances: [{ ...after.resources[0]!.instances[0]!, failCount: 1 }] };
    after.resources[4] = { ...after.resources[4]!, instances: [{ ...after.resources[4]!.instances[0]!, failCount: 0 }] };
    expect(messages(before, after)).toEqual(['ip on n1: fail-count 0 → 1', 'ping:1 on n2: fail-count 2 → 0']);
    expect(viewEvents(before, after).map((e) => e.level)).toEqual(['error', 'info']);
  });
});
