// `vigil status [--json] [--watch] [--interval 1s] [--config FILE]`: the cluster as the
// coordinator last replicated it, from whichever daemon answers first. --json prints the
// ClusterView itself (nodes: [{name, state, ...}], resources: [{id, state, node, ...}], ...).
// --watch redraws every interval until Ctrl-C and keeps trying while no daemon answers.
import type { Command, CliContext } from '../main.ts';
import { parseDurationMs } from '../../config/scalars.ts';
import type { ClusterView } from '../../daemon/view-types.ts';
import { adminDeps, findCluster, parseArgs, reportFailure, usageError, type AdminDeps } from '../control-client.ts';
import type { ClusterTarget } from '../config-path.ts';
import { formatStatus } from '../status-format.ts';

const NAME = 'vigil status';
const USAGE = 'usage: vigil status [--json] [--watch] [--interval 1s] [--config FILE]\n\n'
  + 'Shows nodes, resources, failures, fencing and the running transition, from the first daemon\n'
  + 'that answers. --json prints the view as JSON; --watch redraws every --interval until Ctrl-C.';
/** Redrawing faster than this only loads the daemons. */
export const WATCH_INTERVAL_MS_MIN = 100;
const CLEAR_SCREEN = '\x1b[2J\x1b[H';

export interface StatusDeps extends AdminDeps {
  color: boolean;
  /** Waits between redraws; resolves early when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Calls `stop` on Ctrl-C; returns an unsubscribe. */
  onInterrupt: (stop: () => void) => () => void;
}

interface StatusArgs { json: boolean; watch: boolean; intervalMs: number; config: string | undefined }

function parseStatusArgs(args: string[]): StatusArgs | string {
  const parsed = parseArgs(args, { values: ['--config', '--interval'], flags: ['--json', '--watch'] });
  if (typeof parsed === 'string') return parsed;
  if (parsed.positionals.length > 0) return `unexpected argument '${parsed.positionals[0]}'`;
  const interval = parsed.values.get('--interval');
  const intervalMs = interval === undefined ? 1000 : parseDurationMs(interval);
  if (intervalMs === undefined) return `--interval '${interval}' is not a duration (write e.g. 2s or 500ms)`;
  if (intervalMs < WATCH_INTERVAL_MS_MIN) return `--interval ${interval} is shorter than ${WATCH_INTERVAL_MS_MIN}ms`;
  if (interval !== undefined && !parsed.flags.has('--watch')) return '--interval only applies with --watch';
  return { json: parsed.flags.has('--json'), watch: parsed.flags.has('--watch'), intervalMs, config: parsed.values.get('--config') };
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}

function defaultOnInterrupt(stop: () => void): () => void {
  process.on('SIGINT', stop);
  return () => process.off('SIGINT', stop);
}

export function statusDeps(overrides: Partial<StatusDeps> = {}): StatusDeps {
  const color = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
  return { ...adminDeps(overrides), color, sleep: defaultSleep, onInterrupt: defaultOnInterrupt, ...overrides };
}

/** One status query: the rendered text (or JSON), or an error text; `ok` tells which. */
async function render(target: ClusterTarget, deps: StatusDeps, args: StatusArgs): Promise<{ ok: boolean; text: string }> {
  try {
    const { node, result } = await deps.send({ addresses: target.addresses, key: target.key, command: { type: 'status' } });
    if (!result.ok) return { ok: false, text: `${NAME}: ${node} answered: ${result.error}` };
    const view: ClusterView | undefined = result.view;
    if (view === undefined) return { ok: false, text: `${NAME}: ${node} answered without a cluster view (${result.message})` };
    return { ok: true, text: args.json ? JSON.stringify(view) : formatStatus(view, { color: deps.color }) };
  } catch (error) {
    const lines: string[] = [];
    const code = reportFailure({ root: '', out: (l) => lines.push(l), err: (l) => lines.push(l) }, NAME, error);
    return { ok: code === 0, text: lines.join('\n') };
  }
}

async function watch(ctx: CliContext, target: ClusterTarget, deps: StatusDeps, args: StatusArgs): Promise<number> {
  const controller = new AbortController();
  const unsubscribe = deps.onInterrupt(() => controller.abort());
  try {
    while (!controller.signal.aborted) {
      const { text } = await render(target, deps, args);
      if (controller.signal.aborted) break;
      // JSON goes out one view per line (for pipes); text redraws the screen in place.
      ctx.out(args.json ? text : `${CLEAR_SCREEN}${text}\n\n(every ${args.intervalMs / 1000}s; Ctrl-C to stop)`);
      await deps.sleep(args.intervalMs, controller.signal);
    }
  } finally {
    unsubscribe();
  }
  return 0;
}

export function createStatusCommand(overrides: Partial<StatusDeps> = {}): Command {
  return {
    usage: USAGE,
    async run(args, ctx) {
      const parsed = parseStatusArgs(args);
      if (typeof parsed === 'string') return usageError(ctx, NAME, parsed, USAGE);
      const deps = statusDeps(overrides);
      let target: ClusterTarget;
      try {
        target = await findCluster(deps, parsed.config);
      } catch (error) {
        return reportFailure(ctx, NAME, error);
      }
      if (parsed.watch) return watch(ctx, target, deps, parsed);
      const { ok, text } = await render(target, deps, parsed);
      if (ok) ctx.out(text);
      else ctx.err(text);
      return ok ? 0 : 1;
    },
  };
}

export const statusCommand: Command = createStatusCommand();
