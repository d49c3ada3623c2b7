// Model-based path tests for the coordinator: xstate/graph walks the abstract model
// (coordinator.model.ts); every path is replayed against the real coordinator, wired as in
// production with the real node, resource, fence and fencer machines, fake agents answering
// from the harness's world, and a SimClock. After every step the state, the rsc operations the
// step ran (on which node, in which order), where rsc really runs, the membership, each node's
// state, the fencers alive, the fence attempts running, the answers emitted and a
// coordinator.changed notice must be the model's. The suite asserts that every model transition was exercised, and the path counts.
import { expect } from 'vitest';
import { getNextSnapshot, type SnapshotFrom } from 'xstate';
import type { AdminCommand } from '../../src/config/admin-command.ts';
import type { ClusterConfig } from '../../src/config/model.ts';
import type { AgentOperation } from '../../src/ocf/operation.ts';
import {
  MODEL_DISTURBANCES_MAX, MODEL_EVENT_TYPES, coordinatorModel, drainOf, planOf, withFenceOrder,
  type ModelContext, type ModelEvent, type ModelEventType, type Peer, type PeerState,
} from './coordinator.model.ts';
import {
  CoordinatorHarness, HARNESS_BATCH_MS, HARNESS_RETRY_INITIAL_MS,
} from './support/coordinator-harness.ts';
import { describeModelPaths, trailOf, type ModelPath } from './support/model-paths.ts';

type ModelSnapshot = SnapshotFrom<typeof coordinatorModel>;
type Path = ModelPath<typeof coordinatorModel, ModelEvent>;

const EVENTS: ModelEvent[] = MODEL_EVENT_TYPES.map((type) => ({ type }));
const PEERS: Peer[] = ['n2', 'n3'];

/** The config CONFIG.REPLACE installs: the current one, where rsc now prefers n3 over n2, as a new generation. */
function swappedConfig(current: ClusterConfig): ClusterConfig {
  const config = structuredClone(current);
  config.generation = { adminEpoch: 0, epoch: 1, updates: 0 };
  config.constraints = config.constraints.map((c) => (c.kind === 'location' && c.resource === 'rsc' ? { ...c, score: c.node === 'n3' ? 100 : 50 } : c));
  return config;
}

const ADMIN: Partial<Record<ModelEventType, { command: (m: ModelContext) => AdminCommand; ok: boolean; message: (m: ModelContext) => string }>> = {
  'ADMIN.STANDBY_N2': { command: () => ({ type: 'node.standby', node: 'n2' }), ok: true, message: () => 'n2 is in standby: its resources move to other nodes' },
  'ADMIN.ONLINE_N2': { command: () => ({ type: 'node.online', node: 'n2' }), ok: true, message: () => 'n2 is online: standby and maintenance cleared' },
  'ADMIN.FENCE_N3': { command: () => ({ type: 'fence.node', node: 'n3' }), ok: true, message: () => 'fencing of n3 requested' },
  'ADMIN.CONFIRM': { command: (m) => ({ type: 'fence.confirm', node: backoffPeer(m) }), ok: true, message: (m) => `${backoffPeer(m)} confirmed down: counted as fenced` },
  'ADMIN.CLEANUP': { command: () => ({ type: 'resource.cleanup', resource: 'rsc' }), ok: true, message: () => 'cleaned up rsc: failures forgotten, re-probing' },
  'ADMIN.UNKNOWN_NODE': { command: () => ({ type: 'fence.confirm', node: 'n9' }), ok: false, message: () => 'unknown node n9' },
};

function backoffPeer(m: ModelContext): Peer {
  return m.peers.n2 === 'backoff' ? 'n2' : 'n3';
}

/** `probe@n2`, `start@n3`: an rsc operation as the model names it (validate-all is part of a start). */
function rscOpName(op: AgentOperation): string | null {
  if (op.resource !== 'rsc') return null;
  const action = op.action === 'monitor' && op.intervalMs === 0 ? 'probe' : op.action === 'validate-all' ? 'start' : op.action;
  return `${action}@${op.node}`;
}

