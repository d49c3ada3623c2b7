// The command table. Each command lives in its own file; add one line here per command.
import type { Command } from '../main.ts';
import { importCommand } from './import.ts';
import { validateCommand } from './validate.ts';
import { simulateCommand } from './simulate.ts';
import { runCommand } from './run.ts';
import { keygenCommand } from './keygen.ts';
import { statusCommand } from './status.ts';
import { resourceCommand } from './resource.ts';
import { nodeCommand } from './node.ts';
import { fenceCommand } from './fence.ts';
import { configCommand } from './config.ts';
import { demoCommand } from './demo.ts';
import { daemonCommand } from './daemon.ts';

export const COMMANDS: Record<string, Command> = {
  import: importCommand,
  validate: validateCommand,
  simulate: simulateCommand,
  run: runCommand,
  keygen: keygenCommand,
  status: statusCommand,
  resource: resourceCommand,
  node: nodeCommand,
  fence: fenceCommand,
  config: configCommand,
  demo: demoCommand,
  daemon: daemonCommand,
};
