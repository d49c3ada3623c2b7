// The command table. Each command lives in its own file; add one line here per command.
import type { Command } from '../main.ts';
import { importCommand } from './import.ts';
import { validateCommand } from './validate.ts';
import { simulateCommand } from './simulate.ts';
import { runCommand } from './run.ts';
import { keygenCommand } from './keygen.ts';

export const COMMANDS: Record<string, Command> = {
  import: importCommand,
  validate: validateCommand,
  simulate: simulateCommand,
  run: runCommand,
  keygen: keygenCommand,
};
