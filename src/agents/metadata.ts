// Reads an agent's meta-data by running it (`AGENT meta-data`), once per agent: the result is
// kept in a cache object the caller owns, so nothing is hidden in module state.
import { hostname } from 'node:os';
import type { AgentOperation, AgentRef } from '../ocf/operation.ts';
import { OCF } from '../ocf/exit-codes.ts';
import { OCF_ROOT_DEFAULT } from './ocf-env.ts';
import { agentName } from './ocf-agent-file.ts';
import { parseAgentMetadata, type AgentMetadata } from './metadata-parse.ts';
import { runOcfOperationWithOutput, type OcfRunOptions } from './ocf.ts';

export type { AgentMetadata, AgentParameter, AgentActionSpec, AgentCapabilities } from './metadata-parse.ts';
export { parseAgentMetadata, parseDurationMs } from './metadata-parse.ts';

export const METADATA_TIMEOUT_MS_DEFAULT = 10_000;
/** meta-data output is documentation; big agents print tens of KiB. */
export const METADATA_OUTPUT_CAP_BYTES = 1024 * 1024;

export class AgentMetadataError extends Error {
  override name = 'AgentMetadataError';
}

/** In-flight and finished reads, keyed by OCF root and agent name. Failures are not kept. */
export interface MetadataCache {
  entries: Map<string, Promise<AgentMetadata>>;
}

export function createMetadataCache(): MetadataCache {
  return { entries: new Map() };
}

export interface MetadataOptions extends OcfRunOptions {
  cache?: MetadataCache;
  timeoutMs?: number;
  /** OCF_RESKEY_CRM_meta_on_node for the meta-data call; defaults to this host's name. */
  node?: string;
}

async function fetchMetadata(agent: AgentRef, opts: MetadataOptions): Promise<AgentMetadata> {
  const op: AgentOperation = {
    resource: agent.type,
    agent,
    action: 'meta-data',
    intervalMs: 0,
    timeoutMs: opts.timeoutMs ?? METADATA_TIMEOUT_MS_DEFAULT,
    params: {},
    meta: {},
    node: opts.node ?? hostname(),
  };
  const { result, stdout } = await runOcfOperationWithOutput(op, { ...opts, outputCapBytes: opts.outputCapBytes ?? METADATA_OUTPUT_CAP_BYTES });
  const name = agentName(agent);
  if (result.timedOut || result.rc !== OCF.SUCCESS) {
    throw new AgentMetadataError(`${name}: meta-data failed with rc ${result.rc}: ${result.exitReason ?? 'no reason given'}`);
  }
  try {
    return parseAgentMetadata(stdout);
  } catch (err) {
    throw new AgentMetadataError(`${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * The agent's meta-data, read once per cache. Rejects with AgentMetadataError (naming the
 * agent and what went wrong) when the agent is missing, fails, or prints unusable XML.
 */
export function readAgentMetadata(agent: AgentRef, opts: MetadataOptions = {}): Promise<AgentMetadata> {
  const cache = opts.cache;
  const key = `${opts.ocfRoot ?? OCF_ROOT_DEFAULT}|${agentName(agent)}`;
  const cached = cache?.entries.get(key);
  if (cached !== undefined) return cached;
  const pending = fetchMetadata(agent, opts);
  if (cache !== undefined) {
    cache.entries.set(key, pending);
    // A failure may be fixed (package installed) before the next read: do not keep it.
    pending.catch(() => { if (cache.entries.get(key) === pending) cache.entries.delete(key); });
  }
  return pending;
}
