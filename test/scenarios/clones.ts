// Clone scenarios: anonymous and unique instances, clone-max / clone-node-max, stickiness,
// history matching, colocation and ordering with clones, interleave, cloned groups.
import type { Scenario } from './scenarios.ts';
import { cluster, type ClusterBuilder } from './builder.ts';

/** Wraps an already added primitive or group into a clone. */
export function cloned(b: ClusterBuilder, id: string, child: string, meta: Record<string, string> = {}): ClusterBuilder {
  const resources = b.doc.config.resources;
  const i = resources.findIndex((r) => r.id === child);
  if (i < 0) throw new Error(`no resource ${child} to clone`);
  const [c] = resources.splice(i, 1);
  if (c!.kind === 'clone') throw new Error(`${child} is already a clone`);
  resources.push({ kind: 'clone', id, meta, child: c! });
  return b;
}

const INF = 1_000_000;

export const CLONE_SCENARIOS: Scenario[] = [
  {
    name: 'clone-starts-everywhere', checks: 'clone-max defaults to the number of nodes, one instance per node',
    build: () => cloned(cluster('n1', 'n2', 'n3').primitive('d'), 'd-clone', 'd'),
    summary: ['Start d:0 ( n1 )', 'Start d:1 ( n2 )', 'Start d:2 ( n3 )'],
  },
  {
    name: 'clone-max-limits', checks: 'clone-max=2 on three nodes starts two instances',
    build: () => cloned(cluster('n1', 'n2', 'n3').primitive('d'), 'd-clone', 'd', { 'clone-max': '2' }),
    summary: ['Start d:0 ( n1 )', 'Start d:1 ( n2 )'],
  },
  {
    name: 'clone-node-max', checks: 'clone-node-max=2 lets two instances share a node',
    build: () => cloned(cluster('n1').primitive('d'), 'd-clone', 'd', { 'clone-max': '2', 'clone-node-max': '2' }),
    summary: ['Start d:0 ( n1 )', 'Start d:1 ( n1 )'],
  },
  {
    name: 'clone-anonymous-history', checks: 'anonymous history without a suffix is matched to instances; only the missing node starts',
    build: () => cloned(cluster('n1', 'n2', 'n3').primitive('d'), 'd-clone', 'd').running('d', 'n2').running('d', 'n3'),
    summary: ['Start d:2 ( n1 )'],
  },
  {
    name: 'clone-renumbered-history', checks: 'anonymous instance numbers in the history are reassigned node by node',
    build: () => cloned(cluster('n1', 'n2').primitive('d'), 'd-clone', 'd').running('d:5', 'n1').running('d:7', 'n2'),
    summary: [],
  },
  {
    name: 'clone-orphan-instance', checks: 'more active instances than clone-max: the extra one is stopped',
    build: () => cloned(cluster('n1', 'n2', 'n3').primitive('d'), 'd-clone', 'd', { 'clone-max': '2' })
      .running('d', 'n1').running('d', 'n2').running('d', 'n3'),
    summary: ['Stop d:2 ( n3 ) due to node availability'],
  },
  {
    name: 'clone-stickiness-keeps', checks: 'instances are sticky by default: a weak location does not move them',
    build: () => cloned(cluster('n1', 'n2', 'n3').primitive('d'), 'd-clone', 'd', { 'clone-max': '1' })
      .running('d', 'n1').location('d-clone', 'n2', 0),
    summary: [],
  },
  {
    name: 'clone-location-ban', checks: 'a -INFINITY location on the clone stops the instance there',
    build: () => cloned(cluster('n1', 'n2').primitive('d'), 'd-clone', 'd').running('d', 'n1').running('d', 'n2').location('d-clone', 'n2', -INF),
    summary: ['Stop d:1 ( n2 ) due to node availability'],
  },
  {
    name: 'clone-standby-node', checks: 'an instance on a node going standby stops and is not replaced',
    build: () => cloned(cluster('n1', 'n2').primitive('d'), 'd-clone', 'd').running('d', 'n1').running('d', 'n2').node('n2', { standby: true }),
    summary: ['Stop d:1 ( n2 ) due to node availability'],
  },
  {
    name: 'clone-unique-names', checks: 'globally-unique instances keep their recorded names',
    build: () => cloned(cluster('n1', 'n2').primitive('u'), 'u-clone', 'u', { 'globally-unique': 'true', 'clone-max': '2' }).running('u:1', 'n2'),
    summary: ['Start u:0 ( n1 )'],
  },
  {
    name: 'clone-colocated-primitive', checks: 'a primitive colocated with a clone runs only where an instance runs',
    build: () => cloned(cluster('n1', 'n2', 'n3').primitive('d'), 'd-clone', 'd', { 'clone-max': '1' })
      .location('d-clone', 'n3', 100).primitive('ip').colocation('ip', 'd-clone', INF),
    summary: ['Start d:0 ( n3 )', 'Start ip ( n3 )'],
  },
  {
    name: 'clone-colocated-with-primitive', checks: 'a clone colocated with a primitive runs only with it',
    build: () => cloned(cluster('n1', 'n2').primitive('d'), 'd-clone', 'd').primitive('vip').location('vip', 'n2', 10).colocation('d-clone', 'vip', INF),
    summary: ['Start vip ( n2 )', 'Start d:0 ( n2 )'],
  },
  {
    name: 'clone-order-then-primitive', checks: 'a primitive ordered after a clone that cannot run anywhere does not start',
    build: () => cloned(cluster('n1').primitive('d'), 'd-clone', 'd', { 'target-role': 'Stopped' }).primitive('app').order('d-clone', 'app'),
    summary: ['Start app ( n1 ) due to unrunnable d-clone running (blocked)'],
  },
  {
    name: 'clone-order-one-instance-enough', checks: 'a clone is running once any instance can start',
    build: () => cloned(cluster('n1', 'n2').primitive('d'), 'd-clone', 'd').location('d-clone', 'n2', -INF).primitive('app').location('app', 'n2', 10).order('d-clone', 'app'),
    summary: ['Start d:0 ( n1 )', 'Start app ( n2 )'],
  },
  {
    name: 'clone-interleave-restart', checks: 'interleaved clones: a recovered instance restarts only its own node\'s dependent instance',
    build: () => cloned(cloned(cluster('n1', 'n2').primitive('a').primitive('b'), 'a-clone', 'a', { interleave: 'true' }), 'b-clone', 'b', { interleave: 'true' })
      .order('a-clone', 'b-clone').running('a', 'n1').running('a', 'n2').running('b', 'n1').running('b', 'n2').failedMonitor('a', 'n1'),
    summary: ['Recover a:0 ( n1 )', 'Restart b:0 ( n1 ) due to required a:0 start'],
  },
  {
    name: 'cloned-group', checks: 'a cloned group starts its members per instance, together on each node',
    build: () => cloned(cluster('n1', 'n2').group('g', ['m1', 'm2']), 'g-clone', 'g'),
    summary: ['Start m1:0 ( n1 )', 'Start m2:0 ( n1 )', 'Start m1:1 ( n2 )', 'Start m2:1 ( n2 )'],
  },
  {
    name: 'clone-min-blocks', checks: 'clone-min=2 with one runnable instance blocks what is ordered after the clone',
    build: () => cloned(cluster('n1', 'n2').primitive('d'), 'd-clone', 'd', { 'clone-min': '2' }).location('d-clone', 'n2', -INF)
      .primitive('app').order('d-clone', 'app'),
    summary: ['Start d:0 ( n1 )', 'Start app ( n2 ) due to unrunnable clone-one-or-more:ord-d-clone-app (blocked)'],
  },
  {
    name: 'clone-stop-restarts-same-node', checks: 'an instance stopping restarts a resource ordered after the clone on that node only',
    build: () => cloned(cluster('n1', 'n2').primitive('d'), 'd-clone', 'd').primitive('app').primitive('app2')
      .running('d', 'n1').running('d', 'n2').running('app', 'n1').running('app2', 'n2')
      .order('d-clone', 'app').order('d-clone', 'app2').location('d-clone', 'n1', -INF),
    summary: ['Stop d:0 ( n1 ) due to node availability', 'Restart app ( n1 ) due to required d-clone running'],
  },
  {
    name: 'clone-asymmetric-order-keeps', checks: 'a non-symmetrical order leaves a running instance alone when the first clone stops',
    build: () => cloned(cloned(cluster('n1').primitive('a').primitive('b'), 'a-clone', 'a', { 'target-role': 'Stopped' }), 'b-clone', 'b')
      .running('a', 'n1').running('b', 'n1').order('a-clone', 'b-clone', { symmetrical: false }),
    summary: ['Stop a:0 ( n1 ) due to node availability'],
  },
  {
    name: 'cloned-group-orphan', checks: 'a second active history of a cloned group member on one node is an orphan instance, stopped',
    build: () => cloned(cluster('n1').group('g', ['m1', 'm2']), 'g-clone', 'g')
      .running('m1:1', 'n1').running('m1:0', 'n1').running('m2:1', 'n1').running('m2:0', 'n1'),
    summary: ['Stop m1:1 ( n1 ) due to node availability', 'Stop m2:1 ( n1 ) due to node availability'],
  },
  {
    name: 'clone-promotable-unscored', checks: 'a promotable clone whose agent set no promotion score starts unpromoted',
    build: () => cloned(cluster('n1').primitive('p'), 'p-clone', 'p', { promotable: 'true' }).primitive('r'),
    summary: ['Start p:0 ( n1 )', 'Start r ( n1 )'],
  },
];
