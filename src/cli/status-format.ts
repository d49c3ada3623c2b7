// `vigil status` as text: a header (cluster, coordinator and epoch, quorum, generation), the
// nodes and why they are in their state, resources under their group or clone, failures,
// the last fencing entries and the running transition. Pure: the same view prints the same.
import { formatGeneration } from '../config/generation.ts';
import type { NodeAttributeView } from '../attributes/types.ts';
import type { ClusterView, FailureView, FenceHistoryEntry, NodeView, ResourceView } from '../daemon/view-types.ts';

export interface StatusFormatOptions {
  color: boolean;
}

/** Fencing entries shown by `vigil status` (all of them: `vigil fence history`). */
export const STATUS_FENCING_SHOWN = 5;

type Tone = 'good' | 'warn' | 'bad' | 'dim' | 'bold';
const ANSI: Record<Tone, string> = { good: '\x1b[32m', warn: '\x1b[33m', bad: '\x1b[31m', dim: '\x1b[2m', bold: '\x1b[1m' };

function paint(text: string, tone: Tone | undefined, opts: StatusFormatOptions): string {
  return opts.color && tone !== undefined && text !== '' ? `${ANSI[tone]}${text}\x1b[0m` : text;
}

const NODE_TONES: Record<string, Tone> = {
  online: 'good', standby: 'warn', maintenance: 'warn', joining: 'warn', 'shutting-down': 'warn',
  offline: 'dim', fenced: 'dim', unclean: 'bad', fencing: 'bad',
};
const RESOURCE_TONES: Record<string, Tone> = {
  started: 'good', monitoring: 'good', stopped: 'dim', unknown: 'warn', probing: 'warn', starting: 'warn',
  stopping: 'warn', migrating: 'warn', validating: 'warn', cleanup: 'warn', reloading: 'warn',
  'stop-failed': 'bad', 'monitor-failed': 'bad', blocked: 'bad',
};
const FAILED_STATES = new Set(['stop-failed', 'monitor-failed', 'blocked']);

/** Pads a (possibly coloured) cell to `width` visible characters. */
function cell(text: string, width: number, tone: Tone | undefined, opts: StatusFormatOptions): string {
  return paint(text, tone, opts) + ' '.repeat(Math.max(0, width - text.length));
}

