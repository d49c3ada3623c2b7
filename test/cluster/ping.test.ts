// Debian's unmodified ocf:pacemaker:ping on three real daemons sets pingd through vigil's
// attrd_updater: 1000 where its address answers, 0 on node2 whose address does not, so the
// location rule on pingd keeps web off node2 although web prefers it. Stopped, ping deletes
// its attribute (attrd_updater -D), and web stays off a node without pingd.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendControl } from '../../src/cli/control-client.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { freeBasePort, LocalCluster, resourceIn as where } from '../../src/demo/local-cluster.ts';

const PORTS = [8460, 8499] as const;
let cluster: LocalCluster;

const pingd = (v: ClusterView, node: string) => v.nodes.find((n) => n.name === node)?.attributes?.find((a) => a.name === 'pingd')?.value;
const webOffNode2 = (v: ClusterView) => where(v, 'web')?.state === 'started' && where(v, 'web')?.node !== 'node2';

describe('ocf:pacemaker:ping and a location rule on pingd, on three daemons', () => {
  beforeAll(async () => {
    cluster = await LocalCluster.start({ source: join(import.meta.dirname, 'fixtures', 'ping.yaml'), basePort: await freeBasePort(...PORTS) });
  }, 30_000);

  afterAll(() => cluster?.stop(), 30_000);

  it('should set pingd from what answers on each node and keep web off the node whose address does not answer', async () => {
    const v = await cluster.until('pingd on every node and web running', (view) =>
      ['node1', 'node2', 'node3'].every((n) => pingd(view, n) !== undefined) && webOffNode2(view));
    expect(['node1', 'node2', 'node3'].map((n) => pingd(v, n))).toEqual(['1000', '0', '1000']);
    expect(['node1', 'node3']).toContain(where(v, 'web')!.node);

    const addresses = cluster.layout.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port + 1 }));
    expect((await sendControl({ addresses, key: cluster.key, command: { type: 'resource.stop', resource: 'ping-node2' } })).result).toMatchObject({ ok: true });
    const after = await cluster.until('ping-node2 stopped and its pingd deleted', (view) =>
      where(view, 'ping-node2')?.node === null && pingd(view, 'node2') === undefined);
    expect(webOffNode2(after)).toBe(true);
  }, 120_000);
});
