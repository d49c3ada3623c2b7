// SimultaneousStart: every daemon is stopped (one after the other), then all are started at the
// same moment: one coordinator, each resource started once. SimultaneousStop: every daemon is
// asked to stop at the same moment: each stops what it runs (no agent state file is left on
// any node), then all are started again.
import { readdirSync } from 'node:fs';
import { GROUP } from './common.ts';
import { invoked } from '../evidence.ts';
import type { CtsRun } from '../run.ts';
import type { CtsTest } from '../types.ts';
import { startDaemon, stopDaemon } from './restart-one-by-one.ts';

async function startAll(run: CtsRun): Promise<number> {
  const atMs = Date.now();
  for (const node of run.nodes) startDaemon(run, node);
  run.healed();
  await run.settled('every daemon is back and everything runs');
  return atMs;
}

/** The Dummy state files left on the nodes (what still runs), as `instance@node`. */
function leftRunning(run: CtsRun): string[] {
  return run.nodes.flatMap((node) => readdirSync(run.cluster.node(node).rsctmpDir)
    .filter((f) => f.startsWith('Dummy-') && f.endsWith('.state')).map((f) => `${f.slice('Dummy-'.length, -'.state'.length)}@${node}`));
}

export const simultaneousStart: CtsTest = {
  name: 'SimultaneousStart',
  summary: 'every daemon stopped, then all started at the same moment',
  async run(run) {
    await run.settled();
    for (const node of run.nodes) await stopDaemon(run, node);
    const atMs = await startAll(run);
    for (const id of GROUP) {
      run.expect(`${id} was started exactly once after the simultaneous start`, (es) => invoked(es, { instance: id, op: 'start', afterMs: atMs }).length === 1);
    }
  },
};

export const simultaneousStop: CtsTest = {
  name: 'SimultaneousStop',
  summary: 'every daemon asked to stop at the same moment: everything stops; then all start again',
  async run(run) {
    await run.settled();
    await Promise.all(run.nodes.map((node) => stopDaemon(run, node)));
    const left = leftRunning(run);
    run.expect(`nothing was left running by the simultaneous stop (left: ${left.join(', ') || 'none'})`, () => left.length === 0);
    await startAll(run);
  },
};
