// loadDocumentFile reads vigil YAML or a Pacemaker CIB, chosen by the file's content.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.ts';
import { detectFormat, loadDocumentFile } from '../../../src/config/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('loadDocumentFile', () => {
  it('should read a vigil YAML file into a document', async () => {
    const path = file('one.yaml', 'nodes: [n1]\nresources:\n  - primitive: web\n    agent: ocf:heartbeat:Dummy\nstatus:\n  resources: { web: { n1: started } }\n');
    const doc = await loadDocumentFile(path);
    expect(doc.config.resources.map((r) => r.id)).toEqual(['web']);
    expect(doc.status.history.map((h) => h.operations.map((op) => op.operation))).toEqual([['start']]);
  });

  it('should refuse a bad YAML file with problems naming that file', async () => {
    const path = file('bad.yaml', 'nodes: [n1]\nresources:\n  - primitive: web\n    agent: nope\n');
    const error = await loadDocumentFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]).toMatchObject({ file: path, line: 4, path: 'resources[0].agent' });
  });

  it('should name a missing file as a problem, not crash', async () => {
    const error = await loadDocumentFile(join(dir, 'absent.yaml')).catch((e: unknown) => e);
    expect((error as ConfigError).format()).toContain('absent.yaml: the file does not exist');
  });

  it('should read a file starting with < as a Pacemaker CIB', async () => {
    const cib = [
      '<cib admin_epoch="0" epoch="5" num_updates="2" validate-with="pacemaker-3.9">',
      '  <configuration><crm_config/>',
      '    <nodes><node id="1" uname="node1"/></nodes>',
      '    <resources><primitive id="web" class="ocf" provider="heartbeat" type="Dummy"/></resources>',
      '    <constraints/>',
      '  </configuration>',
      '  <status/>',
      '</cib>',
    ].join('\n');
    const doc = await loadDocumentFile(file('cib.xml', cib));
    expect(doc.config.generation.epoch).toBe(5);
    expect(doc.config.resources.map((r) => r.id)).toEqual(['web']);
  });

  it('should detect the format by content, skipping a byte-order mark and blank lines', () => {
    expect(detectFormat('\uFEFF\n  <cib/>')).toBe('cib');
    expect(detectFormat('# a comment\nnodes: []')).toBe('yaml');
  });
});
