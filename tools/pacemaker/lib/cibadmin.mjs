// cibadmin, only as ocf-shellfuncs' crm_mon_no_validation uses it: `cibadmin -Q` feeds
// crm_mon a copy of the CIB (vigil's crm_mon reads the daemon, not that copy, so an empty CIB
// does). Anything else changes or dumps the cluster's configuration: refused for agents.
import { getopt } from './getopt.mjs';
import { EX, usage } from './exit-codes.mjs';

const TOOL = 'cibadmin';

export async function cibadmin(argv, io) {
  const parsed = getopt(argv, [{ name: 'query', short: 'Q', long: ['query'] }, { name: 'local', short: 'l', long: ['local'] }, { name: 'verbose', short: 'V', long: ['verbose'] }]);
  if (!parsed.ok) {
    if (/Unknown option/.test(parsed.error)) {
      io.err(`${TOOL}: only -Q is available to agents under vigil (the config is changed with vigil config apply)`);
      return EX.INSUFFICIENT_PRIV;
    }
    return usage(io, TOOL, parsed.error);
  }
  if (!parsed.options.has('query')) return usage(io, TOOL, 'only -Q/--query is available to agents under vigil');
  io.out('<cib validate-with="none" admin_epoch="0" epoch="0" num_updates="0"><configuration><crm_config/><nodes/><resources/><constraints/></configuration><status/></cib>');
  return EX.OK;
}
