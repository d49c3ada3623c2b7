// The coordinator: the one elected actor that decides and orders every action in the cluster.
//
//   idle -> settling -> (schedule) -> executing -> idle
//
// It spawns and supervises a node actor per configured node (node.ts), a resource actor per
// resource instance on a node (resource.ts; fence.ts for stonith resources), and a fencer per
// fencing operation (fencer.ts). Their agent operations run on the target node through the
// injected `runAgent`/`runFence` actors; every result is also fed back here (OP.RECORDED) and
// kept as the status history the scheduler reads, exactly as Pacemaker's status section.
//
// Any change (an operation result, a node's state, a membership change, an administrator's
// command) marks the status dirty; after `batchMs` the pure scheduler turns config + status
// into a transition graph, whose actions are dispatched in dependency order to the actors.
// A failure or a surprising probe aborts the transition: nothing more is dispatched, running
// actions finish, and the next schedule starts from the new truth. Fences are never waited for
// by the transition as a whole: the node actor retries them forever, and whatever depends on
// them stays blocked until the node is fenced or confirmed down.
//
// Pure: no clock (time comes in events), no I/O (logs, answers and changes are emitted).
import { assign, emit, enqueueActions, setup } from 'xstate';
import { schedule } from '../scheduler/index.ts';
import { formatSummary } from '../scheduler/summary.ts';
import { fencerMachine } from './fencer.ts';
import { mayStartFencer, nextWaitingFence, startFencer } from './coordinator-fencing.ts';
import { forgetUnfencing, nextUnfenceRetryMs, startUnfencer, unfenceActionId, unfenceBackoffNote, unfencerDone } from './coordinator-unfencing.ts';
import { nodeMachine } from './node.ts';
import { instanceHostMachine } from './instance-host.ts';
import type { fenceMachine } from './fence.ts';
import type { resourceMachine } from './resource.ts';
import { ensureInstance, forgetInstance, sendToInstance } from './coordinator-instances.ts';
import {
  afterNodeDown, afterOperation, afterReport, instancesOn, pendingStartOn, possiblyActiveOn, rejoinHistory, settledAtDispatch,
} from './coordinator-ops.ts';
import {
  actorResourceOf, failureTimeoutsOf, indexOf, instanceKey, nodeActorId, nodeInputFor, primitiveIdsOf, primitiveInfoOf,
} from './coordinator-inputs.ts';
import {
  countFailure, failCountName, forgetExpiredFailures, forgetNode, forgetResource, isUnverified, nextExpiryMs, probedOn, recheckDelayMs, recheckIntervalMs, recordOperation, recordPendingStart, repeatsFailure, schedulerDocument, setUnverified,
} from './coordinator-status.ts';
import type { AgentOperation } from '../ocf/operation.ts';
import {
  type CoordinatorContext, type CoordinatorEmitted, type CoordinatorEvent, type CoordinatorInput, type FenceRecord,
} from './coordinator-types.ts';
import { nodeActionLimit } from './node-action-limit.ts';
import { abort, hasWork, isFinished, readyActions, sameInstanceEdges, settle, startTransition } from './transition.ts';
import type { FencerOutput } from './fencer-types.ts';
import type { InstanceFailed } from './instance-host.ts';
import { assert } from '../assert.ts';
import type { Action } from '../scheduler/types.ts';
import { log, withFenceRecord, type Enqueue } from './coordinator-enqueue.ts';
import { handleAdmin, sendManagement } from './coordinator-admin.ts';

const DONE = 'xstate.done.actor.';
const ERROR = 'xstate.error.actor.';

function initialContext(input: CoordinatorInput): CoordinatorContext {
  return {
    ...input, nodes: {}, instances: {}, hosts: {}, transition: null, transitionSeq: 0, fencers: {}, unfencers: {}, unfenceRetries: {}, fenceSeq: 0,
    callIds: {}, dirty: true, lastSummary: [],
  };
}

/** The name a resource's fail-count is kept under (anonymous clone instances share the child's). */
function failCountNameIn(config: CoordinatorContext['doc']['config'], resource: string): string {
  const index = indexOf(config);
  const info = primitiveInfoOf(index, resource);
  return failCountName(resource, info?.clone !== undefined && !info.uniqueInstance);
}

