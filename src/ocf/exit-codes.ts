// What an OCF exit code means, in one place. Used by the resource statechart and the scheduler.

export const OCF = {
  SUCCESS: 0,
  ERR_GENERIC: 1,
  ERR_ARGS: 2,
  ERR_UNIMPLEMENTED: 3,
  ERR_PERM: 4,
  ERR_INSTALLED: 5,
  ERR_CONFIGURED: 6,
  NOT_RUNNING: 7,
  RUNNING_PROMOTED: 8,
  FAILED_PROMOTED: 9,
  DEGRADED: 190,
  DEGRADED_PROMOTED: 191,
} as const;

/**
 * How bad a failure is, which decides where the resource may run next:
 * soft - may be retried here (until migration-threshold);
 * hard - this node is banned (ERR_ARGS, ERR_PERM, ERR_INSTALLED);
 * fatal - every node is banned (ERR_CONFIGURED): the configuration itself is wrong.
 */
export type FailureSeverity = 'soft' | 'hard' | 'fatal';

export type Outcome =
  | { kind: 'ok'; degraded: boolean }
  | { kind: 'notRunning' }
  | { kind: 'unimplemented' }
  | { kind: 'failed'; severity: FailureSeverity };

/** Classify one result. A timeout is always a (soft) failure, whatever the code says. */
export function classify(rc: number, timedOut: boolean): Outcome {
  if (timedOut) return { kind: 'failed', severity: 'soft' };
  switch (rc) {
    case OCF.SUCCESS:
    case OCF.RUNNING_PROMOTED:
      return { kind: 'ok', degraded: false };
    case OCF.DEGRADED:
    case OCF.DEGRADED_PROMOTED:
      return { kind: 'ok', degraded: true };
    case OCF.NOT_RUNNING:
      return { kind: 'notRunning' };
    case OCF.ERR_UNIMPLEMENTED:
      return { kind: 'unimplemented' };
    case OCF.ERR_ARGS:
    case OCF.ERR_PERM:
    case OCF.ERR_INSTALLED:
      return { kind: 'failed', severity: 'hard' };
    case OCF.ERR_CONFIGURED:
      return { kind: 'failed', severity: 'fatal' };
    default:
      // ERR_GENERIC, FAILED_PROMOTED and every code the standard does not define.
      return { kind: 'failed', severity: 'soft' };
  }
}

/**
 * A probe (monitor with interval 0) answers "is it running here?". ERR_INSTALLED from a probe
 * means the agent or its software is absent here, so the resource cannot be running: not running.
 */
export function classifyProbe(rc: number, timedOut: boolean): Outcome {
  if (!timedOut && rc === OCF.ERR_INSTALLED) return { kind: 'notRunning' };
  return classify(rc, timedOut);
}
