// Before anything runs: every resource's agent must exist and accept its parameters. All
// problems are collected and the configuration is refused whole, naming file, field and fix.
import { agentName } from '../agents/ocf-agent-file.ts';
import { createMetadataCache, readAgentMetadata, type MetadataCache } from '../agents/metadata.ts';
import { checkParams } from '../agents/validate.ts';
import { ConfigError, type Problem } from '../config/errors.ts';
import type { ResourceInput } from '../machines/resource-types.ts';

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
