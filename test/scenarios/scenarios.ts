// The scenario table: each entry names what it checks, builds a cluster document, and states
// the expected Transition Summary (order-insensitive) and, for some, facts of the explanation.
import type { Explanation, TransitionGraph } from '../../src/scheduler/index.ts';
import { cluster, type ClusterBuilder } from './builder.ts';

export interface Scenario {
  name: string;
  checks: string;
  build: () => ClusterBuilder;
  summary: string[];
  explain?: (e: Explanation) => void;
  /** Facts of the transition graph itself (actions the summary does not show). */
  graph?: (g: TransitionGraph) => void;
  /** Where vigil decides differently from Pacemaker on purpose, and why. */
  differsFromPacemaker?: string;
}

export const NOW_S = 2_000_000_000;

function scoreOf(e: Explanation, rsc: string, node: string): number {
  const r = e.resources.find((x) => x.resource === rsc);
  if (!r) throw new Error(`no explanation for ${rsc}`);
  const s = r.scores.find((x) => x.node === node);
  if (!s) throw new Error(`no score for ${rsc} on ${node}`);
  return s.total;
}

function expectEq<T>(actual: T, expected: T, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export const SCENARIOS: Scenario[] = [
  { name: 'start-single', checks: 'a new resource starts on the first node by name', build: () => cluster('n1', 'n2').primitive('r1'), summary: ['Start r1 ( n1 )'] },
  { name: 'keep-running', checks: 'a running resource with nothing to change stays', build: () => cluster('n1', 'n2').primitive('r1').running('r1', 'n2'), summary: [] },
  { name: 'balance-starts', checks: 'ties go to the node with fewer resources placed', build: () => cluster('n1', 'n2').primitive('a').primitive('b'), summary: ['Start a ( n1 )', 'Start b ( n2 )'] },
  {
    name: 'location-prefers', checks: 'a positive location constraint wins the tie', build: () => cluster('n1', 'n2').primitive('r1').location('r1', 'n2', 50), summary: ['Start r1 ( n2 )'],
    explain: (e) => expectEq(scoreOf(e, 'r1', 'n2'), 50, 'r1 score on n2'),
  },
  { name: 'location-ban', checks: '-INFINITY location bans the node', build: () => cluster('n1', 'n2').primitive('r1').location('r1', 'n1', -1_000_000), summary: ['Start r1 ( n2 )'] },
  { name: 'ban-everywhere', checks: 'a resource banned from every node does not start', build: () => cluster('n1').primitive('r1').location('r1', 'n1', -1_000_000), summary: [] },
  { name: 'ban-running-stops', checks: 'banning the only node stops a running resource', build: () => cluster('n1').primitive('r1').running('r1', 'n1').location('r1', 'n1', -1_000_000), summary: ['Stop r1 ( n1 ) due to node availability'] },
  {
    name: 'opt-in-cluster', checks: 'an opt-in cluster runs a resource only where allowed',
    build: () => cluster('n1', 'n2').option((o) => { o.symmetricCluster = false; }).primitive('r1').primitive('r2').location('r1', 'n2', 0),
    summary: ['Start r1 ( n2 )'],
  },
  { name: 'move-on-location', checks: 'a stronger location than stickiness moves a resource', build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'resource-stickiness': '10' } }).running('r1', 'n1').location('r1', 'n2', 100), summary: ['Move r1 ( n1 -> n2 )'] },
  {
    name: 'stickiness-holds', checks: 'stickiness above the location score keeps the resource',
    build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'resource-stickiness': '200' } }).running('r1', 'n1').location('r1', 'n2', 100),
    summary: [], explain: (e) => expectEq(scoreOf(e, 'r1', 'n1'), 200, 'r1 score on n1'),
  },
  { name: 'rsc-defaults-stickiness', checks: 'resource defaults provide stickiness', build: () => { const b = cluster('n1', 'n2').primitive('r1').running('r1', 'n1').location('r1', 'n2', 100); b.doc.config.resourceDefaults['resource-stickiness'] = '500'; return b; }, summary: [] },
  { name: 'standby-moves', checks: 'a standby node loses its resources', build: () => cluster('n1', 'n2').primitive('r1').running('r1', 'n1').node('n1', { standby: true }), summary: ['Move r1 ( n1 -> n2 )'] },
  {
    name: 'offline-node-not-used', checks: 'an offline node gets nothing, and is explained',
    build: () => cluster('n1', 'n2').primitive('r1').location('r1', 'n1', 100).node('n1', { online: false }), summary: ['Start r1 ( n2 )'],
    explain: (e) => expectEq(e.resources[0]!.rejected.some((r) => r.nodes.includes('n1') && r.reason.includes('offline')), true, 'n1 rejected as offline'),
  },
  { name: 'target-role-stopped', checks: 'target-role=Stopped stops a running resource', build: () => cluster('n1').primitive('r1', { meta: { 'target-role': 'Stopped' } }).running('r1', 'n1'), summary: ['Stop r1 ( n1 ) due to node availability'] },
  { name: 'unmanaged-left-alone', checks: 'an unmanaged resource is neither stopped nor moved', build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'is-managed': 'false' } }).running('r1', 'n1').location('r1', 'n1', -1_000_000), summary: [] },
  { name: 'monitor-failure-recovers', checks: 'a failed recurring monitor recovers in place', build: () => cluster('n1', 'n2').primitive('r1').failedMonitor('r1', 'n1').failCount('r1', 'n1', 1), summary: ['Recover r1 ( n1 )'] },
  {
    name: 'migration-threshold-moves', checks: 'reaching migration-threshold bans the node and recovers elsewhere',
    build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'migration-threshold': '3' } }).failedMonitor('r1', 'n1').failCount('r1', 'n1', 3),
    summary: ['Recover r1 ( n1 -> n2 )'],
    explain: (e) => {
      const r = e.resources.find((x) => x.resource === 'r1')!;
      expectEq(r.rejected.some((x) => x.reason.includes('3 failures reached 3') && x.nodes.includes('n1')), true, 'n1 rejected by migration-threshold');
    },
  },
  { name: 'below-threshold-stays', checks: 'fewer failures than migration-threshold recover in place', build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'migration-threshold': '3' } }).failedMonitor('r1', 'n1').failCount('r1', 'n1', 2), summary: ['Recover r1 ( n1 )'] },
  { name: 'failure-timeout-expires', checks: 'an expired failure no longer counts towards the threshold', build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'migration-threshold': '1', 'failure-timeout': '60s' } }).running('r1', 'n1').failCount('r1', 'n1', 1), summary: [] },
  { name: 'failcount-sum', checks: 'fail-counts of several operations add up', build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'migration-threshold': '2' } }).running('r1', 'n1').failCount('r1', 'n1', 1, 'monitor_10000').failCount('r1', 'n1', 1, 'start_0'), summary: ['Move r1 ( n1 -> n2 )'] },
  { name: 'hard-error-bans-node', checks: 'rc 5 (not installed) from a start bans that node', build: () => cluster('n1', 'n2').primitive('r1').op('r1', 'n1', { operation: 'start', rc: 5, status: 'error' }), summary: ['Recover r1 ( n1 -> n2 )'] },
  { name: 'fatal-error-bans-all', checks: 'rc 6 (not configured) bans every node', build: () => cluster('n1', 'n2').primitive('r1').op('r1', 'n1', { operation: 'start', rc: 6, status: 'error' }), summary: ['Stop r1 ( n1 ) due to node availability'] },
  // Pacemaker 2.1.5 (conformance case failed-probe-primitive): not running there, and banned there.
  { name: 'probe-not-installed', checks: 'a probe returning 5 means not running there and not runnable there', build: () => cluster('n1', 'n2').primitive('r1').op('r1', 'n1', { operation: 'monitor', rc: 5 }), summary: ['Start r1 ( n2 )'] },
  { name: 'on-fail-ignore', checks: 'on-fail=ignore keeps the resource where it is', build: () => cluster('n1', 'n2').primitive('r1', { ops: [{ name: 'monitor', intervalMs: 10000, onFail: 'ignore' }] }).failedMonitor('r1', 'n1'), summary: [] },
  { name: 'on-fail-stop', checks: 'on-fail=stop stops the resource for good', build: () => cluster('n1', 'n2').primitive('r1', { ops: [{ name: 'monitor', intervalMs: 10000, onFail: 'stop' }] }).failedMonitor('r1', 'n1'), summary: ['Stop r1 ( n1 ) due to node availability'] },
  { name: 'on-fail-block', checks: 'on-fail=block leaves the failed resource untouched', build: () => cluster('n1', 'n2').primitive('r1', { ops: [{ name: 'monitor', intervalMs: 10000, onFail: 'block' }] }).failedMonitor('r1', 'n1'), summary: [] },
  {
    name: 'unclean-node-fenced', checks: 'an unclean node is fenced before its resources move',
    build: () => cluster('n1', 'n2').option((o) => { o.fencingEnabled = true; }).primitive('fence1', { class: 'stonith' }).primitive('r1').running('fence1', 'n2').running('r1', 'n1').node('n1', { online: false, unclean: true }),
    summary: ["Fence (reboot) n1 'peer is no longer part of the cluster'", 'Move r1 ( n1 -> n2 )'],
  },
  {
    name: 'stop-failure-fences', checks: 'a failed stop fences the node (fencing on) and the resource is recovered elsewhere after it',
    build: () => cluster('n1', 'n2').option((o) => { o.fencingEnabled = true; }).primitive('fence1', { class: 'stonith' }).primitive('r1').running('fence1', 'n2').running('r1', 'n1').op('r1', 'n1', { operation: 'stop', rc: 1, status: 'error' }),
    summary: ["Fence (reboot) n1 'r1 failed there'", 'Recover r1 ( n1 -> n2 )'],
  },
  { name: 'stop-failure-blocks-without-fencing', checks: 'a failed stop without fencing blocks the resource', build: () => cluster('n1', 'n2').primitive('r1').running('r1', 'n1').op('r1', 'n1', { operation: 'stop', rc: 1, status: 'error' }), summary: [] },
  { name: 'no-quorum-stop', checks: 'without quorum (policy stop) resources stop and nothing starts', build: () => cluster('n1', 'n2').primitive('r1').primitive('r2').running('r1', 'n1').quorum(false, 'stop'), summary: ['Stop r1 ( n1 ) due to no quorum', 'Start r2 ( n2 ) due to no quorum (blocked)'] },
  { name: 'no-quorum-ignore', checks: 'no-quorum-policy=ignore carries on', build: () => cluster('n1').primitive('r1').quorum(false, 'ignore'), summary: ['Start r1 ( n1 )'] },
  { name: 'no-quorum-freeze', checks: 'freeze keeps running resources and blocks new starts', build: () => cluster('n1', 'n2').primitive('r1').primitive('r2').running('r1', 'n1').quorum(false, 'freeze'), summary: ['Start r2 ( n2 ) due to quorum freeze (blocked)'] },
  { name: 'colocation-mandatory', checks: 'the dependent follows its primary', build: () => cluster('n1', 'n2').primitive('a').primitive('b').location('a', 'n2', 10).colocation('b', 'a', 1_000_000), summary: ['Start a ( n2 )', 'Start b ( n2 )'] },
  { name: 'anti-colocation', checks: '-INFINITY colocation keeps them apart', build: () => cluster('n1', 'n2').primitive('a').primitive('b').location('a', 'n1', 10).location('b', 'n1', 10).colocation('b', 'a', -1_000_000), summary: ['Start a ( n1 )', 'Start b ( n2 )'] },
  { name: 'colocation-primary-cannot-run', checks: 'a dependent of a resource that cannot run does not run', build: () => cluster('n1').primitive('a', { meta: { 'target-role': 'Stopped' } }).primitive('b').colocation('b', 'a', 1_000_000), summary: [] },
  { name: 'dependent-influences-primary', checks: "the dependent's preference pulls the primary", build: () => cluster('n1', 'n2').primitive('a').primitive('b').location('b', 'n2', 100).colocation('b', 'a', 1_000_000), summary: ['Start a ( n2 )', 'Start b ( n2 )'] },
  { name: 'group-starts-together', checks: 'a group runs its members on one node', build: () => cluster('n1', 'n2').group('g', ['a', 'b', 'c']), summary: ['Start a ( n1 )', 'Start b ( n1 )', 'Start c ( n1 )'] },
  { name: 'group-location', checks: 'a location on a group moves every member', build: () => cluster('n1', 'n2').group('g', ['a', 'b']).location('g', 'n2', 100), summary: ['Start a ( n2 )', 'Start b ( n2 )'] },
  { name: 'group-member-recover-restarts-later', checks: 'recovering a group member restarts the members after it', build: () => cluster('n1').group('g', ['a', 'b']).failedMonitor('a', 'n1').running('b', 'n1'), summary: ['Recover a ( n1 )', 'Restart b ( n1 ) due to required a start'] },
  { name: 'group-member-banned', checks: 'members after a banned member cannot run; the ones before stay', build: () => cluster('n1').group('g', ['a', 'b', 'c']).location('b', 'n1', -1_000_000), summary: ['Start a ( n1 )'] },
  { name: 'order-restart-then', checks: 'restarting the first resource of a mandatory order restarts the then resource', build: () => cluster('n1').primitive('a').primitive('b').failedMonitor('a', 'n1').running('b', 'n1').order('a', 'b'), summary: ['Recover a ( n1 )', 'Restart b ( n1 ) due to required a start'] },
  { name: 'order-blocked', checks: 'a then-resource cannot start when the first cannot', build: () => cluster('n1').primitive('a', { meta: { 'target-role': 'Stopped' } }).primitive('b').order('a', 'b'), summary: ['Start b ( n1 ) due to unrunnable a start (blocked)'] },
  { name: 'order-blocked-stops', checks: 'a running then-resource stops when the first cannot start', build: () => cluster('n1').primitive('a', { meta: { 'target-role': 'Stopped' } }).primitive('b').running('b', 'n1').order('a', 'b'), summary: ['Stop b ( n1 ) due to unrunnable a start'] },
  { name: 'order-optional', checks: 'an optional order never blocks', build: () => cluster('n1').primitive('a', { meta: { 'target-role': 'Stopped' } }).primitive('b').order('a', 'b', { kind: 'Optional' }), summary: ['Start b ( n1 )'] },
  { name: 'live-migration', checks: 'allow-migrate moves a healthy resource with migrate_to/migrate_from', build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'allow-migrate': 'true' } }).running('r1', 'n1').node('n1', { standby: true }), summary: ['Migrate r1 ( n1 -> n2 )'] },
  { name: 'failed-resource-not-migrated', checks: 'a failed resource is recovered, never live-migrated', build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'allow-migrate': 'true', 'migration-threshold': '1' } }).failedMonitor('r1', 'n1').failCount('r1', 'n1', 1), summary: ['Recover r1 ( n1 -> n2 )'] },
  {
    name: 'migration-does-not-restart-then', checks: 'bug 5055: a then-resource staying put is not restarted by a migrating first resource',
    build: () => cluster('n1', 'n2').primitive('a', { meta: { 'allow-migrate': 'true' } }).primitive('b').running('a', 'n1').running('b', 'n2').location('b', 'n2', 100).location('a', 'n2', 50).order('a', 'b'),
    summary: ['Migrate a ( n1 -> n2 )'],
    differsFromPacemaker: 'Pacemaker restarts b because a\'s start on n2 is "required" (ClusterLabs bug 5055); the migration does not stop a\'s service, so b keeps running.',
  },
  { name: 'multiple-active-restart', checks: 'a resource active on two nodes is stopped on both and started on one', build: () => cluster('n1', 'n2').primitive('r1').running('r1', 'n1').running('r1', 'n2'), summary: ['Restart r1 ( n1 )'] },
  { name: 'multiple-active-stop-only', checks: 'multiple-active=stop_only stops every copy', build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'multiple-active': 'stop_only' } }).running('r1', 'n1').running('r1', 'n2'), summary: ['Stop r1 ( n1 ) due to node availability', 'Stop r1 ( n2 ) due to node availability'] },
  { name: 'definition-change-restarts', checks: 'a changed parameter digest restarts the resource', build: () => cluster('n1').primitive('r1', { params: { a: '2' } }).op('r1', 'n1', { operation: 'start', opDigest: 'ffffffffffffffffffffffffffffffff' }), summary: ['Restart r1 ( n1 ) due to resource definition change'] },
  { name: 'orphan-stopped', checks: 'a resource no longer configured is stopped', build: () => cluster('n1').running('gone', 'n1'), summary: ['Stop gone ( n1 ) due to node availability'] },
  { name: 'priority-first', checks: 'higher priority resources are placed first and win contested nodes', build: () => cluster('n1').primitive('low').primitive('high', { meta: { priority: '10' } }).colocation('low', 'high', -1_000_000), summary: ['Start high ( n1 )'] },
];
