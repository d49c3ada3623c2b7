// Reading real daemons' JSON logs (LocalCluster.log) for real-process tests that must prove an
// order of events across daemons: every daemon logs with the same clock.
import type { LogEntry } from '../../src/demo/local-cluster.ts';

/** The executor's `operation done` lines for one resource and operation. */
export function operationsDone(lines: LogEntry[], resource: string, op: string): LogEntry[] {
  return lines.filter((l) => l.msg === 'operation done' && l.resource === resource && l.op === op);
}

/** When an operation began: its log line is written when it ends, with its duration. */
export const beganAtMs = (line: LogEntry): number => line.time - Number(line.durationMs ?? 0);
