// An administrator's commands, as the coordinator carries them out: cleanup, fencing by hand or
// confirmation, and config edits (move, ban, standby, maintenance...) that change what it plans.
import type { AdminCommand } from '../config/admin-command.ts';
import { applyAdminEdit } from '../config/edit.ts';
import type { ClusterConfig } from '../config/model.ts';
import { definitionEvent, indexOf, instanceInputFor, managementEvent, managementOf, nodeActorId } from './coordinator-inputs.ts';
import { sendToInstance } from './coordinator-instances.ts';
import { forgetResource } from './coordinator-status.ts';
import { withFenceRecord, type Enqueue } from './coordinator-enqueue.ts';
import { handleAttributeUpdate } from './coordinator-attributes.ts';
import type { CoordinatorContext, FenceRecord } from './coordinator-types.ts';

/**
 * Tells every instance whose management the new config changes (node maintenance, the
 * resource's is-managed or maintenance, the cluster's maintenance-mode), and every resource
 * instance whose definition it changes (parameters, operations): an instance keeps the input
 * it was spawned with, so a change reaches it only this way. Changed parameters wait in the
 * instance for the reload or restart the scheduler plans.
 */
export function sendManagement(ctx: CoordinatorContext, enqueue: Enqueue, next: ClusterConfig): void {
  const before = indexOf(ctx.doc.config);
  const after = indexOf(next);
  for (const i of Object.values(ctx.instances)) {
    const was = instanceInputFor(ctx.doc.config, before, i.resource, i.node);
    const made = instanceInputFor(next, after, i.resource, i.node);
    const definition = definitionEvent(was, made);
    if (definition) sendToInstance(enqueue, i, definition);
    const event = managementEvent(managementOf(ctx.doc.config, before, i.resource, i.node, was), managementOf(next, after, i.resource, i.node, made));
    if (event) sendToInstance(enqueue, i, event);
  }
}

function answer(enqueue: Enqueue, id: string, ok: boolean, message: string): void {
  enqueue.emit({ type: 'coordinator.answer', id, ok, message });
}

/** An administrator's command (status and config.apply are answered at the edge). */
export function handleAdmin(ctx: CoordinatorContext, enqueue: Enqueue, id: string, command: AdminCommand): void {
  switch (command.type) {
    case 'resource.cleanup': {
      const matches = (r: string) => r === command.resource || r.startsWith(`${command.resource}:`);
      for (const i of Object.values(ctx.instances)) {
        if (matches(i.resource) && (command.node === undefined || i.node === command.node)) {
          sendToInstance(enqueue, i, { type: 'RESOURCE.CLEANUP' });
        }
      }
      enqueue.assign({ doc: forgetResource(ctx.doc, command.resource, command.node), dirty: true });
      return answer(enqueue, id, true, `cleaned up ${command.resource}${command.node ? ` on ${command.node}` : ''}: failures forgotten, re-probing`);
    }
    case 'fence.confirm': {
      if (!ctx.doc.config.nodes.some((n) => n.name === command.node)) return answer(enqueue, id, false, `unknown node ${command.node}`);
      enqueue.sendTo(nodeActorId(command.node), { type: 'FENCE.CONFIRMED', by: 'an administrator' });
      const record: FenceRecord = { target: command.node, action: ctx.doc.config.options.fencingAction, result: 'confirmed', reason: 'confirmed down by an administrator', by: 'administrator', epoch: ctx.epoch, atMs: ctx.nowMs };
      enqueue.assign({ fenceHistory: withFenceRecord(ctx, record), dirty: true });
      return answer(enqueue, id, true, `${command.node} confirmed down: counted as fenced`);
    }
    case 'fence.node': {
      if (!ctx.doc.config.nodes.some((n) => n.name === command.node)) return answer(enqueue, id, false, `unknown node ${command.node}`);
      enqueue.sendTo(nodeActorId(command.node), { type: 'NODE.FENCE', reason: 'fenced by an administrator', action: command.action });
      enqueue.assign({ dirty: true });
      return answer(enqueue, id, true, `fencing of ${command.node} requested`);
    }
    case 'attribute.update':
      return handleAttributeUpdate(ctx, enqueue, id, command);
    case 'status': case 'fence.history': case 'config.show': case 'config.apply': case 'daemon.stop': case 'attribute.query':
      return answer(enqueue, id, false, `${command.type} is answered by the daemon, not the coordinator`);
    default: {
      const currentNodes: Record<string, string[]> = {};
      for (const i of Object.values(ctx.instances)) {
        if (i.state === 'started' || i.state === 'monitoring' || i.state === 'reloading') (currentNodes[i.resource] ??= []).push(i.node);
      }
      const edit = applyAdminEdit(ctx.doc.config, command, { currentNodes });
      if (!edit.ok) return answer(enqueue, id, false, edit.error);
      const mode = command.type === 'node.standby' ? 'NODE.STANDBY' : command.type === 'node.online' ? 'NODE.ONLINE' : command.type === 'node.maintenance' ? 'NODE.MAINTENANCE' : null;
      if (mode && 'node' in command && command.node !== undefined) {
        enqueue.sendTo(nodeActorId(command.node), { type: mode });
      }
      // Maintenance: what runs there is left alone, not even monitored; after it, re-probed
      // (unless the resource itself stays unmanaged).
      sendManagement(ctx, enqueue, edit.config);
      enqueue.assign({ doc: { ...ctx.doc, config: edit.config }, dirty: true });
      return answer(enqueue, id, true, edit.message);
    }
  }
}
