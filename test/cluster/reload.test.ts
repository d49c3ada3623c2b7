// A changed definition of a running resource on three real daemons, as Pacemaker carries it
// out, with Debian's unmodified ocf:heartbeat:Dummy (OCF 1.0: its `reload` action, `state`
// unique, `fake` not). Changing `fake` reloads it where it runs: the agent's reload runs, no
// stop, no start. Changing `state` restarts it: stopped with the old state file (gone), started
// with the new one (there). Each step is read from the daemons' ledgers.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendControl } from '../../src/cli/control-client.ts';
import type { ClusterView } from '../../src/daemon/view-types.ts';
import { freeBasePort, LocalCluster, resourceIn as where } from '../../src/demo/local-cluster.ts';
import type { LedgerEntry, OpCompleted, OpInvoked } from '../../src/ledger/types.ts';

type OpEntry = (OpInvoked | OpCompleted) & { seq: number; atMs: number };
import { opDigest } from '../../src/scheduler/digest.ts';
import { loadYamlConfig } from '../../src/config/yaml/load.ts';
import { mergeLedgers, parseLedgerLines } from '../../src/testing/cts/ledger-merge.ts';
import { checkParams } from '../../src/testing/ledger-checker/index.ts';

const PORTS = [8100, 8199] as const;
let cluster: LocalCluster;
let dir: string;

/** The config with `params`; `addresses` of the nodes as laid out (the file applied keeps the running cluster section). */
function configText(params: { state: string; fake: string }, addresses = ['127.0.0.1:8100', '127.0.0.1:8102', '127.0.0.1:8104'], withCluster = true): string {
  const clusterSection = `cluster:
  name: reload
  key-file: cluster.key
  heartbeat: { interval: 200ms, timeout: 1s }
`;
  return `${withCluster ? clusterSection : ''}options:
  fencing-enabled: false
nodes:
${addresses.map((a, i) => `  - { name: node${i + 1}, address: "${a}" }`).join('\n')}
resources:
  - primitive: dummy
    agent: ocf:heartbeat:Dummy
    params: { state: "${params.state}", fake: "${params.fake}" }
    operations:
      - { name: monitor, interval: 2s, timeout: 20s }
`;
}

/** Every lifecycle operation of `dummy` in the daemons' ledgers (merged by time). */
function dummyOps(): OpEntry[] {
  const entries = cluster.layout.nodes.flatMap((n) => {
    const file = join(dir, `${n.name}.ledger`);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LedgerEntry);
  });
  return entries.filter((e): e is OpEntry => (e.kind === 'op.invoked' || e.kind === 'op.completed') && e.instance === 'dummy' && !(e.op === 'monitor' && e.probe !== true))
    .sort((a, b) => a.atMs - b.atMs);
}

async function apply(params: { state: string; fake: string }): Promise<void> {
  const text = configText(params, cluster.layout.nodes.map((n) => `${n.host}:${n.port}`), false);
  const addresses = cluster.layout.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port + 1 }));
  const { result } = await sendControl({ addresses, key: cluster.key, command: { type: 'config.apply', file: 'reload.yaml', text } });
  expect(result, JSON.stringify(result)).toMatchObject({ ok: true });
}

const settled = (v: ClusterView) => v.settled === true && where(v, 'dummy')?.state === 'started';

describe('a changed definition of a running ocf:heartbeat:Dummy, on three daemons', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-reload-'));
    const source = join(dir, 'reload.yaml');
    writeFileSync(source, configText({ state: join(dir, 'one.state'), fake: 'one' }));
    cluster = await LocalCluster.start({
      source, basePort: await freeBasePort(...PORTS),
      command: (node, argv) => [...argv, '--ledger', join(dir, `${node.name}.ledger`)],
    });
  }, 30_000);

  afterAll(async () => {
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('should reload it in place for a changed fake, and restart it with the new state file for a changed state', async () => {
    const first = await cluster.until('dummy running', settled);
    const node = where(first, 'dummy')!.node!;
    expect(existsSync(join(dir, 'one.state'))).toBe(true);

    const before = dummyOps().length;
    await apply({ state: join(dir, 'one.state'), fake: 'two' });
    await cluster.until('the reload settled', (v) => settled(v) && dummyOps().slice(before).some((e) => e.kind === 'op.completed' && e.op === 'reload-agent'));
    const reload = dummyOps().slice(before);
    expect(reload.map((e) => `${e.kind} ${e.op} ${e.node}`)).toEqual([`op.invoked reload-agent ${node}`, `op.completed reload-agent ${node}`]);
    const reloaded = reload.find((e) => e.kind === 'op.completed')!;
    expect(reloaded).toMatchObject({ outcome: 'ok', paramsDigest: opDigest({ state: join(dir, 'one.state'), fake: 'two' }) });
    // rc 0: the node ran Dummy's own `reload` (asked for reload-agent, which it lacks, it would answer 3).
    expect(cluster.log(node).some((l) => l['op'] === 'reload-agent' && l['rc'] === 0), 'the daemon ran the agent\'s reload').toBe(true);
    expect(existsSync(join(dir, 'one.state'))).toBe(true);

    const mid = dummyOps().length;
    await apply({ state: join(dir, 'two.state'), fake: 'two' });
    const after = await cluster.until('the restart settled', (v) => settled(v) && existsSync(join(dir, 'two.state')));
    const restart = dummyOps().slice(mid).filter((e) => e.kind === 'op.completed').map((e) => `${e.op} ${e.node}`);
    expect(restart[0]).toBe(`stop ${node}`);
    expect(restart.at(-1)).toBe(`start ${where(after, 'dummy')!.node}`);
    expect(restart.some((o) => o.startsWith('reload')), 'a unique parameter is never reloaded').toBe(false);
    expect(existsSync(join(dir, 'one.state')), 'the old state file went with the stop').toBe(false);
    expect(existsSync(join(dir, 'two.state'))).toBe(true);

    // The ledger checker agrees: settled, dummy runs with the configured parameters (and would
    // say so, were the config still the one before the restart).
    const merged = mergeLedgers(cluster.layout.nodes.map((n) => ({ kind: 'daemon' as const, name: n.name, lines: parseLedgerLines(readFileSync(join(dir, `${n.name}.ledger`), 'utf8'), n.name) })));
    const judged = (params: { state: string; fake: string }) => checkParams(merged, { doc: loadYamlConfig(configText(params), 'reload.yaml'), quorumStopBoundMs: 0, quietPeriodMs: 0 });
    expect(judged({ state: join(dir, 'two.state'), fake: 'two' })).toEqual([]);
    expect(judged({ state: join(dir, 'one.state'), fake: 'two' }).map((v) => v.invariant)).toEqual(['stale-params']);
  }, 120_000);
});
