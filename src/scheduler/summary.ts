// Stage 6: the Transition Summary, in crm_simulate's words, from the reconcile buckets.
import type { Action, SummaryItem, TransitionGraph } from './types.ts';
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
    const base = { resource: d.resource, reason: d.reason, blocked: d.blocked };
    switch (b.kind) {
      // A clone instance with nothing of an interleaved prerequisite on its node (empty reason) is not shown.
      case 'start': if (!(d.blocked && d.reason === '')) items.push({ kind: 'start', node: b.node, ...base }); break;
      case 'stop': for (const node of b.nodes) items.push({ kind: 'stop', node, ...base }); break;
      case 'restart': case 'reload': items.push({ kind: b.kind, node: b.node, ...base }); break;
      case 'move': case 'migrate': items.push({ kind: b.kind, from: b.from, to: b.to, ...base }); break;
      case 'recover': items.push({ kind: 'recover', from: b.from, to: b.from === b.to ? undefined : b.to, ...base }); break;
      default: break;
    }
  }
  for (const o of rec.orphanStops) items.push({ kind: 'stop', resource: o.resource, node: o.node, reason: 'node availability', blocked: false });
  return items;
}

function suffix(item: { reason?: string; blocked: boolean }): string {
  return (item.reason ? ` due to ${item.reason}` : '') + (item.blocked ? ' (blocked)' : '');
}

/** One summary line, without crm_simulate's leading "  * ". */
export function formatItem(item: SummaryItem): string {
  switch (item.kind) {
    case 'fence': return `Fence (${item.action}) ${item.node} '${item.reason}'`;
    case 'start': return `Start ${item.resource} ( ${item.node} )${suffix(item)}`;
    case 'stop': return `Stop ${item.resource} ( ${item.node} )${suffix(item)}`;
    case 'restart': return `Restart ${item.resource} ( ${item.node} )${suffix(item)}`;
    case 'reload': return `Reload ${item.resource} ( ${item.node} )${suffix(item)}`;
    case 'move': return `Move ${item.resource} ( ${item.from} -> ${item.to} )${suffix(item)}`;
    case 'migrate': return `Migrate ${item.resource} ( ${item.from} -> ${item.to} )${suffix(item)}`;
    case 'recover': return `Recover ${item.resource} ( ${item.to ? `${item.from} -> ${item.to}` : item.from} )${suffix(item)}`;
  }
}

/** The Transition Summary lines of a graph, without the leading "  * ". */
export function formatSummary(graph: TransitionGraph): string[] {
  return graph.summary.map(formatItem);
}
