// What a daemon starts for `--http` and `--inspect`: the status page server and, with
// --inspect, the coordinator's Stately inspector feeding that server's relay. Neither flag:
// nothing starts, and the coordinator is created without an inspector (inspection costs nothing).
import type { InspectionEvent, Observer } from 'xstate';
import type { DaemonMetrics } from '../metrics/daemon-metrics.ts';
import type { Logger } from '../runtime/logger.ts';
import { createStatusServer, type StatusServer } from './http-server.ts';
import type { StatusSource } from './source.ts';
import type { CoordinatorInspector } from './stately-inspector.ts';

/** Where --inspect serves the inspector when --http names no address (the port Stately's docs use). */
export const INSPECT_ADDRESS_DEFAULT = { host: '127.0.0.1', port: 8080 } as const;

export interface HttpAddress {
  host: string;
  port: number;
}

export interface InspectionOptions {
  inspect: boolean;
  http?: HttpAddress;
  logger: Logger;
  /** Served at /metrics; closed with the server. */
  metrics?: DaemonMetrics;
}

export interface Inspection {
  readonly server: StatusServer;
  /** For the coordinator's createActor; undefined without --inspect. */
  readonly inspect: Observer<InspectionEvent> | undefined;
  close(): Promise<void>;
}

/** Starts what the options ask for; null when they ask for nothing. */
export async function startInspection(source: StatusSource, opts: InspectionOptions): Promise<Inspection | null> {
  const address = opts.http ?? (opts.inspect ? INSPECT_ADDRESS_DEFAULT : undefined);
  if (address === undefined) return null;
  const server = await createStatusServer({ ...address, source, logger: opts.logger, inspect: opts.inspect, metrics: opts.metrics });
  let inspector: CoordinatorInspector | undefined;
  // @statelyai/inspect is loaded only when asked for.
  if (opts.inspect) inspector = (await import('./stately-inspector.ts')).createCoordinatorInspector(server.producerUrl!);
  opts.logger.info({ page: server.url, inspector: opts.inspect ? `${server.url}/inspect` : undefined }, 'status page serving');
  return {
    server,
    inspect: inspector?.inspect,
    close: async () => {
      inspector?.stop();
      await server.close();
      opts.metrics?.close();
    },
  };
}
