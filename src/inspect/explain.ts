// The scheduler's explanation for one resource, as the status page shows it: its score on
// every node with the named parts, why it is placed where it is, which nodes are rejected and
// why, and the Transition Summary the scheduler would produce now. The coordinator's host
// reads its live context; any other daemon rebuilds the same input from the replicated config,
// status and view.
import type { ClusterDocument } from '../config/model.ts';
import type { ClusterView } from '../daemon/view-types.ts';
import type { CoordinatorContext } from '../machines/coordinator-types.ts';
import { schedulerDocument } from '../machines/coordinator-status.ts';
import type { NodeReport } from '../machines/node-types.ts';
import { formatSummary, schedule, type Explanation } from '../scheduler/index.ts';
import type { ResourceExplanation } from '../scheduler/types.ts';

export interface ResourceExplain {
  resource: string;
  /** Null when the scheduler does not place this resource (unknown id, or not a primitive). */
  explanation: ResourceExplanation | null;
  nodes: Explanation['nodes'];
  quorum: boolean;
  /** What the scheduler would do now, in crm_simulate's words. */
  summary: string[];
  /** Whose input it is: the live coordinator's, or rebuilt from the view this daemon has. */
  from: 'coordinator' | 'view';
}

/** Explains `resource` from the coordinator's own context (exact: the scheduler's input itself). */
export function explainFromContext(ctx: CoordinatorContext, resource: string): ResourceExplain {
  return explainDocument(schedulerDocument(ctx), ctx.nowMs, resource, 'coordinator');
}

/** Explains `resource` from a replicated config and status and the view (node states and membership). */
export function explainFromView(doc: ClusterDocument, view: ClusterView, resource: string): ResourceExplain {
  return explainDocument(schedulerDocument(contextFromView(doc, view)), view.updatedAtMs, resource, 'view');
}

function explainDocument(doc: ClusterDocument, nowMs: number, resource: string, from: ResourceExplain['from']): ResourceExplain {
  const graph = schedule(doc, { now: nowMs / 1000 });
  return {
    resource, from, quorum: graph.explanation.quorum, nodes: graph.explanation.nodes,
    explanation: graph.explanation.resources.find((r) => r.resource === resource) ?? null,
    summary: formatSummary(graph),
  };
}

/** The view says how a node left only in its reason (view.ts words a detached daemon this way). */

/** The parts of a coordinator's context that schedulerDocument reads, rebuilt from a view. */
function contextFromView(doc: ClusterDocument, view: ClusterView): CoordinatorContext {
  const nodes: Record<string, NodeReport> = {};
  for (const n of view.nodes) {
    nodes[n.name] = {
      type: 'NODE.REPORT', node: n.name, state: n.state, mode: n.mode, recoveryBlocked: n.recoveryBlocked, reason: n.reason,
      resourcesUnknown: false, resourcesStopped: false, request: null, fenceAction: doc.config.options.fencingAction,
      fenceAttempts: 0, fenceFailures: 0, retryInMs: null,
    };
  }
  const departed = Object.fromEntries(view.nodes.filter((n) => !n.member && n.detached === true).map((n) => [n.name, 'detached' as const]));
  return {
    self: view.coordinator ?? '', epoch: view.epoch, doc, members: view.nodes.filter((n) => n.member).map((n) => n.name), departed,
    fenceHistory: view.fencing, nowMs: view.updatedAtMs, batchMs: 0, fenceRetryInitialMs: 0, fenceRetryMaxMs: 0,
    nodes, instances: {}, hosts: {}, transition: null, transitionSeq: 0, fencers: {}, unfencers: {}, unfenceRetries: {}, fenceSeq: 0, callIds: {}, dirty: false, lastSummary: [],
  };
}
