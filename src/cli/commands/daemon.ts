// `vigil daemon --config FILE --node NAME`: one node's daemon, until SIGTERM or Ctrl-C (which
// stop this node's resources first) or `vigil daemon stop [--leave-resources]`.
import { availableParallelism } from 'node:os';
import type { Command } from '../main.ts';
import { ConfigError } from '../../config/errors.ts';
import { loadDocumentFile } from '../../config/load.ts';
import { assertRunnable } from '../../config/runnable.ts';
import { createLogger } from '../../runtime/logger.ts';
import { Daemon } from '../../daemon/daemon.ts';
import { watchPowerFile } from '../../daemon/power-file.ts';
import { runDaemonStop } from './daemon-stop.ts';
import { resolveConfigPath } from '../config-path.ts';
import { parseHttpAddress } from '../../inspect/address.ts';
import { INSPECT_ADDRESS_DEFAULT, type HttpAddress } from '../../inspect/attach.ts';
import { createFileLedgerSink } from '../../ledger/file-sink.ts';
import { configEntry } from '../../daemon/ledger-record.ts';
import { watchEventLoop } from '../../daemon/loop-watch.ts';
import { raiseLoopPriority } from '../../agents/spawner.ts';

const USAGE = `usage: vigil daemon [--config FILE] --node NAME [--agent-env KEY=VALUE]... [--power-file FILE]
                    [--http HOST:PORT] [--inspect] [--ledger FILE] [--ocf-root DIR]
       vigil daemon stop [--leave-resources] [--node NAME] [--config FILE]

Runs this node's daemon: it joins the cluster the config describes (its cluster: section and
node addresses), runs the agents the coordinator asks for, and takes part in electing the
coordinator. SIGTERM or Ctrl-C stops this node's resources, then leaves. \`vigil daemon stop
--leave-resources\` leaves them running (a transparent upgrade: the next daemon re-probes).
--agent-env gives every agent extra environment (the loopback demo gives each node its own
HA_RSCTMP); --power-file makes the daemon die at once when a fence_dummy status file for
this node reads off (the demo's simulated power switch).

--http HOST:PORT serves a live status page there (read-only; port 0: any free port, logged).
--inspect sends the coordinator's actors, events and snapshots to the Stately inspector:
open http://HOST:PORT/inspect of --http (without --http: http://${INSPECT_ADDRESS_DEFAULT.host}:${INSPECT_ADDRESS_DEFAULT.port}/inspect).

--ledger FILE appends what matters for safety (operations, fencing, coordinators, quorum) to
FILE as JSON lines, and the config held on SIGUSR2 (for the fault catalogue, npm run cts).
--ocf-root DIR looks OCF agents up in DIR/resource.d instead of /usr/lib/ocf/resource.d.`;

interface Parsed { config?: string; node: string; agentEnv: Record<string, string>; powerFile?: string; http?: HttpAddress; inspect: boolean; ledger?: string; ocfRoot?: string }

function parse(args: string[]): Parsed | string {
  const out: Partial<Parsed> & { agentEnv: Record<string, string> } = { agentEnv: {}, inspect: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = args[i + 1];
    if (['--config', '--node', '--agent-env', '--power-file', '--http', '--ledger', '--ocf-root'].includes(a) && (value === undefined || value.startsWith('--'))) return `${a} needs a value`;
    if (a === '--config') out.config = args[++i];
    else if (a === '--ledger') out.ledger = args[++i];
    else if (a === '--ocf-root') out.ocfRoot = args[++i];
    else if (a === '--node') out.node = args[++i];
    else if (a === '--power-file') out.powerFile = args[++i];
    else if (a === '--inspect') out.inspect = true;
    else if (a === '--http') {
      const address = parseHttpAddress(args[++i]!);
      if (typeof address === 'string') return `--http ${address}`;
      out.http = address;
    } else if (a === '--agent-env') {
      const kv = args[++i]!;
      const eq = kv.indexOf('=');
      if (eq <= 0) return `--agent-env ${kv}: write KEY=VALUE`;
      out.agentEnv[kv.slice(0, eq)] = kv.slice(eq + 1);
    } else return `unknown argument ${a}`;
  }
  if (!out.node) return 'missing --node NAME (this node\'s name in the config)';
  return out as Parsed;
}

export const daemonCommand: Command = {
  usage: USAGE,
  async run(args, ctx) {
    if (args[0] === 'stop') return runDaemonStop(args.slice(1), ctx);
    const parsed = parse(args);
    if (typeof parsed === 'string') {
      ctx.err(`vigil daemon: ${parsed}\n\n${USAGE}`);
      return 2;
    }
    const logger = createLogger().child({ node: parsed.node });
    logger.info({ priority: raiseLoopPriority() }, 'scheduling priority');
    let daemon: Daemon;
    let file = parsed.config ?? '';
    try {
      file = resolveConfigPath({ config: parsed.config }, process.cwd(), process.env);
      const doc = await loadDocumentFile(file);
      assertRunnable(doc.config, { file, node: parsed.node });
      let stopping: Promise<void> | null = null;
      const stop = (leave: boolean) => {
        stopping ??= daemon.shutdown(leave).then(() => process.exit(0));
      };
      const ledger = parsed.ledger === undefined ? undefined : createFileLedgerSink(parsed.ledger);
      daemon = await Daemon.start({ doc, node: parsed.node, logger, agentEnv: parsed.agentEnv, http: parsed.http, inspect: parsed.inspect, ledger, ocfRoot: parsed.ocfRoot, nodeActionLimitDefault: 2 * availableParallelism(), onStopRequest: (leave) => setTimeout(() => stop(leave), 50) });
      watchEventLoop({ logger, heartbeatTimeoutMs: () => daemon.document().config.cluster?.heartbeatTimeoutMs ?? Infinity });
      if (ledger) process.on('SIGUSR2', () => ledger.record(configEntry('config.held', parsed.node, daemon.document().config)));
      process.on('SIGINT', () => stop(false));
      process.on('SIGTERM', () => stop(false));
      if (parsed.powerFile) {
        watchPowerFile({
          file: parsed.powerFile,
          onOff: () => {
            logger.fatal({ powerFile: parsed.powerFile }, 'power off (fenced): dying at once');
            process.exit(137);
          },
        });
      }
    } catch (error) {
      if (error instanceof ConfigError) {
        ctx.err(`vigil daemon: ${file} refused, nothing was started:\n${error.format()}`);
        return 1;
      }
      ctx.err(`vigil daemon: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    await new Promise(() => undefined); // runs until a signal or `daemon stop` exits the process
    return 0;
  },
};
