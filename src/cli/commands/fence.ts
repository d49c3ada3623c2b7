// `vigil fence NAME [--action reboot|off]`, `vigil fence confirm NAME`, `vigil fence history`:
// ask the coordinator to fence a node, vouch that a node is down (counts as a successful
// fence, so its resources may be recovered), or list what fencing has done.
import type { Command } from '../main.ts';
import type { AdminCommand } from '../../daemon/control-types.ts';
import { adminDeps, parseArgs, runAdmin, usageError, type AdminDeps, type AdminRun } from '../control-client.ts';
import { formatFenceHistory } from '../status-format.ts';

const NAME = 'vigil fence';
const USAGE = [
  'usage: vigil fence NAME [--action reboot|off] [--config FILE]',
  '       vigil fence confirm NAME [--config FILE]',
  '       vigil fence history [--config FILE]',
  '',
  '  NAME            fence the node now (default action: the cluster\'s fencing-action)',
  '  confirm NAME    you have made sure NAME is down: counts as a successful fence',
  '  history         every fencing action the cluster remembers',
  '(to fence a node named "confirm" or "history", write: vigil fence -- NAME)',
].join('\n');

export function parseFenceArgs(args: string[]): { command: AdminCommand; config: string | undefined } | string {
  const parsed = parseArgs(args, { values: ['--config', '--action'], flags: [] });
  if (typeof parsed === 'string') return parsed;
  const explicitNode = args.includes('--');
  const [first, second, ...extra] = parsed.positionals;
  const action = parsed.values.get('--action');
  const config = parsed.values.get('--config');
  if (first === undefined) return 'a node NAME (or confirm NAME, or history) is required';
  if (!explicitNode && first === 'history') {
    if (second !== undefined) return `history takes no argument (got '${second}')`;
    if (action !== undefined) return '--action only applies to fencing a node';
    return { command: { type: 'fence.history' }, config };
  }
  if (!explicitNode && first === 'confirm') {
    if (second === undefined) return 'confirm needs the node NAME you have made sure is down';
    if (extra.length > 0) return `unexpected argument '${extra[0]}'`;
    if (action !== undefined) return '--action only applies to fencing a node, not to confirm';
    return { command: { type: 'fence.confirm', node: second }, config };
  }
  if (second !== undefined) return `unexpected argument '${second}' (fence one node at a time)`;
  if (action !== undefined && action !== 'reboot' && action !== 'off') return `--action '${action}' is not reboot or off`;
  return { command: action === undefined ? { type: 'fence.node', node: first } : { type: 'fence.node', node: first, action }, config };
}

/** history: the entries from the view when the answer carries one, else the answer's text. */
function printHistory(color: boolean): NonNullable<AdminRun['print']> {
  return (result, ctx) => {
    if (result.view !== undefined) ctx.out(formatFenceHistory(result.view.fencing, { color }));
    else {
      if (result.message !== '') ctx.out(result.message);
      if (result.text !== undefined) ctx.out(result.text.replace(/\n$/, ''));
    }
  };
}

export function createFenceCommand(overrides: Partial<AdminDeps> & { color?: boolean } = {}): Command {
  return {
    usage: USAGE,
    async run(args, ctx) {
      const parsed = parseFenceArgs(args);
      if (typeof parsed === 'string') return usageError(ctx, NAME, parsed, USAGE);
      const color = overrides.color ?? (process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined);
      const print = parsed.command.type === 'fence.history' ? printHistory(color) : undefined;
      return runAdmin(ctx, adminDeps(overrides), { name: NAME, configArg: parsed.config, command: parsed.command, usage: USAGE, ...(print ? { print } : {}) });
    },
  };
}

export const fenceCommand: Command = createFenceCommand();
