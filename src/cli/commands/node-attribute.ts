// `vigil node attribute NODE NAME [VALUE]`: read, set or (--delete) delete a node attribute, as
// crm_attribute --node does. --lifetime forever (the default when setting, as crm_attribute's)
// keeps it in the config; reboot keeps it in the status, gone when the node leaves or is fenced.
// Read without --lifetime, both are shown.
import type { AdminCommand } from '../../daemon/control-types.ts';
import { SECTION_OF_LIFETIME, type AttributeLifetime } from '../../attributes/types.ts';
import { findCluster, parseArgs, reportFailure, type AdminDeps, type ControlAnswer } from '../control-client.ts';
import type { CliContext } from '../main.ts';

export const NODE_ATTRIBUTE_USAGE = [
  'usage: vigil node attribute NODE NAME [VALUE] [--delete] [--lifetime reboot|forever] [--config FILE]',
  '',
  '  NODE NAME            show the attribute (both lifetimes unless --lifetime)',
  '  NODE NAME VALUE      set it (default --lifetime forever: kept in the config)',
  '  NODE NAME --delete   delete it (default --lifetime forever)',
  '  --lifetime reboot    transient: gone when the node leaves or is fenced (what agents set)',
].join('\n');

const LIFETIMES: readonly AttributeLifetime[] = ['reboot', 'forever'];

export interface NodeAttributeRequest {
  /** One command per lifetime asked (two for a read without --lifetime). */
  commands: AdminCommand[];
  config: string | undefined;
}

export function parseNodeAttributeArgs(args: string[]): NodeAttributeRequest | string {
  const parsed = parseArgs(args, { values: ['--config', '--lifetime'], flags: ['--delete'] });
  if (typeof parsed === 'string') return parsed;
  const [node, name, value, ...extra] = parsed.positionals;
  if (node === undefined || name === undefined) return 'attribute needs the NODE and the attribute NAME';
  if (extra.length > 0) return `unexpected argument '${extra[0]}'`;
  const lifetime = parsed.values.get('--lifetime');
  if (lifetime !== undefined && !(LIFETIMES as readonly string[]).includes(lifetime)) return `--lifetime must be reboot or forever, not '${lifetime}'`;
  const remove = parsed.flags.has('--delete');
  if (remove && value !== undefined) return '--delete takes no VALUE';
  const config = parsed.values.get('--config');
  if (value === undefined && !remove) {
    const asked = lifetime === undefined ? LIFETIMES : [lifetime as AttributeLifetime];
    return { commands: asked.map((l) => ({ type: 'attribute.query', section: SECTION_OF_LIFETIME[l], node, name })), config };
  }
  const section = SECTION_OF_LIFETIME[(lifetime ?? 'forever') as AttributeLifetime];
  return { commands: [{ type: 'attribute.update', section, node, name, value: remove ? null : value! }], config };
}

const LIFETIME_OF_SECTION: Record<string, AttributeLifetime> = { status: 'reboot', nodes: 'forever' };

/** Sends each command; prints what was changed, or each value found. Exit 1 when refused or nothing was found. */
export async function runNodeAttribute(ctx: CliContext, deps: AdminDeps, request: NodeAttributeRequest): Promise<number> {
  const answers: { command: AdminCommand; answer: ControlAnswer }[] = [];
  try {
    const target = await findCluster(deps, request.config);
    for (const command of request.commands) answers.push({ command, answer: await deps.send({ addresses: target.addresses, key: target.key, command }) });
  } catch (error) {
    return reportFailure(ctx, 'vigil node attribute', error);
  }
  let found = 0;
  for (const { command, answer } of answers) {
    const { result } = answer;
    if (!result.ok) {
      ctx.err(`vigil node attribute: ${result.error}`);
      return 1;
    }
    if (command.type !== 'attribute.query') ctx.out(result.message);
    else if (result.text !== undefined) {
      found += 1;
      ctx.out(`${command.name}=${result.text} (${LIFETIME_OF_SECTION[command.section]})`);
    }
  }
  const query = request.commands[0];
  if (query?.type === 'attribute.query' && found === 0) {
    ctx.err(`vigil node attribute: ${query.node} has no attribute ${query.name}${request.commands.length === 1 ? ` (lifetime ${LIFETIME_OF_SECTION[query.section]})` : ''}`);
    return 1;
  }
  return 0;
}
