// What the inspection layer reads from a daemon: the view it would answer `vigil status`
// with, the config and status it knows, the coordinator actor while it hosts it, and two
// signals. `Daemon` (src/daemon/daemon.ts) implements this; tests pass a fake.
import type { AnyActorRef } from 'xstate';
import type { ClusterDocument } from '../config/model.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import type { CoordinatorEmitted } from '../machines/coordinator-types.ts';

/** One line the coordinator logs (XState `emit`), as the daemon hears it. */
export type CoordinatorLogEvent = Extract<CoordinatorEmitted, { type: 'coordinator.log' }>;

export interface StatusSource {
  /** This daemon's node name. */
  readonly self: string;
  /** The view this daemon reports; null before it has heard from any coordinator. */
  view(): ClusterView | null;
  /** The config and status this daemon knows: the coordinator's own, else the last replicated. */
  document(): ClusterDocument;
  /** The coordinator actor while this daemon hosts it, else null. */
  coordinatorActor(): AnyActorRef | null;
  /** Called whenever the view may have changed (replication, a new coordinator); returns an unsubscribe. */
  onViewChange(listener: () => void): () => void;
  /** Called for every line the coordinator logs while this daemon hosts it; returns an unsubscribe. */
  onCoordinatorLog(listener: (event: CoordinatorLogEvent) => void): () => void;
}
