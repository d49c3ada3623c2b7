// The demo's terminal: every interval it asks a daemon for the cluster's status and shows it.
// On a terminal the screen is redrawn in place (status, the launcher's recent events, a footer
// of things to try); otherwise (CI logs, a pipe) only changes are printed, one block each, so
// the log reads as a story instead of a page per second.
import type { ClusterView } from '../daemon/view-types.ts';

export type StatusSnapshot = { ok: true; node: string; view: ClusterView } | { ok: false; reason: string };

export interface LiveStatusOptions {
  fetch: () => Promise<StatusSnapshot>;
  render: (view: ClusterView) => string;
  /** Things to try; may depend on the view (where a resource runs). */
  footer: (view: ClusterView | undefined) => string;
  write: (text: string) => void;
  tty: boolean;
  /** The terminal's height, to keep a redraw on one screen. */
  rows?: () => number | undefined;
  intervalMs: number;
  /** Clock for event stamps (tests pass a fixed one). */
  now?: () => Date;
}

export interface LiveStatus {
  /** One line from the launcher (a daemon exited, a node powered back on). */
  note(line: string): void;
  stop(): Promise<void>;
}

/** Launcher events kept on a redrawn screen. */
export const EVENTS_SHOWN = 6;

const CLEAR_SCREEN = '\x1b[2J\x1b[H';
const HOME = '\x1b[H';
const CLEAR_LINE_END = '\x1b[K';
const CLEAR_BELOW = '\x1b[J';

/** What a change is judged by: the view without its build time (which moves every second). */
export function statusKey(snapshot: StatusSnapshot): string {
  if (!snapshot.ok) return `error:${snapshot.reason}`;
  return JSON.stringify({ ...snapshot.view, updatedAtMs: 0 });
}

export function snapshotText(snapshot: StatusSnapshot | undefined, render: (view: ClusterView) => string): string {
  if (snapshot === undefined) return 'Asking the daemons for the cluster status…';
  if (!snapshot.ok) return `Waiting for the cluster: ${snapshot.reason}`;
  return `${render(snapshot.view)}\n(from ${snapshot.node}'s daemon)`;
}

/**
 * One screen: status, events, footer. When it is taller than `rows`, status lines are cut
 * from the bottom (marked …) so the events and the footer stay visible.
 */
export function composeFrame(parts: { status: string; events: string[]; footer: string; rows?: number }): string[] {
  const events = parts.events.length === 0 ? [] : ['', 'Events:', ...parts.events.map((e) => `  ${e}`)];
  const footer = ['', ...parts.footer.split('\n')];
  let status = parts.status.split('\n');
  if (parts.rows !== undefined && parts.rows > 0) {
    const room = parts.rows - 1 - events.length - footer.length;
    if (status.length > room) status = [...status.slice(0, Math.max(0, room - 1)), '…'];
  }
  return [...status, ...events, ...footer];
}

function stamp(date: Date): string {
  return date.toTimeString().slice(0, 8);
}

export function startLiveStatus(opts: LiveStatusOptions): LiveStatus {
  const now = opts.now ?? (() => new Date());
  const events: string[] = [];
  let snapshot: StatusSnapshot | undefined;
  let printedKey: string | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  const draw = (): void => {
    const status = snapshotText(snapshot, opts.render);
    const view = snapshot?.ok === true ? snapshot.view : undefined;
    const lines = composeFrame({ status, events: events.slice(-EVENTS_SHOWN), footer: opts.footer(view), rows: opts.rows?.() });
    opts.write(HOME + lines.map((line) => line + CLEAR_LINE_END).join('\n') + '\n' + CLEAR_BELOW);
  };

  const printIfChanged = (): void => {
    if (snapshot === undefined) return;
    const key = statusKey(snapshot);
    if (key === printedKey) return;
    printedKey = key;
    opts.write(`--- ${stamp(now())} ---\n${snapshotText(snapshot, opts.render)}\n`);
  };

  const poll = async (): Promise<void> => {
    let next: StatusSnapshot;
    try {
      next = await opts.fetch();
    } catch (error) {
      next = { ok: false, reason: (error as Error).message };
    }
    if (stopped) return;
    snapshot = next;
    if (opts.tty) draw();
    else printIfChanged();
    timer = setTimeout(() => { inFlight = poll(); }, opts.intervalMs);
  };

  if (opts.tty) {
    opts.write(CLEAR_SCREEN);
    draw();
  } else {
    opts.write(`${opts.footer(undefined)}\n`);
  }
  inFlight = poll();

  return {
    note(line) {
      const entry = `${stamp(now())} ${line}`;
      events.push(entry);
      if (events.length > EVENTS_SHOWN) events.splice(0, events.length - EVENTS_SHOWN);
      // Once stopped, nothing is redrawn: lines go below the last screen.
      if (opts.tty && !stopped) draw();
      else opts.write(`${entry}\n`);
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await inFlight;
    },
  };
}
