// MaintenanceMode: the node running the group is put in maintenance with the real CLI, then web
// dies there (its state file removed). The cluster must leave it alone (no stop or start on that
// node, checked against the config as it was then), and recover it once the node is back online.
import { rm } from 'node:fs/promises';
import { invoked, transitions } from '../evidence.ts';
import type { CtsTest } from '../types.ts';
import { nodeState, sleep, TARGET, targetNode } from './common.ts';

/** Longer than web's 5 s monitor interval: time for the cluster to (wrongly) react. */
const HANDS_OFF_MS = 8_000;

export const maintenanceMode: CtsTest = {
  name: 'MaintenanceMode',
  summary: `\`vigil node maintenance\`, then ${TARGET} dies there: left alone until the node is online again, then recovered`,
  async run(run) {
    const node = targetNode(await run.settled());
    await run.admin('node', 'maintenance', node);
    await run.until(`${node} is in maintenance`, (v) => v.nodes.find((n) => n.name === node)?.mode === 'maintenance' || nodeState(v, node) === 'maintenance', 20_000);
    const atMs = Date.now();
    run.fault({ fault: 'resource-fail', nodes: [node], resource: TARGET, detail: 'its Dummy state file removed while in maintenance' });
    await rm(run.stateFile(node, TARGET));
    await sleep(HANDS_OFF_MS);
    await run.checkpoint(`${node} in maintenance`);
    const onlineAtMs = Date.now();
    await run.admin('node', 'online', node);
    run.healed();
    await run.until(`${node} is online`, (v) => nodeState(v, node) === 'online', 20_000);
    await run.settled(`${TARGET} is recovered`);
    run.expect(`nothing but monitors ran on ${node} while in maintenance`, (es) => transitions(es, { node, afterMs: atMs, beforeMs: onlineAtMs }).length === 0);
    run.expect(`${TARGET} was started again once ${node} was online`, (es) => invoked(es, { instance: TARGET, op: 'start', afterMs: onlineAtMs }).length > 0);
  },
};
