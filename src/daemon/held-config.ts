// The newest config this daemon has held: the one it started from (its file, or the newer one
// it kept on disk), then any newer one it hears of. A newer one is on disk before anything
// depends on it (an administrator's answer, a vote): an acknowledged change is never lost.
import { compareGeneration } from '../config/generation.ts';
import type { ClusterDocument } from '../config/model.ts';
import type { ConfigStore } from './hard-state.ts';

type Config = ClusterDocument['config'];

export class HeldConfig {
  /** What the daemon starts from: its config file's document, with the kept config if newer. */
  readonly startDoc: ClusterDocument;
  private generation: Config['generation'];

  constructor(private readonly store: ConfigStore, fileDoc: ClusterDocument, private readonly onNewer: (config: Config) => void) {
    const kept = store.load();
    this.startDoc = kept && compareGeneration(kept.generation, fileDoc.config.generation) > 0 ? { ...fileDoc, config: kept } : fileDoc;
    this.generation = this.startDoc.config.generation;
  }

  /** Keeps `config` if it is newer than any held so far, and says so. */
  hold(config: Config): void {
    if (compareGeneration(config.generation, this.generation) <= 0) return;
    this.store.save(config);
    this.generation = config.generation;
    this.onNewer(config);
  }
}
