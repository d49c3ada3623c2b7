// The spawner thread (see spawner.ts): runs each process it is sent with runProcess and posts
// back its pid once it runs and its result once it ends. Forking here blocks this thread only.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { runProcess } from './process.ts';
import type { SpawnerReply, SpawnerRequest } from './spawner-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('spawn-worker.ts runs as a worker thread (see spawner.ts)');
// This thread inherited the daemon loop's raised priority; agents forked from it must not.
const { nice } = workerData as { nice?: number };
if (nice !== undefined) setPriority(nice);
port.on('message', (request: SpawnerRequest) => {
  const { id, spec } = request;
  void runProcess({ ...spec, onSpawn: (pid) => port.postMessage({ id, spawned: pid } satisfies SpawnerReply) })
    .then((result) => port.postMessage({ id, result } satisfies SpawnerReply));
});
