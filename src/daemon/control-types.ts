// What an administrator can ask of the cluster (the `vigil` CLI, later the status page), and
// the answers. A daemon answers status itself from its replicated view and forwards the rest
// to the coordinator. Plain JSON: these travel over the control channel and the mesh.
import type { AdminCommand } from '../config/admin-command.ts';
import type { ClusterView } from './view-types.ts';

export type { AdminCommand, AdminCommandType } from '../config/admin-command.ts';

export type AdminResult =
  | { ok: true; message: string; view?: ClusterView; text?: string }
  | { ok: false; error: string };

/** One request on the control channel and its answer (matched by id). */
export interface ControlRequest {
  id: string;
  command: AdminCommand;
}

export interface ControlResponse {
  id: string;
  result: AdminResult;
}

/** What the control channel needs from the daemon. */
export interface ControlHandler {
  handle(command: AdminCommand): Promise<AdminResult>;
}
