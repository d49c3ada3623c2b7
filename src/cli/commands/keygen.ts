// `vigil keygen FILE`: creates the cluster key (random, hex, mode 0600) shared by every node.
import type { Command } from '../main.ts';
import { ClusterKeyError, writeClusterKey } from '../../transport/cluster-key.ts';

export const keygenCommand: Command = {
  usage: 'usage: vigil keygen FILE\n\nWrites 32 random bytes as hex to FILE with mode 0600, refusing to overwrite.\nCopy the file to every node (keeping mode 0600) and name it in the daemon config.',
  async run(args, ctx) {
    if (args.length !== 1 || args[0]?.startsWith('-')) {
      ctx.err(this.usage);
      return 2;
    }
    const file = args[0] ?? '';
    try {
      await writeClusterKey(file);
    } catch (error) {
      if (!(error instanceof ClusterKeyError)) throw error;
      ctx.err(`vigil keygen: ${error.message}`);
      return 1;
    }
    ctx.out(`${file}: cluster key written (mode 0600); copy it to every node`);
    return 0;
  },
};
