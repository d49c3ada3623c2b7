// Checks a resource's parameters against its agent's meta-data before anything runs, with
// messages that name the resource, the parameter, the agent and the fix. checkParams is pure;
// runValidateAll asks the agent itself, through whatever runner it is given.
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import type { AgentMetadata } from './metadata-parse.ts';
import { CHECK_LEVEL_PARAM } from './ocf-env.ts';
import type { AgentRunner } from './ocf-runner.ts';
import { closestName } from './suggest.ts';

export const VALIDATE_TIMEOUT_MS_DEFAULT = 20_000;
/** How many known parameter names an "unknown parameter" message lists. */
const KNOWN_LISTED_MAX = 8;

export interface ParamProblem {
  kind: 'missing' | 'unknown';
  resource: string;
  parameter: string;
  /** e.g. "ocf:heartbeat:Dummy" */
  agent: string;
  message: string;
  /** For an unknown parameter: the known one it is probably a typo of. */
  suggestion?: string;
}

function knownList(names: readonly string[]): string {
  const listed = names.slice(0, KNOWN_LISTED_MAX).join(', ');
  return names.length > KNOWN_LISTED_MAX ? `${listed}, ...` : listed;
}

export function checkParams(resourceId: string, agentName: string, params: Record<string, string>, md: AgentMetadata): ParamProblem[] {
  const problems: ParamProblem[] = [];
  const known = md.parameters.map((p) => p.name);
  const knownSet = new Set(known);
  for (const p of md.parameters) {
    if (!p.required || Object.hasOwn(params, p.name)) continue;
    const what = p.shortdesc === undefined ? 'value' : p.shortdesc;
    problems.push({
      kind: 'missing', resource: resourceId, parameter: p.name, agent: agentName,
      message: `resource ${resourceId}: required parameter '${p.name}' of ${agentName} is not set; add ${p.name}=<${what}> to its params`,
    });
  }
  for (const name of Object.keys(params)) {
    if (knownSet.has(name) || name === CHECK_LEVEL_PARAM) continue;
    const suggestion = closestName(name, known);
    const known_ = known.length === 0 ? `${agentName} takes no parameters` : `known: ${knownList(known)}`;
    const fix = suggestion === undefined ? 'remove it or check the agent type' : `did you mean '${suggestion}'?`;
    problems.push({
      kind: 'unknown', resource: resourceId, parameter: name, agent: agentName,
      message: `resource ${resourceId}: parameter '${name}' is not a parameter of ${agentName} (${known_}); ${fix}`,
      ...(suggestion === undefined ? {} : { suggestion }),
    });
  }
  return problems;
}

export type ValidateAllRequest = Omit<AgentOperation, 'action' | 'intervalMs' | 'timeoutMs'> & { timeoutMs?: number };

/** Runs the agent's validate-all: a one-shot operation like any other. Never rejects. */
export function runValidateAll(runner: AgentRunner, request: ValidateAllRequest): Promise<AgentResult> {
  return runner.run({
    ...request,
    action: 'validate-all',
    intervalMs: 0,
    timeoutMs: request.timeoutMs ?? VALIDATE_TIMEOUT_MS_DEFAULT,
  });
}
