// Fire and forget: an event is turned into one run per selecting alert and recipient, stamped
// (sequence, time) the moment it is seen, and queued; runs start on a later turn of the event
// loop, at most ALERT_RUNS_MAX at once and ALERT_RUNS_PER_ALERT_MAX of one alert (an agent that
// hangs holds its own slots, not the others'), so nothing the daemon decides ever waits for an
// agent. A run that outlives its timeout is killed (run.ts); the queue is bounded, and what does
// not fit is dropped and logged. Each run is logged with its agent, kind, rc and duration.
import type { Logger } from 'pino';
import { assert } from '../assert.ts';
import type { AlertConfig } from '../config/model.ts';
import type { AlertEvent } from './events.ts';
import { alertEnv, runTimeoutMs, selects } from './env.ts';
import type { AlertRunner, AlertRunResult } from './run.ts';

/** Agents running at once on one daemon. */
export const ALERT_RUNS_MAX = 16;
/** Runs of one alert at once: an agent that hangs until its timeout delays its own runs only. */
export const ALERT_RUNS_PER_ALERT_MAX = 4;
/** Runs waiting for a free slot; more are dropped (and logged). */
export const ALERT_QUEUE_MAX = 256;
/** Runs of one alert waiting: an alert whose agents hang cannot fill the queue for the others. */
export const ALERT_QUEUE_PER_ALERT_MAX = 64;

export type AlertOutcome = 'ok' | 'failed' | 'timeout' | 'not-run';

export interface AlertDispatcherOptions {
  /** The alerts of the config this daemon runs now (a config change applies to the next event). */
  alerts: () => readonly AlertConfig[];
  run: AlertRunner;
  /** Kills the agents still running (close); returns their pids. */
  killRunning?: () => number[];
  logger: Logger;
  /** Added to every run's environment (the daemon's agent owner tag). */
  extraEnv?: Record<string, string>;
  /** Microseconds since the epoch. */
  nowUs?: () => number;
  /** Runs `fn` on a later turn (default setImmediate). */
  defer?: (fn: () => void) => void;
  /** Told of every run that ended (metrics). */
  onRun?: (kind: AlertEvent['kind'], outcome: AlertOutcome) => void;
  runsMax?: number;
  runsPerAlertMax?: number;
  queueMax?: number;
  queuePerAlertMax?: number;
}

interface Job {
  event: AlertEvent;
  alert: AlertConfig;
  path: string;
  recipient: string;
  env: Record<string, string>;
  timeoutMs: number;
  sequence: number;
}

function outcomeOf(result: AlertRunResult): AlertOutcome {
  if (result.error !== undefined) return 'not-run';
  if (result.timedOut) return 'timeout';
  return result.rc === 0 ? 'ok' : 'failed';
}

export class AlertDispatcher {
  private readonly queue: Job[] = [];
  private running = 0;
  /** Runs under way by alert id. */
  private readonly runningByAlert = new Map<string, number>();
  private sequence = 0;
  private closed = false;
  private pumpScheduled = false;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly log: Logger;
  private readonly runsMax: number;
  private readonly runsPerAlertMax: number;
  private readonly queueMax: number;
  private readonly queuePerAlertMax: number;
  private readonly nowUs: () => number;
  private readonly defer: (fn: () => void) => void;

  constructor(private readonly opts: AlertDispatcherOptions) {
    this.log = opts.logger.child({ component: 'alerts' });
    this.runsMax = opts.runsMax ?? ALERT_RUNS_MAX;
    this.runsPerAlertMax = opts.runsPerAlertMax ?? ALERT_RUNS_PER_ALERT_MAX;
    this.queueMax = opts.queueMax ?? ALERT_QUEUE_MAX;
    this.queuePerAlertMax = opts.queuePerAlertMax ?? ALERT_QUEUE_PER_ALERT_MAX;
    assert(this.runsMax >= 1 && this.runsPerAlertMax >= 1, `alert limits must allow a run: ${this.runsMax} at once, ${this.runsPerAlertMax} per alert`);
    assert(this.queueMax >= 0, `the alert queue bound must be 0 or more, got ${this.queueMax}`);
    this.nowUs = opts.nowUs ?? (() => Math.round((performance.timeOrigin + performance.now()) * 1000));
    this.defer = opts.defer ?? ((fn) => setImmediate(fn));
  }

