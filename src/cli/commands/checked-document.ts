// The document behind `validate`, `simulate` and `import`, with everything said about it: the
// CIB reader's warnings, what vigil refuses to run (refusals), and the model-level checks that
// hold for YAML and CIB alike (promotable clones, which simulate plans but the runtime cannot
// run yet; order cycles). Nothing is dropped silently.
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../config/errors.ts';
import { asConfigError, detectFormat, loadDocumentText } from '../../config/load.ts';
import { checkModel } from '../../config/model-checks.ts';
import type { ClusterDocument } from '../../config/model.ts';

export interface CheckedDocument {
  doc: ClusterDocument;
  /** What vigil does not model and what it does instead. */
  warnings: string[];
  /** What vigil cannot run safely: `validate` exits non-zero, `simulate` refuses. */
  refusals: string[];
}

export interface LoadOptions {
  /** Seconds since the epoch to evaluate a CIB's date rules at (simulate -t). */
  nowSeconds?: number;
  /** The document is only planned (simulate), never run: see CheckOptions.planOnly. */
  planOnly?: boolean;
}

/** Reads FILE (YAML or CIB XML); throws ConfigError for what cannot be read at all. */
export async function loadChecked(file: string, opts: LoadOptions = {}): Promise<CheckedDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : `cannot read it (${(error as Error).message})`;
    throw new ConfigError([{ file, path: '', message: reason, fix: 'check the path' }]);
  }
  let doc: ClusterDocument;
  const warnings: string[] = [];
  const refusals: string[] = [];
  if (detectFormat(text) === 'cib') {
    const { readCibWithWarnings } = await import('../../config/cib/read.ts');
    let read;
    try {
      read = readCibWithWarnings(text, file, opts.nowSeconds === undefined ? {} : { nowSeconds: opts.nowSeconds });
    } catch (error) {
      throw asConfigError(error, file);
    }
    doc = read.doc;
    warnings.push(...read.warnings);
    refusals.push(...read.problems);
  } else doc = await loadDocumentText(text, file);
  const model = checkModel(doc.config, { planOnly: opts.planOnly === true });
  warnings.push(...model.notices.map((n) => `${file}: ${n}`));
  refusals.push(...model.refusals.map((r) => `${file}: ${r}`));
  return { doc, warnings, refusals };
}

/** Prints warnings and refusals, one per line, on stderr. */
export function report(checked: CheckedDocument, err: (line: string) => void): void {
  for (const w of checked.warnings) err(`warning: ${w}`);
  for (const r of checked.refusals) err(`error: ${r}`);
}
