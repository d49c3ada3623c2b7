// Helpers the catalogue's tests share: reading the view, waiting on processes.
import type { ClusterView } from '../../../daemon/view-types.ts';
import { resourceIn } from '../../../demo/local-cluster.ts';

/** The resource every test aims its fault at: the last member of the group `app` (ip, db, web). */
export const TARGET = 'web';
export const GROUP = ['ip', 'db', 'web'];

export function nodeState(v: ClusterView, node: string): string | undefined {
  return v.nodes.find((n) => n.name === node)?.state;
}

/** Where `web` (and so the group) runs. */
export function targetNode(v: ClusterView): string {
  const node = resourceIn(v, TARGET)?.node;
  if (node === undefined || node === null) throw new Error(`${TARGET} runs nowhere in the view: ${JSON.stringify(v.resources.map((r) => [r.id, r.state, r.node]))}`);
  return node;
}

export function fencedInView(v: ClusterView, node: string, afterMs = -Infinity): boolean {
  return v.fencing.some((f) => f.target === node && f.result === 'succeeded' && f.atMs > afterMs);
}

export function groupOn(v: ClusterView, node: string): boolean {
  return GROUP.every((id) => resourceIn(v, id)?.state === 'started' && resourceIn(v, id)?.node === node);
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
