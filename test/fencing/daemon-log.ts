// Reads a real daemon's JSON log (pino lines in its node's log file) for real-process tests
// that must prove an order of events across daemons: every daemon logs with the same clock.
import { readFileSync } from 'node:fs';

export interface LogLine {
  time: number;
  msg: string;
  [field: string]: unknown;
}

/** Every JSON line of a log file (lines that are not JSON, such as a crash trace, are skipped). */
export function readLog(file: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(text) as LogLine);
    } catch {
      // a line cut short by SIGKILL
    }
  }
  return lines;
}

/** The executor's `operation done` lines for one resource and operation. */
export function operationsDone(lines: LogLine[], resource: string, op: string): LogLine[] {
  return lines.filter((l) => l.msg === 'operation done' && l.resource === resource && l.op === op);
}

/** When an operation began: its log line is written when it ends, with its duration. */
export const beganAtMs = (line: LogLine): number => line.time - Number(line.durationMs ?? 0);
