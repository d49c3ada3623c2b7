// `vigil validate FILE`: reads a vigil YAML config or a Pacemaker CIB and says whether it is
// valid; if not, lists every problem (file:line:column path: what — fix: how) and exits 1.
import type { Command } from '../main.ts';
import { ConfigError } from '../../config/errors.ts';
import { loadDocumentFile } from '../../config/load.ts';
import type { ClusterConfig } from '../../config/model.ts';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Top-level resources (a group or clone counts once), as an administrator lists them. */
export function summarize(file: string, config: ClusterConfig): string {
  return `${file}: valid (${plural(config.resources.length, 'resource')}, ${plural(config.constraints.length, 'constraint')}, ${plural(config.nodes.length, 'node')})`;
}

export const validateCommand: Command = {
  usage: 'usage: vigil validate FILE\n\nChecks FILE (vigil YAML, or Pacemaker CIB XML) and prints "FILE: valid (…)",\nor every problem found, one per line, and exits with status 1.',
  async run(args, ctx) {
    const files = args.filter((a) => !a.startsWith('-'));
    if (files.length !== 1 || files.length !== args.length) {
      ctx.err(this.usage);
      return 2;
    }
    const file = files[0] ?? '';
    try {
      const doc = await loadDocumentFile(file);
      ctx.out(summarize(file, doc.config));
      return 0;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      ctx.err(error.format());
      return 1;
    }
  },
};
