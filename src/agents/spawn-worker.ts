// The spawner thread (see spawner.ts): runs each process it is sent with runProcess and posts
// back its pid once it runs and its result once it ends. Forking here blocks this thread only.
import { parentPort } from 'node:worker_threads';
import { runProcess } from './process.ts';
import type { SpawnerReply, SpawnerRequest } from './spawner-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('spawn-worker.ts runs as a worker thread (see spawner.ts)');
port.on('message', (request: SpawnerRequest) => {
  const { id, spec } = request;
  void runProcess({ ...spec, onSpawn: (pid) => port.postMessage({ id, spawned: pid } satisfies SpawnerReply) })
    .then((result) => port.postMessage({ id, result } satisfies SpawnerReply));
});
