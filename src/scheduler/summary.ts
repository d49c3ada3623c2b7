// Stage 6: the Transition Summary, in crm_simulate's words, from the reconcile buckets.
import type { Action, RoleChange, SummaryItem, TransitionGraph } from './types.ts';
import type { Reconciled } from './reconcile.ts';
import type { NodesView } from './nodes.ts';

/** Summary items, as data: fencing first, then unfencing (`Fence (on)`), then resources in configuration order. */
export function summaryItems(rec: Reconciled, nodes: NodesView, fenceAction: 'reboot' | 'off', actions: readonly Action[] = []): SummaryItem[] {
  const items: SummaryItem[] = [];
  for (const name of nodes.order) {
    const n = nodes.nodes.get(name)!;
    if (n.fence !== undefined) items.push({ kind: 'fence', node: name, action: fenceAction, reason: n.fence });
  }
  // crm_simulate lists unfencing last node first.
  const unfencing = actions.filter((a) => a.kind === 'unfence');
  const at = (a: Action): number => nodes.nodes.get(a.node!)?.configOrder ?? 0;
  for (const a of unfencing.sort((x, y) => at(y) - at(x))) items.push({ kind: 'fence', node: a.node!, action: 'on', reason: a.reason.text });
  for (const d of rec.decisions.values()) {
    if (!d.managed) continue;
    const b = d.bucket;
    const base = { resource: d.resource, reason: d.reason, blocked: d.blocked, ...(d.roles === undefined ? {} : { roles: d.roles }) };
    switch (b.kind) {
      // A clone instance with nothing of an interleaved prerequisite on its node (empty reason) is not shown.
      case 'start': if (!(d.blocked && d.reason === '')) items.push({ kind: 'start', node: b.node, ...base }); break;
      case 'stop': for (const node of b.nodes) items.push({ kind: 'stop', node, ...base }); break;
      case 'restart': case 'reload': case 'promote': case 'demote': items.push({ kind: b.kind, node: b.node, ...base }); break;
      case 'move': case 'migrate': items.push({ kind: b.kind, from: b.from, to: b.to, ...base }); break;
      case 'recover': items.push({ kind: 'recover', from: b.from, to: b.from === b.to ? undefined : b.to, ...base }); break;
      default: break;
    }
  }
  for (const o of rec.orphanStops) items.push({ kind: 'stop', resource: o.resource, node: o.node, reason: 'node availability', blocked: false });
  return items;
}

function suffix(item: { reason?: string; blocked: boolean }): string {
  if (!item.reason) return item.blocked ? ' blocked' : '';
  return ` due to ${item.reason}${item.blocked ? ' (blocked)' : ''}`;
}

/**
 * What goes between the parentheses. Roles are named for instances of promotable clones once
 * they run in a role (Unpromoted or Promoted) or are to be promoted: a start into the
 * unpromoted role reads like any start.
 */
function details(from: string | undefined, to: string | undefined, roles: RoleChange | undefined): string {
  const named = roles !== undefined && (roles.from === 'Unpromoted' || roles.from === 'Promoted' || roles.to === 'Promoted');
  const sameRole = roles === undefined || roles.from === roles.to;
  if (from === undefined) return named ? `${roles!.from} -> ${roles!.to} ${to!}` : to!;
  if (to === undefined) return named ? `${roles!.from} ${from}` : from;
  if (from === to) return sameRole ? (named ? `${roles!.from} ${from}` : from) : `${roles!.from} -> ${roles!.to} ${from}`;
  if (sameRole) return named ? `${from} -> ${to} ${roles!.from}` : `${from} -> ${to}`;
  return `${roles!.from} ${from} -> ${roles!.to} ${to}`;
}

/** One summary line, without crm_simulate's leading "  * ". */
export function formatItem(item: SummaryItem): string {
  if (item.kind === 'fence') return `Fence (${item.action}) ${item.node} '${item.reason}'`;
  const line = (verb: string, from: string | undefined, to: string | undefined): string =>
    `${verb} ${item.resource} ( ${details(from, to, item.roles)} )${suffix(item)}`;
  switch (item.kind) {
    // A start straight into the promoted role is a promotion.
    case 'start': return line(item.roles?.to === 'Promoted' ? 'Promote' : 'Start', undefined, item.node);
    case 'stop': return line('Stop', item.node, undefined);
    case 'restart': return line('Restart', item.node, item.node);
    case 'reload': return line('Reload', item.node, item.node);
    case 'promote': return line('Promote', item.node, item.node);
    case 'demote': return line('Demote', item.node, item.node);
    case 'move': return line('Move', item.from, item.to);
    case 'migrate': return line('Migrate', item.from, item.to);
    case 'recover': return line('Recover', item.from, item.to ?? item.from);
  }
}

/** The Transition Summary lines of a graph, without the leading "  * ". */
export function formatSummary(graph: TransitionGraph): string[] {
  return graph.summary.map(formatItem);
}
