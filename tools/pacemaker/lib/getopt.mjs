// Command-line options the way Pacemaker's tools read them (GLib's GOption): short options
// may be grouped (-qG) and take their value attached (-nfoo) or as the next word; long ones
// take --name=value or --name value; an optional value must be attached (--promotion=RSC).
// Plain JavaScript: these tools run as agents' child processes and must start fast (no tsx).

/**
 * @param {string[]} argv
 * @param {{ name: string, short?: string, long: string[], value?: 'required' | 'optional' | 'none' }[]} spec
 * @returns {{ ok: true, options: Map<string, string | true>, order: string[], positionals: string[] } | { ok: false, error: string }}
 */
export function getopt(argv, spec) {
  const options = new Map();
  const order = [];
  const positionals = [];
  const byShort = new Map(spec.filter((s) => s.short).map((s) => [s.short, s]));
  const byLong = new Map(spec.flatMap((s) => s.long.map((l) => [l, s])));
  const set = (s, value) => {
    options.set(s.name, value);
    order.push(s.name);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const s = byLong.get(name);
      if (s === undefined) return { ok: false, error: `Unknown option --${name}` };
      const kind = s.value ?? 'none';
      if (eq >= 0) {
        if (kind === 'none') return { ok: false, error: `Option --${name} does not take an argument` };
        set(s, arg.slice(eq + 1));
      } else if (kind === 'required') {
        if (i + 1 >= argv.length) return { ok: false, error: `Missing argument for --${name}` };
        set(s, argv[++i]);
      } else set(s, true);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const s = byShort.get(arg[j]);
        if (s === undefined) return { ok: false, error: `Unknown option -${arg[j]}` };
        const kind = s.value ?? 'none';
        if (kind === 'none') {
          set(s, true);
          continue;
        }
        const rest = arg.slice(j + 1);
        if (rest !== '') set(s, rest);
        else if (kind === 'optional') set(s, true);
        else if (i + 1 < argv.length) set(s, argv[++i]);
        else return { ok: false, error: `Missing argument for -${arg[j]}` };
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  return { ok: true, options, order, positionals };
}
