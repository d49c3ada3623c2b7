// Finding the cluster: --config, $VIGIL_CONFIG, the demo's config, /etc/vigil; then the key
// (relative to the config) and the control addresses.
import { describe, expect, it } from 'vitest';
import { ClusterTargetError, DEMO_CONFIG_PATH, SYSTEM_CONFIG_PATH, loadClusterTarget, resolveConfigPath } from '../../src/cli/config-path.ts';
import { clusterConfig, clusterDocument } from './helpers.ts';

const files = (...present: string[]) => (path: string) => present.includes(path);

describe('resolveConfigPath', () => {
  it('should prefer --config, then $VIGIL_CONFIG, then the demo, then /etc/vigil', () => {
    const all = files('/w/mine.yaml', '/w/env.yaml', `/w/${DEMO_CONFIG_PATH}`, SYSTEM_CONFIG_PATH);
    expect(resolveConfigPath({ config: 'mine.yaml' }, '/w', { VIGIL_CONFIG: 'env.yaml' }, all)).toBe('/w/mine.yaml');
    expect(resolveConfigPath({}, '/w', { VIGIL_CONFIG: 'env.yaml' }, all)).toBe('/w/env.yaml');
    expect(resolveConfigPath({}, '/w', {}, all)).toBe(`/w/${DEMO_CONFIG_PATH}`);
    expect(resolveConfigPath({}, '/w', { VIGIL_CONFIG: '' }, files(SYSTEM_CONFIG_PATH))).toBe(SYSTEM_CONFIG_PATH);
  });

  it('should not fall back when a named file is missing', () => {
    const all = files(`/w/${DEMO_CONFIG_PATH}`);
    expect(() => resolveConfigPath({ config: 'x.yaml' }, '/w', {}, all)).toThrow('--config x.yaml: the file does not exist (looked at /w/x.yaml) — fix: check the path');
    expect(() => resolveConfigPath({}, '/w', { VIGIL_CONFIG: '/etc/nope.yaml' }, all)).toThrow('$VIGIL_CONFIG=/etc/nope.yaml: the file does not exist');
  });

  it('should list every place looked at and the fix when nothing is found', () => {
    let error: unknown;
    try {
      resolveConfigPath({}, '/w', {}, files());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClusterTargetError);
    const message = (error as Error).message;
    expect(message).toContain(`/w/${DEMO_CONFIG_PATH}  (missing)`);
    expect(message).toContain(`${SYSTEM_CONFIG_PATH}  (missing)`);
    expect(message).toContain("fix: pass --config FILE or set VIGIL_CONFIG, or run 'npm start'");
  });
});

describe('loadClusterTarget', () => {
  it('should read the key named by cluster.keyFile, relative to the config, and use control ports', async () => {
    const config = clusterConfig();
    config.cluster!.keyFile = 'keys/cluster.key';
    delete config.nodes[1]!.address;
    const read: string[] = [];
    const target = await loadClusterTarget('/srv/vigil/cluster.yaml', { loadDocument: async () => clusterDocument(config), loadKey: async (f) => { read.push(f); return Buffer.alloc(32, 1); } });
    expect(read).toEqual(['/srv/vigil/keys/cluster.key']);
    expect(target.addresses).toEqual([{ name: 'n1', host: '127.0.0.1', port: 7101 }, { name: 'n3', host: '127.0.0.1', port: 7121 }]);
    expect(target.key).toEqual(Buffer.alloc(32, 1));
  });

  it('should refuse a config without a cluster section or without addresses', async () => {
    const noCluster = clusterConfig();
    delete noCluster.cluster;
    const loadKey = async () => Buffer.alloc(32);
    await expect(loadClusterTarget('/c.yaml', { loadDocument: async () => clusterDocument(noCluster), loadKey })).rejects.toThrow('/c.yaml: this config has no cluster: section; vigil status needs a cluster config (see README)');
    const noAddress = clusterConfig();
    for (const node of noAddress.nodes) delete node.address;
    await expect(loadClusterTarget('/c.yaml', { loadDocument: async () => clusterDocument(noAddress), loadKey })).rejects.toThrow('no node has an address');
  });
});
