// An administrator's commands that change the config (move, ban, clear, start, stop, node
// modes), applied the way crm_resource and crm_attribute do. Pure: the coordinator calls it
// with the current config and where resources run now, then replicates the result. Every
// real change bumps the epoch (updates back to 0); the admin epoch is the administrator's own.
import type { AdminCommand } from './admin-command.ts';
import { assert } from '../assert.ts';
import { editBan, editClear, editMove } from './edit-constraints.ts';
import { editNodeMode } from './edit-nodes.ts';
import { editTargetRole } from './edit-target-role.ts';
import type { EditOutcome } from './edit-types.ts';
import { bumpEpoch } from './generation.ts';
import type { ClusterConfig } from './model.ts';

export type { EditOutcome } from './edit-types.ts';

export interface EditContext {
  /** Resource id (primitive, or clone instance `id:N`) -> the nodes it runs on now. */
  currentNodes: Record<string, string[]>;
}

/** The commands applyAdminEdit handles. */
export const CONFIG_EDIT_TYPES = ['resource.move', 'resource.ban', 'resource.clear', 'resource.start', 'resource.stop', 'node.standby', 'node.online', 'node.maintenance'] as const;
export type ConfigEditCommand = Extract<AdminCommand, { type: (typeof CONFIG_EDIT_TYPES)[number] }>;

export function isConfigEdit(command: AdminCommand): command is ConfigEditCommand {
  return (CONFIG_EDIT_TYPES as readonly string[]).includes(command.type);
}

function dispatch(config: ClusterConfig, command: ConfigEditCommand, context: EditContext): EditOutcome {
  switch (command.type) {
    case 'resource.move': return editMove(config, command.resource, command.node, context.currentNodes);
    case 'resource.ban': return editBan(config, command.resource, command.node, context.currentNodes);
    case 'resource.clear': return editClear(config, command.resource, command.node);
    case 'resource.start': return editTargetRole(config, command.resource, 'Started');
    case 'resource.stop': return editTargetRole(config, command.resource, 'Stopped');
    case 'node.standby': return editNodeMode(config, command.node, 'standby');
    case 'node.online': return editNodeMode(config, command.node, 'online');
    case 'node.maintenance': return editNodeMode(config, command.node, 'maintenance');
  }
}

export function applyAdminEdit(config: ClusterConfig, command: AdminCommand, context: EditContext): EditOutcome {
  if (!isConfigEdit(command)) return { ok: false, error: `${command.type} does not change the config (not an edit)` };
  const outcome = dispatch(config, command, context);
  if (!outcome.ok || !outcome.changed) return outcome;
  assert(outcome.config !== config, 'a change returns a new config object');
  return { ...outcome, config: { ...outcome.config, generation: bumpEpoch(config.generation) } };
}
