// `vigil node standby|online|maintenance NAME`: put a node in standby (its resources move
// away), maintenance (the cluster leaves its resources alone), or back online. `vigil node
// attribute` is node-attribute.ts.
import type { Command } from '../main.ts';
import type { AdminCommand } from '../../daemon/control-types.ts';
import { adminCommand, adminDeps, parseArgs, usageError, type AdminDeps } from '../control-client.ts';
import { NODE_ATTRIBUTE_USAGE, parseNodeAttributeArgs, runNodeAttribute } from './node-attribute.ts';

const NAME = 'vigil node';
const USAGE = [
  'usage: vigil node ACTION NAME [--config FILE]',
  '',
  '  standby NAME       move every resource off NAME and keep them off',
  '  maintenance NAME   stop managing the resources on NAME (left as they are)',
  '  online NAME        end standby and maintenance',
  '  attribute NODE NAME [VALUE]   show, set or (--delete) delete a node attribute (see below)',
  '',
  NODE_ATTRIBUTE_USAGE,
].join('\n');

const ACTIONS = ['standby', 'online', 'maintenance'] as const;

export function parseNodeArgs(args: string[]): { command: AdminCommand; config: string | undefined } | string {
  const parsed = parseArgs(args, { values: ['--config'], flags: [] });
  if (typeof parsed === 'string') return parsed;
  const [action, node, ...extra] = parsed.positionals;
  if (action === undefined) return `an action is required (${ACTIONS.join(', ')})`;
  if (!(ACTIONS as readonly string[]).includes(action)) return `unknown action '${action}' (expected one of ${ACTIONS.join(', ')}, attribute)`;
  if (node === undefined) return `${action} needs the node NAME`;
  if (extra.length > 0) return `unexpected argument '${extra[0]}'`;
  const type = `node.${action}` as 'node.standby' | 'node.online' | 'node.maintenance';
  return { command: { type, node }, config: parsed.values.get('--config') };
}

export function createNodeCommand(overrides: Partial<AdminDeps> = {}): Command {
  const modes = adminCommand({ name: NAME, usage: USAGE, parse: parseNodeArgs }, overrides);
  return {
    ...modes,
    async run(args, ctx) {
      if (args[0] !== 'attribute') return modes.run(args, ctx);
      const request = parseNodeAttributeArgs(args.slice(1));
      if (typeof request === 'string') return usageError(ctx, `${NAME} attribute`, request, NODE_ATTRIBUTE_USAGE);
      return runNodeAttribute(ctx, adminDeps(overrides), request);
    },
  };
}

export const nodeCommand: Command = createNodeCommand();
