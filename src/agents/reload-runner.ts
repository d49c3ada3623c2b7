// Reload as Pacemaker does it, at the edge where an agent's meta-data is known. The coordinator
// asks for `reload-agent` (OCF 1.1). An agent that neither advertises it nor claims OCF 1.1 but
// has the older `reload` action gets `reload` (Pacemaker's deprecated usage, where every
// parameter not marked unique is reloadable). After a start, migrate_from or reload that
// succeeded, the result names the parameters a reload cannot change (`forceRestart`, Pacemaker's
// op-force-restart): the coordinator records them with the operation, and the scheduler tells a
// reload from a restart by them.
import type { AgentOperation, AgentRef, AgentResult } from '../ocf/operation.ts';
import { OCF } from '../ocf/exit-codes.ts';
import { agentName } from './ocf-agent-file.ts';
import type { AgentMetadata } from './metadata-parse.ts';
import type { AgentRunner } from './ocf-runner.ts';

/** How an agent reloads changed parameters, if it can. */
export type ReloadStyle = 'reload-agent' | 'reload' | null;

/** Operations after which the agent runs with the parameters they carried. */
const APPLYING: ReadonlySet<string> = new Set(['start', 'migrate_from', 'reload-agent', 'reload']);

function claimsOcf11(md: AgentMetadata): boolean {
  const [major, minor] = (md.ocfVersion ?? '1.0').split('.').map((n) => Number.parseInt(n, 10));
  return (major ?? 1) > 1 || ((major ?? 1) === 1 && (minor ?? 0) >= 1);
}

export function reloadStyleOf(md: AgentMetadata): ReloadStyle {
  if (md.capabilities.reloadAgent) return 'reload-agent';
  if (!claimsOcf11(md) && md.actions.some((a) => a.name === 'reload')) return 'reload';
  return null;
}

/** The parameters a reload cannot change, by the agent's meta-data; undefined when it cannot reload at all. */
export function forceRestartOf(md: AgentMetadata): string[] | undefined {
  const style = reloadStyleOf(md);
  if (style === null) return undefined;
  const fixed = style === 'reload-agent' ? md.parameters.filter((p) => !p.reloadable) : md.parameters.filter((p) => p.unique);
  return fixed.map((p) => p.name).sort();
}

export interface ReloadRunnerOptions {
  /** The agent's meta-data (cached by the caller: it is asked at every start). */
  metadata(agent: AgentRef): Promise<AgentMetadata>;
}

function unimplemented(reason: string): AgentResult {
  return { rc: OCF.ERR_UNIMPLEMENTED, timedOut: false, signal: null, durationMs: 0, outputTail: '', exitReason: reason };
}

/** `inner` with reload-agent mapped to what each OCF agent supports, and starts annotated with forceRestart. */
export function createReloadAwareRunner(inner: AgentRunner, opts: ReloadRunnerOptions): AgentRunner {
  const metadataOf = (agent: AgentRef): Promise<AgentMetadata | undefined> => opts.metadata(agent).catch(() => undefined);
  return {
    async run(op: AgentOperation): Promise<AgentResult> {
      if (op.agent.class !== 'ocf' || !APPLYING.has(op.action)) return inner.run(op);
      let run = op;
      if (op.action === 'reload-agent') {
        const md = await metadataOf(op.agent);
        const style = md === undefined ? null : reloadStyleOf(md);
        if (style === null) return unimplemented(`vigil: ${agentName(op.agent)} supports neither reload-agent nor reload${md === undefined ? ' (its meta-data could not be read)' : ''}`);
        run = { ...op, action: style };
      }
      const result = await inner.run(run);
      if (result.rc !== OCF.SUCCESS || result.timedOut) return result;
      // Read after the start: a meta-data failure then only costs the reload (a restart instead).
      const md = await metadataOf(op.agent);
      const forceRestart = md === undefined ? undefined : forceRestartOf(md);
      return forceRestart === undefined ? result : { ...result, forceRestart };
    },
  };
}
