// The catalogue, in the order it runs (after Pacemaker's CTS; each test is its own file under tests/).
import { componentFail } from './tests/component-fail.ts';
import { maintenanceMode } from './tests/maintenance-mode.ts';
import { nodeKill } from './tests/node-kill.ts';
import { pause } from './tests/pause.ts';
import { reattach } from './tests/reattach.ts';
import { resourceRecover } from './tests/resource-recover.ts';
import { restartOneByOne } from './tests/restart-one-by-one.ts';
import { simultaneousStart, simultaneousStop } from './tests/simultaneous.ts';
import { splitBrain } from './tests/split-brain.ts';
import { standby } from './tests/standby.ts';
import type { CtsTest } from './types.ts';

export const CATALOGUE: readonly CtsTest[] = [
  resourceRecover, nodeKill, pause, componentFail, splitBrain, standby, maintenanceMode, restartOneByOne,
  simultaneousStart, simultaneousStop, reattach,
];

/** The entries CI runs (test/cts/short.test.ts, `npm run cts -- --short`). */
export const SHORT_CATALOGUE: readonly CtsTest[] = CATALOGUE.filter((t) => t.short === true);

export function findTest(name: string): CtsTest | undefined {
  return CATALOGUE.find((t) => t.name.toLowerCase() === name.toLowerCase());
}
