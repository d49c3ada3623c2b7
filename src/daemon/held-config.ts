// The newest config this daemon has held: the one it started from (its file, or the newer one
// it kept on disk), then any newer one it hears of. A newer one is on disk before anything
// depends on it (an administrator's answer, a vote): an acknowledged change is never lost.
//
// A kept config this node cannot run (unreadable, or one the runtime refuses: runnable.ts) is
// set aside with a warning and the daemon starts from its file; the cluster's coordinator then
// replicates its own config to it. Refusing to start instead would crash-loop the daemon on a
// file only an administrator could delete (issue 14: an applied empty config did exactly that).
import { compareGeneration } from '../config/generation.ts';
import type { ClusterDocument } from '../config/model.ts';
import { runnableProblems } from '../config/runnable.ts';
import { formatProblem } from '../config/errors.ts';
import type { ConfigStore } from './hard-state.ts';

type Config = ClusterDocument['config'];

export interface HeldConfigOptions {
  store: ConfigStore;
  /** The config file's document. */
  fileDoc: ClusterDocument;
  /** This daemon's node: a kept config without it is not usable here. */
  node: string;
  /** Why a kept config was set aside. */
  warn: (fields: Record<string, unknown>, message: string) => void;
  /** A newer config was held (after it is on disk). */
  onNewer: (config: Config) => void;
}

export class HeldConfig {
  /** What the daemon starts from: its config file's document, with the kept config if newer. */
  readonly startDoc: ClusterDocument;
  private generation: Config['generation'];

  constructor(private readonly opts: HeldConfigOptions) {
    const kept = usableKept(opts);
    const fileDoc = opts.fileDoc;
    this.startDoc = kept && compareGeneration(kept.generation, fileDoc.config.generation) > 0 ? { ...fileDoc, config: kept } : fileDoc;
    this.generation = this.startDoc.config.generation;
  }

  /** Keeps `config` if it is newer than any held so far, and says so. */
  hold(config: Config): void {
    if (compareGeneration(config.generation, this.generation) <= 0) return;
    this.opts.store.save(config);
    this.generation = config.generation;
    this.opts.onNewer(config);
  }
}

function usableKept(opts: HeldConfigOptions): Config | undefined {
  let kept: Config | undefined;
  try {
    kept = opts.store.load();
  } catch (error) {
    opts.warn({ reason: (error as Error).message }, 'the held config is unreadable: starting from the config file, the cluster\'s coordinator will send its own');
    return undefined;
  }
  if (kept === undefined) return undefined;
  const problems = runnableProblems(kept, { file: 'held config', node: opts.node });
  if (problems.length === 0) return kept;
  opts.warn({ problems: problems.map(formatProblem) }, 'the held config cannot run on this node: starting from the config file, the cluster\'s coordinator will send its own');
  return undefined;
}
