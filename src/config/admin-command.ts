// What an administrator can ask of the cluster (the `vigil` CLI, later the status page). Plain
// JSON: it travels over the control channel and the mesh, and the coordinator acts on it.
import type { AttributeSection } from '../attributes/types.ts';
import type { FenceAction } from './model.ts';

export type AdminCommand =
  | { type: 'status' }
  | { type: 'resource.move'; resource: string; node: string }
  /** Ban from a node (default: where it runs now). */
  | { type: 'resource.ban'; resource: string; node?: string }
  /** Remove the constraints move and ban added. */
  | { type: 'resource.clear'; resource: string; node?: string }
  /** Forget failures (on one node or all) and re-probe. */
  | { type: 'resource.cleanup'; resource: string; node?: string }
  /** target-role Started / Stopped. */
  | { type: 'resource.start'; resource: string }
  | { type: 'resource.stop'; resource: string }
  | { type: 'node.standby'; node: string }
  | { type: 'node.online'; node: string }
  | { type: 'node.maintenance'; node: string }
  /** An administrator's word that the node is down: counts as a successful fence. */
  | { type: 'fence.confirm'; node: string }
  | { type: 'fence.node'; node: string; action?: FenceAction }
  | { type: 'fence.history' }
  /**
   * Sets (value) or deletes (null) a node attribute (section status: transient, nodes:
   * permanent) or a crm_config value; what vigil agents' tools (crm_attribute...) ask for too.
   */
  | { type: 'attribute.update'; section: AttributeSection; node?: string; name: string; value: string | null }
  /** Reads one; answered with the value as `text`, no text when it is not set. */
  | { type: 'attribute.query'; section: AttributeSection; node?: string; name: string }
  | { type: 'config.show' }
  /** The new config as text (YAML), validated whole before anything changes; `file` names it in errors. */
  | { type: 'config.apply'; file: string; text: string }
  /** Stop the daemon that receives this (never forwarded); with leaveResources nothing is stopped. */
  | { type: 'daemon.stop'; leaveResources: boolean };

export type AdminCommandType = AdminCommand['type'];

