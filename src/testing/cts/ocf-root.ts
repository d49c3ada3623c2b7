// The OCF root a CTS run's daemons use (`vigil daemon --ocf-root`): the system's agents and
// shell functions, plus the ledger-writing wrapper agent from this repository as ocf:vigil:LedgerDummy.
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { OCF_ROOT_DEFAULT } from '../../agents/ocf-env.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const LEDGER_AGENT_FILE = join(REPO_ROOT, 'agents', 'ocf', 'vigil', 'LedgerDummy');
export const LEDGER_AGENT = { class: 'ocf', provider: 'vigil', type: 'LedgerDummy' } as const;

/** Makes `dir` an OCF root: links to every system provider and lib/, and resource.d/vigil/LedgerDummy. */
export async function makeOcfRoot(dir: string, systemRoot = OCF_ROOT_DEFAULT): Promise<string> {
  if (!existsSync(join(systemRoot, 'resource.d', 'heartbeat', 'Dummy'))) {
    throw new Error(`${systemRoot}/resource.d/heartbeat/Dummy is missing: the CTS wraps it; install it with apt-get install resource-agents`);
  }
  await mkdir(join(dir, 'resource.d', 'vigil'), { recursive: true });
  await symlink(join(systemRoot, 'lib'), join(dir, 'lib'));
  for (const provider of await readdir(join(systemRoot, 'resource.d'))) {
    if (provider !== 'vigil') await symlink(join(systemRoot, 'resource.d', provider), join(dir, 'resource.d', provider));
  }
  await symlink(LEDGER_AGENT_FILE, join(dir, 'resource.d', 'vigil', 'LedgerDummy'));
  return dir;
}
