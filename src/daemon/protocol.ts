// The daemons' message families on the mesh (added to transport/types.ts's open MessageBodies).
// Every command a coordinator sends carries its epoch in the envelope; a daemon refuses commands
// of an older epoch (election.checkEpoch), so a deposed coordinator can no longer act.
//
//   election        raft-style votes and lease heartbeats (src/election), any node to any node
//   exec            coordinator -> node: run one agent operation there; answered by exec-result
//   fence-exec      coordinator -> node: run one fence attempt there; answered by fence-exec-result
//   state           coordinator -> all: the config, status and view, whole (replication)
//   state-part      coordinator -> all: one part of a state too large for one message (state-parts.ts)
//   admin           daemon -> coordinator: an administrator's command received on a follower
//   admin-result    coordinator -> daemon: its answer
//   leave           daemon -> all: this daemon stops cleanly (with or without its resources)
//   state-ack       daemon -> coordinator: it holds this config generation on disk (config-commit.ts)
import type { ClusterDocument } from '../config/model.ts';
import type { Msg as ElectionMsg } from '../election/types.ts';
import type { FenceAttemptInput, FenceAttemptResult } from '../machines/fence-types.ts';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import type { AdminCommand, AdminResult } from './control-types.ts';
import type { ClusterView } from './view-types.ts';

export interface ExecBody {
  /** Unique per coordinator epoch; the answer carries it back. */
  id: string;
  op: AgentOperation;
}

export interface ExecResultBody {
  id: string;
  result: AgentResult;
  /** Set when the daemon refused to run it (stale epoch, not for this node, ...): the result is a failure. */
  refused?: string;
}

export interface FenceExecBody {
  id: string;
  attempt: FenceAttemptInput;
}

export interface FenceExecResultBody {
  id: string;
  result: FenceAttemptResult;
  refused?: string;
}

export interface StateBody {
  epoch: number;
  coordinator: string;
  doc: ClusterDocument;
  view: ClusterView;
}

/** One part of a replicated state's JSON; the parts of one state share `id`. */
export interface StatePartBody {
  id: string;
  index: number;
  count: number;
  text: string;
}

export interface AdminBody {
  id: string;
  command: AdminCommand;
}

export interface AdminResultBody {
  id: string;
  result: AdminResult;
}

export interface StateAckBody {
  generation: ClusterDocument['config']['generation'];
}

export interface LeaveBody {
  /** True: the resources keep running (transparent upgrade); the next daemon re-probes them. */
  leaveResources: boolean;
}

declare module '../transport/types.ts' {
  interface MessageBodies {
    election: ElectionMsg;
    exec: ExecBody;
    'exec-result': ExecResultBody;
    'fence-exec': FenceExecBody;
    'fence-exec-result': FenceExecResultBody;
    state: StateBody;
    'state-part': StatePartBody;
    admin: AdminBody;
    'admin-result': AdminResultBody;
    leave: LeaveBody;
    'state-ack': StateAckBody;
  }
}
