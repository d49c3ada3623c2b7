// `vigil demo [--duration D] [--dir DIR] [--base-port N]`: the three-node cluster on this
// machine that `npm start` runs (src/demo/). Runs until Ctrl-C, or for --duration.
import { resolve } from 'node:path';
import type { Command } from '../main.ts';
import { ConfigError } from '../../config/errors.ts';
import { parseDurationMs } from '../../config/scalars.ts';
import { ClusterKeyError } from '../../transport/cluster-key.ts';
import { DEMO_DIR_DEFAULT } from '../../demo/layout.ts';
import { runDemo } from '../../demo/run-demo.ts';
import { parseArgs } from '../control-client.ts';

const USAGE = `usage: vigil demo [--duration D] [--dir DIR] [--base-port N] [--inspect]

Runs a three-node cluster on this machine (examples/cluster.yaml): one vigil daemon per node
on 127.0.0.1, real agents, fence_dummy as each node's power switch. Shows the live status;
a daemon that dies or is fenced is powered back on 5 s later. Ctrl-C stops every daemon.

  --duration D    stop after D (e.g. 30s, 2m) instead of waiting for Ctrl-C
  --dir DIR       the demo's folder (default ${DEMO_DIR_DEFAULT}): config, key, logs, power files
  --base-port N   node i listens on N + 2i (default: the ports in examples/cluster.yaml)
  --inspect       also send each coordinator's actors to the Stately inspector (/inspect on its status page)`;

interface DemoArgs { durationMs?: number; dir: string; basePort?: number; inspect: boolean }

function parse(args: string[]): DemoArgs | string {
  const parsed = parseArgs(args, { values: ['--duration', '--dir', '--base-port'], flags: ['--inspect'] });
  if (typeof parsed === 'string') return parsed;
  if (parsed.positionals.length > 0) return `unexpected argument ${parsed.positionals[0]}`;
  const out: DemoArgs = { dir: parsed.values.get('--dir') ?? DEMO_DIR_DEFAULT, inspect: parsed.flags.has('--inspect') };
  const duration = parsed.values.get('--duration');
  if (duration !== undefined) {
    const ms = parseDurationMs(duration);
    if (ms === undefined || ms <= 0) return `--duration ${duration}: expected a duration such as 30s or 2m`;
    out.durationMs = ms;
  }
  const port = parsed.values.get('--base-port');
  if (port !== undefined) {
    const n = Number(port);
    if (!/^\d+$/.test(port) || n < 1 || n > 65_000) return `--base-port ${port}: expected a port from 1 to 65000`;
    out.basePort = n;
  }
  return out;
}

export const demoCommand: Command = {
  usage: USAGE,
  async run(args, ctx) {
    const parsed = parse(args);
    if (typeof parsed === 'string') {
      ctx.err(`vigil demo: ${parsed}\n\n${USAGE}`);
      return 2;
    }
    const tty = process.stdout.isTTY === true;
    try {
      return await runDemo({
        root: ctx.root, dir: resolve(parsed.dir), cwd: process.cwd(), basePort: parsed.basePort, durationMs: parsed.durationMs, inspect: parsed.inspect,
        tty, color: tty && process.env['NO_COLOR'] === undefined,
        write: (text) => process.stdout.write(text), rows: () => process.stdout.rows,
      });
    } catch (error) {
      if (error instanceof ConfigError) ctx.err(`vigil demo: ${error.format()}`);
      else if (error instanceof ClusterKeyError) ctx.err(`vigil demo: ${error.message}`);
      else throw error;
      return 1;
    }
  },
};
