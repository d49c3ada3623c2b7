import { describe, expect, it } from 'vitest';
import { createMachine, setup } from 'xstate';
import { activeNodeIds, machineToGraph, type DiagramEdge, type DiagramGraph } from '../../src/inspect/diagram/graph.ts';
import { featureMachine } from './fixtures.ts';

function edgesFrom(graph: DiagramGraph, source: string): DiagramEdge[] {
  return graph.edges.filter((e) => e.source === source);
}

describe('machineToGraph', () => {
  const graph = machineToGraph(featureMachine);

  it('should list nodes in document order, the root first', () => {
    expect(graph.nodes.map((n) => n.id)).toEqual([
      'feature', 'feature.idle', 'feature.busy', 'feature.stop-failed', 'feature.par',
      'feature.par.left', 'feature.par.left.one', 'feature.par.left.two',
      'feature.par.right', 'feature.par.right.one', 'feature.par.right.hist', 'feature.done',
    ]);
  });

  it('should record types, nesting, initial children and history', () => {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    expect(byId.get('feature')?.initial).toBe('feature.idle');
    expect(byId.get('feature.par')?.type).toBe('parallel');
    expect(byId.get('feature.par')?.children).toEqual(['feature.par.left', 'feature.par.right']);
    expect(byId.get('feature.par.left')?.initial).toBe('feature.par.left.one');
    expect(byId.get('feature.par.left.two')?.type).toBe('final');
    expect(byId.get('feature.par.right.hist')).toMatchObject({ type: 'history', history: 'deep', parent: 'feature.par.right' });
    expect(byId.get('feature.done')?.type).toBe('final');
  });

  it('should name entry and exit actions and invoked actors', () => {
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    expect(byId.get('feature.idle')?.entry).toEqual(['logIt']);
    expect(byId.get('feature.stop-failed')?.exit).toEqual(['raise(TICK)']);
    expect(byId.get('feature.busy')?.invoke).toEqual(['runAgent']);
    // Delays and invocations add hidden entry actions in xstate; the model shows only the user's.
    expect(byId.get('feature.busy')?.entry).toEqual([]);
  });

  it('should keep guarded alternatives in order with their guards and actions', () => {
    const go = edgesFrom(graph, 'feature.idle').filter((e) => e.event === 'GO');
    expect(go.map((e) => [e.targets, e.guard, e.actions])).toEqual([
      [['feature.busy'], 'isOk', ['bump', 'notify']],
      [['feature.stop-failed'], null, []],
    ]);
  });

  it('should order one source\'s edges: on, invoke done/error, after, always', () => {
    expect(edgesFrom(graph, 'feature.idle').map((e) => [e.id, e.kind, e.label])).toEqual([
      ['feature.idle#0', 'event', 'GO'],
      ['feature.idle#1', 'event', 'GO'],
      ['feature.idle#2', 'event', 'TICK'],
      ['feature.idle#3', 'always', 'always'],
    ]);
    expect(edgesFrom(graph, 'feature.busy').map((e) => [e.kind, e.label, e.targets, e.delay, e.reenter])).toEqual([
      ['done', 'done: runAgent', ['feature.idle'], null, false],
      ['error', 'error: runAgent', ['feature.stop-failed'], null, false],
      ['after', 'after 10s', ['feature.busy'], 10000, true],
      ['after', 'after monitorIntervalMs', ['feature.idle'], 'monitorIntervalMs', false],
    ]);
  });

  it('should keep targetless, wildcard, root-level and composite guards', () => {
    const tick = edgesFrom(graph, 'feature.idle').find((e) => e.event === 'TICK');
    expect(tick?.targets).toEqual([]);
    expect(edgesFrom(graph, 'feature.stop-failed').map((e) => [e.label, e.guard, e.targets])).toEqual([
      ['STOP', 'hasQuorum && !isBad', ['feature.done']],
      ['*', null, ['feature.stop-failed']],
    ]);
    expect(edgesFrom(graph, 'feature').map((e) => [e.label, e.targets])).toEqual([['NODE.*', ['feature.stop-failed']]]);
    expect(edgesFrom(graph, 'feature.par').map((e) => [e.label, e.targets])).toEqual([['STOP', ['feature.done']]]);
  });

  it('should be deterministic and plain JSON', () => {
    const again = machineToGraph(featureMachine);
    expect(JSON.stringify(again)).toBe(JSON.stringify(graph));
    expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
  });

  it('should resolve targets given by custom ids to path ids, and a state onDone', () => {
    const m = createMachine({
      id: 'm',
      initial: 'a',
      states: {
        a: { initial: 'x', states: { x: { on: { NEXT: 'y' } }, y: { type: 'final' } }, onDone: '#far' },
        b: { id: 'far', on: { BACK: { target: 'a', guard: ({ event }) => event.type === 'BACK' } } },
      },
    });
    const g = machineToGraph(m);
    expect(g.edges.map((e) => [e.source, e.kind, e.label, e.targets, e.guard])).toEqual([
      ['m.a', 'done', 'done', ['m.b'], null],
      ['m.a.x', 'event', 'NEXT', ['m.a.y'], null],
      ['m.b', 'event', 'BACK', ['m.a'], 'inline'],
    ]);
  });

  it('should name parameterized actions and guards by their type', () => {
    const m = setup({ actions: { report: (_, _p: { level: number }) => {} }, guards: { above: (_, _p: { n: number }) => true } }).createMachine({
      id: 'p',
      initial: 's',
      states: { s: { on: { E: { guard: { type: 'above', params: { n: 3 } }, actions: { type: 'report', params: { level: 2 } } } } } },
    });
    const [edge] = machineToGraph(m).edges;
    expect([edge?.guard, edge?.actions]).toEqual(['above', ['report']]);
  });
});

describe('activeNodeIds', () => {
  it('should list every active node of a nested state value, the root first', () => {
    expect(activeNodeIds('feature', { par: { left: 'one', right: 'one' } })).toEqual([
      'feature', 'feature.par', 'feature.par.left', 'feature.par.left.one', 'feature.par.right', 'feature.par.right.one',
    ]);
    expect(activeNodeIds('feature', 'idle')).toEqual(['feature', 'feature.idle']);
  });

  it('should match the ids of the states an actor is in', () => {
    const m = machineToGraph(featureMachine);
    const ids = new Set(m.nodes.map((n) => n.id));
    for (const id of activeNodeIds('feature', { par: { left: 'two', right: 'one' } })) expect(ids.has(id)).toBe(true);
  });
});
