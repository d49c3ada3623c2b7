// The cluster a CTS test runs: examples/cluster.yaml (the demo's three nodes, group, clone,
// migratable vm, fence_dummy devices) with every OCF resource run by the ledger agent
// (ocf:vigil:LedgerDummy wraps ocf:heartbeat:Dummy, which also migrates), optionally on other
// node addresses (SplitBrain puts each node in its own network namespace).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadDocumentFile } from '../../config/load.ts';
import type { ClusterConfig, Primitive, Resource } from '../../config/model.ts';
import { writeYamlConfig } from '../../config/yaml/write.ts';
import { LEDGER_AGENT, REPO_ROOT } from './ocf-root.ts';

export const CTS_SOURCE_DEFAULT = join(REPO_ROOT, 'examples', 'cluster.yaml');

function wrapped(p: Primitive): Primitive {
  return p.class === 'ocf' ? { ...p, ...LEDGER_AGENT } : p;
}

function withLedgerAgent(r: Resource): Resource {
  if (r.kind === 'primitive') return wrapped(r);
  if (r.kind === 'group') return { ...r, children: r.children.map(wrapped) };
  if (r.kind === 'clone') return { ...r, child: withLedgerAgent(r.child) as Primitive };
  return r;
}

export interface CtsConfigOptions {
  /** Where to write the config (a .yaml file). */
  file: string;
  source?: string;
  /** Node i's host (default: as in the source). */
  hosts?: string[];
}

/** Writes the CTS variant of the source config to `file` and returns it. */
export async function writeCtsConfig(opts: CtsConfigOptions): Promise<ClusterConfig> {
  const { config } = await loadDocumentFile(opts.source ?? CTS_SOURCE_DEFAULT);
  const cts: ClusterConfig = {
    ...config,
    resources: config.resources.map(withLedgerAgent),
    nodes: config.nodes.map((n, i) => (opts.hosts?.[i] === undefined || n.address === undefined ? n : { ...n, address: { ...n.address, host: opts.hosts[i]! } })),
  };
  await writeFile(opts.file, `# Written by the CTS (src/testing/cts/config.ts) from ${opts.source ?? CTS_SOURCE_DEFAULT}.\n${writeYamlConfig({ config: cts, status: { nodes: [], history: [], quorum: true } })}`);
  return cts;
}
