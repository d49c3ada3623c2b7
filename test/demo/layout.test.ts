// The demo folder: the config derived from examples/cluster.yaml with absolute paths, the
// cluster key (made once, mode 0600), power files reset to on, per-node agent folders.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDocumentFile } from '../../src/config/load.ts';
import type { Primitive } from '../../src/config/model.ts';
import { daemonArgs, materializeDemo, powerFileOf, powerOn } from '../../src/demo/layout.ts';
import { loadClusterKey } from '../../src/transport/cluster-key.ts';

const EXAMPLE = new URL('../../examples/cluster.yaml', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'vigil-layout-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function fenceDevices(resources: { kind: string }[]): Primitive[] {
  return resources.filter((r): r is Primitive => r.kind === 'primitive' && (r as Primitive).class === 'stonith');
}

describe('materializeDemo', () => {
  it('should write a valid config whose paths all point into the demo folder', async () => {
    const dir = join(tmp, 'a');
    const layout = await materializeDemo({ source: EXAMPLE, dir });
    expect(layout.configFile).toBe(join(dir, 'cluster.yaml'));
    const { config } = await loadDocumentFile(layout.configFile);
    expect(config.cluster).toMatchObject({ name: 'demo', keyFile: join(dir, 'cluster.key'), stateDir: join(dir, 'state'), heartbeatIntervalMs: 200, heartbeatTimeoutMs: 1000 });
    expect(config.nodes.map((n) => `${n.name}@${n.address?.host}:${n.address?.port}`)).toEqual(['node1@127.0.0.1:7401', 'node2@127.0.0.1:7403', 'node3@127.0.0.1:7405']);
    expect(fenceDevices(config.resources).map((d) => [d.id, d.params['status_file']])).toEqual([
      ['fence-node1', join(dir, 'power', 'node1')], ['fence-node2', join(dir, 'power', 'node2')], ['fence-node3', join(dir, 'power', 'node3')],
    ]);
    expect(layout.nodes.map((n) => n.powerFile)).toEqual(['node1', 'node2', 'node3'].map((n) => join(dir, 'power', n)));
    for (const node of layout.nodes) {
      expect(readFileSync(node.powerFile, 'utf8')).toBe('on');
      expect(existsSync(node.rsctmpDir) && existsSync(node.runDir)).toBe(true);
      expect(node.rsctmpDir).toBe(join(dir, node.name, 'rsctmp'));
    }
    expect(existsSync(layout.stateDir)).toBe(true);
  });

  it('should keep the folder and its config private (the config holds fence parameters)', async () => {
    const dir = join(tmp, 'private');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'cluster.yaml'), 'old', { mode: 0o644 });
    const layout = await materializeDemo({ source: EXAMPLE, dir });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(layout.configFile).mode & 0o777).toBe(0o600);
  });

  it('should make the key once, mode 0600, and keep it across starts', async () => {
    const dir = join(tmp, 'b');
    const first = await materializeDemo({ source: EXAMPLE, dir });
    expect(statSync(first.keyFile).mode & 0o777).toBe(0o600);
    const key = await loadClusterKey(first.keyFile);
    const second = await materializeDemo({ source: EXAMPLE, dir });
    expect((await loadClusterKey(second.keyFile)).equals(key)).toBe(true);
  });

  it('should reset every power file to on at each start, and move ports with basePort', async () => {
    const dir = join(tmp, 'c');
    const first = await materializeDemo({ source: EXAMPLE, dir });
    writeFileSync(first.nodes[1]!.powerFile, 'off');
    const second = await materializeDemo({ source: EXAMPLE, dir, basePort: 20_000 });
    expect(readFileSync(second.nodes[1]!.powerFile, 'utf8')).toBe('on');
    expect(second.nodes.map((n) => n.port)).toEqual([20_000, 20_002, 20_004]);
    const { config } = await loadDocumentFile(second.configFile);
    expect(config.nodes.map((n) => n.address?.port)).toEqual([20_000, 20_002, 20_004]);
  });
});

describe('powerOn', () => {
  it('should empty the node\'s agent folders when wiping (a power cycle loses /run), and keep them otherwise', async () => {
    const layout = await materializeDemo({ source: EXAMPLE, dir: join(tmp, 'd') });
    const node = layout.nodes[0]!;
    writeFileSync(join(node.rsctmpDir, 'Dummy-web.state'), '');
    mkdirSync(join(node.runDir, 'sub'));
    writeFileSync(node.powerFile, 'off');
    await powerOn(node, { wipe: false });
    expect(existsSync(join(node.rsctmpDir, 'Dummy-web.state'))).toBe(true);
    await powerOn(node, { wipe: true });
    expect(existsSync(join(node.rsctmpDir, 'Dummy-web.state'))).toBe(false);
    expect(existsSync(join(node.runDir, 'sub'))).toBe(false);
    expect(existsSync(node.runDir)).toBe(true);
    expect(readFileSync(node.powerFile, 'utf8')).toBe('on');
  });
});

describe('daemonArgs and powerFileOf', () => {
  it('should give each daemon its config, node, agent folders and power file', async () => {
    const layout = await materializeDemo({ source: EXAMPLE, dir: join(tmp, 'e') });
    const node = layout.nodes[1]!;
    expect(daemonArgs(layout, node)).toEqual([
      'daemon', '--config', layout.configFile, '--node', 'node2',
      '--agent-env', `HA_RSCTMP=${join(layout.dir, 'node2', 'rsctmp')}`,
      '--agent-env', `HA_VARRUN=${join(layout.dir, 'node2', 'run')}/`,
      '--power-file', join(layout.dir, 'power', 'node2'),
      '--http', '127.0.0.1:0',
    ]);
  });

  it('should find the power file of the fence_dummy device that fences a node, else default one', async () => {
    const { config } = await loadDocumentFile(EXAMPLE);
    expect(powerFileOf(config, 'node3', '/d')).toBe('power/node3');
    expect(powerFileOf(config, 'node9', '/d')).toBe('/d/power/node9');
  });
});
