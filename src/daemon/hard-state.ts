// What a daemon keeps on disk, and never resource state: the election's vote (raft's
// currentTerm/votedFor), written before any message that depends on it is sent; and the newest
// config it has held (as Pacemaker keeps the CIB on every node), so an acknowledged config
// survives every daemon restarting, and votes compare generations truthfully. Both are written
// durably (fsync of file and folder) and privately (mode 0600) before anything depends on them.
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterConfig } from '../config/model.ts';
import type { HardState } from '../election/types.ts';
import { PRIVATE_FILE_MODE, writeFileDurably } from './durable-file.ts';

export function hardStateFile(stateDir: string, node: string): string {
  return join(stateDir, `${node}.election.json`);
}

/** A file an older version wrote readable by others is made private before it is read. */
function privatize(file: string): void {
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, PRIVATE_FILE_MODE);
}

export function loadHardState(file: string): HardState | undefined {
  try {
    privatize(file);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as HardState;
    if (!Number.isSafeInteger(parsed.epoch) || (parsed.votedFor !== null && typeof parsed.votedFor !== 'string')) {
      throw new Error(`${file}: not an election state ({ epoch, votedFor }); remove it to start at epoch 0`);
    }
    return parsed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function saveHardState(file: string, state: HardState): void {
  writeFileDurably(file, JSON.stringify(state));
}

/** Where a daemon keeps its vote: a file in production, memory in the simulator (it survives restarts there too). */
export interface HardStateStore {
  load(): HardState | undefined;
  save(state: HardState): void;
}

export function fileHardStateStore(stateDir: string, node: string): HardStateStore {
  const file = hardStateFile(stateDir, node);
  return { load: () => loadHardState(file), save: (state) => saveHardState(file, state) };
}

/** Where a daemon keeps the newest config it has held: a file in production, memory in the simulator. */
export interface ConfigStore {
  load(): ClusterConfig | undefined;
  save(config: ClusterConfig): void;
}

export function heldConfigFile(stateDir: string, node: string): string {
  return join(stateDir, `${node}.config.json`);
}

export function fileConfigStore(stateDir: string, node: string): ConfigStore {
  const file = heldConfigFile(stateDir, node);
  return {
    load: () => {
      try {
        privatize(file);
        return JSON.parse(readFileSync(file, 'utf8')) as ClusterConfig;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new Error(`${file}: unreadable held config (${(error as Error).message}); remove it to start from the config file`);
      }
    },
    save: (config) => writeFileDurably(file, JSON.stringify(config)),
  };
}
