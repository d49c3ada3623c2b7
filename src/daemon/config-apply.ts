// `vigil config apply`: the new file is read and checked whole before anything changes, and
// always gets a generation above the running one, so it wins wherever it is replicated.
import { compareGeneration } from '../config/generation.ts';
import { ConfigError } from '../config/errors.ts';
import { loadDocumentText } from '../config/load.ts';
import type { ClusterConfig } from '../config/model.ts';

export type NewConfig = { ok: true; config: ClusterConfig } | { ok: false; error: string };

export async function readNewConfig(file: string, text: string, checkAgents: (file: string, config: ClusterConfig) => Promise<void>): Promise<NewConfig> {
  try {
    const doc = await loadDocumentText(text, file);
    // As an administrator expects of pcs: an agent this node lacks is refused, not started.
    await checkAgents(file, doc.config);
    return { ok: true, config: doc.config };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, error: `${file} refused, nothing changed:\n${error.format()}` };
    return { ok: false, error: `${file} refused, nothing changed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The config to run: the new one, keeping the running cluster section if it has none, one generation up. */
export function nextConfig(config: ClusterConfig, current: ClusterConfig): ClusterConfig {
  const next = { ...config, cluster: config.cluster ?? current.cluster };
  if (compareGeneration(next.generation, current.generation) > 0) return next;
  return { ...next, generation: { ...current.generation, epoch: current.generation.epoch + 1, updates: 0 } };
}
