// The contract between a resource instance's statechart and whatever runs its agent: a real
// process (agents/ocf.ts) in production, a fake in model-based tests, a seeded simulation in
// the whole-cluster simulator. Pure data; no I/O here.

export type AgentAction =
  | 'start' | 'stop' | 'monitor' | 'validate-all' | 'meta-data'
  | 'migrate_to' | 'migrate_from' | 'reload-agent' | 'reload' | 'promote' | 'demote' | 'notify';

/** Identifies the agent: `ocf:heartbeat:Dummy` is { class: 'ocf', provider: 'heartbeat', type: 'Dummy' }. */
export interface AgentRef {
  class: 'ocf' | 'stonith' | 'lsb' | 'systemd' | 'service';
  provider?: string;
  type: string;
}

export interface AgentOperation {
  /** The resource instance id (OCF_RESOURCE_INSTANCE). */
  resource: string;
  agent: AgentRef;
  action: AgentAction;
  /** 0 for one-shot operations and probes. */
  intervalMs: number;
  timeoutMs: number;
  /** Instance parameters, passed as OCF_RESKEY_<name>. */
  params: Record<string, string>;
  /** Meta attributes, passed as OCF_RESKEY_CRM_meta_<name> (dashes become underscores). */
  meta: Record<string, string>;
  /** The node the operation runs on (OCF_RESKEY_CRM_meta_on_node). */
  node: string;
}

export interface AgentResult {
  /** The agent's exit code; a synthetic code (see exit-codes.ts) when it had none. */
  rc: number;
  timedOut: boolean;
  /** The signal that ended the agent, if any (e.g. SIGKILL after a timeout). */
  signal: string | null;
  durationMs: number;
  /** The agent's own explanation (`ocf-exit-reason:` on stderr), or vigil's when the agent could not run. */
  exitReason?: string;
  /** A bounded tail of stdout and stderr, for the log. */
  outputTail: string;
  /** The agent's pid, which is also its process group id; absent when no process ran. */
  pid?: number;
  /**
   * After a start, migrate_from or reload that succeeded, when the agent can reload: the
   * parameters a reload cannot change (Pacemaker's op-force-restart; agents/reload-runner.ts).
   * Absent: the agent cannot reload, and any parameter change restarts it.
   */
  forceRestart?: string[];
  /**
   * On a probe that finds the resource running: the digests of the parameters this node last
   * started or reloaded it with (scheduler/digest.ts recordedDigests), from the executor's memory.
   */
  startedWith?: { opDigest?: string; restartDigest?: string; forceRestart?: string[] };
}
