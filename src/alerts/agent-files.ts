// Whether each alert's agent can run on this node: a file that this process may execute.
// `vigil config apply` refuses a config whose alert agent is missing here (as it refuses a
// missing resource agent); `vigil validate`, which may run elsewhere, warns.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { Problem } from '../config/errors.ts';
import type { ClusterConfig } from '../config/model.ts';

async function pathProblem(path: string): Promise<string | null> {
  try {
    if (!(await stat(path)).isFile()) return 'is not a file';
    await access(path, constants.X_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'does not exist on this node' : code === 'EACCES' ? 'is not executable' : `cannot be checked (${code ?? String(error)})`;
  }
}

/** One problem per alert whose agent could not run here. */
export async function alertAgentProblems(file: string, config: ClusterConfig): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const [i, alert] of (config.alerts ?? []).entries()) {
    const problem = await pathProblem(alert.path);
    if (problem === null) continue;
    problems.push({
      file, path: `alerts[${i}].path`, message: `alert ${alert.id}: ${alert.path} ${problem}`,
      fix: `install the agent there with mode 0755 on every node (e.g. install -m 0755 /usr/share/pacemaker/alerts/alert_file.sh.sample ${alert.path}), or correct the path`,
    });
  }
  return problems;
}
