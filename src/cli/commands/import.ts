// `vigil import FILE`: reads a Pacemaker CIB (XML) and prints the equivalent vigil YAML.
// What the model cannot hold is reported on stderr, one warning per line.
import { readFile } from 'node:fs/promises';
import type { Command } from '../main.ts';
import { ConfigError } from '../../config/errors.ts';
import { readCibWithWarnings } from '../../config/cib/read.ts';
import type { ClusterDocument } from '../../config/model.ts';
import { checkModel } from '../../config/model-checks.ts';

type YamlWriter = (doc: ClusterDocument) => string;

/** The YAML writer is another module's; fall back to JSON if it cannot be loaded. */
async function loadYamlWriter(): Promise<YamlWriter | undefined> {
  try {
    const mod = (await import('../../config/yaml/write.ts')) as { writeYamlConfig?: YamlWriter };
    return mod.writeYamlConfig;
  } catch {
    return undefined;
  }
}

export const importCommand: Command = {
  usage: 'usage: vigil import FILE.xml\n\nPrints the vigil YAML equivalent of a Pacemaker CIB (e.g. `cibadmin -Q` output) on stdout;\nwhat vigil cannot represent is listed on stderr.',
  async run(args, ctx) {
    const file = args.find((a) => !a.startsWith('-'));
    if (!file || args.length !== 1) {
      ctx.err(this.usage);
      return 2;
    }
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      ctx.err(`vigil import: cannot read ${file}: ${(error as Error).message}`);
      return 1;
    }
    try {
      const { doc, warnings, problems } = readCibWithWarnings(text, file);
      for (const w of warnings) ctx.err(`warning: ${w}`);
      for (const p of problems) ctx.err(`error: ${p}`);
      const model = checkModel(doc.config);
      for (const n of model.notices) ctx.err(`warning: ${file}: ${n}`);
      // The YAML is still printed: the administrator fixes it there; `vigil validate` refuses it until then.
      for (const r of model.refusals) ctx.err(`error: ${file}: ${r}`);
      const write = await loadYamlWriter();
      if (write) ctx.out(write(doc).trimEnd());
      else {
        ctx.err('warning: the YAML writer is not available; printing the document as JSON');
        ctx.out(JSON.stringify(doc, null, 2));
      }
      return 0;
    } catch (error) {
      if (error instanceof ConfigError) {
        ctx.err(error.format());
        return 1;
      }
      throw error;
    }
  },
};
