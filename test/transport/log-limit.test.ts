// Unauthenticated connection attempts are rate-limited in the log (issue 14, item 7): a flood
// of wrong-key handshakes cost one warning each before.
import { afterEach, describe, expect, it } from 'vitest';
import { LogLimit } from '../../src/transport/log-limit.ts';
import { createWsMesh, type WsMesh } from '../../src/transport/ws-mesh.ts';
import { memoryLogger, newKey, rawClient, waitUntil } from './helpers.ts';

describe('LogLimit', () => {
  it('should let a burst through per window, then count, and report the count with the next line', () => {
    let nowMs = 0;
    const limit = new LogLimit(() => nowMs, 2, 1_000);
    const seen = () => limit.admit();
    expect([seen(), seen(), seen(), seen()]).toEqual([{ log: true, suppressed: 0 }, { log: true, suppressed: 0 }, { log: false }, { log: false }]);
    nowMs = 999;
    expect(seen()).toEqual({ log: false });
    nowMs = 1_000;
    const next = seen();
    expect(next).toEqual({ log: true, suppressed: 3 });
    expect(LogLimit.fields(next as { log: true; suppressed: number })).toEqual({ suppressed: 3 });
    expect(LogLimit.fields({ log: true, suppressed: 0 })).toEqual({});
  });
});

const meshes: WsMesh[] = [];
afterEach(async () => { await Promise.all(meshes.splice(0).map((m) => m.close())); });

describe('a mesh flooded with wrong-key connections', () => {
  it('should log a few refusals, not one per attempt', async () => {
    const { logger, lines } = memoryLogger();
    // Ports in this worktree's range (8300-8399).
    const mesh = await createWsMesh({
      self: 'b', key: newKey(), logger, heartbeat: { intervalMs: 50, timeoutMs: 400 },
      nodes: [{ name: 'a', host: '127.0.0.1', port: 8310 }, { name: 'b', host: '127.0.0.1', port: 8311 }],
    });
    meshes.push(mesh);
    const attempts = 30;
    const failed = await Promise.allSettled(Array.from({ length: attempts }, () => rawClient(mesh.port, newKey(), 'a')));
    expect(failed.every((f) => f.status === 'rejected')).toBe(true);
    const refusals = () => lines.filter((l) => l.msg === 'refused peer during TLS handshake');
    await waitUntil('the first refusals logged', () => refusals().length >= 1);
    expect(refusals().length).toBeLessThanOrEqual(5);
    expect(refusals().every((l) => l['reason'] === 'wrong cluster key')).toBe(true);
  });
});
