// visualizations/ must be exactly what `npm run visualize` would write from src/machines/.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderAll } from '../../src/inspect/diagram/render-all.ts';
import { MACHINES } from '../../src/machines/index.ts';

const OUT_DIR = new URL('../../visualizations/', import.meta.url);

describe('visualizations/', () => {
  it('should match the machine definitions byte for byte', async () => {
    const files = await renderAll(MACHINES);
    expect(files.size).toBeGreaterThan(1);
    const stale = [...files]
      .filter(([name, content]) => {
        const path = new URL(name, OUT_DIR);
        return !existsSync(path) || readFileSync(path, 'utf8') !== content;
      })
      .map(([name]) => `visualizations/${name}`);
    expect(stale, 'visualizations/ is stale: run npm run visualize').toEqual([]);
  });
});
