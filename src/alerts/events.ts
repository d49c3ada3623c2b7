// The cluster events alert agents hear about, as plain data: what a daemon saw, before it is
// turned into an agent's CRM_alert_* environment (env.ts). Each carries the node it concerns.

/** A node joined (member) or left (lost) the coordinator's membership. */
export interface NodeAlertEvent {
  kind: 'node';
  node: string;
  /** The node's id: its configured id, else its place in nodes: (1, 2, ...). */
  nodeId: string;
  desc: 'member' | 'lost';
}

/** A fencing result: succeeded, failed, or confirmed by an administrator. */
export interface FencingAlertEvent {
  kind: 'fencing';
  /** The fenced node. */
  node: string;
  /** reboot or off. */
  task: string;
  /** 0 for a node known down; 1 for a failure (fence agents' own codes are not kept). */
  rc: number;
  desc: string;
}

/** One resource operation's result on the node that ran it. */
export interface ResourceAlertEvent {
  kind: 'resource';
  node: string;
  resource: string;
  /** start, stop, monitor, migrate_to, ... */
  task: string;
  intervalMs: number;
  rc: number;
  /** The rc the cluster expected: 7 for a probe, else 0. */
  targetRc: number;
  /** Pacemaker's execution status: 0 done, 2 timed out, 4 error (killed). */
  status: number;
  /** The rc's name when done (ok, not running, error...), else the status's (Timed Out, Error). */
  desc: string;
  execTimeMs: number;
}

/** A node attribute set (or deleted: value ''). */
export interface AttributeAlertEvent {
  kind: 'attribute';
  node: string;
  nodeId: string;
  name: string;
  value: string;
}

export type AlertEvent = NodeAlertEvent | FencingAlertEvent | ResourceAlertEvent | AttributeAlertEvent;
