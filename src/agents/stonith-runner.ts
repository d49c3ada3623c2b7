// The lifecycle of a fence device (a resource of class stonith) on one node, as Pacemaker
// runs it: `start` registers the device after checking it answers (`monitor`), `stop`
// unregisters it, a probe reports whether it is registered here, and the recurring monitor
// asks the device again. Registration lives in this daemon's memory only: after a restart the
// device is not registered and the coordinator starts it again. Every other class goes to the
// OCF runner.
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';
import type { FenceRunner } from './fence.ts';
import type { AgentRunner } from './ocf-runner.ts';

const OK = 0;
const NOT_RUNNING = 7;
const UNIMPLEMENTED = 3;

function result(rc: number, reason?: string): AgentResult {
  return { rc, timedOut: false, signal: null, durationMs: 0, outputTail: '', exitReason: reason };
}

export function createStonithAwareRunner(ocf: AgentRunner, fence: FenceRunner): AgentRunner {
  const registered = new Set<string>();
  const ask = async (op: AgentOperation): Promise<AgentResult> => {
    const r = await fence.run({ device: op.resource, agent: op.agent.type, action: 'monitor', params: op.params, timeoutMs: op.timeoutMs });
    return {
      rc: r.ok ? OK : 1, timedOut: r.timedOut, signal: r.signal, durationMs: r.durationMs, outputTail: r.outputTail,
      exitReason: r.ok ? undefined : r.reason,
    };
  };
  return {
    async run(op) {
      if (op.agent.class !== 'stonith') return ocf.run(op);
      switch (op.action) {
        case 'start': {
          const r = await ask(op);
          if (r.rc === OK) registered.add(op.resource);
          return r;
        }
        case 'stop':
          registered.delete(op.resource);
          return result(OK);
        case 'validate-all':
          return result(OK);
        case 'monitor':
          if (!registered.has(op.resource)) return result(NOT_RUNNING, `${op.resource} is not registered on ${op.node}`);
          return op.intervalMs === 0 ? result(OK) : ask(op);
        default:
          return result(UNIMPLEMENTED, `fence devices do not support ${op.action}`);
      }
    },
  };
}
