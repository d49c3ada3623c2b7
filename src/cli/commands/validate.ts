// `vigil validate FILE`: reads a vigil YAML config or a Pacemaker CIB and says whether it is
// valid; if not, lists every problem (file:line:column path: what — fix: how) and exits 1.
import type { Command } from '../main.ts';
import { ConfigError, formatProblem } from '../../config/errors.ts';
import { alertAgentProblems } from '../../alerts/agent-files.ts';
import { loadChecked, report } from './checked-document.ts';
import { fencingWarnings } from '../../config/yaml/fence-devices.ts';
import type { ClusterConfig } from '../../config/model.ts';
import { assertRunnable } from '../../config/runnable.ts';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Top-level resources (a group or clone counts once), as an administrator lists them. */
export function summarize(file: string, config: ClusterConfig): string {
  return `${file}: valid (${plural(config.resources.length, 'resource')}, ${plural(config.constraints.length, 'constraint')}, ${plural(config.nodes.length, 'node')})`;
}

export const validateCommand: Command = {
  usage: 'usage: vigil validate FILE\n\nChecks FILE (vigil YAML, or Pacemaker CIB XML) and prints "FILE: valid (…)",\nor every problem found, one per line, and exits with status 1. What vigil does not\nmodel is listed on stderr as warnings, each saying what vigil does instead.',
  async run(args, ctx) {
    const files = args.filter((a) => !a.startsWith('-'));
    if (files.length !== 1 || files.length !== args.length) {
      ctx.err(this.usage);
      return 2;
    }
    const file = files[0] ?? '';
    try {
      const checked = await loadChecked(file);
      report(checked, (line) => ctx.err(line));
      if (checked.refusals.length > 0) {
        ctx.err(`${file}: not valid: vigil cannot run it safely (${plural(checked.refusals.length, 'error')} above)`);
        return 1;
      }
      // What `config apply` and the daemons accept, too: valid means the cluster can run it.
      assertRunnable(checked.doc.config, { file });
      ctx.out(summarize(file, checked.doc.config));
      // Valid but unsafe: said, not refused (the exit status stays 0).
      for (const warning of fencingWarnings(checked.doc.config)) ctx.err(`${file}: warning: ${warning}`);
      // validate may run off the cluster: a missing alert agent is said here, refused by config apply.
      for (const p of await alertAgentProblems(file, checked.doc.config)) ctx.err(`warning: ${formatProblem(p)}`);
      return 0;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      ctx.err(error.format());
      return 1;
    }
  },
};
