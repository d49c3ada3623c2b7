// `vigil node standby|online|maintenance NAME`: put a node in standby (its resources move
// away), maintenance (the cluster leaves its resources alone), or back online.
import type { Command } from '../main.ts';
import type { AdminCommand } from '../../daemon/control-types.ts';
import { adminCommand, parseArgs, type AdminDeps } from '../control-client.ts';

const NAME = 'vigil node';
const USAGE = [
  'usage: vigil node ACTION NAME [--config FILE]',
  '',
  '  standby NAME       move every resource off NAME and keep them off',
  '  maintenance NAME   stop managing the resources on NAME (left as they are)',
  '  online NAME        end standby and maintenance',
].join('\n');

const ACTIONS = ['standby', 'online', 'maintenance'] as const;

export function parseNodeArgs(args: string[]): { command: AdminCommand; config: string | undefined } | string {
  const parsed = parseArgs(args, { values: ['--config'], flags: [] });
  if (typeof parsed === 'string') return parsed;
  const [action, node, ...extra] = parsed.positionals;
  if (action === undefined) return `an action is required (${ACTIONS.join(', ')})`;
  if (!(ACTIONS as readonly string[]).includes(action)) return `unknown action '${action}' (expected one of ${ACTIONS.join(', ')})`;
  if (node === undefined) return `${action} needs the node NAME`;
  if (extra.length > 0) return `unexpected argument '${extra[0]}'`;
  const type = `node.${action}` as 'node.standby' | 'node.online' | 'node.maintenance';
  return { command: { type, node }, config: parsed.values.get('--config') };
}

export function createNodeCommand(overrides: Partial<AdminDeps> = {}): Command {
  return adminCommand({ name: NAME, usage: USAGE, parse: parseNodeArgs }, overrides);
}

export const nodeCommand: Command = createNodeCommand();
