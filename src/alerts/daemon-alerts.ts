// A daemon's alerts: resource events from the operations its executor runs (observeOperation,
// called as each finishes), node, fencing and attribute events from the views it holds
// (view-events.ts), all handed to one dispatcher. Outside every decision: the coordinator and
// the executor never wait for an alert agent.
import type { Logger } from 'pino';
import type { ClusterConfig } from '../config/model.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { AlertDispatcher, type AlertOutcome } from './dispatcher.ts';
import type { AlertEvent } from './events.ts';
import { ResourceAlertFilter, resourceEvent } from './resource-events.ts';
import { createAlertRunner, type ProcessAlertRunner } from './run.ts';
import { viewAlertEvents, type AlertViewTrack } from './view-events.ts';

export interface DaemonAlertsOptions {
  self: string;
  /** The config this daemon runs now. */
  config: () => ClusterConfig;
  /** The view this daemon holds, and the signal that it may have changed. */
  view: () => ClusterView | null;
  onViewChange: (listener: () => void) => () => void;
  logger: Logger;
  /** Added to every alert agent's environment (the daemon's agent owner tag). */
  extraEnv?: Record<string, string>;
  run?: ProcessAlertRunner;
  onRun?: (kind: AlertEvent['kind'], outcome: AlertOutcome) => void;
}

export interface DaemonAlerts {
  /** An agent operation this node ran has finished. */
  observeOperation(op: AgentOperation, result: AgentResult): void;
  readonly dispatcher: AlertDispatcher;
  close(): void;
}

export function startDaemonAlerts(opts: DaemonAlertsOptions): DaemonAlerts {
  const runner = opts.run ?? createAlertRunner();
  const dispatcher = new AlertDispatcher({
    alerts: () => opts.config().alerts ?? [], run: runner, killRunning: () => runner.killRunning(),
    logger: opts.logger, extraEnv: opts.extraEnv, onRun: opts.onRun,
  });
  const filter = new ResourceAlertFilter();
  let track: AlertViewTrack | null = null;
  const configured = (): boolean => (opts.config().alerts ?? []).length > 0;
  const onView = (): void => {
    // Without alerts the view is not even built for them (it costs at thousands of resources);
    // once alerts are configured, the next view is where they start.
    if (!configured()) {
      track = null;
      return;
    }
    const view = opts.view();
    const next = viewAlertEvents(track, view, opts.config().nodes, { attributes: view?.coordinator === opts.self });
    track = next.track;
    for (const event of next.events) dispatcher.notify(event);
  };
  const unsubscribe = opts.onViewChange(onView);
  return {
    dispatcher,
    observeOperation(op, result) {
      if (!configured()) return;
      const event = resourceEvent(opts.self, op, result);
      if (filter.admit(event)) dispatcher.notify(event);
    },
    close() {
      unsubscribe();
      dispatcher.close();
    },
  };
}
