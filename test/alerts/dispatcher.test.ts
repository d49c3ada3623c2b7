// The dispatcher: notify returns before any agent runs; one run per selecting alert and
// recipient, stamped when the event was seen; at most runsMax at once; a full queue drops and
// says so; every run logged with agent, kind, rc and duration. And the real runner: an agent
// that hangs is killed, process group and all, at its timeout; a missing one is reported.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertDispatcher, type AlertOutcome } from '../../src/alerts/dispatcher.ts';
import type { AlertEvent } from '../../src/alerts/events.ts';
import { createAlertRunner, type AlertRunResult, type AlertRunSpec } from '../../src/alerts/run.ts';
import type { AlertConfig } from '../../src/config/model.ts';

const alert = (over: Partial<AlertConfig> = {}): AlertConfig => ({
  id: 'a', path: '/opt/agent.sh', recipients: [], select: ['node', 'fencing', 'resource'], attributes: [],
  timeoutMs: 30_000, timestampFormat: '%s', params: {}, ...over,
});
const lost = (node: string): AlertEvent => ({ kind: 'node', node, nodeId: '1', desc: 'lost' });

/** A pino logger whose lines land in `lines`. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({ write(chunk: Buffer, _enc, done) { lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } });
  return { logger: pino({ base: undefined }, stream), lines };
}

const turn = () => new Promise((r) => setImmediate(r));
/** Enough turns of the event loop for every run that can start to start (one per turn). */
const settle = async () => {
  for (let i = 0; i < 40; i++) await turn();
};

/** A runner whose runs end when the test says. */
function heldRunner() {
  const started: AlertRunSpec[] = [];
  const finishers: Array<(r: AlertRunResult) => void> = [];
  const run = (spec: AlertRunSpec) => new Promise<AlertRunResult>((resolve) => { started.push(spec); finishers.push(resolve); });
  const finish = (rc: number) => finishers.shift()!({ rc, timedOut: false, signal: null, durationMs: 12, outputTail: '' });
  /** Ends every run, those that start meanwhile too, each with the next of `rcs` (then 0). */
  const finishAll = async (rcs: number[] = []) => {
    while (finishers.length > 0) {
      finish(rcs.shift() ?? 0);
      await settle();
    }
  };
  return { run, started, finish, finishAll };
}


