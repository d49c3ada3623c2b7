// Fidelity scenarios: rules learnt from Pacemaker 2.1.5 (crm_simulate on small CIBs, and the
// shared conformance cases named in each entry) about reading the history, require-all=false,
// reloads, symmetrical orders and quorum. Each failed on vigil before its fix.
import type { OrderConstraint } from '../../src/config/model.ts';
import { expect } from 'vitest';
import type { TransitionGraph } from '../../src/scheduler/index.ts';
import type { Scenario } from './scenarios.ts';
import { cluster, type ClusterBuilder } from './builder.ts';
import { cloned } from './clones.ts';

/** `then` needs only one of `firsts` (a require-all=false set named `set`). */
function oneOrMore(b: ClusterBuilder, set: string, firsts: string[], then: string): ClusterBuilder {
  for (const first of firsts) {
    const order: OrderConstraint = {
      kind: 'order', id: `${set}:${first}:${then}`, first, then, firstAction: 'start', thenAction: 'start',
      orderKind: 'Mandatory', symmetrical: true, oneOrMore: set,
    };
    b.doc.config.constraints.push(order);
  }
  return b;
}

/** Sets meta attributes on one member of a group. */
function memberMeta(b: ClusterBuilder, group: string, member: string, meta: Record<string, string>): ClusterBuilder {
  const g = b.doc.config.resources.find((r) => r.id === group);
  if (g?.kind !== 'group') throw new Error(`no group ${group}`);
  Object.assign(g.children.find((c) => c.id === member)!.meta, meta);
  return b;
}

const stopped = { meta: { 'target-role': 'Stopped' } };
const FENCING = (b: ClusterBuilder): ClusterBuilder => b.option((o) => { o.fencingEnabled = true; }).primitive('fence1', { class: 'stonith' });