/** Drives one model event on the real coordinator; returns the rsc operations it completed, in order. */
async function drive(h: CoordinatorHarness, type: ModelEventType, before: ModelContext): Promise<string[] | null> {
  const at = h.clock.now();
  const admin = ADMIN[type];
  if (admin) {
    await h.send({ type: 'ADMIN.COMMAND', id: `a${h.answers.length + 1}`, command: admin.command(before) });
    if (type === 'ADMIN.CONFIRM') h.powerOff(backoffPeer(before));
    // Cleanup makes every instance re-probe at once; the agents answer.
    if (type === 'ADMIN.CLEANUP') return completed(await h.drain(h.truth()));
    return null;
  }
  switch (type) {
    case 'CLOCK.BATCH': await h.advance(HARNESS_BATCH_MS); return null;
    case 'CLOCK.RETRY': await h.advance(HARNESS_RETRY_INITIAL_MS); return null;
    case 'AGENTS.OK': return completed(await h.drain(h.truth()));
    case 'AGENTS.START_FAILS': return completed(await h.drain(h.truth({ resource: 'rsc', action: 'start' })));
    case 'AGENTS.STOP_FAILS': return completed(await h.drain(h.truth({ resource: 'rsc', action: 'stop' })));
    case 'FENCE.OK': await h.answerFences(true); return null;
    case 'FENCE.FAIL': await h.answerFences(false); return null;
    case 'CONFIG.REPLACE': await h.send({ type: 'CONFIG.REPLACE', id: 'config-1', config: swappedConfig(h.context.doc.config) }); return null;
    case 'N2.LEAVE':
      // A clean leave: the daemon stops its resources first, then says goodbye.
      h.powerOff('n2');
      await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: at, departure: 'clean' });
      return null;
    case 'N2.DETACH': await h.send({ type: 'MEMBER.DOWN', node: 'n2', atMs: at, departure: 'detached' }); return null;
    case 'N2.LOST': case 'N3.LOST': await h.send({ type: 'MEMBER.DOWN', node: type.startsWith('N2') ? 'n2' : 'n3', atMs: at }); return null;
    case 'N2.UP': case 'N3.UP': await h.send({ type: 'MEMBER.UP', node: type.startsWith('N2') ? 'n2' : 'n3', atMs: at }); return null;
    default: throw new Error(`no driver for ${type}`);
  }
}

/** Completed rsc operations, the validate-all before a start not counted twice. */
function completed(ops: AgentOperation[]): string[] {
  return ops.filter((op) => op.action !== 'validate-all').map(rscOpName).filter((n): n is string => n !== null);
}

/** The rsc operations a step should run: a drain's in order, a schedule's dispatch as a set. */
function expectedOps(type: ModelEventType, before: ModelContext): string[] {
  if (type === 'AGENTS.OK') return drainOf(before, null).ops;
  if (type === 'AGENTS.START_FAILS') return drainOf(before, 'start').ops;
  if (type === 'AGENTS.STOP_FAILS') return drainOf(before, 'stop').ops;
  if (type === 'ADMIN.CLEANUP') return ['probe@n1', 'probe@n2', 'probe@n3'];
  return [];
}

/** What a schedule dispatches at once: probes and a stop together; a start only when nothing precedes it. */
function expectedDispatch(type: ModelEventType, before: ModelContext): string[] {
  if (type !== 'CLOCK.BATCH') return [];
  const plan = planOf(withFenceOrder(before));
  const first = [...plan.probes.map((n) => `probe@${n}`), ...(plan.stop ? [`stop@${plan.stop}`] : [])];
  if (first.length === 0 && plan.start) first.push(`start@${plan.start}`);
  return first.sort();
}

/** Each model peer state as the coordinator's node actors report it (a clean leave: see coordinator.test.ts). */
const NODE_STATE: Record<PeerState, string | null> = {
  online: 'online', standby: 'standby', detached: 'maintenance', left: null, fencing: 'fencing', backoff: 'fencing', fenced: 'fenced',
};

