// node-action-limit: a transition runs at most N operations on one node at once, releases a held
// one for each result, keeps the order it would have dispatched them in, and never counts fences.
import { describe, expect, it } from 'vitest';
import { isFinished, readyActions, settle, startTransition, type TransitionRun } from '../../src/machines/transition.ts';
import type { Action, ActionId, Edge, TransitionGraph } from '../../src/scheduler/types.ts';

const graph = (actions: Action[], edges: Edge[] = []) => ({ actions, edges, summary: [], explanation: {} }) as unknown as TransitionGraph;

function action(id: string, kind: Action['kind'], node: string): Action {
  return { id: id as ActionId, kind, node, resource: kind === 'fence' ? undefined : id.split('_')[0], runnable: true, reason: { code: 'placement', text: 'test' } };
}

function drain(run: TransitionRun): { run: TransitionRun; ids: string[] } {
  const next = readyActions(run);
  return { run: next.run, ids: next.ready.map((a) => a.id) };
}

const probes = (node: string, n: number) => Array.from({ length: n }, (_, i) => action(`r${i}_monitor_0@${node}`, 'probe', node));

describe('a transition under node-action-limit', () => {
  it('should run at most the limit on each node, and release one held action per result, in order', () => {
    const actions = [...probes('n1', 5), ...probes('n2', 3)];
    let { run, ids } = drain(startTransition(1, graph(actions), [], 2));
    expect(ids).toEqual(['r0_monitor_0@n1', 'r1_monitor_0@n1', 'r0_monitor_0@n2', 'r1_monitor_0@n2']);
    expect(isFinished(run)).toBe(false);

    run = settle(run, 'r1_monitor_0@n1', true);
    ({ run, ids } = drain(run));
    expect(ids).toEqual(['r2_monitor_0@n1']);

    run = settle(settle(run, 'r0_monitor_0@n1', true), 'r2_monitor_0@n1', true);
    ({ run, ids } = drain(run));
    expect(ids).toEqual(['r3_monitor_0@n1', 'r4_monitor_0@n1']);
    for (const id of [...ids, 'r0_monitor_0@n2', 'r1_monitor_0@n2']) run = settle(run, id, true);
    ({ run, ids } = drain(run));
    expect(ids).toEqual(['r2_monitor_0@n2']);
    run = settle(run, 'r2_monitor_0@n2', true);
    ({ run, ids } = drain(run));
    expect(ids).toEqual([]);
    expect(isFinished(run)).toBe(true);
  });

  it('should not count fences, nor hold them', () => {
    const actions = [action('fence_n2', 'fence', 'n1'), ...probes('n1', 2)];
    const { ids } = drain(startTransition(1, graph(actions), [], 1));
    expect(ids).toEqual(['fence_n2', 'r0_monitor_0@n1']);
  });

  it('should free what waits for a held action once it runs and completes', () => {
    const actions = [...probes('n1', 2), action('r1_start_0@n1', 'start', 'n1')];
    const edges: Edge[] = [{ kind: 'probeBefore', first: 'r1_monitor_0@n1' as ActionId, then: 'r1_start_0@n1' as ActionId }];
    let { run, ids } = drain(startTransition(1, graph(actions, edges), [], 1));
    expect(ids).toEqual(['r0_monitor_0@n1']);
    run = settle(run, 'r0_monitor_0@n1', true);
    ({ run, ids } = drain(run));
    expect(ids).toEqual(['r1_monitor_0@n1']);
    run = settle(run, 'r1_monitor_0@n1', true);
    ({ run, ids } = drain(run));
    expect(ids).toEqual(['r1_start_0@n1']);
  });

  it('should dispatch everything ready at once without a limit', () => {
    const { ids } = drain(startTransition(1, graph(probes('n1', 50)), []));
    expect(ids).toHaveLength(50);
  });
});
