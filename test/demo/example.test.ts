// examples/cluster.yaml, the demo's cluster: valid, with what README promises, and agents that
// can do what it asks of them (the vm migrates); and `vigil demo`'s option checks.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { loadDocumentFile } from '../../src/config/load.ts';
import type { Primitive } from '../../src/config/model.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const EXAMPLE = `${ROOT}examples/cluster.yaml`;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string) => { out += chunk; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => { err += chunk; return true; }) as typeof process.stderr.write;
  try {
    return { code: await runCli(args, ROOT), out, err };
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
}

describe('examples/cluster.yaml', () => {
  it('should pass vigil validate', async () => {
    expect(await cli(['validate', EXAMPLE])).toEqual({ code: 0, out: `${EXAMPLE}: valid (6 resources, 3 constraints, 3 nodes)\n`, err: '' });
  });

  it('should describe three loopback nodes, the app group, a clone, a migratable vm and a fence device per node', async () => {
    const { config } = await loadDocumentFile(EXAMPLE);
    expect(config.options).toMatchObject({ fencingEnabled: true, fencingAction: 'off', noQuorumPolicy: 'stop' });
    expect(config.resourceDefaults).toEqual({ 'resource-stickiness': '100', 'migration-threshold': '3', 'failure-timeout': '120s' });
    const [app, pinger, vm, ...fences] = config.resources;
    expect(app?.kind === 'group' && app.children.map((c) => `${c.id}=${c.provider}:${c.type}`)).toEqual(['ip=heartbeat:Dummy', 'db=heartbeat:Dummy', 'web=heartbeat:Dummy']);
    expect(app?.kind === 'group' && app.children.map((c) => c.params)).toEqual([{}, {}, {}]);
    expect(pinger).toMatchObject({ kind: 'clone', id: 'pinger', child: { provider: 'pacemaker', type: 'Dummy' } });
    expect(vm).toMatchObject({ id: 'vm', provider: 'pacemaker', type: 'Dummy', meta: { 'allow-migrate': 'true' } });
    expect((fences as Primitive[]).map((f) => [f.id, f.class, f.type, f.params['pcmk_host_list']])).toEqual([
      ['fence-node1', 'stonith', 'fence_dummy', 'node1'], ['fence-node2', 'stonith', 'fence_dummy', 'node2'], ['fence-node3', 'stonith', 'fence_dummy', 'node3'],
    ]);
    expect(config.constraints.map((c) => c.kind === 'location' && [c.resource, c.node, c.score])).toEqual([
      ['fence-node1', 'node1', -1_000_000], ['fence-node2', 'node2', -1_000_000], ['fence-node3', 'node3', -1_000_000],
    ]);
  });

  it('should give the vm an agent that supports migrate_to and migrate_from', () => {
    const metadata = execFileSync('/usr/lib/ocf/resource.d/pacemaker/Dummy', ['meta-data'], { env: { ...process.env, OCF_ROOT: '/usr/lib/ocf' }, encoding: 'utf8' });
    expect(metadata).toMatch(/<action name="migrate_to"/);
    expect(metadata).toMatch(/<action name="migrate_from"/);
  });
});

describe('vigil demo options', () => {
  it('should be listed in vigil --help', async () => {
    expect((await cli(['--help'])).out).toMatch(/\n {2}demo {7}run a three-node demo cluster/);
  });

  it.each([
    [['--duration', 'soon'], '--duration soon: expected a duration such as 30s or 2m'],
    [['--base-port', '70000'], '--base-port 70000: expected a port from 1 to 65000'],
    [['--dir'], '--dir needs a value'],
    [['extra'], 'unexpected argument extra'],
  ])('should refuse %j with a usage error', async (args, message) => {
    const result = await cli(['demo', ...args]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`vigil demo: ${message}`);
  });
});
