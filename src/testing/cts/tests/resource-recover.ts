// ResourceRecover: the service dies under the cluster (web's Dummy state file is removed on its
// node, as if its process had exited); the recurring monitor reports it not running and the
// cluster recovers it (on-fail restart).
import { rm } from 'node:fs/promises';
import { completed, invoked } from '../evidence.ts';
import type { LedgerEntry } from '../../../ledger/types.ts';
import type { CtsTest } from '../types.ts';
import { TARGET, targetNode } from './common.ts';

export const resourceRecover: CtsTest = {
  name: 'ResourceRecover',
  summary: `${TARGET} dies on its node; its monitor notices and the cluster recovers it`,
  async run(run) {
    const node = targetNode(await run.settled());
    const atMs = Date.now();
    run.fault({ fault: 'resource-fail', nodes: [node], resource: TARGET, detail: 'its Dummy state file removed' });
    await rm(run.stateFile(node, TARGET));
    run.healed();
    const failedMonitor = (es: LedgerEntry[]) => completed(es, { node, instance: TARGET, op: 'monitor', afterMs: atMs }).find((e) => e.rc === 7 && e.probe !== true);
    await run.untilLedger(`a monitor of ${TARGET} finding it stopped`, (es) => failedMonitor(es) !== undefined);
    await run.settled(`${TARGET} is recovered`);
    run.expect(`a monitor of ${TARGET} on ${node} reported it not running (rc 7)`, (es) => failedMonitor(es) !== undefined);
    run.expect(`${TARGET} was started again after that`, (es) => {
      const failed = failedMonitor(es);
      return failed !== undefined && invoked(es, { instance: TARGET, op: 'start', afterMs: failed.atMs }).length > 0;
    });
  },
};
