#!/usr/bin/env node
// The `vigil` command. TypeScript sources run through tsx: no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const main = new URL('../src/cli/main.ts', import.meta.url);
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));
