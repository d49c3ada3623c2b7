// A ledger sink that appends one JSON line per entry to a file (`vigil daemon --ledger FILE`),
// written synchronously so that a SIGKILL loses at most the entry being written. Each line is
// the entry's body plus `atMs` (this host's clock) and `seq` (this writer's order); whoever
// merges several files (src/testing/cts/ledger-merge.ts) renumbers seq across them.
import { appendFileSync, chmodSync, closeSync, openSync } from 'node:fs';
import type { LedgerBody, LedgerSink } from './types.ts';

export function createFileLedgerSink(file: string, now: () => number = Date.now): LedgerSink {
  let seq = 0;
  // Private from the first line: it names the cluster's resources, nodes and config digests.
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
  return {
    record(body: LedgerBody): void {
      appendFileSync(file, `${JSON.stringify({ ...body, atMs: now(), seq: ++seq })}\n`);
    },
  };
}
