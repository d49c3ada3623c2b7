// `vigil run FILE [--node NAME] [--leave-running]`: the one-node runtime. Runs until Ctrl-C.
import { hostname } from 'node:os';
import type { Command } from '../main.ts';
import { ConfigError } from '../../config/errors.ts';
import { loadDocumentFile } from '../../config/load.ts';
import { createLogger } from '../../runtime/logger.ts';
import { OneNodeRuntime } from '../../runtime/one-node.ts';

const USAGE = `usage: vigil run FILE [--node NAME] [--leave-running]

Runs the resources FILE configures on this node, each through its statechart, with real
agents: probed, started in configuration order, monitored and recovered. Ctrl-C stops them
in reverse order; with --leave-running they are left running (the next run probes them and
finds them running). --node picks the node (default: the first configured node).`;

function parse(args: string[]): { file: string; node?: string; leaveRunning: boolean } | string {
  let file: string | undefined;
  let node: string | undefined;
  let leaveRunning = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--leave-running') leaveRunning = true;
    else if (a === '--node') node = args[++i];
    else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `unexpected argument ${a}`;
  }
  if (!file) return 'missing FILE';
  if (args.includes('--node') && !node) return '--node needs a NAME';
  return { file, node, leaveRunning };
}

export const runCommand: Command = {
  usage: USAGE,
  async run(args, ctx) {
    const parsed = parse(args);
    if (typeof parsed === 'string') {
      ctx.err(`vigil run: ${parsed}\n\n${USAGE}`);
      return 2;
    }
    const log = createLogger();
    let runtime: OneNodeRuntime;
    try {
      const doc = await loadDocumentFile(parsed.file);
      const node = parsed.node ?? doc.config.nodes[0]?.name ?? hostname();
      runtime = await OneNodeRuntime.create({ file: parsed.file, doc, node, log });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      ctx.err(`vigil run: ${parsed.file} refused, nothing was started:\n${error.format()}`);
      return 1;
    }
    const done = new Promise<void>((resolve) => {
      let signals = 0;
      const onSignal = (signal: string) => {
        signals += 1;
        if (signals > 1) {
          log.warn({ signal }, 'second signal: exiting without waiting');
          process.exit(130);
        }
        log.info({ signal }, parsed.leaveRunning ? 'shutting down, leaving resources running' : 'shutting down: stopping resources');
        void runtime.shutdown(parsed.leaveRunning).then(resolve);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
    await runtime.start();
    await done;
    return 0;
  },
};
