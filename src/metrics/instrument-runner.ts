// An agent runner that reports how long each operation took: the runner the daemon's executor
// uses, wrapped when the daemon serves /metrics.
import type { AgentRunner } from '../agents/ocf-runner.ts';
import type { AgentOperation, AgentResult } from '../ocf/operation.ts';

export function instrumentRunner(runner: AgentRunner, observe: (op: AgentOperation, result: AgentResult) => void): AgentRunner {
  return {
    async run(op) {
      const result = await runner.run(op);
      observe(op, result);
      return result;
    },
  };
}
