import { describe, expect, it } from 'vitest';
import { isGeneratedFileName, renderAll } from '../../src/inspect/diagram/render-all.ts';
import { featureMachine, lifecycleMachine } from './fixtures.ts';

describe('renderAll', () => {
  it('should produce an SVG and a Mermaid file per machine, and a README that shows them', async () => {
    const files = await renderAll([
      { name: 'feature', description: 'Every statechart feature at once.', machine: featureMachine },
      { name: 'life-cycle', description: 'A resource-like lifecycle.', machine: lifecycleMachine },
    ]);
    expect([...files.keys()]).toEqual(['feature.svg', 'feature.mmd', 'life-cycle.svg', 'life-cycle.mmd', 'README.md']);
    const readme = files.get('README.md') ?? '';
    expect(readme).toContain('## life-cycle\n\nA resource-like lifecycle.\n\n[![life-cycle statechart](life-cycle.svg)](life-cycle.svg)');
    expect(readme).toContain('Mermaid source: [feature.mmd](feature.mmd)');
    expect(readme).toContain('npm run visualize');
    expect(files.get('feature.mmd')?.startsWith('stateDiagram-v2\n')).toBe(true);
    expect(files.get('feature.svg')?.startsWith('<svg ')).toBe(true);
  });

  it('should reject a name that cannot be a file name, saying where and how to fix it', async () => {
    await expect(renderAll([{ name: 'Resource Machine', description: 'x', machine: featureMachine }])).rejects.toThrow(
      /src\/machines\/index\.ts: MACHINES\[0\]\.name 'Resource Machine' must be lower-case letters, digits and dashes/,
    );
  });

  it('should reject duplicate names and multi-line descriptions', async () => {
    const entry = { name: 'a', description: 'one', machine: featureMachine };
    await expect(renderAll([entry, entry])).rejects.toThrow(/MACHINES\[1\]\.name 'a' is used twice/);
    await expect(renderAll([{ ...entry, description: 'two\nlines' }])).rejects.toThrow(/MACHINES\[0\]\.description must be one non-empty line/);
  });

  it('should know which files it owns', () => {
    expect(['README.md', 'node.svg', 'node.mmd', 'notes.txt', '.gitkeep'].map(isGeneratedFileName)).toEqual([true, true, true, false, false]);
  });
});
