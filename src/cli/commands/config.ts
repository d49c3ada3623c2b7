// `vigil config show` prints the cluster's current config (YAML, as the coordinator has it);
// `vigil config apply FILE` sends FILE's text to the coordinator, which validates it whole
// and either replaces the config or refuses it (its problems are printed verbatim).
import { readFile } from 'node:fs/promises';
import type { Command } from '../main.ts';
import type { AdminCommand } from '../../daemon/control-types.ts';
import { adminDeps, parseArgs, runAdmin, usageError, type AdminDeps } from '../control-client.ts';
import { configTextTooLarge } from '../../daemon/config-apply.ts';

const NAME = 'vigil config';
const USAGE = [
  'usage: vigil config show [--config FILE]',
  '       vigil config apply FILE [--config FILE]',
  '',
  '  show         print the config the cluster runs now',
  '  apply FILE   replace the cluster\'s config with FILE (vigil YAML), validated as a whole first',
].join('\n');

export { CONFIG_TEXT_BYTES_MAX } from '../../daemon/config-apply.ts';

export interface ConfigDeps extends AdminDeps {
  readText: (file: string) => Promise<string>;
}

type Parsed = { action: 'show'; config: string | undefined } | { action: 'apply'; file: string; config: string | undefined };

export function parseConfigArgs(args: string[]): Parsed | string {
  const parsed = parseArgs(args, { values: ['--config'], flags: [] });
  if (typeof parsed === 'string') return parsed;
  const [action, file, ...extra] = parsed.positionals;
  const config = parsed.values.get('--config');
  if (action === 'show') {
    if (file !== undefined) return `show takes no argument (got '${file}')`;
    return { action, config };
  }
  if (action === 'apply') {
    if (file === undefined) return 'apply needs the new config FILE';
    if (extra.length > 0) return `unexpected argument '${extra[0]}'`;
    return { action, file, config };
  }
  return action === undefined ? 'an action is required (show, apply)' : `unknown action '${action}' (expected show or apply)`;
}

async function readNewConfig(deps: ConfigDeps, file: string): Promise<string> {
  let text: string;
  try {
    text = await deps.readText(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: ${code === 'ENOENT' ? 'the file does not exist' : `cannot read it (${code ?? (error as Error).message})`} — fix: check the path`);
  }
  // A follower forwards the text to the coordinator in one mesh message: the daemons' own check.
  const tooLarge = configTextTooLarge(file, text);
  if (tooLarge !== undefined) throw new Error(tooLarge);
  return text;
}

export function createConfigCommand(overrides: Partial<ConfigDeps> = {}): Command {
  return {
    usage: USAGE,
    async run(args, ctx) {
      const parsed = parseConfigArgs(args);
      if (typeof parsed === 'string') return usageError(ctx, NAME, parsed, USAGE);
      const deps: ConfigDeps = { ...adminDeps(overrides), readText: overrides.readText ?? ((file) => readFile(file, 'utf8')) };
      let command: AdminCommand = { type: 'config.show' };
      if (parsed.action === 'apply') {
        try {
          command = { type: 'config.apply', file: parsed.file, text: await readNewConfig(deps, parsed.file) };
        } catch (error) {
          ctx.err(`${NAME}: ${(error as Error).message}`);
          return 1;
        }
      }
      return runAdmin(ctx, deps, { name: NAME, configArg: parsed.config, command, usage: USAGE });
    },
  };
}

export const configCommand: Command = createConfigCommand();
