// The whole launcher with fake daemons (fake-daemon.mjs takes the real daemon arguments): a
// node that is "fenced" is powered back on (power file on, /run wiped) and started again;
// SIGTERM stops every daemon; --duration stops on its own; leftovers of a crashed launcher are
// handled.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { daemonArgs, type DemoLayout, type DemoNode } from '../../src/demo/layout.ts';
import type { StatusSnapshot } from '../../src/demo/live-status.ts';
import { runDemo, type DemoOptions } from '../../src/demo/run-demo.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const FAKE = new URL('./fake-daemon.mjs', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'vigil-demo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VIEW: ClusterView = {
  cluster: 'demo', generation: { adminEpoch: 0, epoch: 1, updates: 0 }, coordinator: 'node1', epoch: 1, quorum: true,
  updatedAtMs: 0, nodes: [], resources: [], failures: [], fencing: [], transition: null,
};

function fake(fenced: string | undefined) {
  return (layout: DemoLayout, node: DemoNode) => ({
    command: process.execPath,
    args: [FAKE, ...daemonArgs(layout, node), ...(node.name === fenced ? ['--fake-fenced'] : [])],
  });
}

/** Options for a test run, with output collected; `seen(text)` resolves once it was written. */
function options(dir: string, extra: Partial<DemoOptions>): { opts: DemoOptions; out: () => string; seen: (text: string) => Promise<void> } {
  let out = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const write = (text: string): void => {
    out += text;
    for (const w of waiters.filter((x) => out.includes(x.text))) w.resolve();
  };
  const fetchStatus = async (): Promise<StatusSnapshot> => ({ ok: true, node: 'node1', view: VIEW });
  return {
    opts: {
      root: ROOT, dir, cwd: tmp, tty: false, color: false, write, fetchStatus, command: fake(undefined),
      restartDelayMs: 20, stopTimeoutMs: 10_000, statusIntervalMs: 20, ...extra,
    },
    out: () => out,
    seen: (text) => new Promise((resolve) => {
      if (out.includes(text)) resolve();
      else waiters.push({ text, resolve });
    }),
  };
}

describe('vigil demo (with fake daemons)', () => {
  it('should power a fenced node back on and restart its daemon, then stop everything on SIGTERM', async () => {
    const dir = join(tmp, 'fenced');
    const run = options(dir, { command: fake('node2') });
    const done = runDemo(run.opts);
    await run.seen('node2: powered off by fencing; last log line: power file says off: stopping: fenced');
    await run.seen('node2 powered back on (its /run emptied); starting its daemon');
    await run.seen("node2's daemon started");
    await run.seen('--- '); // the status was shown
    // The second run of node2 has started once its runs file has two lines.
    while (readFileSync(join(dir, 'node2.runs'), 'utf8') !== 'run\nrun\n') await new Promise((resolve) => setTimeout(resolve, 10));
    process.emit('SIGTERM', 'SIGTERM');
    expect(await done).toBe(0);
    const out = run.out();
    expect(out).toContain('SIGTERM: stopping the daemons (SIGTERM; up to 10 s)');
    expect(out.trimEnd().split('\n').at(-1)).toBe(`vigil demo: stopped (every daemon stopped); logs are in ${dir}`);
    for (const name of ['node1', 'node2', 'node3']) {
      expect(out).toContain(`${name}'s daemon stopped (exit code 0)`);
      expect(existsSync(join(dir, `${name}.pid`))).toBe(false);
    }
    expect(out.match(/daemon started/g)).toHaveLength(4);
    expect(readFileSync(join(dir, 'power', 'node2'), 'utf8')).toBe('on');
    const log = readFileSync(join(dir, 'node1.log'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { msg: string; args?: string[] });
    expect(log[0]!.args).toEqual(['daemon', '--config', join(dir, 'cluster.yaml'), '--node', 'node1',
      '--agent-env', `HA_RSCTMP=${join(dir, 'node1', 'rsctmp')}`, '--agent-env', `HA_VARRUN=${join(dir, 'node1', 'run')}/`,
      '--power-file', join(dir, 'power', 'node1'), '--http', '127.0.0.1:7407']);
    expect(log.at(-1)!.msg).toBe('stopping');
    expect(existsSync(join(dir, 'demo.pid'))).toBe(false);
  }, 30_000);

  it('should stop on its own after --duration', async () => {
    const run = options(join(tmp, 'duration'), { durationMs: 300 });
    expect(await runDemo(run.opts)).toBe(0);
    expect(run.out()).toContain('0.3 s are up: stopping the daemons');
    expect(run.out()).toContain('vigil demo: stopped (every daemon stopped)');
  }, 30_000);

  it('should refuse to start while another demo runs in the same folder', async () => {
    const dir = join(tmp, 'locked');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'demo.pid'), `${process.ppid}\n`);
    const run = options(dir, { durationMs: 100 });
    expect(await runDemo(run.opts)).toBe(1);
    expect(run.out()).toContain(`another demo is running in ${dir} (pid ${process.ppid})`);
    expect(run.out()).not.toContain('daemon started');
  });

  it('should stop a daemon left running by an earlier launcher before starting its own', async () => {
    const dir = join(tmp, 'stray');
    mkdirSync(dir, { recursive: true });
    const config = join(dir, 'cluster.yaml');
    const stray = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', 'daemon', '--config', config], { stdio: 'ignore' });
    const exited = new Promise((resolve) => stray.once('exit', (_code, signal) => resolve(signal)));
    writeFileSync(join(dir, 'node1.pid'), `${stray.pid}\n`);
    const run = options(dir, { durationMs: 100 });
    expect(await runDemo(run.opts)).toBe(0);
    expect(await exited).toBe('SIGTERM');
    expect(run.out()).toContain(`stopped node1's daemon left from an earlier run (pid ${stray.pid})`);
  }, 30_000);
});
