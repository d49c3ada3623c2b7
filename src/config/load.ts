// Read a cluster document from a file: vigil YAML, or Pacemaker CIB XML (detected by content:
// XML starts with '<'). Every problem comes back as a ConfigError naming the file.
import { readFile } from 'node:fs/promises';
import { ConfigError } from './errors.ts';
import type { ClusterDocument } from './model.ts';

export type DocumentFormat = 'yaml' | 'cib';

/** XML (a CIB) starts with '<' once a byte-order mark and leading whitespace are skipped. */
export function detectFormat(text: string): DocumentFormat {
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('<') ? 'cib' : 'yaml';
}

/** Parse a document already read into memory; `file` names it in problems. */
export async function loadDocumentText(text: string, file: string): Promise<ClusterDocument> {
  // Each reader is imported when its format comes: the CIB reader is large, and the YAML
  // library alone takes longer to load than reading a 2,000-resource CIB's constraints.
  if (detectFormat(text) === 'yaml') return (await import('./yaml/load.ts')).loadYamlConfig(text, file);
  const { readCib } = await import('./cib/read.ts');
  try {
    return readCib(text, file);
  } catch (error) {
    throw asConfigError(error, file);
  }
}

/** The CIB reader throws its own CibError (file, element, fix); callers get one error type. */
export function asConfigError(error: unknown, file: string): unknown {
  if (!(error instanceof Error) || error.name !== 'CibError') return error;
  const cib = error as Error & { file?: string; element?: string; fix?: string };
  const where = `${cib.file ?? file}: ${cib.element ?? ''}: `;
  const fixAt = cib.message.lastIndexOf('. Fix: ');
  const message = cib.message.startsWith(where) && fixAt > where.length ? cib.message.slice(where.length, fixAt) : cib.message;
  return new ConfigError([{ file: cib.file ?? file, path: cib.element ?? '', message, fix: cib.fix ?? 'see docs/config.md' }]);
}

export async function loadDocumentFile(path: string): Promise<ClusterDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : `cannot read it (${(error as Error).message})`;
    throw new ConfigError([{ file: path, path: '', message: reason, fix: 'check the path, or create the file (see docs/config.md)' }]);
  }
  return loadDocumentText(text, path);
}
