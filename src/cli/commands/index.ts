// The command table. Each command lives in its own file; add one line here per command.
import type { Command } from '../main.ts';

export const COMMANDS: Record<string, Command> = {};