export const FIDELITY_SCENARIOS: Scenario[] = [
  {
    name: 'probe-not-installed-status', checks: 'a probe the executor could not run (op-status 7) means not running there, not a failure',
    build: () => cluster('n1', 'n2').primitive('r1').op('r1', 'n1', { operation: 'monitor', rc: 5, status: 'not-installed' }),
    summary: ['Start r1 ( n2 )'],
  },
  {
    name: 'legacy-anonymous-fail-count', checks: 'a legacy fail-count-RSC:N name counts for every instance of an anonymous clone (bug-lf-2574)',
    build: () => {
      const b = cloned(cluster('n1', 'n2').primitive('r1', { meta: { 'migration-threshold': '1' } }), 'r1-clone', 'r1', { 'clone-max': '1' }).running('r1', 'n1');
      (b.doc.status.failCounts ??= []).push({ resource: 'r1:1', node: 'n1', operation: '', intervalMs: 0, count: 1, lastFailureS: 0 });
      return b;
    },
    summary: ['Move r1:0 ( n1 -> n2 )'],
  },
  {
    name: 'legacy-instance-name-not-primitive', checks: 'fail-count-RSC:N does not count for a primitive named RSC',
    build: () => {
      const b = cluster('n1', 'n2').primitive('r1', { meta: { 'migration-threshold': '1' } }).running('r1', 'n1');
      (b.doc.status.failCounts ??= []).push({ resource: 'r1:0', node: 'n1', operation: '', intervalMs: 0, count: 1, lastFailureS: 0 });
      return b;
    },
    summary: [],
  },
  {
    name: 'fail-count-without-history', checks: 'a fail-count attribute bans its node even where the resource has no history',
    build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'migration-threshold': '1' } }).location('r1', 'n1', 10).failCount('r1', 'n1', 1),
    summary: ['Start r1 ( n2 )'],
  },
  {
    name: 'reload-reloadable-change', checks: 'only reloadable parameters changed (op-restart-digest still matches): Reload, not Restart (params-4)',
    // ' <parameters/>\n' hashes to f2317cad…: the only non-reloadable parameter, "dummy", is unset now as then.
    build: () => cluster('n1').primitive('r1', { params: { ip: '10.0.0.2' } })
      .op('r1', 'n1', { operation: 'start', opDigest: 'ffffffffffffffffffffffffffffffff', restartDigest: 'f2317cad3d54cec5d7d7aa7d0bf35cf8', forceRestart: ['dummy'] }),
    summary: ['Reload r1 ( n1 )'],
  },
  {
    name: 'restart-non-reloadable-change', checks: 'a changed non-reloadable parameter restarts',
    build: () => cluster('n1').primitive('r1', { params: { dummy: 'x' } })
      .op('r1', 'n1', { operation: 'start', opDigest: 'ffffffffffffffffffffffffffffffff', restartDigest: 'f2317cad3d54cec5d7d7aa7d0bf35cf8', forceRestart: ['dummy'] }),
    summary: ['Restart r1 ( n1 ) due to resource definition change'],
  },
  {
    name: 'one-or-more-any-member', checks: 'require-all=false: then starts when one member of the set can (one-or-more-2)',
    build: () => oneOrMore(cluster('n1').primitive('b', stopped).primitive('c').primitive('d'), 'set1', ['b', 'c'], 'd'),
    summary: ['Start c ( n1 )', 'Start d ( n1 )'],
  },
  {
    name: 'one-or-more-none', checks: 'require-all=false: then is blocked when no member can start, named after the set (one-or-more-3)',
    build: () => oneOrMore(cluster('n1').primitive('b', stopped).primitive('c', stopped).primitive('d'), 'set1', ['b', 'c'], 'd'),
    summary: ['Start d ( n1 ) due to unrunnable one-or-more:set1 (blocked)'],
  },
  {
    name: 'asymmetric-order-first-stopping', checks: 'symmetrical=false: a first that stops leaves its running then alone (crm_simulate 2.1.5)',
    build: () => cluster('n1').primitive('a', stopped).primitive('b').running('a', 'n1').running('b', 'n1').order('a', 'b', { symmetrical: false }),
    summary: ['Stop a ( n1 ) due to node availability'],
  },
  {
    name: 'symmetric-order-first-stopping', checks: 'a symmetrical order stops the then of a first that stops, in Pacemaker\'s words (crm_simulate 2.1.5)',
    build: () => cluster('n1').primitive('a', stopped).primitive('b').running('a', 'n1').running('b', 'n1').order('a', 'b'),
    summary: ['Stop a ( n1 ) due to node availability', 'Stop b ( n1 ) due to required a start'],
  },
  {
    name: 'asymmetric-order-first-stopped', checks: 'symmetrical=false: a first that is stopped and cannot start still stops its then (asymmetrical-order-move)',
    build: () => cluster('n1').primitive('a', stopped).primitive('b').running('b', 'n1').order('a', 'b', { symmetrical: false }),
    summary: ['Stop b ( n1 ) due to unrunnable a start'],
  },
  {
    name: 'on-fail-ignore-not-counted', checks: 'failures ignored by on-fail=ignore do not count toward migration-threshold (on-fail-ignore)',
    build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'migration-threshold': '2' }, ops: [{ name: 'monitor', intervalMs: 10000, onFail: 'ignore' }] })
      .failedMonitor('r1', 'n1').failCount('r1', 'n1', 2),
    summary: [],
  },
  {
    name: 'unmanaged-member-keeps-group', checks: 'an unmanaged group member running where it is does not stop the members after it (group-unmanaged)',
    build: () => memberMeta(cluster('n1').group('g', ['a', 'b']).running('a', 'n1').running('b', 'n1'), 'g', 'a', { 'is-managed': 'false' }),
    summary: [],
  },
  {
    name: 'multiple-active-block-keeps-dependents', checks: 'multiple-active=block leaves the resource and what is ordered after it alone (multiple-active-block-group)',
    build: () => cluster('n1', 'n2').primitive('a', { meta: { 'multiple-active': 'block' } }).primitive('b')
      .running('a', 'n1').running('a', 'n2').running('b', 'n2').order('a', 'b'),
    summary: [],
  },
  {
    name: 'blocked-stop-failure-counts-on-node', checks: 'a stop that failed with on-fail=block keeps its node occupied rather than banned, so a tie stays put (expire-non-blocked-failure)',
    build: () => cluster('n1', 'n2').primitive('f', { ops: [{ name: 'stop', onFail: 'block' }] }).primitive('r2')
      .running('f', 'n2').op('f', 'n2', { operation: 'stop', rc: 1, status: 'error' }).primitive('r0').running('r0', 'n1').running('r2', 'n1'),
    summary: [],
  },
  {
    name: 'stopped-monitor-finds-running', checks: 'a role=Stopped monitor that finds the resource running is a failure there (stopped-monitor-02)',
    build: () => cluster('n1', 'n2').primitive('r1', { ops: [{ name: 'monitor', intervalMs: 10000 }, { name: 'monitor', intervalMs: 20000, role: 'Stopped' }] })
      .running('r1', 'n1').op('r1', 'n2', { operation: 'monitor', intervalMs: 20000, rc: 0 }).location('r1', 'n1', 10),
    summary: ['Recover r1 ( n1 )'],
  },
  {
    name: 'pending-start-changed-definition', checks: 'a start in flight with other parameters restarts, with no reason given (params-3)',
    build: () => cluster('n1').primitive('r1', { params: { ip: '10.0.0.2' } })
      .op('r1', 'n1', { operation: 'start', status: 'pending', callId: -1, rc: -1, opDigest: 'ffffffffffffffffffffffffffffffff', restartDigest: 'f2317cad3d54cec5d7d7aa7d0bf35cf8', forceRestart: ['dummy'] }),
    summary: ['Restart r1 ( n1 )'],
  },
  {
    name: 'stop-orphan-resources-false', checks: 'stop-orphan-resources=false leaves a resource no longer configured running (orphan-0)',
    build: () => cluster('n1').running('gone', 'n1').option((o) => { o.other['stop-orphan-resources'] = 'false'; }),
    summary: [],
  },
  {
    name: 'optional-order-restart', checks: 'an optional order restarts its then when the first restarts (rec-rsc-9)',
    build: () => cluster('n1').primitive('a').primitive('b').failedMonitor('a', 'n1').running('b', 'n1').order('a', 'b', { kind: 'Optional' }),
    summary: ['Recover a ( n1 )', 'Restart b ( n1 ) due to required a start'],
  },
  {
    name: 'group-cannot-start-stops-then-group', checks: 'a partly running group that cannot complete stops the group ordered after it (bug-1718)',
    build: () => memberMeta(cluster('n1').group('g1', ['a', 'b']).group('g2', ['c', 'd']).running('a', 'n1').running('c', 'n1').running('d', 'n1'), 'g1', 'b', { 'target-role': 'Stopped' })
      .order('g1', 'g2'),
    summary: ['Stop c ( n1 ) due to unrunnable g1 running', 'Stop d ( n1 ) due to required c start'],
  },
  {
    name: 'blocked-stop-holds-group', checks: 'a member whose stop must wait for a blocked stop stays, blocked, instead of moving (bug-5028)',
    build: () => {
      const b = cluster('n1', 'n2').group('g', ['a', 'b']).running('a', 'n1').running('b', 'n1')
        .op('b', 'n1', { operation: 'stop', rc: 1, status: 'error' }).node('n1', { standby: true });
      const g = b.doc.config.resources.find((r) => r.id === 'g');
      if (g?.kind === 'group') g.children[1]!.operations.push({ name: 'stop', intervalMs: 0, onFail: 'block', enabled: true, other: {} });
      return b;
    },
    summary: ['Stop a ( n1 ) due to unrunnable b stop (blocked)'],
  },
  {
    name: 'shutdown-lock-stops-in-place', checks: 'shutdown-lock: a resource on a node shutting down stops there instead of moving (shutdown-lock)',
    build: () => {
      const b = cluster('n1', 'n2').primitive('r1').running('r1', 'n1').option((o) => { o.other['shutdown-lock'] = 'true'; });
      b.doc.status.nodes.find((n) => n.name === 'n1')!.shutdown = true;
      return b;
    },
    summary: ['Stop r1 ( n1 ) due to node availability'],
  },
  {
    name: 'shutdown-lock-recorded', checks: 'a lock recorded on a node now cleanly offline keeps the resource stopped until shutdown-lock-limit passes',
    build: () => {
      const b = cluster('n1', 'n2').primitive('r1').op('r1', 'n1', { operation: 'stop' }).node('n1', { online: false })
        .option((o) => { o.other['shutdown-lock'] = 'true'; o.other['shutdown-lock-limit'] = '10min'; });
      b.doc.status.history.find((h) => h.resource === 'r1')!.shutdownLockS = 2_000_000_000 - 60;
      return b;
    },
    summary: [],
  },
  {
    name: 'shutdown-lock-expired', checks: 'once shutdown-lock-limit has passed, the locked resource starts elsewhere',
    build: () => {
      const b = cluster('n1', 'n2').primitive('r1').op('r1', 'n1', { operation: 'stop' }).node('n1', { online: false })
        .option((o) => { o.other['shutdown-lock'] = 'true'; o.other['shutdown-lock-limit'] = '10min'; });
      b.doc.status.history.find((h) => h.resource === 'r1')!.shutdownLockS = 2_000_000_000 - 3600;
      return b;
    },
    summary: ['Start r1 ( n2 )'],
  },
  {
    name: 'fence-device-copy-on-fenced-node', checks: 'a fence device also active on a node being fenced is not multiply active: it stays where it is clean (multiply-active-stonith)',
    build: () => FENCING(cluster('n1', 'n2', 'n3')).primitive('r1').running('fence1', 'n2').running('fence1', 'n3')
      .running('r1', 'n2').op('r1', 'n2', { operation: 'stop', rc: 1, status: 'error' }),
    summary: ["Fence (reboot) n2 'r1 failed there'", 'Recover r1 ( n2 -> n1 )'],
  },
  {
    name: 'suicide-never-quorate', checks: 'no-quorum-policy=suicide in a partition that never had quorum acts as stop: no node is fenced',
    build: () => FENCING(cluster('n1', 'n2')).primitive('r1').running('fence1', 'n1').running('r1', 'n1').quorum(false, 'suicide'),
    summary: ['Stop fence1 ( n1 ) due to no quorum', 'Stop r1 ( n1 ) due to no quorum'],
  },
  {
    name: 'suicide-quorum-lost', checks: 'no-quorum-policy=suicide fences the partition that lost the quorum it had',
    build: () => {
      const b = FENCING(cluster('n1', 'n2')).primitive('r1').running('fence1', 'n1').running('r1', 'n1').quorum(false, 'suicide');
      b.doc.status.quorumLost = true;
      return b;
    },
    summary: ["Fence (reboot) n1 'cluster does not have quorum'", "Fence (reboot) n2 'cluster does not have quorum'", 'Stop fence1 ( n1 ) due to node availability', 'Stop r1 ( n1 ) due to node availability'],
  },
];

