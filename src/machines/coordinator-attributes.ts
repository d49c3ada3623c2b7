// The coordinator sets node attributes and crm_config values: an administrator's `vigil node
// attribute`, or an agent's crm_attribute / attrd_updater through its daemon. Transient ones go
// into the replicated status; permanent ones and crm_config values are config changes (a new
// epoch, acknowledged once a majority holds it). Writing the value already there changes
// nothing, so agents that repeat their value at every monitor cost no replication.
import type { AdminCommand } from '../config/admin-command.ts';
import { bumpEpoch } from '../config/generation.ts';
import { attributeProblem, setClusterValue, setPermanentAttribute, setTransientAttribute, updateProblem } from '../attributes/node-attributes.ts';
import { log, type Enqueue } from './coordinator-enqueue.ts';
import type { CoordinatorContext } from './coordinator-types.ts';

export type AttributeUpdate = Extract<AdminCommand, { type: 'attribute.update' }>;

function describe(command: AttributeUpdate): string {
  const where = command.section === 'crm_config' ? 'crm_config' : `${command.node} (${command.section === 'status' ? 'reboot' : 'forever'})`;
  return command.value === null ? `${command.name} deleted on ${where}` : `${command.name}=${command.value} on ${where}`;
}

export function handleAttributeUpdate(ctx: CoordinatorContext, enqueue: Enqueue, id: string, command: AttributeUpdate): void {
  const answer = (ok: boolean, message: string) => enqueue.emit({ type: 'coordinator.answer', id, ok, message });
  const problem = attributeProblem(ctx.doc.config, command, command.value) ?? updateProblem(command);
  if (problem !== undefined) return answer(false, problem);
  const { section, name, value } = command;
  if (section === 'status') {
    const doc = setTransientAttribute(ctx.doc, command.node!, name, value);
    if (doc === ctx.doc) return answer(true, `${describe(command)}: unchanged`);
    enqueue.assign({ doc, dirty: true });
  } else {
    const config = section === 'nodes' ? setPermanentAttribute(ctx.doc.config, command.node!, name, value) : setClusterValue(ctx.doc.config, name, value);
    if (config === ctx.doc.config) return answer(true, `${describe(command)}: unchanged`);
    enqueue.assign({ doc: { ...ctx.doc, config: { ...config, generation: bumpEpoch(config.generation) } }, dirty: true });
  }
  enqueue.emit(log('info', `attribute ${describe(command)}`, { attribute: name, section, ...(command.node ? { node: command.node } : {}) }));
  return answer(true, describe(command));
}
