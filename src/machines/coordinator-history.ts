// Small readings of recorded operations shared by the coordinator's modules.
import type { OperationRecord } from '../config/model.ts';

/** A stop that failed: the resource may still run, and only a fence or a cleanup ends that. */
export function isStopFailure(r: OperationRecord): boolean {
  return r.operation === 'stop' && (r.status === 'timeout' || (r.rc !== 0 && r.rc !== 7));
}
