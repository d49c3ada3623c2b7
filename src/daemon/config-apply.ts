// `vigil config apply`: the new file is read and checked whole before anything changes, and
// always gets a generation above the running one, so it wins wherever it is replicated. Both
// the daemon that receives it and the coordinator check it, each for itself (runnable.ts).
import { compareGeneration } from '../config/generation.ts';
import { ConfigError } from '../config/errors.ts';
import { loadDocumentText } from '../config/load.ts';
import type { ClusterConfig } from '../config/model.ts';
import { assertRunnable } from '../config/runnable.ts';
import { MESSAGE_BYTES_MAX } from '../transport/constants.ts';

/** Room an admin message needs around a config's text (envelope, id, file name). */
const ADMIN_ENVELOPE_BYTES = 16 * 1024;
/** Largest config text `config apply` carries, measured as it travels: JSON-escaped, in one mesh message (a follower forwards it). */
export const CONFIG_TEXT_BYTES_MAX = MESSAGE_BYTES_MAX - ADMIN_ENVELOPE_BYTES;

/** Why `text` is too large to be applied, naming the limit; undefined when it fits. */
export function configTextTooLarge(file: string, text: string): string | undefined {
  // Newlines and quotes take two bytes once escaped: measure what is sent, not the file.
  const bytes = Buffer.byteLength(JSON.stringify(text), 'utf8');
  if (bytes <= CONFIG_TEXT_BYTES_MAX) return undefined;
  return `${file}: ${bytes} bytes as sent, more than a config the cluster can carry (${CONFIG_TEXT_BYTES_MAX}) — fix: move repeated settings into resource-defaults and operation-defaults`;
}

export type NewConfig = { ok: true; config: ClusterConfig } | { ok: false; error: string };

export interface NewConfigCheck {
  checkAgents: (file: string, config: ClusterConfig) => Promise<void>;
  /** The node checking it: it must stay in the config. */
  node: string;
  /** The config running now (its cluster section is kept when the file has none). */
  current: ClusterConfig;
}

/** The config `text` would make the cluster run (nextConfig), or every reason it cannot. */
export async function readNewConfig(file: string, text: string, check: NewConfigCheck): Promise<NewConfig> {
  const tooLarge = configTextTooLarge(file, text);
  if (tooLarge !== undefined) return { ok: false, error: `${file} refused, nothing changed: ${tooLarge}` };
  try {
    const doc = await loadDocumentText(text, file);
    const next = nextConfig(doc.config, check.current);
    // The same acceptance as `vigil validate` and a starting daemon.
    assertRunnable(next, { file, node: check.node });
    // As an administrator expects of pcs: an agent this node lacks is refused, not started.
    await check.checkAgents(file, next);
    return { ok: true, config: next };
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
