// Node, fencing and attribute alerts from the views the coordinator replicates: what changed
// between the view a daemon held and the one it holds now. Every daemon alerts on node and
// fencing events, as every Pacemaker controller does; attribute events come from the daemon
// hosting the coordinator only (Pacemaker's attribute writer). A daemon's first view is its
// starting point: what it shows already happened before this daemon was there to alert. Pure.
import type { NodeConfig } from '../config/model.ts';
import type { ClusterView, FenceHistoryEntry } from '../daemon/view-types.ts';
import { EMPTY_TRACK, viewChanges, type ViewTrack } from '../metrics/view-changes.ts';
import type { AlertEvent, FencingAlertEvent } from './events.ts';

/** What is remembered between views (plain JSON); null before the first view. */
export interface AlertViewTrack {
  /** Whether each node was a member. */
  members: Record<string, boolean>;
  /** Each node's attributes, name → value. */
  attributes: Record<string, Record<string, string>>;
  /** Fencing results already seen (shared with the metrics' tracker). */
  fences: ViewTrack;
}

/** Pacemaker's node id where the config has one, else the node's place in nodes: (1-based). */
export function nodeIdOf(nodes: readonly NodeConfig[], name: string): string {
  const at = nodes.findIndex((n) => n.name === name);
  return nodes[at]?.id ?? String(at + 1);
}

export function fencingEvent(f: FenceHistoryEntry): FencingAlertEvent {
  const ok = f.result !== 'failed';
  const by = f.result === 'confirmed' ? 'confirmed by an administrator' : `by ${f.by ?? 'no device'} for coordinator@${f.fencedBy ?? 'unknown'}`;
  const outcome = ok ? 'OK' : `Error (${f.reason})`;
  return { kind: 'fencing', node: f.target, task: f.action, rc: ok ? 0 : 1, desc: `Operation ${f.action} of ${f.target} ${by}: ${outcome}` };
}

function attributesOf(view: ClusterView): Record<string, Record<string, string>> {
  return Object.fromEntries(view.nodes.map((n) => [n.name, Object.fromEntries((n.attributes ?? []).map((a) => [a.name, a.value]))]));
}

function attributeEvents(before: AlertViewTrack['attributes'], after: AlertViewTrack['attributes'], nodes: readonly NodeConfig[]): AlertEvent[] {
  const events: AlertEvent[] = [];
  for (const [node, values] of Object.entries(after)) {
    const old = before[node] ?? {};
    const nodeId = nodeIdOf(nodes, node);
    for (const [name, value] of Object.entries(values)) {
      if (old[name] !== value) events.push({ kind: 'attribute', node, nodeId, name, value });
    }
    for (const name of Object.keys(old)) {
      if (!(name in values)) events.push({ kind: 'attribute', node, nodeId, name, value: '' });
    }
  }
  return events;
}

/**
 * The events `view` brings after `track`, and the track to keep. `attributes`: whether this
 * daemon alerts on attribute changes (it hosts the coordinator).
 */
export function viewAlertEvents(
  track: AlertViewTrack | null, view: ClusterView | null, nodes: readonly NodeConfig[], opts: { attributes: boolean },
): { track: AlertViewTrack | null; events: AlertEvent[] } {
  if (view === null) return { track, events: [] };
  const fences = viewChanges(track?.fences ?? EMPTY_TRACK, view, 0);
  const next: AlertViewTrack = {
    members: Object.fromEntries(view.nodes.map((n) => [n.name, n.member])),
    attributes: attributesOf(view),
    fences: fences.track,
  };
  if (track === null) return { track: next, events: [] };
  const events: AlertEvent[] = [];
  for (const [node, member] of Object.entries(next.members)) {
    if (track.members[node] !== undefined && track.members[node] !== member) {
      events.push({ kind: 'node', node, nodeId: nodeIdOf(nodes, node), desc: member ? 'member' : 'lost' });
    }
  }
  events.push(...fences.changes.fences.map(fencingEvent));
  if (opts.attributes) events.push(...attributeEvents(track.attributes, next.attributes, nodes));
  return { track: next, events };
}
