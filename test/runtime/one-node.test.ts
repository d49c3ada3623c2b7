// The one-node runtime with Debian's real agents: resources probed, started in order,
// monitored, recovered when their state file disappears, stopped in reverse order; a bad
// configuration refused before anything runs.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.ts';
import { loadDocumentFile } from '../../src/config/load.ts';
import { createLogger } from '../../src/runtime/logger.ts';
import { OneNodeRuntime } from '../../src/runtime/one-node.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function memoryLog() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({ write(chunk, _enc, cb) { lines.push(JSON.parse(String(chunk))); cb(); } });
  return { lines, log: createLogger({ destination, level: 'debug' }) };
}

async function setup(yaml: (dir: string) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-run-'));
  dirs.push(dir);
  const file = join(dir, 'cluster.yaml');
  writeFileSync(file, yaml(dir));
  const { lines, log } = memoryLog();
  const doc = await loadDocumentFile(file);
  return { dir, file, lines, doc, log };
}

const demo = (dir: string) => `
options: { fencing-enabled: false }
nodes: [ { name: node1 } ]
resources:
  - group: app
    resources:
      - primitive: first
        agent: ocf:heartbeat:Dummy
        params: { state: ${dir}/first.state }
        operations: [ { name: monitor, interval: 1s, timeout: 10s } ]
      - primitive: second
        agent: ocf:pacemaker:Dummy
        params: { state: ${dir}/second.state }
        operations: [ { name: monitor, interval: 1s, timeout: 10s } ]
  - primitive: off
    agent: ocf:heartbeat:Dummy
    params: { state: ${dir}/off.state }
    meta: { target-role: Stopped }
`;

describe('vigil run: the one-node runtime', () => {
  it('starts in order, recovers a resource whose state file vanished, stops in reverse order', async () => {
    const { dir, file, lines, doc, log } = await setup(demo);
    const rt = await OneNodeRuntime.create({ file, doc, node: 'node1', log });
    await rt.start();
    expect(rt.summary()).toEqual({ first: 'started', second: 'started', off: 'stopped' });
    expect(existsSync(join(dir, 'first.state')) && existsSync(join(dir, 'second.state'))).toBe(true);
    expect(existsSync(join(dir, 'off.state'))).toBe(false);
    const starts = lines.filter((l) => l['msg'] === 'operation done' && l['op'] === 'start').map((l) => l['resource']);
    expect(starts).toEqual(['first', 'second']);

    rmSync(join(dir, 'first.state'));
    // The scheduler recovers it in place, and restarts what its group orders after it.
    await rt.until(() => rt.instances()['first']?.failCount === 1 && rt.state('first') === 'started' && rt.state('second') === 'started'
      && lines.filter((l) => l['msg'] === 'operation done' && l['op'] === 'start').length === 4);
    expect(existsSync(join(dir, 'first.state'))).toBe(true);
    expect(lines.some((l) => l['resource'] === 'first' && l['state'] === 'monitor-failed' && l['rc'] === 7)).toBe(true);
    const recovery = lines.filter((l) => l['msg'] === 'operation done' && (l['op'] === 'start' || l['op'] === 'stop')).slice(2).map((l) => `${String(l['op'])} ${String(l['resource'])}`);
    expect(recovery).toEqual(['stop second', 'stop first', 'start first', 'start second']);

    await rt.shutdown(false);
    expect(rt.summary()).toEqual({ first: 'stopped', second: 'stopped', off: 'stopped' });
    const stops = lines.filter((l) => l['msg'] === 'operation done' && l['op'] === 'stop').map((l) => l['resource']);
    expect(stops.slice(-2)).toEqual(['second', 'first']);
    expect(existsSync(join(dir, 'first.state')) || existsSync(join(dir, 'second.state'))).toBe(false);
  });

  it('keeps a resource at migration-threshold stopped, as the scheduler decides, and starts it again once failure-timeout expires', async () => {
    const { dir, file, lines, doc, log } = await setup((d) => `
options: { fencing-enabled: false }
nodes: [ { name: node1 } ]
resources:
  - primitive: solo
    agent: ocf:heartbeat:Dummy
    params: { state: ${d}/solo.state }
    meta: { migration-threshold: 1, failure-timeout: 2s }
    operations: [ { name: monitor, interval: 1s, timeout: 10s } ]
`);
    const rt = await OneNodeRuntime.create({ file, doc, node: 'node1', log });
    await rt.start();
    rmSync(join(dir, 'solo.state'));
    // Banned from its only node: stopped, not restarted.
    await rt.until(() => rt.instances()['solo']?.failCount === 1 && rt.state('solo') === 'stopped');
    expect(lines.filter((l) => l['msg'] === 'operation done' && l['op'] === 'start')).toHaveLength(1);
    expect(lines.some((l) => String(l['msg']).startsWith('recovery:') && JSON.stringify(l['summary']).includes('Stop solo'))).toBe(true);
    // The one recheck timer fires at the expiry: the scheduler starts it again.
    await rt.until(() => rt.state('solo') === 'started' && rt.instances()['solo']?.failCount === 0);
    expect(existsSync(join(dir, 'solo.state'))).toBe(true);
    await rt.shutdown(false);
  });

  it('leaves resources running with --leave-running, and the next run probes them as started', async () => {
    const { dir, file, doc, log } = await setup(demo);
    const rt = await OneNodeRuntime.create({ file, doc, node: 'node1', log });
    await rt.start();
    await rt.shutdown(true);
    expect(existsSync(join(dir, 'first.state'))).toBe(true);
    const again = memoryLog();
    const rt2 = await OneNodeRuntime.create({ file, doc, node: 'node1', log: again.log });
    await rt2.start();
    expect(rt2.summary()).toEqual({ first: 'started', second: 'started', off: 'stopped' });
    // Found running by the probe: no start was needed.
    expect(again.lines.filter((l) => l['op'] === 'start')).toEqual([]);
    await rt2.shutdown(false);
  });

  it('refuses a configuration with a wrong parameter or a missing agent before anything runs', async () => {
    const { dir, file, doc, log } = await setup((d) => `
nodes: [ node1 ]
resources:
  - primitive: a
    agent: ocf:heartbeat:Dummy
    params: { stat: ${d}/a.state }
  - primitive: b
    agent: ocf:heartbeat:NoSuchAgent
`);
    const err = await OneNodeRuntime.create({ file, doc, node: 'node1', log }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const text = (err as ConfigError).format();
    expect(text).toContain('resources.a.params.stat');
    expect(text).toContain("rename 'stat' to 'state'");
    expect(text).toContain('resources.b.agent');
    expect(existsSync(join(dir, 'a.state'))).toBe(false);
  });
});
