// Node attributes on three real daemon processes with Debian's unmodified agents: the
// ocf:pacemaker:attribute clone sets pingd on every node through vigil's attrd_updater, and
// ocf:pacemaker:Stateful its promotion score through crm_attribute --promotion; when
// its instance on web's node stops (pingd=0 there), the location rule on pingd moves web away.
// `vigil node attribute` (the real CLI) sets a permanent attribute that an agent's
// crm_attribute -G then reads, and `vigil status --json` shows both kinds.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendControl } from '../../src/cli/control-client.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { freeBasePort, LocalCluster, resourceIn as where } from '../../src/demo/local-cluster.ts';
import { makeOcfRoot } from '../../src/testing/cts/ocf-root.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');
const PORTS = [8400, 8460] as const;
let cluster: LocalCluster;
let ocfRoot: string;

const attribute = (v: ClusterView, node: string, name: string) => v.nodes.find((n) => n.name === node)?.attributes?.find((a) => a.name === name);
const pingd = (v: ClusterView, node: string) => attribute(v, node, 'pingd')?.value;

async function control(command: Parameters<typeof sendControl>[0]['command']) {
  const addresses = cluster.layout.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port + 1 }));
  return (await sendControl({ addresses, key: cluster.key, command })).result;
}

/** The real `vigil` command against this cluster. */
async function vigil(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin', 'vigil.mjs'), ...args, '--config', cluster.layout.configFile], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** What the probe agent last read (its monitor runs every second on node1). */
function probed(): string | undefined {
  const file = join(cluster.node('node1').rsctmpDir, 'AttrProbe-probe.out');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

describe('node attributes on three daemons with real agents', () => {
  beforeAll(async () => {
    ocfRoot = await makeOcfRoot(await mkdtemp(join(tmpdir(), 'vigil-attr-ocf-')));
    await mkdir(join(ocfRoot, 'resource.d', 'vigiltest'));
    await symlink(join(FIXTURES, 'AttrProbe'), join(ocfRoot, 'resource.d', 'vigiltest', 'AttrProbe'));
    cluster = await LocalCluster.start({
      source: join(FIXTURES, 'attributes.yaml'), basePort: await freeBasePort(...PORTS),
      command: (_node, argv) => [...argv, '--ocf-root', ocfRoot],
    });
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
    await rm(ocfRoot, { recursive: true, force: true });
  }, 30_000);

  it('should move web off the node whose ocf:pacemaker:attribute instance set pingd to 0', async () => {
    const before = await cluster.until('pingd=1000 on every node and web on node2', (v) =>
      ['node1', 'node2', 'node3'].every((n) => pingd(v, n) === '1000') && where(v, 'web')?.state === 'started' && where(v, 'web')?.node === 'node2');
    expect(attribute(before, 'node2', 'pingd')).toEqual({ name: 'pingd', value: '1000', lifetime: 'reboot' });
    // ocf:pacemaker:Stateful's start set its promotion score through crm_attribute --promotion.
    const scored = await cluster.until('a promotion score on every node', (v) => ['node1', 'node2', 'node3'].every((n) => attribute(v, n, 'master-stateful') !== undefined));
    expect(['node1', 'node2', 'node3'].map((n) => attribute(scored, n, 'master-stateful'))).toEqual(Array(3).fill({ name: 'master-stateful', value: '5', lifetime: 'reboot' }));

    expect(await control({ type: 'resource.ban', resource: 'connected', node: 'node2' })).toMatchObject({ ok: true });
    const after = await cluster.until('pingd=0 on node2 and web elsewhere', (v) =>
      pingd(v, 'node2') === '0' && where(v, 'web')?.state === 'started' && where(v, 'web')?.node !== 'node2');
    expect(['node1', 'node3']).toContain(where(after, 'web')!.node);
    expect([pingd(after, 'node1'), pingd(after, 'node3')]).toEqual(['1000', '1000']);
  }, 90_000);

  it('should let an agent\'s crm_attribute -G read what vigil node attribute set, and show it in vigil status --json', async () => {
    await cluster.until('probe runs', (v) => where(v, 'probe')?.state === 'started');
    await waitFor('the probe to find no site yet', () => probed() === 'rc=105');

    const set = await vigil(['node', 'attribute', 'node1', 'site', 'east']);
    expect(set).toMatchObject({ code: 0, stdout: 'site=east on node1 (forever)\n' });
    await waitFor('the probe to read site=east', () => probed() === 'east rc=0');

    const status = await vigil(['status', '--json']);
    const view = JSON.parse(status.stdout) as ClusterView;
    expect(attribute(view, 'node1', 'site')).toEqual({ name: 'site', value: 'east', lifetime: 'forever' });
    const read = await vigil(['node', 'attribute', 'node1', 'site']);
    expect(read).toMatchObject({ code: 0, stdout: 'site=east (forever)\n' });
  }, 90_000);
});

async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(probed())})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
