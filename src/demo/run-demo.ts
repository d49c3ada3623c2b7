// `vigil demo`: a three-node cluster on this machine. Materializes the demo folder, starts one
// daemon per node under a supervisor (a daemon that dies, or whose node is fenced, is "powered
// back on" 5 s later: power file on, /run wiped, daemon started again), shows the live status,
// and on Ctrl-C, SIGTERM or the end of --duration stops every daemon and exits 0.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClusterTarget, type ClusterTarget } from '../cli/config-path.ts';
import { ControlError, sendControl } from '../cli/control-client.ts';
import { formatStatus } from '../cli/status-format.ts';
import { isPowerOff } from '../daemon/power-file.ts';
import { demoFooter } from './footer.ts';
import { daemonArgs, materializeDemo, powerOn, type DemoLayout, type DemoNode } from './layout.ts';
import { startLiveStatus, type LiveStatus, type StatusSnapshot } from './live-status.ts';
import { isAlive, lastLogLine, readPid, removePid, stopStray, writePid } from './processes.ts';
import { createSupervisor, type ChildSpec, type Supervisor, type SupervisorEvent } from './supervisor.ts';

export const DEMO_RESTART_DELAY_MS = 5_000;
export const DEMO_STOP_TIMEOUT_MS = 60_000;
export const DEMO_STATUS_INTERVAL_MS = 1_000;
const STATUS_TIMEOUT_MS = 2_000;
const CONNECT_TIMEOUT_MS = 1_000;

/** The signals that stop the demo (SIGHUP: the terminal was closed). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface DemoOptions {
  /** The project folder: examples/cluster.yaml and bin/vigil.mjs. */
  root: string;
  dir: string;
  cwd: string;
  basePort?: number;
  durationMs?: number;
  restartDelayMs?: number;
  stopTimeoutMs?: number;
  statusIntervalMs?: number;
  tty: boolean;
  color: boolean;
  write: (text: string) => void;
  rows?: () => number | undefined;
  /** What runs as a node's daemon (tests substitute a fake). */
  command?: (layout: DemoLayout, node: DemoNode) => { command: string; args: string[] };
  /** How the status is asked for (tests substitute a fake). */
  fetchStatus?: (layout: DemoLayout) => Promise<StatusSnapshot>;
  /** Each daemon's status page (--http); default `fixed`: the URLs the footer prints. */
  http?: 'fixed' | 'any' | 'off';
  /** Every daemon with --inspect (the Stately inspector at /inspect of each page). */
  inspect?: boolean;
}

export function daemonCommand(root: string): (layout: DemoLayout, node: DemoNode) => { command: string; args: string[] } {
  return (layout, node) => ({ command: process.execPath, args: [join(root, 'bin', 'vigil.mjs'), ...daemonArgs(layout, node)] });
}

/** Runs the demo until a stop signal or the duration; returns the exit code. */
export async function runDemo(opts: DemoOptions): Promise<number> {
  const layout = await materializeDemo({ source: join(opts.root, 'examples', 'cluster.yaml'), dir: opts.dir, basePort: opts.basePort, http: opts.http ?? 'fixed', inspect: opts.inspect });
  const lock = join(layout.dir, 'demo.pid');
  const other = await readPid(lock);
  if (other !== undefined && other !== process.pid && isAlive(other)) {
    opts.write(`vigil demo: another demo is running in ${layout.dir} (pid ${other}); stop it first (Ctrl-C there, or kill ${other})\n`);
    return 1;
  }
  await writePid(lock, process.pid);
  const stopTimeoutMs = opts.stopTimeoutMs ?? DEMO_STOP_TIMEOUT_MS;
  for (const node of layout.nodes) {
    const stray = await stopStray(node.pidFile, layout.configFile, stopTimeoutMs);
    if (stray !== undefined) opts.write(`vigil demo: stopped ${node.name}'s daemon left from an earlier run (pid ${stray})\n`);
  }
  try {
    return await supervise(opts, layout, stopTimeoutMs);
  } finally {
    await removePid(lock);
  }
}

