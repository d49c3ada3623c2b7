// The daemon's event loop runs at a raised priority (as corosync runs realtime) so heartbeats
// are answered on a loaded machine, and the agents it forks do not inherit it: they run at the
// process' own priority. Linux nice is per thread. Runs the compiled dist/ (see spawner.test.ts).
import { getPriority, setPriority } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
type Spawner = typeof import('../../src/agents/spawner.ts');
const own = getPriority();
afterAll(() => setPriority(own));

describe('the daemon loop priority', () => {
  it('should raise the loop thread and leave the agents at the process priority', async () => {
    const { raiseLoopPriority, spawnProcess, LOOP_NICE } = (await import(join(ROOT, 'dist', 'agents', 'spawner.js'))) as Spawner;
    const said = raiseLoopPriority();
    const agent = await spawnProcess({ command: '/bin/sh', args: ['-c', 'cut -d" " -f19 /proc/$$/stat'], env: { PATH: '/usr/bin:/bin' }, timeoutMs: 10_000 });
    if (process.getuid?.() === 0) {
      expect(said).toBe(`event loop at nice ${LOOP_NICE}, agents at ${own}`);
      expect(getPriority()).toBe(LOOP_NICE);
    } else {
      expect(said).toMatch(/^normal priority/);
    }
    expect(agent.stdoutTail.trim()).toBe(String(own));
  });
});
