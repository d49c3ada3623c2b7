// What a node going down (fenced, confirmed down, cleanly gone) does to the running transition:
// its actions still running there end, so the transition never waits for operations abandoned
// with the node (chaos seed 24 left a coordinator waiting forever).
import { describe, expect, it } from 'vitest';
import { afterNodeDown } from '../../src/machines/coordinator-ops.ts';
import type { TransitionRun } from '../../src/machines/transition.ts';
import type { Action } from '../../src/scheduler/types.ts';

function action(id: string, kind: Action['kind'], node: string): Action {
  return { id: id as Action['id'], kind, node, resource: kind === 'fence' ? undefined : id.split(':')[0], runnable: true, reason: { code: 'placement', text: 'test' } };
}

function run(entries: [Action, 'waiting' | 'running' | 'done'][]): TransitionRun {
  const running: Record<string, string[]> = {};
  for (const [a, status] of entries) if (status === 'running') (running[`${a.resource ?? ''}@${a.node}`] ??= []).push(a.id);
  return {
    id: 1, aborted: null, summary: [],
    actions: Object.fromEntries(entries.map(([a, status]) => [a.id, { action: a, status }])),
    after: Object.fromEntries(entries.map(([a]) => [a.id, []])),
    before: Object.fromEntries(entries.map(([a]) => [a.id, []])),
    changed: [],
    running,
    runningWork: entries.filter(([a, status]) => status === 'running' && a.kind !== 'fence').length,
    nodeLimit: 0, runningOn: {}, held: {},
  };
}

describe('coordinator: a node goes down during a transition', () => {
  it('should complete its fence and its stops, fail what else ran there and abort; other nodes untouched', () => {
    const before = run([
      [action('n2:fence', 'fence', 'n2'), 'running'],
      [action('a:stop@n2', 'stop', 'n2'), 'running'],
      [action('b:probe@n2', 'probe', 'n2'), 'running'],
      [action('c:start@n3', 'start', 'n3'), 'running'],
      [action('d:start@n2', 'start', 'n2'), 'waiting'],
    ]);
    const after = afterNodeDown(before, 'n2')!;
    const status = Object.fromEntries(Object.entries(after.actions).map(([id, e]) => [id, e.status]));
    expect(status).toEqual({ 'n2:fence': 'done', 'a:stop@n2': 'done', 'b:probe@n2': 'failed', 'c:start@n3': 'running', 'd:start@n2': 'waiting' });
    expect(after.aborted).toBe('n2 went down while b:probe@n2 ran');
  });

  it('should not abort when only its fence and stops were running', () => {
    const after = afterNodeDown(run([[action('n2:fence', 'fence', 'n2'), 'running'], [action('a:stop@n2', 'stop', 'n2'), 'running']]), 'n2')!;
    expect(after.aborted).toBeNull();
  });
});