async function supervise(opts: DemoOptions, layout: DemoLayout, stopTimeoutMs: number): Promise<number> {
  const command = opts.command ?? daemonCommand(opts.root);
  const env = { ...process.env };
  delete env['VIGIL_LOG_PRETTY']; // the logs are files: JSON lines
  const children: ChildSpec[] = layout.nodes.map((node) => ({ name: node.name, ...command(layout, node), logFile: node.logFile, env, cwd: opts.cwd }));
  // Events before the status screen starts are printed as lines.
  const screen: { live?: LiveStatus } = {};
  const note = (line: string): void => (screen.live === undefined ? opts.write(`${line}\n`) : screen.live.note(line));
  const byName = new Map(layout.nodes.map((node) => [node.name, node]));
  let events: Promise<void> = Promise.resolve();
  const supervisor = createSupervisor({
    children,
    restartDelayMs: opts.restartDelayMs ?? DEMO_RESTART_DELAY_MS,
    beforeRestart: async (name) => {
      await powerOn(byName.get(name)!, { wipe: true });
      note(`${name} powered back on (its /run emptied); starting its daemon`);
    },
    // Described one after another, so an exit is told before the restart it leads to.
    onEvent: (event) => {
      // Read at once: the power file is reset to on when the node is powered back on.
      const poweredOff = event.type === 'exited' && powerIsOff(byName.get(event.name)!);
      events = events.then(() => describeEvent(event, byName.get(event.name)!, poweredOff))
        .then((line) => { if (line !== undefined) note(line); }, (error: Error) => note(`${event.name}: ${error.message}`));
    },
  });
  await supervisor.start();
  const fetchStatus = opts.fetchStatus ?? statusAsker();
  const live = startLiveStatus({
    fetch: () => fetchStatus(layout),
    render: (view) => formatStatus(view, { color: opts.color }),
    footer: (view) => demoFooter({ layout, cwd: opts.cwd, pid: (name) => supervisor.pid(name), view }),
    write: opts.write, tty: opts.tty, rows: opts.rows, intervalMs: opts.statusIntervalMs ?? DEMO_STATUS_INTERVAL_MS,
  });
  screen.live = live;
  let secondSignal = false;
  const stop = untilStop(opts.durationMs, () => {
    secondSignal = true;
    killAll(supervisor, layout, note);
  });
  const reason = await stop.reason;
  await live.stop();
  note(`${reason}: stopping the daemons (SIGTERM; up to ${Math.round(stopTimeoutMs / 1000)} s)`);
  const { killed } = await supervisor.stop({ timeoutMs: stopTimeoutMs });
  stop.dispose();
  await events;
  await Promise.all(layout.nodes.map((node) => removePid(node.pidFile)));
  const how = killed.length === 0 ? 'every daemon stopped' : `killed after ${Math.round(stopTimeoutMs / 1000)} s: ${killed.join(', ')}`;
  opts.write(`vigil demo: stopped (${how}); logs are in ${layout.dir}\n`);
  return secondSignal ? 130 : 0;
}

function killAll(supervisor: Supervisor, layout: DemoLayout, note: (line: string) => void): void {
  note('second signal: killing the daemons (SIGKILL)');
  for (const node of layout.nodes) supervisor.signal(node.name, 'SIGKILL');
}

/**
 * Why the demo stops: a signal, or the end of the duration. A second signal calls `again`.
 * The handlers stay until dispose(), so a second Ctrl-C while the daemons stop still counts.
 */
function untilStop(durationMs: number | undefined, again: () => void): { reason: Promise<string>; dispose: () => void } {
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let resolveReason!: (reason: string) => void;
  const reason = new Promise<string>((resolve) => { resolveReason = resolve; });
  const stop = (why: string): void => {
    if (stopping) {
      again();
      return;
    }
    stopping = true;
    if (timer !== undefined) clearTimeout(timer);
    resolveReason(why);
  };
  const handlers = STOP_SIGNALS.map((signal) => [signal, () => stop(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  if (durationMs !== undefined) timer = setTimeout(() => stop(`${durationMs / 1000} s are up`), durationMs);
  return {
    reason,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}

function powerIsOff(node: DemoNode): boolean {
  try {
    return isPowerOff(readFileSync(node.powerFile, 'utf8'));
  } catch {
    return false;
  }
}

async function describeEvent(event: SupervisorEvent, node: DemoNode, poweredOff: boolean): Promise<string | undefined> {
  switch (event.type) {
    case 'started':
      await writePid(node.pidFile, event.pid);
      return `${event.name}'s daemon started (pid ${event.pid})`;
    case 'exited': {
      await removePid(node.pidFile);
      const how = event.signal !== null ? `killed by ${event.signal}` : `exit code ${event.code ?? '?'}`;
      if (event.expected) return `${event.name}'s daemon stopped (${how})`;
      const last = await lastLogLine(node.logFile);
      const why = poweredOff ? 'powered off by fencing' : `its daemon exited unexpectedly (${how})`;
      return `${event.name}: ${why}${last === undefined ? '' : `; last log line: ${last}`}`;
    }
    case 'restarting':
      return `${event.name}: powering it back on in ${Math.round(event.inMs / 1000)} s`;
    case 'spawn-failed':
      return `${event.name}: could not start its daemon: ${event.error}`;
    case 'killed':
      return `${event.name}'s daemon did not stop in time: killed (SIGKILL, pid ${event.pid})`;
  }
}

/** Asks the daemons for the status; the config and key are read once, when first found. */
function statusAsker(): (layout: DemoLayout) => Promise<StatusSnapshot> {
  let target: ClusterTarget | undefined;
  return async (layout) => {
    try {
      target ??= await loadClusterTarget(layout.configFile);
      const answer = await sendControl({
        addresses: target.addresses, key: target.key, command: { type: 'status' }, timeoutMs: STATUS_TIMEOUT_MS, connectTimeoutMs: CONNECT_TIMEOUT_MS,
      });
      const { result } = answer;
      if (!result.ok) return { ok: false, reason: `${answer.node}: ${result.error}` };
      if (result.view === undefined) return { ok: false, reason: `${answer.node}: ${result.message || 'no status yet'}` };
      return { ok: true, node: answer.node, view: result.view };
    } catch (error) {
      if (!(error instanceof ControlError)) return { ok: false, reason: (error as Error).message };
      return { ok: false, reason: `no daemon answered yet (${error.attempts.map((a) => `${a.node}: ${a.reason}`).join('; ')})` };
    }
  };
}
