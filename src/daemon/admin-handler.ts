// What a daemon does with an administrator's command: status and config show are answered
// here from what it knows; daemon stop is its own; everything else is the coordinator's (this
// daemon's, or forwarded to the node that hosts it).
import { answerAttributeQuery, type AttributeQuery } from '../attributes/query.ts';
import type { ClusterConfig, ClusterDocument } from '../config/model.ts';
import { nextConfig, readNewConfig } from './config-apply.ts';
import type { CoordinatorHost } from './coordinator-host.ts';
import type { AdminCommand, AdminResult } from './control-types.ts';
import type { ClusterView } from './view-types.ts';

export interface AdminContext {
  self: string;
  /** What `vigil status` shows; null before any coordinator was heard. */
  view(): ClusterView | null;
  config(): ClusterConfig;
  /** The document this daemon knows (its coordinator's, else the last replicated). */
  doc(): ClusterDocument;
  /** This daemon's coordinator, while it hosts one. */
  host(): CoordinatorHost | null;
  /** Who coordinates, as the election knows it. */
  coordinator(): string | null;
  forward(coordinator: string, command: AdminCommand): Promise<AdminResult>;
  checkAgents(file: string, config: ClusterConfig): Promise<void>;
  onStopRequest?: (leaveResources: boolean) => void;
}

export async function handleAdmin(ctx: AdminContext, command: AdminCommand): Promise<AdminResult> {
  if (command.type === 'status' || command.type === 'fence.history') {
    const view = ctx.view();
    if (!view) return { ok: false, error: `${ctx.self} has not heard from a coordinator yet (no quorum, or the cluster is forming); try again` };
    return { ok: true, message: command.type, view };
  }
  if (command.type === 'config.show') {
    const { writeYamlConfig } = await import('../config/yaml/write.ts');
    // No message line: `vigil config show > file.yaml` must give a file `config apply` takes back.
    return { ok: true, message: '', text: writeYamlConfig({ config: ctx.config(), status: { nodes: [], history: [], quorum: true } }) };
  }
  if (command.type === 'daemon.stop') {
    ctx.onStopRequest?.(command.leaveResources);
    return { ok: true, message: `${ctx.self}'s daemon is stopping${command.leaveResources ? ', leaving its resources running' : ''}` };
  }
  if (command.type === 'config.apply') return applyConfig(ctx, command);
  if (command.type === 'attribute.query') return queryAttribute(ctx, command);
  const host = ctx.host();
  if (host) return host.command(command);
  return forwardToCoordinator(ctx, command);
}

function forwardToCoordinator(ctx: AdminContext, command: AdminCommand): Promise<AdminResult> | AdminResult {
  const coordinator = ctx.coordinator();
  if (!coordinator || coordinator === ctx.self) return { ok: false, error: 'there is no coordinator right now (no quorum, or an election is running); try again' };
  return ctx.forward(coordinator, command);
}

/**
 * Read from the coordinator's document (an agent reads back what it just wrote, before the
 * replicated copy here has it); without a coordinator, from what this daemon last heard.
 */
async function queryAttribute(ctx: AdminContext, query: AttributeQuery): Promise<AdminResult> {
  const host = ctx.host();
  if (host) return answerAttributeQuery(host.doc(), query);
  const coordinator = ctx.coordinator();
  if (coordinator && coordinator !== ctx.self) return ctx.forward(coordinator, query);
  return answerAttributeQuery(ctx.doc(), query);
}

/**
 * Checked here first, for this node (it must stay in the config), then by the coordinator for
 * itself: a follower forwards only what it would accept.
 */
async function applyConfig(ctx: AdminContext, command: Extract<AdminCommand, { type: 'config.apply' }>): Promise<AdminResult> {
  const read = await readNewConfig(command.file, command.text, { checkAgents: ctx.checkAgents, node: ctx.self, current: ctx.config() });
  if (!read.ok) return read;
  const host = ctx.host();
  if (!host) return forwardToCoordinator(ctx, command);
  // The running config may have changed while the text was read: one generation above it.
  return host.replaceConfig(nextConfig(read.config, host.doc().config));
}
