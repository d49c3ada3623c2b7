// The `vigil` command: one file per subcommand under commands/, dispatched from this table.
import { COMMANDS } from './commands/index.ts';

export interface CliContext {
  /** The project's root folder (where examples/ lives). */
  root: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

export type Command = {
  usage: string;
  run: (args: string[], ctx: CliContext) => Promise<number>;
};

function usage(ctx: CliContext): void {
  ctx.out('usage: vigil COMMAND [options]\n\ncommands:');
  for (const [name, cmd] of Object.entries(COMMANDS)) ctx.out(`  ${name.padEnd(10)} ${cmd.summary}`);
}

export async function runCli(argv: string[], root: string): Promise<number> {
  const ctx: CliContext = {
    root,
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    usage(ctx);
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    ctx.err(`vigil: unknown command '${name}'. Run 'vigil --help' for the list.`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    ctx.out(cmd.usage);
    return 0;
  }
  return cmd.run(rest, ctx);
}
