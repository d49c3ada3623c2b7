// /metrics of real daemons (the demo's cluster: three daemons on loopback, real agents,
// fence_dummy as each node's power switch): Prometheus' own `promtool check metrics` accepts
// what every daemon serves, the cluster's state is in it, and fencing a node by hand makes
// its counter go up on the daemons that are left.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageUrl } from '../../src/demo/layout.ts';
import { allRunning, freeBasePort, LocalCluster } from '../../src/demo/local-cluster.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);
/** Ports 8100-8199 belong to this test: mesh and control at base + 2i (+1), pages at base + 6 + i. */
const PORTS = [8100, 8190] as const;

let cluster: LocalCluster;
let configDir: string;

beforeAll(async () => {
  // The demo's cluster with a heartbeat timeout that a loaded test machine cannot miss: a
  // daemon fenced while the cluster forms would leave nothing to compare.
  configDir = mkdtempSync(join(tmpdir(), 'vigil-metrics-'));
  const source = join(configDir, 'cluster.yaml');
  const demo = readFileSync(join(ROOT, 'examples', 'cluster.yaml'), 'utf8');
  writeFileSync(source, demo.replace(/heartbeat: \{[^}]*\}/, 'heartbeat: { interval: 500ms, timeout: 10s }\n  election-tick: 500ms'));
  // Five nodes' width of free ports: the three daemons' six, and their three status pages.
  cluster = await LocalCluster.start({ source, basePort: await freeBasePort(PORTS[0], PORTS[1], 5), http: 'fixed' });
  await cluster.until('every resource runs', (v) => allRunning(v) && v.nodes.every((n) => n.state === 'online'), { timeoutMs: 60_000 });
}, 90_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(configDir, { recursive: true, force: true });
}, 30_000);

async function scrape(node: string): Promise<{ status: number; type: string; text: string }> {
  const res = await fetch(`${pageUrl(cluster.node(node))}/metrics`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

/** The value of one sample (`name{labels} value`), or undefined when it is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('/metrics of real daemons', () => {
  it('should serve what promtool check metrics accepts, on every daemon', async () => {
    for (const node of ['node1', 'node2', 'node3']) {
      const { status, type, text } = await scrape(node);
      expect(status).toBe(200);
      expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
      const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect({ node, status: check.status, problems: `${check.stdout}${check.stderr}`.trim() }).toEqual({ node, status: 0, problems: '' });
    }
  });

  it('should report nodes, resources, the coordinator, its epoch, quorum and agent latency', async () => {
    const view = (await cluster.view())!;
    const { text } = await scrape('node1');
    expect(sample(text, 'vigil_nodes', { state: 'online' })).toBe(3);
    expect(sample(text, 'vigil_quorum')).toBe(1);
    expect(sample(text, 'vigil_coordinator_epoch')).toBe(view.epoch);
    expect(sample(text, 'vigil_coordinator', { node: view.coordinator! })).toBe(1);
    expect(sample(text, 'vigil_is_coordinator')).toBe(view.coordinator === 'node1' ? 1 : 0);
    const ip = view.resources.find((r) => r.id === 'ip')!;
    expect(sample(text, 'vigil_resources', { resource: 'ip', node: ip.node!, role: 'started' })).toBe(1);
    expect(sample(text, 'vigil_resource_failcount', { resource: 'ip', node: ip.node! })).toBe(0);
    // Every node probed every resource: its own daemon timed those monitors.
    expect(sample(text, 'vigil_agent_operation_duration_seconds_count', { action: 'monitor', outcome: 'not-running' })).toBeGreaterThan(0);
    expect(sample(text, 'vigil_transitions_total')).toBeGreaterThanOrEqual(0);
  });

  it('should count a fence of a node on the daemons that are left', async () => {
    const view = (await cluster.view())!;
    // Neither the coordinator (it records the result) nor the daemon scraped.
    const [scraped, target] = ['node1', 'node2', 'node3'].filter((n) => n !== view.coordinator);
    const labels = { target: target!, action: 'off', result: 'succeeded' };
    const before = sample((await scrape(scraped!)).text, 'vigil_fencing_operations_total', labels) ?? 0;
    await run(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), 'fence', target!, '--config', cluster.layout.configFile], { cwd: ROOT });
    await cluster.until(`${target}'s fence is in the status`, (v) => v.fencing.some((f) => f.target === target && f.result === 'succeeded'));
    expect(readFileSync(cluster.node(target!).powerFile, 'utf8').trim()).toBe('off');
    const after = await scrape(scraped!);
    expect(sample(after.text, 'vigil_fencing_operations_total', labels)).toBe(before + 1);
    expect(spawnSync('promtool', ['check', 'metrics'], { input: after.text }).status).toBe(0);
  }, 60_000);
});
