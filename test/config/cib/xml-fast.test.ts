// The fast XML path must build exactly the tree the validating parser builds, and must hand
// anything it does not fully understand back to it (so errors stay the same).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlainXml } from '../../../src/config/cib/xml-fast.ts';
import { parseXml, parseXmlFully } from '../../../src/config/cib/xml.ts';
import { CibError } from '../../../src/config/cib/errors.ts';

const DIR = '/work/shared/conformance/pacemaker-2.1.5/xml';

describe('fast XML path', () => {
  it('should build the same tree as the validating parser for every conformance CIB it accepts', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.xml'));
    let accepted = 0;
    for (const f of files) {
      const xml = readFileSync(join(DIR, f), 'utf8');
      const fast = parsePlainXml(xml);
      if (fast === undefined) continue;
      accepted++;
      // Stringified: attribute order (document order) must match too.
      expect(JSON.stringify(fast), f).toBe(JSON.stringify(parseXmlFully(xml, f)));
    }
    // Most CIBs are plain XML; the fast path must not silently give up on all of them.
    expect(accepted).toBeGreaterThan(files.length / 2);
  });

  it('should match the validating parser on quoting, spacing, line ends and the declaration', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\r\n<cib a='single' b = "  padded  " c="">\r\n  <x\n y="multi\r\nline"/>\t<z></z>\n</cib>\n`;
    const fast = parsePlainXml(xml);
    expect(fast).toBeDefined();
    expect(JSON.stringify(fast)).toBe(JSON.stringify(parseXmlFully(xml, 'x.xml')));
    expect(fast!.attrs).toEqual({ a: 'single', b: 'padded', c: '' });
  });

  it('should hand unusual or malformed documents to the validating parser', () => {
    const fallBack = [
      '<cib><!-- note --></cib>',
      '<cib a="&amp;"/>',
      '<cib><![CDATA[x]]></cib>',
      '<cib>text</cib>',
      '<cib a="1" a="2"/>',
      '<cib><a></b></cib>',
      '<cib/><cib/>',
      '<cib><a></cib>',
      '<cib __proto__="x"/>',
      '<cib toString="x"/>',
      '<cib a=1/>',
      '<cib a="1"b="2"/>',
      '<cib></cib >',
      ' <?xml version="1.0"?><cib/>',
      '',
    ];
    for (const xml of fallBack) expect(parsePlainXml(xml), xml).toBeUndefined();
  });

  it('should still report malformed XML as a CibError naming the file', () => {
    expect(() => parseXml('<cib><a></cib>', 'bad.xml')).toThrow(CibError);
    expect(() => parseXml('<cib><a></cib>', 'bad.xml')).toThrow(/bad\.xml/);
  });
});
