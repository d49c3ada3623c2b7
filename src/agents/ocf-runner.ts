// The port through which the daemon runs resource agents. The real implementation runs
// processes (ocf.ts); tests and the simulator supply their own twins of this interface.
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import { runOcfOperation, type OcfRunOptions } from './ocf.ts';

export interface AgentRunner {
  /** Runs one operation; resolves with its result and never rejects. */
  run(op: AgentOperation): Promise<AgentResult>;
}

export function createOcfRunner(opts: OcfRunOptions = {}): AgentRunner {
  return { run: (op) => runOcfOperation(op, opts) };
}