  /** Queues the runs `event` calls for; returns at once. */
  notify(event: AlertEvent): void {
    if (this.closed) return;
    const alerts = this.opts.alerts().filter((a) => selects(a, event));
    if (alerts.length === 0) return;
    const sequence = ++this.sequence;
    const timeUs = this.nowUs();
    for (const alert of alerts) {
      const recipients = alert.recipients.length > 0 ? alert.recipients : [undefined];
      for (const recipient of recipients) {
        const ctx = { alert, recipient, sequence, timeUs };
        const job = {
          event, alert, path: alert.path, recipient: recipient?.value ?? '', sequence,
          env: { ...alertEnv(event, ctx), ...this.opts.extraEnv }, timeoutMs: runTimeoutMs(ctx),
        };
        this.enqueue(job);
      }
    }
    this.schedulePump();
  }

  private enqueue(job: Job): void {
    // Jobs not started yet count against free slots first: a burst in one turn is not dropped
    // while agents could run it.
    const free = Math.max(0, this.runsMax - this.running);
    const mine = this.queue.reduce((n, j) => n + (j.alert.id === job.alert.id ? 1 : 0), 0);
    const mineFree = Math.max(0, this.runsPerAlertMax - (this.runningByAlert.get(job.alert.id) ?? 0));
    if (this.queue.length >= this.queueMax + free || mine >= this.queuePerAlertMax + mineFree) {
      this.log.warn({ alert: job.alert.id, kind: job.event.kind, node: job.event.node, sequence: job.sequence, waiting: this.queue.length, running: this.running },
        'alert dropped: too many alert agents waiting (are they hanging until their timeout?)');
      this.opts.onRun?.(job.event.kind, 'not-run');
      return;
    }
    this.queue.push(job);
  }

  /** Runs `pump` on a later turn, once however often asked meanwhile. */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    this.defer(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /**
   * Starts the oldest waiting run whose alert has a free slot, and asks for another turn for
   * the next: one spawn per turn, so a burst of events never holds the event loop (and with it
   * the daemon's heartbeats) for a row of process creations.
   */
  private pump(): void {
    const at = this.closed || this.running >= this.runsMax ? -1
      : this.queue.findIndex((job) => (this.runningByAlert.get(job.alert.id) ?? 0) < this.runsPerAlertMax);
    if (at < 0) {
      this.wakeIfIdle();
      return;
    }
    const [job] = this.queue.splice(at, 1) as [Job];
    this.running++;
    this.runningByAlert.set(job.alert.id, (this.runningByAlert.get(job.alert.id) ?? 0) + 1);
    void this.execute(job).finally(() => {
      this.running--;
      const left = (this.runningByAlert.get(job.alert.id) ?? 1) - 1;
      if (left > 0) this.runningByAlert.set(job.alert.id, left);
      else this.runningByAlert.delete(job.alert.id);
      this.schedulePump();
    });
    this.schedulePump();
  }

  private async execute(job: Job): Promise<void> {
    const result = await this.opts.run({ path: job.path, env: job.env, timeoutMs: job.timeoutMs });
    const outcome = outcomeOf(result);
    const fields = {
      alert: job.alert.id, agent: job.path, kind: job.event.kind, node: job.event.node, recipient: job.recipient, sequence: job.sequence,
      rc: result.rc, durationMs: result.durationMs, outcome,
    };
    if (outcome === 'ok') this.log.info(fields, 'alert agent ran');
    else if (outcome === 'timeout') this.log.warn({ ...fields, timeoutMs: job.timeoutMs, signal: result.signal, output: result.outputTail }, 'alert agent timed out; its process group was killed');
    else if (outcome === 'not-run') this.log.warn({ ...fields, reason: result.error }, 'alert agent could not run');
    else this.log.warn({ ...fields, signal: result.signal, output: result.outputTail }, 'alert agent failed');
    this.opts.onRun?.(job.event.kind, outcome);
  }

  private wakeIfIdle(): void {
    if (this.running > 0 || (this.queue.length > 0 && !this.closed)) return;
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Resolves once no run is waiting or running (tests; a shutdown that wants to wait). */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.defer(() => this.wakeIfIdle());
    });
  }

  /** How many runs are running and waiting. */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }

  /**
   * No new run starts, and those running are killed: once the daemon is gone, nothing would
   * enforce their timeouts.
   */
  close(): void {
    this.closed = true;
    if (this.queue.length > 0) this.log.warn({ waiting: this.queue.length }, 'alerts not run: the daemon is stopping');
    this.queue.length = 0;
    const killed = this.opts.killRunning?.() ?? [];
    if (killed.length > 0) this.log.warn({ pids: killed }, 'killed the alert agents still running: the daemon is stopping');
    this.wakeIfIdle();
  }
}
