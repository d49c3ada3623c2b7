// One conformance case: read the CIB, run vigil's scheduler, compare its Transition Summary
// with Pacemaker's. No file I/O here: the caller supplies the texts (scripts/conformance.ts).
import { readCibWithWarnings } from '../../config/cib/read.ts';
import type { ClusterDocument } from '../../config/model.ts';
import { parseSimulateArgs, type ConformanceCase } from './cases.ts';
import { compareSummaries, extractTransitionSummary, isMatch, type SummaryDiff } from './summary.ts';

/** What the runner needs from src/scheduler/index.ts (loaded dynamically: it may not exist yet). */
export interface SchedulerApi {
  schedule: (doc: ClusterDocument, opts: { now: number }) => unknown;
  formatSummary: (graph: never) => string[];
}

export interface CaseResult {
  name: string;
  features: string[];
  pass: boolean;
  /** Why it failed when there is no diff to show: a read error, a scheduler crash, bad args. */
  error?: string;
  diff?: SummaryDiff;
  expected: string[];
  actual: string[];
  /** Decision time only (parsing excluded). */
  scheduleMs: number;
}

export interface CaseInput {
  case: ConformanceCase;
  xml: string;
  summaryText: string;
  /** Seconds since the epoch to use when neither -t nor the CIB pins now. */
  wallClockSeconds: number;
  /** performance.now-like clock for timing. */
  clockMs: () => number;
}

function failed(c: ConformanceCase, expected: string[], error: string): CaseResult {
  return { name: c.name, features: c.features, pass: false, error, expected, actual: [], scheduleMs: 0 };
}

export function runCase(input: CaseInput, scheduler: SchedulerApi | undefined): CaseResult {
  const c = input.case;
  const expected = extractTransitionSummary(input.summaryText);
  if (!scheduler) return failed(c, expected, 'scheduler not available');
  let nowSeconds: number | undefined;
  let doc: ClusterDocument;
  try {
    nowSeconds = parseSimulateArgs(c.args).nowSeconds;
    doc = readCibWithWarnings(input.xml, `${c.name}.xml`, nowSeconds === undefined ? {} : { nowSeconds }).doc;
  } catch (error) {
    return failed(c, expected, `read: ${(error as Error).message}`);
  }
  const now = nowSeconds ?? doc.status.now ?? input.wallClockSeconds;
  const started = input.clockMs();
  let actual: string[];
  try {
    const graph = scheduler.schedule(doc, { now });
    actual = scheduler.formatSummary(graph as never);
  } catch (error) {
    const e = error as Error;
    const where = e.stack?.split('\n').find((l) => l.includes('/src/'))?.trim() ?? '';
    return failed(c, expected, `scheduler crashed: ${e.message}${where ? ` (${where})` : ''}`);
  }
  const scheduleMs = input.clockMs() - started;
  const diff = compareSummaries(expected, actual);
  return { name: c.name, features: c.features, pass: isMatch(diff), diff, expected, actual, scheduleMs };
}
