// `GET /metrics` of a daemon's HTTP server (--http): Prometheus' text format, by prom-client.
// Gauges are read from the view this daemon holds when Prometheus scrapes (nodes, resources,
// fail-counts, coordinator, epoch, quorum); counters grow as views arrive (fencing results,
// transitions, view-changes.ts); agent operations on this node are timed as they finish. Only
// a daemon started with --http loads this module (and prom-client).
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import type { StatusSource } from '../inspect/source.ts';
import type { AlertOutcome } from '../alerts/dispatcher.ts';
import { EMPTY_TRACK, viewChanges, type ViewTrack } from './view-changes.ts';

/** Agent operations take milliseconds (a monitor) to minutes (a start with a long timeout). */
const AGENT_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** A transition runs from a fraction of a second to as long as its slowest start. */
const TRANSITION_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

export interface DaemonMetrics {
  readonly contentType: string;
  /** The exposition text for one scrape. */
  render(): Promise<string>;
  /** Called by the agent runner (instrument-runner.ts) as each operation finishes. */
  observeAgentOperation(op: AgentOperation, result: AgentResult): void;
  /** Called by the alert dispatcher as each alert agent run ends (or is dropped). */
  observeAlertRun(kind: string, outcome: AlertOutcome): void;
  close(): void;
}

/** started / stopped / promoted, as Pacemaker names roles; rc 8 and 9 are an instance running promoted. */
export function roleOf(state: string, rc: number | null): 'promoted' | 'started' | 'stopped' {
  if (rc === 8 || rc === 9) return 'promoted';
  return state === 'started' || state === 'monitoring' || state === 'reloading' || state === 'migrating' ? 'started' : 'stopped';
}

/** What an agent's result counts as: ok, not running, timeout or error (the exit code is in the logs). */
function outcome(result: AgentResult): 'ok' | 'not-running' | 'timeout' | 'error' {
  if (result.timedOut) return 'timeout';
  if (result.rc === 0 || result.rc === 8) return 'ok';
  return result.rc === 7 ? 'not-running' : 'error';
}

function viewGauges(registry: Registry, view: () => ClusterView | null, self: string): void {
  const registers = [registry];
  new Gauge({
    name: 'vigil_nodes', help: 'Configured nodes by state, as the coordinator last reported them', labelNames: ['state'], registers,
    collect() {
      this.reset();
      for (const n of view()?.nodes ?? []) this.inc({ state: n.state });
    },
  });
  new Gauge({
    name: 'vigil_resources', help: 'Resource instances by resource, node, state and role (1 per instance)', labelNames: ['resource', 'node', 'state', 'role'], registers,
    collect() {
      this.reset();
      for (const r of view()?.resources ?? []) {
        for (const i of r.instances) this.set({ resource: r.id, node: i.node, state: i.state, role: roleOf(i.state, i.rc) }, 1);
      }
    },
  });
  new Gauge({
    name: 'vigil_resource_failcount', help: 'Fail-count of each resource on each node (0 where it has none)', labelNames: ['resource', 'node'], registers,
    collect() {
      this.reset();
      for (const r of view()?.resources ?? []) for (const i of r.instances) this.set({ resource: r.id, node: i.node }, i.failCount);
    },
  });
  new Gauge({
    name: 'vigil_coordinator', help: 'The node holding the coordinator (1), per the view this daemon holds', labelNames: ['node'], registers,
    collect() {
      this.reset();
      const coordinator = view()?.coordinator;
      if (coordinator) this.set({ node: coordinator }, 1);
    },
  });
  new Gauge({
    name: 'vigil_coordinator_epoch', help: 'Epoch of the coordinator this daemon last heard from (0: none yet)', registers,
    collect() { this.set(view()?.epoch ?? 0); },
  });
  new Gauge({
    name: 'vigil_is_coordinator', help: 'Whether this daemon holds the coordinator (1) or not (0)', registers,
    collect() { this.set(view()?.coordinator === self ? 1 : 0); },
  });
  new Gauge({
    name: 'vigil_quorum', help: 'Whether the cluster has quorum (1) or not (0), per the view this daemon holds', registers,
    collect() { this.set(view()?.quorum ? 1 : 0); },
  });
}

export function createDaemonMetrics(source: StatusSource, now: () => number = Date.now): DaemonMetrics {
  // vigil's own metrics only: prom-client's process defaults name gauges `_total`, which
  // promtool's lint refuses (node_exporter covers the process).
  const registry = new Registry();
  viewGauges(registry, () => source.view(), source.self);
  const registers = [registry];
  // The one process figure kept: the JS heap grows with the resources a coordinator holds.
  new Gauge({ name: 'vigil_daemon_heap_used_bytes', help: 'JavaScript heap this daemon uses (V8 heapUsed)', registers, collect() { this.set(process.memoryUsage().heapUsed); } });
  const fencing = new Counter({ name: 'vigil_fencing_operations_total', help: 'Fencing results by target node, action and result (succeeded, failed, confirmed by an administrator)', labelNames: ['target', 'action', 'result'], registers });
  const fencingFailures = new Counter({ name: 'vigil_fencing_failures_total', help: 'Failed fencing attempts by target node', labelNames: ['target'], registers });
  const transitions = new Counter({ name: 'vigil_transitions_total', help: 'Transitions seen to finish (or be replaced by a newer one)', registers });
  const transitionSeconds = new Histogram({ name: 'vigil_transition_duration_seconds', help: 'How long transitions ran, as this daemon saw them through the replicated view', buckets: TRANSITION_BUCKETS_S, registers });
  const alertRuns = new Counter({ name: 'vigil_alert_runs_total', help: 'Alert agent runs on this node by event kind and outcome (ok, failed, timeout, not-run)', labelNames: ['kind', 'outcome'], registers });
  const agentSeconds = new Histogram({ name: 'vigil_agent_operation_duration_seconds', help: 'Agent operations run on this node, by action and outcome', labelNames: ['action', 'outcome'], buckets: AGENT_BUCKETS_S, registers });

  let track: ViewTrack = EMPTY_TRACK;
  const onView = (): void => {
    const next = viewChanges(track, source.view(), now());
    track = next.track;
    for (const f of next.changes.fences) {
      fencing.inc({ target: f.target, action: f.action, result: f.result });
      if (f.result === 'failed') fencingFailures.inc({ target: f.target });
    }
    for (const t of next.changes.transitionsEnded) {
      transitions.inc();
      transitionSeconds.observe(t.durationMs / 1000);
    }
  };
  // The first view is read at the first scrape or change: the daemon may still be starting now.
  const unsubscribe = source.onViewChange(onView);
  return {
    contentType: registry.contentType,
    render: () => {
      onView(); // a view that changed without a signal is counted before it is reported
      return registry.metrics();
    },
    observeAgentOperation: (op, result) => agentSeconds.observe({ action: op.action, outcome: outcome(result) }, result.durationMs / 1000),
    observeAlertRun: (kind, result) => alertRuns.inc({ kind, outcome: result }),
    close: () => {
      unsubscribe();
      registry.clear();
    },
  };
}