/** r1 ran on n1, which was lost without a clean shutdown; fence1 runs on n2. */
const lostWithR1 = (nodes = ['n1', 'n2', 'n3']): ClusterBuilder => FENCING(cluster(...nodes)).primitive('r1')
  .running('fence1', 'n2').running('r1', 'n1').node('n1', { online: false, unclean: true });

/** The graph starts r1 nowhere (the summary hides unmanaged resources, the graph does not). */
function neverStartsR1(g: TransitionGraph): void {
  expect(g.actions.filter((a) => a.resource === 'r1' && (a.kind === 'start' || a.kind === 'migrate_from'))).toEqual([]);
}

/** Safety: what vigil must never do, whatever Pacemaker's answer. Each failed before its fix. */
export const SAFETY_SCENARIOS: Scenario[] = [
  {
    name: 'unclean-no-quorum-freeze-blocks', checks: 'a resource on an unclean node that cannot be fenced (no quorum, freeze) is never started elsewhere',
    build: () => lostWithR1().quorum(false, 'freeze'),
    summary: [],
    graph: neverStartsR1,
  },
  {
    name: 'unclean-no-quorum-stop-blocks', checks: 'a resource on an unclean node that cannot be fenced (no quorum, stop) is never started elsewhere',
    build: () => lostWithR1().quorum(false, 'stop'),
    summary: ['Stop fence1 ( n2 ) due to no quorum'],
    graph: neverStartsR1,
  },
  {
    name: 'unclean-fencing-disabled-blocks', checks: 'a resource on an unclean node with fencing disabled is never started elsewhere',
    differsFromPacemaker: 'Pacemaker assumes a lost node is down when stonith-enabled=false (conformance case rec-node-5) and starts its resources elsewhere; vigil keeps them blocked, as a resource active twice is the one thing an HA manager must not cause.',
    build: () => lostWithR1().option((o) => { o.fencingEnabled = false; }),
    summary: [],
    graph: neverStartsR1,
  },
  {
    name: 'unclean-no-device-blocks', checks: 'a resource on an unclean node with no fence device is never started elsewhere',
    build: () => cluster('n1', 'n2').option((o) => { o.fencingEnabled = true; }).primitive('r1').running('r1', 'n1').node('n1', { online: false, unclean: true }),
    summary: [],
    graph: neverStartsR1,
  },
  {
    name: 'unmanaged-on-offline-node-runs', checks: 'an unmanaged resource left running on a node that went offline still counts as running there',
    build: () => cluster('n1', 'n2').primitive('r1', { meta: { 'is-managed': 'false' } }).running('r1', 'n1').node('n1', { online: false }),
    summary: [],
    graph: neverStartsR1,
    explain: (e) => expect(e.resources.find((r) => r.resource === 'r1')?.current).toEqual(['n1']),
  },
  {
    name: 'maintenance-offline-node-runs', checks: 'a resource on an offline node in maintenance still counts as running there (shutdown-maintenance-node)',
    build: () => cluster('n1', 'n2').primitive('r1').running('r1', 'n1').node('n1', { online: false, maintenance: true }),
    summary: [],
    graph: neverStartsR1,
  },
  {
    name: 'no-quorum-never-fences-cluster', checks: 'losing quorum with no-quorum-policy=stop fences no node',
    build: () => FENCING(cluster('n1', 'n2', 'n3')).primitive('r1').running('fence1', 'n1').running('r1', 'n2').quorum(false, 'stop'),
    summary: ['Stop fence1 ( n1 ) due to no quorum', 'Stop r1 ( n2 ) due to no quorum'],
  },
];
