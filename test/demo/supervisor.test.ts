// The demo's supervisor with fake children (small node scripts): restart after an unexpected
// exit, a clean stop with SIGTERM, SIGKILL for a child that ignores it, and logs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSupervisor, type ChildSpec, type SupervisorEvent } from '../../src/demo/supervisor.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-supervisor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A child running `script` with node; it prints "up" when its SIGTERM handler is in place. */
function child(name: string, script: string): ChildSpec {
  return { name, command: process.execPath, args: ['-e', script], logFile: join(dir, `${name}.log`) };
}

const WAITS_FOR_TERM = "process.on('SIGTERM', () => { console.log('term'); process.exit(0); }); console.log('up'); setInterval(() => {}, 1000);";
const IGNORES_TERM = "process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000);";

function recorder(): { events: SupervisorEvent[]; next: (pred: (e: SupervisorEvent) => boolean) => Promise<SupervisorEvent>; onEvent: (e: SupervisorEvent) => void } {
  const events: SupervisorEvent[] = [];
  const waiters: Array<{ pred: (e: SupervisorEvent) => boolean; resolve: (e: SupervisorEvent) => void }> = [];
  return {
    events,
    onEvent: (e) => {
      events.push(e);
      for (const w of waiters.splice(0)) {
        if (w.pred(e)) w.resolve(e);
        else waiters.push(w);
      }
    },
    next: (pred) => new Promise((resolve) => {
      const seen = events.find(pred);
      if (seen) resolve(seen);
      else waiters.push({ pred, resolve });
    }),
  };
}

/** Waits until a log file contains `text` (children start asynchronously). */
async function logged(file: string, text: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    let content = '';
    try {
      content = readFileSync(file, 'utf8');
    } catch {
      // not created yet
    }
    if (content.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${file} never contained ${text}`);
}

describe('the demo supervisor', () => {
  it('should start a child again after it exits on its own, running beforeRestart first', async () => {
    const rec = recorder();
    const restarted: string[] = [];
    // First run exits 3 at once; once restarted (the counter file exists) it waits for SIGTERM.
    const counter = join(dir, 'counter');
    const script = `const fs = require('fs'); if (!fs.existsSync(${JSON.stringify(counter)})) { fs.writeFileSync(${JSON.stringify(counter)}, '1'); console.error('dying'); process.exit(3); } ${WAITS_FOR_TERM}`;
    const sup = createSupervisor({ children: [child('a', script)], restartDelayMs: 50, onEvent: rec.onEvent, beforeRestart: async (name) => { restarted.push(name); } });
    await sup.start();
    const exited = await rec.next((e) => e.type === 'exited');
    expect(exited).toMatchObject({ name: 'a', code: 3, signal: null, expected: false });
    const firstPid = exited.type === 'exited' ? exited.pid : -1;
    const second = await rec.next((e) => e.type === 'started' && e.pid !== firstPid);
    expect(restarted).toEqual(['a']);
    expect(sup.pid('a')).toBe((second as { pid: number }).pid);
    await logged(join(dir, 'a.log'), 'up');
    const { killed } = await sup.stop({ timeoutMs: 10_000 });
    expect(killed).toEqual([]);
    expect(rec.events.map((e) => e.type)).toEqual(['started', 'exited', 'restarting', 'started', 'exited']);
    expect(rec.events.at(-1)).toMatchObject({ type: 'exited', code: 0, expected: true });
    expect(readFileSync(join(dir, 'a.log'), 'utf8')).toBe('dying\nup\nterm\n');
    expect(sup.pid('a')).toBeUndefined();
  }, 20_000);

  it('should stop every child with SIGTERM and SIGKILL the one that ignores it after the timeout', async () => {
    const rec = recorder();
    const sup = createSupervisor({ children: [child('good', WAITS_FOR_TERM), child('stubborn', IGNORES_TERM)], restartDelayMs: 10, onEvent: rec.onEvent });
    await sup.start();
    await logged(join(dir, 'good.log'), 'up');
    await logged(join(dir, 'stubborn.log'), 'up');
    const { killed } = await sup.stop({ timeoutMs: 300 });
    expect(killed).toEqual(['stubborn']);
    const exits = rec.events.filter((e) => e.type === 'exited');
    expect(exits.map((e) => [e.name, e.code, e.signal, e.expected]).sort()).toEqual([['good', 0, null, true], ['stubborn', null, 'SIGKILL', true]]);
    expect(rec.events.some((e) => e.type === 'restarting')).toBe(false);
    expect(readFileSync(join(dir, 'stubborn.log'), 'utf8')).toBe('up\nignored\n');
  }, 20_000);

  it('should not restart a child whose restart was pending when stop came', async () => {
    const rec = recorder();
    const sup = createSupervisor({ children: [child('brief', 'process.exit(1)')], restartDelayMs: 60_000, onEvent: rec.onEvent });
    await sup.start();
    await rec.next((e) => e.type === 'restarting');
    await sup.stop({ timeoutMs: 1000 });
    expect(rec.events.map((e) => e.type)).toEqual(['started', 'exited', 'restarting']);
  });

  it('should report a command that cannot be started, and keep trying', async () => {
    const rec = recorder();
    const sup = createSupervisor({
      children: [{ name: 'ghost', command: join(dir, 'no-such-program'), args: [], logFile: join(dir, 'ghost.log') }],
      restartDelayMs: 20, onEvent: rec.onEvent,
    });
    await sup.start();
    await rec.next((e) => e.type === 'spawn-failed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    await sup.stop({ timeoutMs: 1000 });
    const failures = rec.events.filter((e) => e.type === 'spawn-failed');
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures[0]).toMatchObject({ name: 'ghost', error: expect.stringContaining('ENOENT') });
  });

  it('should signal one running child on request', async () => {
    const rec = recorder();
    const sup = createSupervisor({ children: [child('victim', WAITS_FOR_TERM)], restartDelayMs: 60_000, onEvent: rec.onEvent });
    await sup.start();
    await logged(join(dir, 'victim.log'), 'up');
    expect(sup.signal('victim', 'SIGKILL')).toBe(true);
    expect(await rec.next((e) => e.type === 'exited')).toMatchObject({ signal: 'SIGKILL', expected: false });
    expect(sup.signal('victim', 'SIGKILL')).toBe(false);
    await sup.stop({ timeoutMs: 1000 });
  });
});
