// A cluster config on disk for the commands to find (its content is never parsed: the
// loaders are injected), and AdminDeps wired to a fake transport.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdminDeps } from '../../src/cli/control-client.ts';
import type { ClusterConfig } from '../../src/config/model.ts';
import type { AdminCommand, AdminResult } from '../../src/daemon/control-types.ts';
import { clusterConfig, clusterDocument, fakeSend, newKey } from './helpers.ts';

export const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
export const configFile = join(dir, 'cluster.yaml');
writeFileSync(configFile, '# stands in for a cluster config; the tests inject the loader\n');

export function deps(answer?: (command: AdminCommand) => AdminResult, config: ClusterConfig = clusterConfig()) {
  const fake = fakeSend(answer);
  const key = newKey();
  const keyFiles: string[] = [];
  const adminDeps: AdminDeps = {
    send: fake.send,
    loadDocument: async () => clusterDocument(config),
    loadKey: async (file) => {
      keyFiles.push(file);
      return key;
    },
    cwd: dir,
    env: { VIGIL_CONFIG: configFile },
  };
  return { deps: adminDeps, fake, key, keyFiles };
}
