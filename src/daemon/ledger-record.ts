// What the daemon writes to the ledger (src/ledger/types.ts) besides plain facts: how an agent
// operation's result reads there (outcome, and whether the instance may still be active), and
// the digest that names one config exactly (for config.acknowledged / config.held).
import type { ClusterConfig } from '../config/model.ts';
import type { LedgerBody, LedgerSink } from '../ledger/types.ts';
import { OCF } from '../ocf/exit-codes.ts';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { md5Hex } from '../scheduler/md5.ts';
import { opDigest } from '../scheduler/digest.ts';
import { formatGeneration } from '../config/generation.ts';

/** A sink that drops everything (no ledger configured). */
export const NO_LEDGER: LedgerSink = { record: () => undefined };

/** The operations that can change whether an instance runs (validate-all, meta-data, notify... cannot): the ones the ledger records. */
export const LIFECYCLE_ACTIONS: ReadonlySet<string> = new Set(['start', 'stop', 'monitor', 'migrate_to', 'migrate_from', 'promote', 'demote', 'reload-agent', 'reload']);

/** Operations after which the agent runs with the parameters they carried. */
const APPLYING_ACTIONS: ReadonlySet<string> = new Set(['start', 'migrate_from', 'reload-agent', 'reload']);

export function isProbe(op: AgentOperation): boolean {
  return op.action === 'monitor' && op.intervalMs === 0;
}

/** The op.completed fields that judge the result: ok / failed / timeout, and may it be active after it. */
export function opCompletion(op: AgentOperation, result: AgentResult): { outcome: 'ok' | 'failed' | 'timeout'; active: boolean } {
  if (result.timedOut) return { outcome: 'timeout', active: true };
  const running = result.rc === OCF.SUCCESS || result.rc === OCF.RUNNING_PROMOTED;
  if (op.action === 'monitor') {
    if (running) return { outcome: 'ok', active: true };
    if (result.rc === OCF.NOT_RUNNING) return { outcome: 'ok', active: false };
    return { outcome: 'failed', active: true };
  }
  if (result.rc !== OCF.SUCCESS) return { outcome: 'failed', active: true };
  // A successful stop is the only op that ends activity; start, migrate_*, promote, demote leave it running.
  return { outcome: 'ok', active: op.action !== 'stop' };
}

/** op.completed's paramsDigest: only after an operation that applied its parameters and succeeded (one MD5, of those few). */
export function appliedParams(op: AgentOperation, result: AgentResult): { paramsDigest?: string } {
  return APPLYING_ACTIONS.has(op.action) && result.rc === OCF.SUCCESS && !result.timedOut ? { paramsDigest: opDigest(op.params) } : {};
}

/** Keys sorted at every level, so equal configs give equal text whatever order they were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The MD5 of the config's canonical JSON: two nodes holding the same config hold the same digest. */
export function configDigest(config: ClusterConfig): string {
  return md5Hex(canonical(config));
}

/** config.acknowledged / config.held for `config` on `node`. */
export function configEntry(kind: 'config.acknowledged' | 'config.held', node: string, config: ClusterConfig): LedgerBody {
  return { kind, node, generation: formatGeneration(config.generation), digest: configDigest(config) };
}
