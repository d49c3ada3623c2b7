// Before anything runs: every resource's agent must exist and accept its parameters. All
// problems are collected and the configuration is refused whole, naming file, field and fix.
import { agentName } from '../agents/ocf-agent-file.ts';
import { createMetadataCache, readAgentMetadata, type MetadataCache } from '../agents/metadata.ts';
import { checkParams } from '../agents/validate.ts';
import { ConfigError, type Problem } from '../config/errors.ts';
import type { ClusterConfig } from '../config/model.ts';
import { resourceInputFor } from '../machines/resource-input.ts';
import type { ResourceInput } from '../machines/resource-types.ts';
import { indexResources } from '../scheduler/resources.ts';
import { alertAgentProblems } from '../alerts/agent-files.ts';

export async function checkAgents(file: string, inputs: ResourceInput[], cache: MetadataCache = createMetadataCache()): Promise<void> {
  const problems: Problem[] = [];
  for (const input of inputs) {
    const name = agentName(input.agent);
    try {
      const md = await readAgentMetadata(input.agent, { cache });
      for (const p of checkParams(input.resource, name, input.params, md)) {
        problems.push({
          file, path: `resources.${input.resource}.params.${p.parameter}`, message: p.message,
          fix: p.kind === 'missing' ? `add params: { ${p.parameter}: ... } to ${input.resource}`
            : p.suggestion ? `rename '${p.parameter}' to '${p.suggestion}'` : `remove '${p.parameter}'`,
        });
      }
    } catch (err) {
      problems.push({
        file, path: `resources.${input.resource}.agent`, message: `cannot read the meta-data of ${name}: ${(err as Error).message}`,
        fix: `check the agent name, or install the package that provides ${name}`,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * Every resource agent of a whole cluster config (fence devices aside: their agents are
 * checked when their devices start), checked on this node the way `checkAgents` does, and
 * every alert agent (alerts/agent-files.ts).
 */
export async function checkConfigAgents(file: string, config: ClusterConfig, cache?: MetadataCache): Promise<void> {
  const index = indexResources(config);
  const firsts = index.order.map((id) => index.primitives.get(id)!).filter((info) => info.def.class !== 'stonith' && (info.instance ?? 0) === 0);
  const node = config.nodes[0]?.name ?? 'any';
  const alerts = await alertAgentProblems(file, config);
  try {
    await checkAgents(file, firsts.map((info) => resourceInputFor(info, node, config)), cache);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...error.problems, ...alerts]);
    throw error;
  }
  if (alerts.length > 0) throw new ConfigError(alerts);
}
