// Pure helpers for the resource statechart: which agent operation each state runs, and what a
// result means. Kept out of resource.ts so the machine file reads as the lifecycle alone.
import { assert } from '../assert.ts';
import { classify, classifyProbe, type Outcome } from '../ocf/exit-codes.ts';
import type { AgentAction, AgentOperation } from '../ocf/operation.ts';
import type { ResourceContext, StampedResult } from './resource-types.ts';

type OpKind = 'probe' | 'validate' | 'start' | 'monitor' | 'stop' | 'migrate' | 'reload';

/** The agent operation a state runs, built from the context alone. */
export function operationFor(ctx: ResourceContext, kind: OpKind): AgentOperation {
  const base = { resource: ctx.resource, agent: ctx.agent, params: ctx.params, node: ctx.node };
  const meta = { ...ctx.meta };
  switch (kind) {
    case 'probe':
      return { ...base, meta, action: 'monitor', intervalMs: 0, timeoutMs: ctx.probeTimeoutMs };
    case 'validate':
      return { ...base, meta, action: 'validate-all', intervalMs: 0, timeoutMs: ctx.startTimeoutMs };
    case 'start':
      return { ...base, meta, action: 'start', intervalMs: 0, timeoutMs: ctx.startTimeoutMs };
    case 'monitor': {
      assert(ctx.monitor !== null, `${ctx.resource}: monitoring without a monitor operation`);
      return { ...base, meta, action: 'monitor', intervalMs: ctx.monitor.intervalMs, timeoutMs: ctx.monitor.timeoutMs };
    }
    case 'reload':
      // OCF 1.1's reload-agent; the node maps it to `reload` for older agents (agents/reload-runner.ts).
      // A reload re-reads parameters as a start would: it gets the start's timeout.
      return { ...base, meta, action: 'reload-agent', intervalMs: 0, timeoutMs: ctx.startTimeoutMs };
    case 'stop':
      meta['recovery-left'] = String(ctx.recoveryLeft);
      return { ...base, meta, action: 'stop', intervalMs: 0, timeoutMs: ctx.stopTimeoutMs };
    case 'migrate': {
      assert(ctx.migration !== null, `${ctx.resource}: migrating without a peer`);
      const action: AgentAction = ctx.migration.direction === 'to' ? 'migrate_to' : 'migrate_from';
      const peerKey = ctx.migration.direction === 'to' ? 'migrate-target' : 'migrate-source';
      meta[peerKey] = ctx.migration.peer;
      return { ...base, meta, action, intervalMs: 0, timeoutMs: ctx.migrateTimeoutMs };
    }
  }
}

/** What the result of an operation means. Probes read rc 5 as "not installed, so not running". */
export function outcomeOf(result: StampedResult, isProbe: boolean): Outcome {
  return isProbe ? classifyProbe(result.rc, result.timedOut) : classify(result.rc, result.timedOut);
}

/** A short human reason for a result, for reports and logs. */
export function describeResult(action: string, result: StampedResult): string {
  if (result.timedOut) return `${action} timed out after ${result.durationMs} ms`;
  const why = result.exitReason ? `: ${result.exitReason}` : '';
  if (result.signal) return `${action} killed by ${result.signal}${why}`;
  return `${action} returned rc=${result.rc}${why}`;
}

/** Whether two parameter sets are the same (key order aside). */
export function sameParams(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}
