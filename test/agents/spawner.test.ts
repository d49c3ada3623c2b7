// The built program forks agents from its spawner thread (src/agents/spawner.ts): the same
// results as forking in place (exit code, output, pid, timeout killing the group), and the pid
// reported as soon as the process runs. Runs the compiled dist/ (npm test builds it first),
// since only the built program has a worker to load.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitGroupGone } from './helpers.ts';

const ROOT = join(import.meta.dirname, '..', '..');
type SpawnProcess = typeof import('../../src/agents/spawner.ts').spawnProcess;
const load = async (): Promise<SpawnProcess> => ((await import(join(ROOT, 'dist', 'agents', 'spawner.js'))) as { spawnProcess: SpawnProcess }).spawnProcess;
const env = { PATH: '/usr/bin:/bin' };

describe('the spawner thread', () => {
  it('should run a process to its end and report its pid, exit code and output', async () => {
    const spawnProcess = await load();
    const pids: number[] = [];
    const result = await spawnProcess({ command: '/bin/sh', args: ['-c', 'echo out; echo err >&2; cat; exit 3'], env, stdinText: 'in\n', timeoutMs: 10_000, onSpawn: (pid) => pids.push(pid) });
    expect(result).toMatchObject({ code: 3, signal: null, timedOut: false, stdoutTail: 'out\nin\n', stderrTail: 'err\n', spawnError: null });
    expect(pids).toEqual([result.pid]);
  });

  it('should kill the whole group at the timeout', async () => {
    const spawnProcess = await load();
    const result = await spawnProcess({ command: '/bin/sh', args: ['-c', 'sleep 30 & sleep 30'], env, timeoutMs: 200, killGraceMs: 100 });
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGTERM');
    expect(await waitGroupGone(result.pid!)).toEqual([]); // the background sleep too
  });

  it('should report a command that cannot run as a spawn error, not throw', async () => {
    const spawnProcess = await load();
    const result = await spawnProcess({ command: '/nonexistent/agent', args: [], env, timeoutMs: 1_000 });
    expect(result.spawnError?.code).toBe('ENOENT');
    expect(result.pid).toBeNull();
  });

  it('should run many at once', async () => {
    const spawnProcess = await load();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => spawnProcess({ command: '/bin/sh', args: ['-c', `exit ${i}`], env, timeoutMs: 10_000 })));
    expect(results.map((r) => r.code)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
