// The whole path, nothing injected: a YAML cluster config with a key file on disk, a control
// server on 127.0.0.1 with a fake handler, and the real commands finding it through --config.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResourceCommand } from '../../src/cli/commands/resource.ts';
import { createStatusCommand } from '../../src/cli/commands/status.ts';
import { formatStatus } from '../../src/cli/status-format.ts';
import { createControlServer, type ControlServer } from '../../src/daemon/control-server.ts';
import type { AdminCommand } from '../../src/daemon/control-types.ts';
import { loadClusterKey, writeClusterKey } from '../../src/transport/cluster-key.ts';
import { capture, memoryLogger } from './helpers.ts';
import { realisticView } from './view-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
const file = join(dir, 'cluster.yaml');
const seen: AdminCommand[] = [];
let server: ControlServer;

beforeAll(async () => {
  await writeClusterKey(join(dir, 'cluster.key'));
  const key = await loadClusterKey(join(dir, 'cluster.key'));
  server = await createControlServer({
    host: '127.0.0.1', port: 0, key, logger: memoryLogger().logger,
    handler: {
      async handle(command) {
        seen.push(command);
        return command.type === 'status' ? { ok: true, message: '', view: realisticView() } : { ok: true, message: `${command.type} accepted` };
      },
    },
  });
  // n1's daemon is down (nothing listens on its control port); n2's control port is the server's.
  const downPort = server.port === 2 ? 4 : server.port - 2;
  writeFileSync(file, [
    'cluster:',
    '  name: demo',
    '  key-file: cluster.key',
    'nodes:',
    `  - { name: n1, address: "127.0.0.1:${downPort - 1}" }`,
    `  - { name: n2, address: "127.0.0.1:${server.port - 1}" }`,
    'resources: []',
    '',
  ].join('\n'));
});

afterAll(async () => {
  await server.close();
});

describe('vigil status and resource, end to end', () => {
  it('should read the YAML config and key, skip the node that is down, and print the status', async () => {
    const io = capture();
    const code = await createStatusCommand({ color: false, cwd: '/' }).run(['--config', file], io.ctx);
    expect(io.err).toEqual([]);
    expect(code).toBe(0);
    expect(io.out).toEqual([formatStatus(realisticView(), { color: false })]);
  });

  it('should deliver a resource command and print its answer', async () => {
    const io = capture();
    expect(await createResourceCommand({ cwd: '/' }).run(['ban', 'web', 'n1', '--config', file], io.ctx)).toBe(0);
    expect(io.out).toEqual(['resource.ban accepted']);
    expect(seen.at(-1)).toEqual({ type: 'resource.ban', resource: 'web', node: 'n1' });
  });
});
