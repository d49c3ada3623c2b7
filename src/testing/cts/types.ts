// A catalogue entry: a named fault on a fresh three-node cluster, and what the ledger must show.
import type { Violation } from '../ledger-checker/index.ts';
import type { CtsRun } from './run.ts';

export interface CtsTest {
  /** CamelCase, as Pacemaker's CTS names its tests. */
  name: string;
  summary: string;
  /** Part of the short catalogue (CI, test/cts/short.test.ts). */
  short?: boolean;
  /** Each daemon in its own network namespace (root only). */
  netns?: boolean;
  /** Why this test cannot run on this host, or undefined when it can. */
  unavailable?(): Promise<string | undefined>;
  /** Injects the fault on a settled cluster, repairs it, declares `healed`, registers expectations. */
  run(run: CtsRun): Promise<void>;
}

export type CtsStatus = 'passed' | 'failed' | 'skipped' | 'error';

export interface CtsResult {
  name: string;
  status: CtsStatus;
  durationMs: number;
  violations: Violation[];
  /** A readable trace per violation. */
  traces: string[];
  /** What the test expected the ledger to show (that the fault happened and the cluster reacted). */
  expected: string[];
  /** Expectations the ledger did not meet (the fault did not happen, or the cluster did not react as it should). */
  unmet: string[];
  /** Skip reason, or the error that ended the test. */
  note?: string;
  /** Ledger entries checked. */
  entries: number;
  /** The run's folder, when kept. */
  dir?: string;
}
