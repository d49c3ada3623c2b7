// ComponentFail: one part of a node's vigil dies while the rest lives on. vigil runs one
// process per node (coordinator, executor and mesh are parts of it, and killing it is NodeKill);
// the parts that run as processes of their own are the agents it starts. So this kills the
// process group of web's recurring monitor mid-operation (the ledger agent is made to linger
// first): the executor must report the operation failed, not hang or guess, and the cluster
// treats the resource's state as unknown and recovers it (on-fail restart). Closing the mesh
// socket from outside would need a hook the daemon does not have.
import { existsSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { completed, invoked } from '../evidence.ts';
import type { LedgerEntry } from '../../../ledger/types.ts';
import type { CtsTest } from '../types.ts';
import { TARGET, targetNode, waitFor } from './common.ts';

/** How long the monitor lingers before it would run: long enough to be killed, shorter than its 10 s timeout. */
const LINGER_S = 8;

export const componentFail: CtsTest = {
  name: 'ComponentFail',
  summary: `the process group of ${TARGET}'s monitor agent is SIGKILLed mid-operation; the failed monitor leads to recovery`,
  short: true,
  async run(run) {
    const node = targetNode(await run.settled());
    const slow = run.slowFile(node, TARGET, 'monitor');
    await writeFile(slow, String(LINGER_S));
    await waitFor(() => existsSync(`${slow}.pid`), `${TARGET}'s next monitor on ${node} to start`, 20_000);
    const pid = Number(readFileSync(`${slow}.pid`, 'utf8').trim());
    await rm(slow);
    const atMs = Date.now();
    run.fault({ fault: 'component-kill', nodes: [node], resource: TARGET, detail: `process group ${pid} of a monitor SIGKILLed` });
    process.kill(-pid, 'SIGKILL');
    run.healed();
    const killed = (es: LedgerEntry[]) => completed(es, { node, instance: TARGET, op: 'monitor', afterMs: atMs }).find((e) => e.outcome === 'failed');
    await run.untilLedger(`the killed monitor of ${TARGET} reported failed`, (es) => killed(es) !== undefined);
    await run.settled(`${TARGET} is recovered`);
    run.expect(`the killed monitor of ${TARGET} on ${node} was reported failed`, (es) => killed(es) !== undefined);
    run.expect(`${TARGET} was stopped and started again after that`, (es) => {
      const k = killed(es);
      return k !== undefined && invoked(es, { instance: TARGET, op: 'stop', afterMs: k.atMs }).length > 0 && invoked(es, { instance: TARGET, op: 'start', afterMs: k.atMs }).length > 0;
    });
  },
};