describe('AlertDispatcher', () => {
  it('should return from notify before any agent runs, then run one per alert and recipient with the same sequence and time', async () => {
    const held = heldRunner();
    const { logger } = memoryLogger();
    const alerts = [alert({ recipients: [{ value: 'r1' }, { value: 'r2' }] }), alert({ id: 'b', path: '/opt/b.sh' }), alert({ id: 'c', select: ['fencing'] })];
    const d = new AlertDispatcher({ alerts: () => alerts, run: held.run, logger, nowUs: () => 1_700_000_000_123_456 });
    d.notify(lost('node3'));
    expect(held.started).toEqual([]);
    await turn();
    expect(held.started).toHaveLength(1); // one process creation per turn
    await settle();
    expect(held.started.map((s) => [s.path, s.env['CRM_alert_recipient'], s.env['CRM_alert_node_sequence'], s.env['CRM_alert_timestamp']])).toEqual([
      ['/opt/agent.sh', 'r1', '1', '1700000000'], ['/opt/agent.sh', 'r2', '1', '1700000000'], ['/opt/b.sh', '', '1', '1700000000'],
    ]);
    d.notify(lost('node2'));
    await settle();
    expect(held.started.at(-1)!.env['CRM_alert_node_sequence']).toBe('2');
    await held.finishAll();
    await d.idle();
    expect(d.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('should run at most runsMax at once, start the next as one ends, and drop what does not fit in the queue', async () => {
    const held = heldRunner();
    const { logger, lines } = memoryLogger();
    const outcomes: AlertOutcome[] = [];
    const d = new AlertDispatcher({ alerts: () => [alert()], run: held.run, logger, runsMax: 2, queueMax: 2, onRun: (_k, o) => outcomes.push(o) });
    for (const node of ['n1', 'n2', 'n3', 'n4', 'n5']) d.notify(lost(node));
    await settle();
    expect(held.started.map((s) => s.env['CRM_alert_node'])).toEqual(['n1', 'n2']);
    expect(d.load()).toEqual({ running: 2, waiting: 2 });
    expect(lines.filter((l) => l['msg'] === 'alert dropped: too many alert agents waiting (are they hanging until their timeout?)').map((l) => l['node'])).toEqual(['n5']);
    held.finish(0);
    await settle();
    expect(held.started.map((s) => s.env['CRM_alert_node'])).toEqual(['n1', 'n2', 'n3']);
    expect(d.load()).toEqual({ running: 2, waiting: 1 });
    await held.finishAll([3]);
    await d.idle();
    expect(outcomes).toEqual(['not-run', 'ok', 'failed', 'ok', 'ok']);
    const failed = lines.find((l) => l['msg'] === 'alert agent failed')!;
    expect([failed['agent'], failed['kind'], failed['rc'], failed['durationMs'], failed['node']]).toEqual(['/opt/agent.sh', 'node', 3, 12, 'n2']);
    expect(lines.filter((l) => l['msg'] === 'alert agent ran')).toHaveLength(3);
  });

  it('should keep an alert whose agents hang to its own slots, so the others still run', async () => {
    const started: string[] = [];
    const finishers = new Map<string, Array<() => void>>();
    const run = (spec: AlertRunSpec) => new Promise<AlertRunResult>((resolve) => {
      started.push(`${spec.path}:${spec.env['CRM_alert_node']}`);
      finishers.set(spec.path, [...finishers.get(spec.path) ?? [], () => resolve({ rc: 0, timedOut: false, signal: null, durationMs: 1, outputTail: '' })]);
    });
    const alerts = [alert({ id: 'hang', path: '/hang' }), alert({ id: 'file', path: '/file' })];
    const d = new AlertDispatcher({ alerts: () => alerts, run, logger: memoryLogger().logger, runsMax: 4, runsPerAlertMax: 2 });
    for (const node of ['n1', 'n2', 'n3']) d.notify(lost(node));
    await settle();
    expect(started).toEqual(['/hang:n1', '/file:n1', '/hang:n2', '/file:n2']);
    finishers.get('/file')!.shift()!();
    await settle();
    expect(started.at(-1)).toBe('/file:n3');
    expect(d.load()).toEqual({ running: 4, waiting: 1 });
    d.close();
    for (const finish of [...finishers.values()].flat()) finish();
    await d.idle();
  });

  it('should bound each alert\'s waiting runs, so a hanging alert does not crowd the others out of the queue', async () => {
    const started: string[] = [];
    const run = (spec: AlertRunSpec) => new Promise<AlertRunResult>(() => { started.push(`${spec.path}:${spec.env['CRM_alert_node']}`); });
    const { logger, lines } = memoryLogger();
    const alerts = [alert({ id: 'hang', path: '/hang', select: ['node'] }), alert({ id: 'file', path: '/file', select: ['fencing'] })];
    const d = new AlertDispatcher({ alerts: () => alerts, run, logger, runsMax: 8, runsPerAlertMax: 1, queueMax: 100, queuePerAlertMax: 2 });
    for (const node of ['n1', 'n2', 'n3', 'n4']) d.notify(lost(node));
    d.notify({ kind: 'fencing', node: 'n1', task: 'off', rc: 0, desc: 'x' });
    await settle();
    expect(started).toEqual(['/hang:n1', '/file:n1']);
    expect(lines.filter((l) => String(l['msg']).startsWith('alert dropped')).map((l) => [l['alert'], l['node']])).toEqual([['hang', 'n4']]);
    d.close();
  });

  it('should run nothing after close, and nothing for an event no alert selects', async () => {
    const held = heldRunner();
    const d = new AlertDispatcher({ alerts: () => [alert({ select: ['fencing'] })], run: held.run, logger: memoryLogger().logger });
    d.notify(lost('node1'));
    d.close();
    d.notify({ kind: 'fencing', node: 'node1', task: 'off', rc: 0, desc: 'x' });
    await turn();
    expect(held.started).toEqual([]);
  });
});

/** Whether a process runs (and is not a zombie). */
function running(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('createAlertRunner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-alert-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should kill an agent that hangs at its timeout, with what it started', async () => {
    const agent = join(dir, 'hang.sh');
    const pidFile = join(dir, 'child.pid');
    writeFileSync(agent, `#!/bin/sh\nsleep 60 &\necho $! > ${pidFile}\nwait\n`);
    chmodSync(agent, 0o755);
    const result = await createAlertRunner({ killGraceMs: 200 })({ path: agent, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 300 });
    expect([result.timedOut, result.rc, result.error]).toEqual([true, null, undefined]);
    const child = Number(readFileSync(pidFile, 'utf8'));
    expect(existsSync(`/proc/${child}`) && !readFileSync(`/proc/${child}/stat`, 'utf8').includes(') Z ')).toBe(false);
  });

  it('should kill the agents still running when the dispatcher closes (a daemon stopping), with what they started', async () => {
    const agent = join(dir, 'hang-close.sh');
    const pidFile = join(dir, 'close-child.pid');
    writeFileSync(agent, `#!/bin/sh\nsleep 60 &\necho $! > ${pidFile}\nwait\n`, { mode: 0o755 });
    const runner = createAlertRunner();
    const { logger, lines } = memoryLogger();
    const d = new AlertDispatcher({ alerts: () => [alert({ path: agent })], run: runner, killRunning: () => runner.killRunning(), logger });
    d.notify(lost('node1'));
    while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8').trim() === '') await new Promise((r) => setTimeout(r, 20));
    const child = Number(readFileSync(pidFile, 'utf8'));
    d.close();
    await d.idle();
    expect(lines.find((l) => l['msg'] === 'killed the alert agents still running: the daemon is stopping')?.['pids']).toHaveLength(1);
    expect(lines.find((l) => l['msg'] === 'alert agent failed')?.['rc']).toBe(null);
    expect(running(child)).toBe(false);
  });

  it('should run agents at niceness 10, which what they start inherits', async () => {
    const agent = join(dir, 'nice.sh');
    writeFileSync(agent, '#!/bin/sh\nset -- $(cat /proc/$$/stat)\necho "${19}"\nsh -c \'set -- $(cat /proc/$$/stat); echo "${19}"\'\n');
    chmodSync(agent, 0o755);
    const result = await createAlertRunner()({ path: agent, env: { PATH: '/usr/bin:/bin' }, timeoutMs: 5_000 });
    expect([result.rc, result.outputTail]).toEqual([0, '[stdout]\n10\n10\n']);
  });

  it('should report an agent that cannot run, and pass the exit code of one that fails', async () => {
    const missing = await createAlertRunner()({ path: join(dir, 'nope.sh'), env: {}, timeoutMs: 1_000 });
    expect(missing.error).toBe(`cannot run ${join(dir, 'nope.sh')}: no such file`);
    const agent = join(dir, 'fail.sh');
    writeFileSync(agent, '#!/bin/sh\necho "no route to $CRM_alert_recipient" >&2\nexit 3\n');
    chmodSync(agent, 0o755);
    const failed = await createAlertRunner()({ path: agent, env: { CRM_alert_recipient: 'x' }, timeoutMs: 5_000 });
    expect([failed.rc, failed.timedOut, failed.outputTail]).toEqual([3, false, '[stderr]\nno route to x\n']);
  });
});