function checkWorld(h: CoordinatorHarness, m: ModelContext, where: string): void {
  expect(h.runningOn('rsc'), `${where}: where rsc runs`).toEqual(m.rscOn ? [m.rscOn] : []);
  // The device starts on n1 in the first transition, and stays there.
  expect(h.runningOn('fence1'), `${where}: the fence device`).toEqual(m.unknown.includes('n1') ? [] : ['n1']);
  expect(h.context.members, `${where}: members`).toEqual(['n1', ...PEERS.filter((p) => m.member[p])]);
  for (const p of PEERS) {
    const report = h.context.nodes[p]!;
    const state = NODE_STATE[m.peers[p]];
    if (state !== null) expect(report.state, `${where}: ${p}'s state`).toBe(state);
    expect(report.retryInMs !== null, `${where}: ${p} waiting to retry its fence`).toBe(m.peers[p] === 'backoff');
  }
  // One fencer per node being fenced; the device runs one attempt at a time, on n1.
  expect(h.children('fencer:').map((id) => id.slice('fencer:'.length).split('#')[0]), `${where}: fencers`).toEqual([...m.fenceQueue].sort());
  expect(h.pendingFenceRuns.map((r) => `${r.device}@${r.node}>${r.target}`), `${where}: fence attempts`).toEqual(m.fenceQueue.slice(0, 1).map((t) => `fence1@n1>${t}`));
}

async function replay(path: Path): Promise<void> {
  const h = new CoordinatorHarness();
  const trail = trailOf(path);
  expect(h.state, `at the start of ${trail}`).toBe(path.steps[0]!.state.value);
  for (let i = 1; i < path.steps.length; i++) {
    const before = path.steps[i - 1]!.state.context;
    const { event, state } = path.steps[i]!;
    const where = `after ${event.type} (step ${i}) on path ${trail}`;
    const opsBefore = h.ops.length;
    const answersBefore = h.answers.length;
    const changesBefore = h.changes;
    const ran = await drive(h, event.type, before);
    expect(h.state, where).toBe(state.value);
    if (ran !== null) expect(ran, `${where}: operations run`).toEqual(expectedOps(event.type, before));
    else {
      const started = [...new Set(h.ops.slice(opsBefore).map(rscOpName).filter((n): n is string => n !== null))].sort();
      expect(started, `${where}: operations dispatched`).toEqual(expectedDispatch(event.type, before));
    }
    expect(h.changes, `${where}: the edge was told of the change`).toBeGreaterThan(changesBefore);
    expect(h.pending.length > 0, `${where}: operations still running`).toBe(state.value === 'executing');
    checkWorld(h, state.context, where);
    const admin = ADMIN[event.type];
    const expected = admin ? [{ ok: admin.ok, message: admin.message(before) }]
      : event.type === 'CONFIG.REPLACE' ? [{ ok: true, message: 'config generation 0.1.0 applied' }] : [];
    expect(h.answers.slice(answersBefore).map((a) => ({ ok: a.ok, message: a.message })), `${where}: answers`).toEqual(expected);
  }
  h.actor.stop();
}

/** Bounds the walk: at most MODEL_DISTURBANCES_MAX membership changes and commands per path. */
function keep(snap: ModelSnapshot, e: ModelEvent): boolean {
  return getNextSnapshot(coordinatorModel, snap, e).context.disturbances <= MODEL_DISTURBANCES_MAX;
}

/** A state is its value and context; how much of the disturbance budget was spent does not matter. */
function serializeState(snap: ModelSnapshot): string {
  return JSON.stringify({ value: snap.value, context: { ...snap.context, disturbances: undefined } });
}

describeModelPaths({
  title: 'coordinator: model-based paths', label: 'coordinator model', machine: coordinatorModel, events: EVENTS, keep, replay,
  serializeState, expected: { states: 591, transitions: 6 }, timeoutMs: 120_000,
});