function formatDurationMs(ms: number): string {
  if (ms === 0) return '0';
  if (ms % 60_000 === 0) return `${ms / 60_000}min`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

function formatTime(atMs: number): string {
  return new Date(atMs).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function header(view: ClusterView, opts: StatusFormatOptions): string[] {
  const coordinator = view.coordinator === null ? paint('none', 'bad', opts) : `${view.coordinator} (epoch ${view.epoch})`;
  const quorum = view.quorum ? paint('yes', 'good', opts) : paint('NO', 'bad', opts);
  return [
    `${paint('Cluster', 'bold', opts)} ${view.cluster}: coordinator ${coordinator}, quorum ${quorum}, generation ${formatGeneration(view.generation)}`,
    `Updated ${formatTime(view.updatedAtMs)}`,
  ];
}

const RECOVERY_BLOCKS: Record<string, string> = { 'awaiting-fence': 'awaiting fence', 'awaiting-confirmation': 'awaiting confirmation (vigil fence confirm NODE)' };

/** Why a node is in its state: its reason, what recovery waits for, and its mode when it differs. */
export function nodeDetail(node: NodeView): string {
  const parts: string[] = [];
  // 'member' (or the state's own name) says nothing the state does not.
  if (node.reason !== '' && node.reason !== 'member' && node.reason !== node.state) parts.push(node.reason);
  if (node.recoveryBlocked !== null) parts.push(RECOVERY_BLOCKS[node.recoveryBlocked] ?? node.recoveryBlocked);
  if (node.mode !== 'online' && node.mode !== node.state) parts.push(`mode ${node.mode}`);
  if (!node.member && (node.state === 'online' || node.state === 'standby' || node.state === 'maintenance')) parts.push('not connected');
  return parts.length === 0 ? '' : `(${parts.join('; ')})`;
}

function nodeLines(view: ClusterView, opts: StatusFormatOptions): string[] {
  const width = Math.max(4, ...view.nodes.map((n) => n.name.length));
  const stateWidth = Math.max(...view.nodes.map((n) => n.state.length), 0);
  const lines = [`${paint('Nodes', 'bold', opts)} (${view.nodes.length}):`];
  for (const node of view.nodes) {
    const detail = nodeDetail(node);
    const state = detail === '' ? paint(node.state, NODE_TONES[node.state], opts) : cell(node.state, stateWidth, NODE_TONES[node.state], opts);
    lines.push(`  ${node.name.padEnd(width)}  ${state}${detail === '' ? '' : ` ${detail}`}`.trimEnd());
  }
  return lines;
}

/** Where it runs, and the failed instances elsewhere. */
function resourceDetail(rsc: ResourceView): string {
  const parts: string[] = [];
  if (rsc.node !== null) parts.push(`on ${rsc.node}`);
  for (const instance of rsc.instances) {
    if (instance.node !== rsc.node && FAILED_STATES.has(instance.state)) parts.push(`${instance.state} on ${instance.node}`);
  }
  if (rsc.targetRole !== undefined && rsc.targetRole !== 'Started') parts.push(`(target-role ${rsc.targetRole})`);
  return parts.join(', ');
}

function resourceLines(view: ClusterView, opts: StatusFormatOptions): string[] {
  if (view.resources.length === 0) return [`${paint('Resources', 'bold', opts)}: none configured`];
  // Keep the view's order; a group or clone is listed where its first member appears.
  const blocks: { parent: string | undefined; members: ResourceView[] }[] = [];
  const byParent = new Map<string, ResourceView[]>();
  for (const rsc of view.resources) {
    if (rsc.parent === undefined) {
      blocks.push({ parent: undefined, members: [rsc] });
      continue;
    }
    let members = byParent.get(rsc.parent);
    if (members === undefined) {
      members = [];
      byParent.set(rsc.parent, members);
      blocks.push({ parent: rsc.parent, members });
    }
    members.push(rsc);
  }
  const idColumn = Math.max(...view.resources.map((r) => (r.parent === undefined ? 2 : 4) + r.id.length));
  const stateWidth = Math.max(...view.resources.map((r) => r.state.length));
  const line = (rsc: ResourceView, indent: string): string => {
    const detail = resourceDetail(rsc);
    const state = cell(rsc.state, detail === '' ? 0 : stateWidth, RESOURCE_TONES[rsc.state], opts);
    return `${(indent + rsc.id).padEnd(idColumn)}  ${state}${detail === '' ? '' : ` ${detail}`}`;
  };
  const lines = [`${paint('Resources', 'bold', opts)} (${view.resources.length}):`];
  for (const block of blocks) {
    if (block.parent === undefined) {
      lines.push(line(block.members[0]!, '  '));
      continue;
    }
    const running = block.members.filter((m) => m.node !== null).length;
    lines.push(`  ${block.parent}: ${running}/${block.members.length} running`);
    for (const member of block.members) lines.push(line(member, '    '));
  }
  return lines;
}

export function formatFailure(failure: FailureView): string {
  const op = failure.intervalMs === 0 ? failure.operation : `${failure.operation} (${formatDurationMs(failure.intervalMs)})`;
  const reason = failure.reason === '' ? '' : ` ${failure.reason}`;
  return `${failure.resource} ${op} on ${failure.node}: rc=${failure.rc}${reason}; fail-count ${failure.failCount}, at ${formatTime(failure.atMs)}`;
}

function failureLines(view: ClusterView, opts: StatusFormatOptions): string[] {
  if (view.failures.length === 0) return [];
  return [`${paint('Failed operations', 'bold', opts)} (${view.failures.length}):`, ...view.failures.map((f) => `  ${paint(formatFailure(f), 'bad', opts)}`)];
}

const FENCE_TONES: Record<FenceHistoryEntry['result'], Tone> = { succeeded: 'good', confirmed: 'good', failed: 'bad', requested: 'warn' };

export function formatFenceEntry(entry: FenceHistoryEntry, opts: StatusFormatOptions = { color: false }): string {
  // Who fenced whom, with which device, ordered by which node, after which delay.
  const by = [
    entry.by === undefined ? '' : ` by ${entry.by}`,
    entry.fencedBy === undefined ? '' : ` from ${entry.fencedBy}`,
    entry.delayMs === undefined || entry.delayMs === 0 ? '' : ` after a ${(entry.delayMs / 1000).toFixed(1)} s delay`,
  ].join('');
  const reason = entry.reason === '' ? '' : `: ${entry.reason}`;
  return `${formatTime(entry.atMs)} ${entry.action} ${entry.target} ${paint(entry.result, FENCE_TONES[entry.result], opts)}${by} (epoch ${entry.epoch})${reason}`;
}

/** All fencing history entries, oldest first (`vigil fence history`). */
export function formatFenceHistory(entries: readonly FenceHistoryEntry[], opts: StatusFormatOptions): string {
  if (entries.length === 0) return 'Fencing history: none';
  return [`${paint('Fencing history', 'bold', opts)} (${entries.length}):`, ...entries.map((e) => `  ${formatFenceEntry(e, opts)}`)].join('\n');
}

function fencingLines(view: ClusterView, opts: StatusFormatOptions): string[] {
  if (view.fencing.length === 0) return [];
  const shown = view.fencing.slice(-STATUS_FENCING_SHOWN);
  const count = shown.length === view.fencing.length ? `${shown.length}` : `last ${shown.length} of ${view.fencing.length}`;
  return [`${paint('Fencing', 'bold', opts)} (${count}):`, ...shown.map((e) => `  ${formatFenceEntry(e, opts)}`)];
}

/** `name=value` per attribute; a permanent one is marked, as most are transient (set by agents). */
export function formatNodeAttributes(attributes: readonly NodeAttributeView[]): string {
  return attributes.map((a) => `${a.name}=${a.value}${a.lifetime === 'forever' ? ' (forever)' : ''}`).join(', ');
}

function attributeLines(view: ClusterView, opts: StatusFormatOptions): string[] {
  const withAttributes = view.nodes.filter((n) => (n.attributes ?? []).length > 0);
  if (withAttributes.length === 0) return [];
  const width = Math.max(...withAttributes.map((n) => n.name.length));
  return [`${paint('Node attributes', 'bold', opts)}:`, ...withAttributes.map((n) => `  ${n.name.padEnd(width)}  ${formatNodeAttributes(n.attributes!)}`)];
}

function transitionLine(view: ClusterView, opts: StatusFormatOptions): string {
  const t = view.transition;
  if (t === null && view.settled === false) return `${paint('Transition', 'bold', opts)}: ${paint('in progress', 'warn', opts)}: a change waits to be scheduled`;
  if (t === null) return `${paint('Transition', 'bold', opts)}: idle`;
  const failed = t.failed === 0 ? '' : `, ${paint(`${t.failed} failed`, 'bad', opts)}`;
  // Views of older daemons have no `left`.
  const left = t.left ?? Math.max(0, t.actions - t.done - t.failed);
  return `${paint('Transition', 'bold', opts)} ${t.id} ${paint('in progress', 'warn', opts)}: ${left} action${left === 1 ? '' : 's'} left (${t.done}/${t.actions} done${failed})`;
}

export function formatStatus(view: ClusterView, opts: StatusFormatOptions): string {
  const sections = [header(view, opts), nodeLines(view, opts), attributeLines(view, opts), resourceLines(view, opts), failureLines(view, opts), fencingLines(view, opts), [transitionLine(view, opts)]];
  return sections.filter((s) => s.length > 0).map((s) => s.join('\n')).join('\n\n');
}
