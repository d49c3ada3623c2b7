// The status page's stream of recent events: what changed between two views this daemon
// reported (any daemon can tell), plus the coordinator's own log lines while this daemon hosts
// it. Kept in a bounded ring; each event has a sequence number so a page asks only for news.
import { assert } from '../assert.ts';
import type { ClusterView, FailureView, FenceHistoryEntry, ResourceView } from '../daemon/view-types.ts';

/** Events kept for the page (older ones drop out). */
export const PAGE_EVENTS_MAX = 200;

export type PageEventLevel = 'debug' | 'info' | 'warn' | 'error';

export interface PageEvent {
  seq: number;
  atMs: number;
  level: PageEventLevel;
  /** `status`: a difference between two views; `coordinator`: a line the coordinator logged. */
  source: 'status' | 'coordinator';
  message: string;
}

export type NewEvent = Omit<PageEvent, 'seq' | 'atMs'>;

export class EventRing {
  private readonly events: PageEvent[] = [];
  private seq = 0;

  constructor(private readonly capacity = PAGE_EVENTS_MAX) {
    assert(Number.isInteger(capacity) && capacity > 0, 'an event ring needs a positive capacity');
  }

  push(event: NewEvent, atMs: number): PageEvent {
    const stamped: PageEvent = { ...event, seq: ++this.seq, atMs };
    this.events.push(stamped);
    if (this.events.length > this.capacity) this.events.shift();
    assert(this.events.length <= this.capacity, 'the event ring overflowed its bound');
    return stamped;
  }

  /** Events after `seq` (all kept ones by default), oldest first. */
  since(seq = 0): PageEvent[] {
    return this.events.filter((e) => e.seq > seq);
  }
}

const where = (r: ResourceView): string => `${r.state}${r.node ? ` on ${r.node}` : ''}`;
const failureKey = (f: FailureView): string => `${f.resource}@${f.node}`;

/** What changed from `before` to `after`, in words; nothing for the first view but who coordinates. */
export function viewEvents(before: ClusterView | null, after: ClusterView | null): NewEvent[] {
  if (after === null) return before === null ? [] : [{ level: 'warn', source: 'status', message: 'no coordinator reports any more (no quorum, or an election is running)' }];
  const out: NewEvent[] = [];
  const say = (level: PageEventLevel, message: string): void => { out.push({ level, source: 'status', message }); };
  if (before?.coordinator !== after.coordinator || before?.epoch !== after.epoch) say('info', `coordinator ${after.coordinator ?? 'none'} (epoch ${after.epoch})`);
  if (before === null) return out;
  if (before.quorum !== after.quorum) say(after.quorum ? 'info' : 'warn', after.quorum ? 'quorum regained' : 'quorum lost');
  const nodesBefore = new Map(before.nodes.map((n) => [n.name, n]));
  for (const n of after.nodes) {
    const old = nodesBefore.get(n.name);
    if (old && old.state !== n.state) say(['unclean', 'fencing'].includes(n.state) ? 'warn' : 'info', `node ${n.name}: ${old.state} → ${n.state}${n.reason ? ` (${n.reason})` : ''}`);
  }
  const resourcesBefore = new Map(before.resources.map((r) => [r.id, r]));
  for (const r of after.resources) {
    const old = resourcesBefore.get(r.id);
    if (old && (old.state !== r.state || old.node !== r.node)) say(r.state.endsWith('failed') ? 'error' : 'info', `${r.id}: ${where(old)} → ${where(r)}`);
  }
  const failuresBefore = new Map(before.failures.map((f) => [failureKey(f), f]));
  const told = new Set<string>();
  for (const f of after.failures) {
    const old = failuresBefore.get(failureKey(f));
    if (old && old.atMs === f.atMs && old.failCount === f.failCount) continue;
    told.add(failureKey(f));
    say('error', `${f.resource} failed ${f.operation}${f.intervalMs ? ` (every ${f.intervalMs / 1000}s)` : ''} on ${f.node}: rc ${f.rc}${f.reason ? `, ${f.reason}` : ''}; fail-count ${f.failCount}`);
  }
  // A failure and its recovery can both happen between two views: the fail-count still tells.
  for (const [key, [old, now]] of failCountChanges(before, after)) {
    if (!told.has(key)) say(now > old ? 'error' : 'info', `${key.replace('@', ' on ')}: fail-count ${old} → ${now}`);
  }
  for (const f of newFenceRecords(before.fencing, after.fencing)) {
    // An unfencing (`on`) lets a node back in: worth a line, not a warning, unless it failed.
    const what = f.action === 'on' ? `unfencing ${f.target}` : `fencing ${f.target} (${f.action})`;
    say(f.result === 'failed' ? 'error' : f.action === 'on' ? 'info' : 'warn', `${what}: ${f.result}${f.by ? ` by ${f.by}` : ''}${f.reason ? `: ${f.reason}` : ''}`);
  }
  return out;
}

/** The records after the last one `before` had (the history is append-only, bounded from the front). */
function newFenceRecords(before: FenceHistoryEntry[], after: FenceHistoryEntry[]): FenceHistoryEntry[] {
  const last = before.at(-1);
  if (last === undefined) return after;
  for (let i = after.length - 1; i >= 0; i--) {
    const f = after[i]!;
    if (f.atMs === last.atMs && f.target === last.target && f.result === last.result) return after.slice(i + 1);
  }
  return after;
}

/** Instances (`resource@node`) whose fail-count changed: [before, after]. */
function failCountChanges(before: ClusterView, after: ClusterView): Map<string, [number, number]> {
  const counts = (v: ClusterView): Map<string, number> => new Map(v.resources.flatMap((r) => r.instances.map((i) => [`${r.id}@${i.node}`, i.failCount] as const)));
  const old = counts(before);
  const out = new Map<string, [number, number]>();
  for (const [key, n] of counts(after)) {
    const was = old.get(key) ?? 0;
    if (n !== was) out.set(key, [was, n]);
  }
  return out;
}
