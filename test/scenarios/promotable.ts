// Scenarios for promotable clones: promotion by score, demote before promote elsewhere, starts
// straight into the promoted role, failed promoted instances, per-role monitors. The summaries
// are crm_simulate's (Pacemaker 2.1.5) for the same situations.
import type { Scenario } from './scenarios.ts';
import { cloned } from './clones.ts';
import { cluster, type ClusterBuilder } from './builder.ts';
import type { TransitionGraph } from '../../src/scheduler/index.ts';
import { expect } from 'vitest';

const MONITORS = [
  { name: 'monitor', intervalMs: 10000, role: 'Unpromoted' },
  { name: 'monitor', intervalMs: 11000, role: 'Promoted' },
];

/** ms: a promotable clone of p (Stateful-like), two instances on n1 and n2, promotion scores by node. */
function ms(scores: Record<string, number>): ClusterBuilder {
  const b = cloned(cluster('n1', 'n2').primitive('p', { ops: MONITORS }), 'ms', 'p', { promotable: 'true', 'clone-max': '2' });
  for (const [node, score] of Object.entries(scores)) b.node(node, { attributes: { 'master-p': String(score) } });
  return b;
}

const action = (g: TransitionGraph, id: string) => g.actions.find((a) => a.id === id);
const edge = (g: TransitionGraph, first: string, then: string) => g.edges.some((e) => e.first === first && e.then === then);

export const PROMOTABLE_SCENARIOS: Scenario[] = [
  {
    name: 'promote-highest-score', checks: 'the running instance with the highest promotion score is promoted, and monitored in its new role',
    build: () => ms({ n1: 5, n2: 10 }).running('p:0', 'n1').running('p:1', 'n2'),
    summary: ['Promote p:1 ( Unpromoted -> Promoted n2 )'],
    explain: (e) => {
      expect(e.resources.find((r) => r.resource === 'p:1')!.reasons).toContain('promoted on n2: among the best promotion scores (promotion score 10)');
      expect(e.resources.find((r) => r.resource === 'p:0')!.reasons).toContain('unpromoted on n1: promoted-max (1) instances already promoted (promotion score 5)');
    },
    graph: (g) => {
      expect(action(g, 'p:1:promote@n2')?.kind).toBe('promote');
      expect(edge(g, 'p:1:promote@n2', 'p:1:monitor_11000@n2')).toBe(true);
      expect(action(g, 'p:1:monitor_10000@n2')).toBeUndefined();
    },
  },
  {
    name: 'promote-none-without-scores', checks: 'instances whose agent set no promotion score stay unpromoted',
    build: () => ms({}).running('p:0', 'n1').running('p:1', 'n2'),
    summary: [],
  },
  {
    name: 'demote-before-promote-elsewhere', checks: 'a better score elsewhere demotes the promoted instance first, then promotes the other',
    build: () => ms({ n1: 5, n2: 10 }).running('p:0', 'n1').op('p:0', 'n1', { operation: 'promote' }).running('p:1', 'n2'),
    summary: ['Demote p:0 ( Promoted -> Unpromoted n1 )', 'Promote p:1 ( Unpromoted -> Promoted n2 )'],
    graph: (g) => {
      expect(edge(g, 'p:0:demote@n1', 'p:1:promote@n2')).toBe(true);
      expect(edge(g, 'p:0:demote@n1', 'p:0:monitor_10000@n1')).toBe(true);
    },
  },
  {
    name: 'start-into-promoted', checks: 'a stopped instance with the best score starts and is promoted in one transition',
    build: () => ms({ n1: 10, n2: 5 }),
    summary: ['Promote p:0 ( Stopped -> Promoted n1 )', 'Start p:1 ( n2 )'],
    graph: (g) => {
      expect(edge(g, 'p:0:start@n1', 'p:0:promote@n1')).toBe(true);
      expect(action(g, 'p:1:monitor_10000@n2')?.kind).toBe('monitor');
    },
  },
  {
    name: 'failed-promoted-recovered', checks: 'rc 9 (failed promoted) is recovered in place and promoted again',
    build: () => ms({ n1: 10, n2: 5 }).running('p:0', 'n1').op('p:0', 'n1', { operation: 'promote' })
      .op('p:0', 'n1', { operation: 'monitor', intervalMs: 11000, rc: 9, status: 'error', lastRcChange: 1000 }).running('p:1', 'n2'),
    summary: ['Recover p:0 ( Promoted n1 )'],
    graph: (g) => {
      expect(edge(g, 'p:0:demote@n1', 'p:0:stop@n1')).toBe(true);
      expect(edge(g, 'p:0:start@n1', 'p:0:promote@n1')).toBe(true);
    },
  },
  {
    name: 'promoted-on-standby-node', checks: 'a promoted instance on a node put in standby stops (named with its role), and the other is promoted',
    build: () => ms({ n1: 10, n2: 5 }).running('p:0', 'n1').op('p:0', 'n1', { operation: 'promote' }).running('p:1', 'n2').node('n1', { standby: true }),
    summary: ['Stop p:0 ( Promoted n1 ) due to node availability', 'Promote p:1 ( Unpromoted -> Promoted n2 )'],
  },
  {
    name: 'order-after-promote-unrunnable', checks: 'what is ordered after the promotion cannot start while no instance can be promoted',
    build: () => ms({}).running('p:0', 'n1').running('p:1', 'n2').primitive('B').order('ms', 'B', { firstAction: 'promote' }),
    summary: ['Start B ( n1 ) due to unrunnable ms promoted (blocked)'],
  },
  {
    name: 'order-after-promote', checks: 'what is ordered after the promotion starts once an instance is promoted, after it',
    build: () => ms({ n1: 5, n2: 10 }).running('p:0', 'n1').running('p:1', 'n2').primitive('B').order('ms', 'B', { firstAction: 'promote' }),
    summary: ['Promote p:1 ( Unpromoted -> Promoted n2 )', 'Start B ( n1 )'],
    graph: (g) => expect(edge(g, 'p:1:promote@n2', 'B:start@n1')).toBe(true),
  },
  {
    name: 'promotion-score-places-instances', checks: 'instances start where they can be promoted (three nodes, two instances, only n3 has a promotion score)',
    build: () => {
      const b = cloned(cluster('n1', 'n2', 'n3').primitive('p', { ops: MONITORS }), 'ms', 'p', { promotable: 'true', 'clone-max': '2' });
      return b.node('n3', { attributes: { 'master-p': '10' } });
    },
    summary: ['Promote p:0 ( Stopped -> Promoted n3 )', 'Start p:1 ( n1 )'],
  },
];