/** The agent of an instance, for a history entry it does not have yet. */
function agentOf(doc: CoordinatorContext['doc'], resource: string, node: string): AgentOperation['agent'] {
  const h = doc.status.history.find((e) => e.resource === resource && e.node === node);
  if (h) return { class: h.class, provider: h.provider, type: h.type };
  const index = indexOf(doc.config);
  const def = primitiveInfoOf(index, resource)?.def;
  return def ? { class: def.class, provider: def.provider, type: def.type } : { class: 'ocf', type: 'unknown' };
}

function peerOf(ctx: CoordinatorContext, action: Action): string {
  const other = action.kind === 'migrate_to' ? 'migrate_from' : 'migrate_to';
  const peer = Object.values(ctx.transition?.actions ?? {}).find((e) => e.action.kind === other && e.action.resource === action.resource);
  return peer?.action.node ?? '';
}

const COMMANDS: Partial<Record<Action['kind'], 'RESOURCE.PROBE' | 'RESOURCE.START' | 'RESOURCE.STOP' | 'RESOURCE.RELOAD'>> = {
  probe: 'RESOURCE.PROBE', start: 'RESOURCE.START', stop: 'RESOURCE.STOP', reload: 'RESOURCE.RELOAD',
};

/** Dispatches every action whose prerequisites are done (coordinator-ops decides what is already settled). */
function dispatch(ctx: CoordinatorContext, enqueue: Enqueue): void {
  if (!ctx.transition) return;
  let { run, ready } = readyActions(ctx.transition);
  // Updated in place (see CoordinatorContext.instances): one event must not copy every instance.
  const { instances, hosts } = ctx;
  let { unfencers, fenceSeq } = ctx;
  const index = indexOf(ctx.doc.config);
  while (ready.length > 0) {
    for (const action of ready) {
      const node = action.node ?? '';
      if (action.kind === 'unfence') {
        // Failed lately: what waits for it is skipped until the backoff is over (the recheck timer).
        const backoff = unfenceBackoffNote(ctx, node);
        if (!ctx.members.includes(node)) run = settle(run, action.id, false, `${node} is not connected`);
        else if (backoff !== undefined) run = settle(run, action.id, false, backoff);
        else ({ unfencers, fenceSeq } = startUnfencer(ctx, enqueue, node, action.reason.text, unfencers, fenceSeq));
        continue;
      }
      if (action.kind === 'fence') {
        const state = ctx.nodes[node]?.state;
        if (state !== 'unclean' && state !== 'fencing') enqueue.sendTo(nodeActorId(node), { type: 'NODE.FENCE', reason: action.reason.text });
        if (state === 'fenced' || state === 'offline') run = settle(run, action.id, true);
        continue;
      }
      if (!ctx.members.includes(node)) {
        run = settle(run, action.id, false, `${node} is not connected`);
        continue;
      }
      const record = ensureInstance(ctx, index, enqueue, action.resource ?? '', node, instances, hosts);
      if (!record) {
        run = settle(run, action.id, false, `${action.resource} is not configured`);
        continue;
      }
      const at = settledAtDispatch(action, instances[instanceKey(action.resource ?? '', node)]);
      if (at) {
        run = settle(run, action.id, at.ok, at.note);
        if (at.ok && action.kind === 'stop') sendToInstance(enqueue, record, { type: 'RESOURCE.STOP' });
        continue;
      }
      const command = COMMANDS[action.kind];
      if (command === 'RESOURCE.STOP') sendToInstance(enqueue, record, { type: command, recoveryLeft: action.recoveryLeft ?? 0 });
      else if (command) sendToInstance(enqueue, record, { type: command });
      else sendToInstance(enqueue, record, { type: 'RESOURCE.MIGRATE', direction: action.kind === 'migrate_to' ? 'to' : 'from', peer: peerOf(ctx, action) });
      enqueue.emit(log('debug', `dispatched ${action.id}`, { action: action.id, reason: action.reason.text }));
    }
    ({ run, ready } = readyActions(run));
  }
  enqueue.assign({ transition: run, instances, hosts, unfencers, fenceSeq });
}

