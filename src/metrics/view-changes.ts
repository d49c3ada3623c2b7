// What the metrics count between two views this daemon holds: fencing results that are new,
// and transitions that began or ended. Any daemon can tell (the coordinator replicates the
// view to all), so every daemon's /metrics carries the cluster's counters, as Pacemaker's
// exporter does from any node. Pure: the caller passes the time it saw the view.
import type { ClusterView, FenceHistoryEntry } from '../daemon/view-types.ts';

/** What the tracker remembers between views (plain JSON). */
export interface ViewTrack {
  /** Keys of the fencing results already counted (bounded as the view's history is). */
  fencesSeen: string[];
  /** The transition running when last seen: which coordinator's, and since when (this daemon's clock). */
  running: { coordinator: string | null; epoch: number; id: number; sinceMs: number } | null;
}

export interface ViewChanges {
  /** Fencing results not counted before, oldest first. */
  fences: FenceHistoryEntry[];
  /** Transitions seen to end, with how long this daemon saw them run. */
  transitionsEnded: { durationMs: number }[];
}

export const EMPTY_TRACK: ViewTrack = { fencesSeen: [], running: null };

const fenceKey = (f: FenceHistoryEntry): string => `${f.epoch}|${f.atMs}|${f.target}|${f.action}|${f.result}`;

/** The changes `view` brings, seen at `nowMs`, and the track to keep for the next view. */
export function viewChanges(track: ViewTrack, view: ClusterView | null, nowMs: number): { track: ViewTrack; changes: ViewChanges } {
  const changes: ViewChanges = { fences: [], transitionsEnded: [] };
  const seen = new Set(track.fencesSeen);
  // A request is not a result yet: it is counted when it succeeds, fails or is confirmed.
  for (const f of view?.fencing ?? []) {
    if (f.result !== 'requested' && !seen.has(fenceKey(f))) changes.fences.push(f);
  }
  const current = view?.transition ? { coordinator: view.coordinator, epoch: view.epoch, id: view.transition.id } : null;
  const same = (r: ViewTrack['running']): boolean => r !== null && current !== null && r.coordinator === current.coordinator && r.epoch === current.epoch && r.id === current.id;
  let running = track.running;
  if (running !== null && !same(running)) {
    changes.transitionsEnded.push({ durationMs: Math.max(0, nowMs - running.sinceMs) });
    running = null;
  }
  if (current !== null && running === null) running = { ...current, sinceMs: nowMs };
  // Only what the view still holds needs remembering: older entries cannot come back. With no
  // view (no coordinator for now), everything counted stays counted.
  const fencesSeen = view === null ? track.fencesSeen : view.fencing.filter((f) => f.result !== 'requested').map(fenceKey);
  return { track: { fencesSeen, running }, changes };
}
