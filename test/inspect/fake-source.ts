// A StatusSource whose view the test sets: what the status page server sees of a daemon that
// does not host the coordinator (the view replicated to it, and the config behind it).
import { clusterDocument } from '../cli/helpers.ts';
import { realisticView } from '../cli/view-fixture.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import type { CoordinatorLogEvent, StatusSource } from '../../src/inspect/source.ts';

export interface FakeSource extends StatusSource {
  setView(view: ClusterView | null): void;
  log(event: Omit<CoordinatorLogEvent, 'type'>): void;
}

export function fakeSource(view: ClusterView | null = realisticView()): FakeSource {
  let current = view;
  const viewListeners = new Set<() => void>();
  const logListeners = new Set<(e: CoordinatorLogEvent) => void>();
  return {
    self: 'n2',
    view: () => current,
    document: () => clusterDocument(),
    coordinatorActor: () => null,
    onViewChange: (l) => { viewListeners.add(l); return () => viewListeners.delete(l); },
    onCoordinatorLog: (l) => { logListeners.add(l); return () => logListeners.delete(l); },
    setView(next) {
      current = next;
      for (const l of viewListeners) l();
    },
    log(event) {
      for (const l of logListeners) l({ type: 'coordinator.log', ...event });
    },
  };
}
