// Entry of vigil's Pacemaker tools: tools/pacemaker/bin/TOOL runs `node run.mjs TOOL ARGS...`.
import { ask } from './channel.mjs';
import { runTool } from './main.mjs';

const [name = '', ...argv] = process.argv.slice(2);
process.exitCode = await runTool(name, argv, {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  ask: (request) => ask(process.env, request),
});
