// Pure helpers for the cluster-node statechart: the fence retry backoff and the rule that
// decides whether a lost node is fenced. Kept apart so both can be tested as plain functions.
import { assert } from '../assert.ts';
import type { NodeContext, NodeInput, NodeRefusal, NodeReport, NodeStateName, RecoveryBlock } from './node-types.ts';

/** Doubling stops here; 2^30 times any sane initial wait is far past any cap. */
const BACKOFF_DOUBLINGS_MAX = 30;

/** The wait before the next fence attempt after `failures` failed ones (1 s, 2 s, 4 s, ... capped). */
export function fenceRetryDelayMs(input: Pick<NodeInput, 'fenceRetryInitialMs' | 'fenceRetryMaxMs'>, failures: number): number {
  assert(failures >= 1, `a fence retry wait needs at least one failure, got ${failures}`);
  assert(input.fenceRetryInitialMs > 0 && input.fenceRetryMaxMs >= input.fenceRetryInitialMs, 'fence retry waits must be 0 < initial <= max');
  const doublings = Math.min(failures - 1, BACKOFF_DOUBLINGS_MAX);
  return Math.min(input.fenceRetryMaxMs, input.fenceRetryInitialMs * 2 ** doublings);
}

/**
 * Is a node that was lost while still joining treated as unclean?
 *
 * A member (online, standby, maintenance, shutting down) that is lost is always unclean: it
 * may have been told to start something a moment ago, so what it runs is unknown whatever the
 * coordinator's records say (Pacemaker fences every lost member when fencing is enabled).
 * A node lost before its join completed was never given anything to run; it is unclean only
 * when something found there needs fencing (its probes found a resource that requires
 * fencing active), or when the administrator asked for every failed node to be fenced.
 */
export function joiningNodeIsUnclean(ctx: Pick<NodeContext, 'alwaysFenceFailedNodes'>, needsFencing: boolean): boolean {
  return needsFencing || ctx.alwaysFenceFailedNodes;
}

export function validateNodeInput(input: NodeInput): void {
  assert(input.node.length > 0, 'a node needs a name');
  assert(input.fenceRetryInitialMs > 0, `${input.node}: fenceRetryInitialMs must be > 0`);
  assert(input.fenceRetryMaxMs >= input.fenceRetryInitialMs, `${input.node}: fenceRetryMaxMs must be >= fenceRetryInitialMs`);
}

function recoveryBlock(ctx: NodeContext): RecoveryBlock {
  if (!ctx.resourcesUnknown) return null;
  return ctx.fencingEnabled ? 'awaiting-fence' : 'awaiting-confirmation';
}

/** The report of a state; `waiting` marks the pause between two fence attempts. */
export function reportOf(ctx: NodeContext, state: NodeStateName, waiting: boolean): NodeReport {
  return {
    type: 'NODE.REPORT', node: ctx.node, state, mode: ctx.mode,
    resourcesUnknown: ctx.resourcesUnknown,
    resourcesStopped: state === 'fenced' || state === 'offline',
    recoveryBlocked: recoveryBlock(ctx),
    request: state === 'fencing' && !waiting ? 'fence' : null,
    fenceAction: ctx.fenceAction,
    fenceAttempts: ctx.fenceAttempts,
    fenceFailures: ctx.fenceFailures,
    retryInMs: waiting ? fenceRetryDelayMs(ctx, ctx.fenceFailures) : null,
    reason: ctx.reason,
  };
}

/** The refusal of an event the node may not act on in its state. */
export function refusalOf(ctx: NodeContext, event: NodeRefusal['event'], state: NodeStateName): NodeRefusal {
  const reason = event === 'NODE.JOIN'
    ? `${ctx.node} may not rejoin before it is fenced or confirmed down`
    : `${ctx.node} cannot be fenced: fencing is disabled`;
  return { type: 'NODE.REFUSED', node: ctx.node, event, state, reason };
}
