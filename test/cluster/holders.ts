// Who runs a resource, judged from outside the daemons: a node holds `ip` while its agent's
// state file exists (ocf:heartbeat:Dummy keeps HA_RSCTMP/Dummy-ip.state), its power is on and
// its daemon process has not died. A watcher samples that every few milliseconds and records
// every moment two nodes held the resource at once.
//
// Sound ordering: the state files are read first, power and liveness after. Power only goes
// off and a dead daemon stays dead while watching, so "on and alive" read later was also true
// when the files were read.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalCluster } from '../../src/demo/local-cluster.ts';

const SAMPLE_MS = 20;

export interface HolderSample {
  atMs: number;
  holders: string[];
}

export interface HolderWatch {
  /** Samples in which more than one node held the resource. */
  readonly overlaps: HolderSample[];
  /** Every distinct holder set seen, in order (for messages). */
  readonly history: HolderSample[];
  stop(): void;
}

/** The nodes whose agents' state file for `resource` (ocf:heartbeat:Dummy) exists. */
export function stateFileHolders(cluster: LocalCluster, resource: string): string[] {
  return cluster.layout.nodes.filter((n) => existsSync(join(n.rsctmpDir, `Dummy-${resource}.state`))).map((n) => n.name);
}

export function holdersNow(cluster: LocalCluster, resource: string): string[] {
  const withFile = stateFileHolders(cluster, resource);
  return withFile.filter((name) => cluster.poweredOn(name) && cluster.alive(name));
}

export function watchHolders(cluster: LocalCluster, resource: string): HolderWatch {
  const overlaps: HolderSample[] = [];
  const history: HolderSample[] = [];
  const timer = setInterval(() => {
    const sample = { atMs: Date.now(), holders: holdersNow(cluster, resource) };
    if (sample.holders.length > 1) overlaps.push(sample);
    if (history.at(-1)?.holders.join() !== sample.holders.join()) history.push(sample);
  }, SAMPLE_MS);
  return { overlaps, history, stop: () => clearInterval(timer) };
}
