// `vigil resource move|ban|clear|cleanup|start|stop NAME [NODE]`: an administrator's word on
// one resource, sent to the coordinator (through whichever daemon answers). move needs NODE;
// ban, clear and cleanup take an optional one (also as --node NODE).
import type { Command } from '../main.ts';
import type { AdminCommand } from '../../daemon/control-types.ts';
import { adminCommand, parseArgs, type AdminDeps } from '../control-client.ts';

const NAME = 'vigil resource';
const USAGE = [
  'usage: vigil resource ACTION NAME [NODE] [--node NODE] [--config FILE]',
  '',
  '  move NAME NODE       run NAME on NODE (adds location constraint cli-prefer-NAME)',
  '  ban NAME [NODE]      keep NAME off NODE, default where it runs now (cli-ban-NAME-on-NODE)',
  '  clear NAME [NODE]    remove what move and ban added (only for NODE, if given)',
  '  cleanup NAME [NODE]  forget its failures (on NODE, or everywhere) and re-probe',
  '  start NAME           target-role Started',
  '  stop NAME            target-role Stopped',
].join('\n');

const ACTIONS = ['move', 'ban', 'clear', 'cleanup', 'start', 'stop'] as const;
type Action = (typeof ACTIONS)[number];

export function parseResourceArgs(args: string[]): { command: AdminCommand; config: string | undefined } | string {
  const parsed = parseArgs(args, { values: ['--config', '--node'], flags: [] });
  if (typeof parsed === 'string') return parsed;
  const [action, resource, positionalNode, ...extra] = parsed.positionals;
  if (action === undefined) return `an action is required (${ACTIONS.join(', ')})`;
  if (!(ACTIONS as readonly string[]).includes(action)) return `unknown action '${action}' (expected one of ${ACTIONS.join(', ')})`;
  if (resource === undefined) return `${action} needs the resource NAME`;
  if (extra.length > 0) return `unexpected argument '${extra[0]}'`;
  const optionNode = parsed.values.get('--node');
  if (positionalNode !== undefined && optionNode !== undefined && positionalNode !== optionNode) {
    return `NODE given twice ('${positionalNode}' and --node ${optionNode}); give it once`;
  }
  const node = positionalNode ?? optionNode;
  const config = parsed.values.get('--config');
  const command = buildCommand(action as Action, resource, node);
  return typeof command === 'string' ? command : { command, config };
}

function buildCommand(action: Action, resource: string, node: string | undefined): AdminCommand | string {
  switch (action) {
    case 'move':
      if (node === undefined) return `move needs the target NODE: vigil resource move ${resource} NODE`;
      return { type: 'resource.move', resource, node };
    case 'ban':
    case 'clear':
    case 'cleanup':
      return node === undefined ? { type: `resource.${action}`, resource } : { type: `resource.${action}`, resource, node };
    case 'start':
    case 'stop':
      if (node !== undefined) return `${action} takes no NODE (target-role applies everywhere; use move or ban to choose nodes)`;
      return { type: `resource.${action}`, resource };
  }
}

export function createResourceCommand(overrides: Partial<AdminDeps> = {}): Command {
  return adminCommand({ name: NAME, usage: USAGE, parse: parseResourceArgs }, overrides);
}

export const resourceCommand: Command = createResourceCommand();