export const coordinatorMachine = setup({
  types: {
    context: {} as CoordinatorContext,
    events: {} as CoordinatorEvent,
    input: {} as CoordinatorInput,
    emitted: {} as CoordinatorEmitted,
  },
  actors: { node: nodeMachine, 'instance-host': instanceHostMachine, fencer: fencerMachine },
  delays: {
    batchMs: ({ context }) => context.batchMs,
    recheckMs: ({ context }) => Math.max(context.batchMs, Math.min(
      recheckDelayMs(context.doc, failureTimeoutsOf(context.doc.config), context.nowMs), (nextUnfenceRetryMs(context) ?? Infinity) - context.nowMs)),
  },
  guards: {
    dirty: ({ context }) => context.dirty,
    finished: ({ context }) => context.transition === null || isFinished(context.transition),
  },
  actions: {
    spawnNodes: enqueueActions(({ context, enqueue }) => {
      let doc = context.doc;
      const retry = { initialMs: context.fenceRetryInitialMs, maxMs: context.fenceRetryMaxMs };
      for (const n of context.doc.config.nodes) {
        const id = nodeActorId(n.name);
        // Knowing nothing, this coordinator cannot vouch for any node until it has probed it all.
        if (context.startupFencing === true) doc = setUnverified(doc, n.name, true);
        enqueue.spawnChild('node', { id, systemId: id, input: nodeInputFor(context.doc.config, n.name, retry) });
        const departure = context.departed[n.name];
        if (context.members.includes(n.name)) {
          // A daemon keeps no resource state: what runs on a connected node is probed afresh.
          doc = rejoinHistory(doc, n.name);
          enqueue.sendTo(id, { type: 'NODE.JOIN' });
          enqueue.sendTo(id, { type: 'NODE.JOINED' });
        } else if (departure === 'detached') {
          enqueue.sendTo(id, { type: 'NODE.JOIN' });
          enqueue.sendTo(id, { type: 'NODE.JOINED' });
          enqueue.sendTo(id, { type: 'NODE.MAINTENANCE' });
        } else if (departure === undefined && (isUnverified(doc, n.name) || possiblyActiveOn({ ...context, doc }, n.name))) {
          // Not here, and what it ran may still run: it is unclean until fenced or confirmed down.
          enqueue.sendTo(id, { type: 'NODE.JOIN' });
          enqueue.sendTo(id, { type: 'NODE.LOST', needsFencing: true });
        } else {
          doc = forgetNode(doc, n.name);
        }
        // Not connected: unfenced again once it joins (unless its daemon detached, leaving the
        // machine and what runs on it as they were).
        if (!context.members.includes(n.name) && departure !== 'detached') doc = forgetUnfencing(doc, n.name);
      }
      enqueue.assign({ doc });
      enqueue.emit(log('info', `coordinator of epoch ${context.epoch} started`, { members: context.members }));
    }),
    plan: enqueueActions(({ context, enqueue }) => {
      const index = indexOf(context.doc.config);
      // Fail-counts past their failure-timeout are forgotten, by the scheduler's own judgement.
      const doc = forgetExpiredFailures(context.doc, index, context.nowMs);
      const scheduled = schedule(schedulerDocument({ ...context, doc }), { now: context.nowMs / 1000 });
      const actions = scheduled.actions.map((a) => (a.resource ? { ...a, resource: actorResourceOf(index, a.resource) } : a));
      const graph = { ...scheduled, actions, edges: [...scheduled.edges, ...sameInstanceEdges(actions)] };
      const summary = formatSummary(graph);
      const seq = context.transitionSeq + 1;
      if (summary.join('\n') !== context.lastSummary.join('\n')) {
        enqueue.emit(log('info', summary.length ? `transition ${seq}: ${summary.length} change(s)` : 'nothing to change', { summary }));
      }
      const transition = hasWork(graph) ? startTransition(seq, graph, summary, nodeActionLimit(context.doc.config.options, context.nodeActionLimitDefault)) : null;
      enqueue.assign({ doc, dirty: false, lastSummary: summary, transition, transitionSeq: transition ? seq : context.transitionSeq });
    }),
    dispatch: enqueueActions(({ context, enqueue }) => dispatch(context, enqueue)),
    // The timer was set for the next expiry: that instant has come (time enters only through events).
    recheck: assign(({ context }) => {
      const due = [nextExpiryMs(context.doc, failureTimeoutsOf(context.doc.config), context.nowMs), nextUnfenceRetryMs(context)]
        .filter((at): at is number => at !== undefined && at - context.nowMs <= recheckIntervalMs(context.doc));
      return { nowMs: due.length > 0 ? Math.max(context.nowMs, Math.min(...due)) : context.nowMs };
    }),
    endTransition: enqueueActions(({ context, enqueue }) => {
      const run = context.transition;
      if (run?.aborted) enqueue.emit(log('info', `transition ${run.id} aborted: ${run.aborted}`));
      enqueue.assign({ transition: null });
    }),
    changed: emit({ type: 'coordinator.changed' } as const),
    memberUp: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'MEMBER.UP', 'memberUp on another event');
      const { node } = event;
      const members = [...new Set([...context.members, node])].sort();
      const departed = { ...context.departed };
      const wasDetached = departed[node] === 'detached';
      delete departed[node];
      const id = nodeActorId(node);
      if (wasDetached) enqueue.sendTo(id, { type: 'NODE.ONLINE' });
      enqueue.sendTo(id, { type: 'NODE.JOIN' });
      enqueue.sendTo(id, { type: 'NODE.JOINED' });
      enqueue.emit(log('info', `${node} joined`, { node }));
      enqueue.assign({ members, departed, doc: rejoinHistory(context.doc, node), nowMs: Math.max(context.nowMs, event.atMs), dirty: true });
    }),
    memberDown: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'MEMBER.DOWN', 'memberDown on another event');
      const { node, departure } = event;
      if (!context.members.includes(node) && departure === undefined) return;
      const members = context.members.filter((m) => m !== node);
      const id = nodeActorId(node);
      const departed = { ...context.departed };
      if (departure === 'detached') {
        departed[node] = 'detached';
        enqueue.sendTo(id, { type: 'NODE.MAINTENANCE' });
        enqueue.emit(log('info', `${node} detached: its resources are left running and unmanaged until its daemon is back`, { node }));
      } else if (departure === 'clean') {
        // Its daemon stopped everything before saying goodbye: the node's own protocol is
        // shutting down, then left (offline reports its resources stopped).
        enqueue.sendTo(id, { type: 'NODE.SHUTDOWN' });
        enqueue.sendTo(id, { type: 'NODE.LEFT' });
        enqueue.emit(log('info', `${node} left cleanly`, { node }));
      } else {
        const needsFencing = possiblyActiveOn(context, node) || isUnverified(context.doc, node);
        enqueue.sendTo(id, { type: 'NODE.LOST', needsFencing });
        enqueue.emit(log('warn', `${node} lost${needsFencing ? ': its resources may still run' : ''}`, { node }));
      }
      const { [node]: _retry, ...unfenceRetries } = context.unfenceRetries;
      // Gone, it is unfenced again before it runs what requires unfencing; a detached daemon
      // (an upgrade) left its machine and resources as they were, still let in.
      const doc = departure === 'detached' ? context.doc : forgetUnfencing(context.doc, node);
      enqueue.assign({ members, departed, doc, unfenceRetries, nowMs: Math.max(context.nowMs, event.atMs), dirty: true });
    }),
    recordOperation: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'OP.RECORDED', 'recordOperation on another event');
      const { op, result } = event;
      // A recurring monitor repeating the failure it reported is no news (counted and acted on once).
      if (repeatsFailure(context.doc, op, result)) {
        enqueue.assign({ nowMs: Math.max(context.nowMs, result.endedAtMs) });
        return;
      }
      const effect = afterOperation(context.transition, op, result, pendingStartOn(context.doc, op.resource, op.node));
      const nowMs = Math.max(context.nowMs, result.endedAtMs);
      if (!effect.dirty) {
        enqueue.assign({ nowMs });
        return;
      }
      const callId = (context.callIds[op.node] ?? 0) + 1;
      if (effect.log) enqueue.emit(log(effect.log.level, effect.log.message, { resource: op.resource, node: op.node, rc: result.rc }));
      const name = failCountNameIn(context.doc.config, op.resource);
      let doc = countFailure(forgetExpiredFailures(context.doc, indexOf(context.doc.config), nowMs), name, op, result);
      doc = recordOperation(doc, op, result, callId);
      if (isUnverified(doc, op.node) && probedOn(doc, primitiveIdsOf(context.doc.config), op.node)) doc = setUnverified(doc, op.node, false);
      enqueue.assign({
        doc, callIds: { ...context.callIds, [op.node]: callId },
        transition: effect.transition, nowMs, dirty: true,
      });
    }),
    recordReport: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'RESOURCE.REPORT', 'recordReport on another event');
      const key = instanceKey(event.resource, event.node);
      const before = context.instances[key];
      if (!before) return;
      const record = { ...before, state: event.state, rc: event.rc, reason: event.reason };
      let doc = context.doc;
      // A start under way (asked by a transition, or the instance's own restart) may leave it active.
      if (event.state === 'validating' || event.state === 'starting') doc = recordPendingStart(doc, event.resource, event.node, agentOf(doc, event.resource, event.node));
      const routine = ['monitoring', 'started', 'probing', 'starting', 'stopping', 'reloading'].includes(event.state);
      enqueue.assign({
        instances: Object.assign(context.instances, { [key]: record }), doc,
        transition: afterReport(context.transition, event), dirty: context.dirty || !routine,
      });
    }),
    recordNode: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'NODE.REPORT', 'recordNode on another event');
      const before = context.nodes[event.node];
      let { doc, transition, fenceSeq, fencers } = context;
      if (event.request === 'fence' && mayStartFencer(context, fencers, event.node)) ({ fencers, fenceSeq } = startFencer(context, enqueue, event, fencers, fenceSeq));
      if (event.resourcesStopped && before && !before.resourcesStopped) {
        // Fenced, confirmed down or cleanly gone: nothing it ran runs any more, and like
        // Pacemaker's transient attributes its fail-counts go with it.
        doc = setUnverified(forgetNode(doc, event.node, undefined, { failures: true }), event.node, false);
        transition = afterNodeDown(transition, event.node);
        for (const i of instancesOn(context, event.node)) sendToInstance(enqueue, i, { type: 'NODE.FENCED' });
      }
      const changed = before?.state !== event.state || before?.recoveryBlocked !== event.recoveryBlocked;
      if (changed) enqueue.emit(log('info', `node ${event.node}: ${event.state}${event.reason ? ` (${event.reason})` : ''}`, { node: event.node, state: event.state }));
      enqueue.assign({ nodes: { ...context.nodes, [event.node]: event }, doc, transition, fencers, fenceSeq, dirty: context.dirty || changed });
    }),
    routeFenceRequest: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'FENCE.REQUEST' && 'device' in event, 'routeFenceRequest on another event');
      const { device, target } = event;
      // Unfencing runs on the node itself (fence_scsi and fence_mpath register its own key); fencing never does.
      const candidates = event.action === 'on' ? context.members.filter((m) => m === target) : context.members.filter((m) => m !== target);
      const started = candidates.find((m) => ['started', 'monitoring'].includes(context.instances[instanceKey(device, m)]?.state ?? ''));
      const node = started ?? candidates[0];
      const instances = { ...context.instances };
      const hosts = { ...context.hosts };
      const record = node !== undefined ? ensureInstance(context, indexOf(context.doc.config), enqueue, device, node, instances, hosts) : undefined;
      if (!record) {
        const reason = event.action === 'on' ? `${target} is not connected to run fence device ${device}'s on` : `no connected node other than ${target} can run fence device ${device}`;
        enqueue.sendTo(event.requester, {
          type: 'FENCE.RESULT', device, target, action: event.action, requestIds: [event.requestId], requesters: [event.requester],
          ok: false, reason, attempts: 0, deviceState: 'unknown',
        });
        return;
      }
      sendToInstance(enqueue, record, { type: 'FENCE.REQUEST', target, action: event.action, requester: event.requester, requestId: event.requestId });
      enqueue.assign({ instances, hosts });
    }),
    routeFenceResult: enqueueActions(({ enqueue, event }) => {
      assert(event.type === 'FENCE.RESULT', 'routeFenceResult on another event');
      for (const requester of new Set(event.requesters)) enqueue.sendTo(requester, event);
    }),
    fencerDone: enqueueActions(({ context, enqueue, event }) => {
      const id = event.type.slice(DONE.length);
      const output = (event as { output: FencerOutput }).output;
      if (output.action === 'on') {
        unfencerDone(context, enqueue, id, output);
        return;
      }
      const target = output.target;
      let fencers = { ...context.fencers };
      let { fenceSeq } = context;
      if (fencers[target] === id) delete fencers[target];
      enqueue.stopChild(id);
      // concurrent-fencing false: the next node waiting for its fence is taken up now.
      const waiting = nextWaitingFence(context, fencers, target);
      if (waiting) ({ fencers, fenceSeq } = startFencer(context, enqueue, waiting, fencers, fenceSeq));
      const by = output.ok ? output.devices.join('+') : undefined;
      const reason = output.ok ? `level ${output.level}` : output.reason;
      enqueue.sendTo(nodeActorId(target), output.ok ? { type: 'FENCE.SUCCEEDED', device: by } : { type: 'FENCE.FAILED', reason });
      enqueue.emit(log(output.ok ? 'info' : 'error', output.ok ? `${target} fenced by ${by}` : `fencing ${target} failed: ${reason}`, { node: target }));
      const record: FenceRecord = {
        target, action: output.action, result: output.ok ? 'succeeded' : 'failed', reason, by, epoch: context.epoch, atMs: context.nowMs,
        ...(output.ok && output.delayMs !== undefined ? { delayMs: output.delayMs } : {}), fencedBy: context.self,
      };
      enqueue.assign({ fencers, fenceSeq, fenceHistory: withFenceRecord(context, record) });
    }),
    childFailed: enqueueActions(({ context, enqueue, event }) => {
      // A crashed child is restarted fresh: XState v5 has no restart strategy of its own.
      const id = event.type.slice(ERROR.length);
      const error = (event as { error: unknown }).error;
      enqueue.emit(log('error', `child ${id} crashed: ${error instanceof Error ? error.message : String(error)}`, { child: id }));
      enqueue.stopChild(id);
      const unfenced = Object.entries(context.unfencers).find(([, f]) => f === id)?.[0];
      if (unfenced !== undefined) {
        const unfencers = { ...context.unfencers };
        delete unfencers[unfenced];
        const aid = unfenceActionId(unfenced);
        const run = context.transition;
        const transition = run && run.actions[aid]?.status === 'running' ? abort(settle(run, aid, false, 'the unfencing crashed'), `unfencing ${unfenced} crashed`) : run;
        enqueue.assign({ unfencers, transition, dirty: true });
        return;
      }
      if (id.startsWith('fencer:')) {
        const target = Object.entries(context.fencers).find(([, f]) => f === id)?.[0];
        let fencers = { ...context.fencers };
        let { fenceSeq } = context;
        if (target) {
          delete fencers[target];
          enqueue.sendTo(nodeActorId(target), { type: 'FENCE.FAILED', reason: `the fencing operation crashed: ${String(error)}` });
          const waiting = nextWaitingFence(context, fencers, target);
          if (waiting) ({ fencers, fenceSeq } = startFencer(context, enqueue, waiting, fencers, fenceSeq));
        }
        enqueue.assign({ fencers, fenceSeq });
        return;
      }
      // An instance host crashed (XState v5 has no restart strategy of its own): its instances
      // went with it. Forgetting them makes the next schedule re-probe through fresh actors.
      const lost = Object.values(context.instances).filter((i) => i.host === id);
      let doc = context.doc;
      const instances = { ...context.instances };
      for (const i of lost) {
        delete instances[instanceKey(i.resource, i.node)];
        doc = forgetResource(doc, i.resource, i.node);
      }
      const hosts = { ...context.hosts };
      delete hosts[id];
      enqueue.assign({ instances, hosts, doc, dirty: true });
    }),
    instanceFailed: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'INSTANCES.FAILED', 'instanceFailed on another event');
      // A crashed instance was stopped by its host: forgetting it makes the next schedule
      // re-probe the instance through a fresh actor.
      const { error } = event as InstanceFailed;
      enqueue.emit(log('error', `child ${event.id} crashed: ${error instanceof Error ? error.message : String(error)}`, { child: event.id }));
      const gone = forgetInstance(context, event.id);
      if (!gone) return;
      enqueue.assign({ instances: gone.instances, hosts: gone.hosts, doc: forgetResource(context.doc, gone.record.resource, gone.record.node), dirty: true });
    }),
    admin: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'ADMIN.COMMAND', 'admin on another event');
      handleAdmin(context, enqueue, event.id, event.command);
    }),
    replaceConfig: enqueueActions(({ context, enqueue, event }) => {
      assert(event.type === 'CONFIG.REPLACE', 'replaceConfig on another event');
      const retry = { initialMs: context.fenceRetryInitialMs, maxMs: context.fenceRetryMaxMs };
      for (const n of event.config.nodes) {
        if (context.doc.config.nodes.some((o) => o.name === n.name)) continue;
        const id = nodeActorId(n.name);
        enqueue.spawnChild('node', { id, systemId: id, input: nodeInputFor(event.config, n.name, retry) });
        if (context.members.includes(n.name)) {
          enqueue.sendTo(id, { type: 'NODE.JOIN' });
          enqueue.sendTo(id, { type: 'NODE.JOINED' });
        }
      }
      sendManagement(context, enqueue, event.config);
      enqueue.assign({ doc: { ...context.doc, config: event.config }, dirty: true });
      enqueue.emit({ type: 'coordinator.answer', id: event.id, ok: true, message: `config generation ${event.config.generation.adminEpoch}.${event.config.generation.epoch}.${event.config.generation.updates} applied` });
    }),
  },
}).createMachine({
  id: 'coordinator',
  context: ({ input }) => initialContext(input),
  entry: ['spawnNodes'],
  on: {
    'MEMBER.UP': { actions: ['memberUp', 'changed'] },
    'MEMBER.DOWN': { actions: ['memberDown', 'changed'] },
    'OP.RECORDED': { actions: ['recordOperation', 'dispatch', 'changed'] },
    'RESOURCE.REPORT': { actions: ['recordReport', 'dispatch', 'changed'] },
    'NODE.REPORT': { actions: ['recordNode', 'dispatch', 'changed'] },
    'NODE.REFUSED': { actions: emit(({ event }) => log('warn', `${event.node} refused ${event.event} in ${event.state}: ${event.reason}`, { node: event.node })) },
    'FENCER.LEVEL': { actions: emit(({ event }) => log('info', `${event.action === 'on' ? 'unfencing' : 'fencing'} ${event.target}: level ${event.level} (${event.devices.join(', ')})`, { node: event.target })) },
    'FENCE.REQUEST': { actions: 'routeFenceRequest' },
    'FENCE.RESULT': { actions: 'routeFenceResult' },
    // An unfencing's end may free what waited for it: dispatch.
    'xstate.done.actor.*': { guard: ({ event }) => event.type.startsWith(`${DONE}fencer:`), actions: ['fencerDone', 'dispatch', 'changed'] },
    'xstate.error.actor.*': { actions: ['childFailed', 'changed'] },
    'INSTANCES.FAILED': { actions: ['instanceFailed', 'changed'] },
    'ADMIN.COMMAND': { actions: ['admin', 'changed'] },
    'CONFIG.REPLACE': { actions: ['replaceConfig', 'changed'] },
  },
  initial: 'idle',
  states: {
    idle: {
      always: { guard: 'dirty', target: 'settling' },
      // Time alone can change the plan (a failure-timeout expires): schedule again then.
      after: { recheckMs: { target: 'settling', actions: 'recheck' } },
    },
    settling: {
      after: { batchMs: { target: 'executing', actions: ['plan', 'dispatch', 'changed'] } },
    },
    executing: {
      always: { guard: 'finished', target: 'idle', actions: ['endTransition', 'changed'] },
    },
  },
});

export type CoordinatorMachine = typeof coordinatorMachine;

/** The coordinator with the instance machines its hosts spawn (each provided with the edge's agents). */
export function coordinatorWith(instances: { resource: typeof resourceMachine; fence: typeof fenceMachine }): CoordinatorMachine {
  return coordinatorMachine.provide({ actors: { 'instance-host': instanceHostMachine.provide({ actors: instances }) } });
}
