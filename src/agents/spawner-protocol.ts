// Messages between the daemon's main thread and its spawner thread (spawner.ts).
import type { ProcessResult, ProcessSpec } from './process.ts';

/** What crosses to the thread: the spec without its callbacks. */
export type SpawnerSpec = Omit<ProcessSpec, 'clockNow' | 'onSpawn'>;

export interface SpawnerRequest {
  id: number;
  spec: SpawnerSpec;
}

export type SpawnerReply = { id: number; spawned: number } | { id: number; result: ProcessResult };
