// A fast reader for the plain XML a CIB almost always is: elements, double- or single-quoted
// attributes without entities, whitespace between tags, an optional XML declaration. It builds
// the same element tree as the full parser in xml.ts, several times faster (a 10,000-resource
// CIB is 70 MB). Anything else (comments, CDATA, entities, text, doctype, odd names, malformed
// markup) makes it return undefined, and xml.ts falls back to the validating parser, so errors
// and unusual documents are handled exactly as before.
import type { XmlElement } from './xml.ts';

const DECLARATION = /<\?xml(?:[ \t\n]+[A-Za-z_][A-Za-z0-9_.-]*[ \t\n]*=[ \t\n]*(?:"[^"<>&]*"|'[^'<>&]*'))*[ \t\n]*\?>/y;
const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;
const ATTRIBUTE = /[ \t\n]+([A-Za-z_][A-Za-z0-9_.-]*)[ \t\n]*=[ \t\n]*(?:"([^"<>&]*)"|'([^'<>&]*)')/y;
const TAG_END = /[ \t\n]*(\/?)>/y;
const CLOSE_END = />/y;

/** Names the full parser treats specially (prototype pollution guards): leave them to it. */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype', 'constructor']);

function plainName(name: string): boolean {
  return !name.startsWith('__') && !RESERVED.has(name);
}

function isBlank(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = xml.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x09) return false;
  }
  return true;
}

function match(re: RegExp, xml: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(xml);
}

/** Reads `<name attr="v" ...>` or `<name .../>` at `at`; undefined when it is anything else. */
function openTag(xml: string, at: number, seen: Map<string, string>): { el: XmlElement; selfClosing: boolean; end: number } | undefined {
  const name = match(NAME, xml, at + 1);
  if (!name || !plainName(name[0])) return undefined;
  const el: XmlElement = { name: name[0], attrs: {}, children: [] };
  let pos = NAME.lastIndex;
  for (let a = match(ATTRIBUTE, xml, pos); a; a = match(ATTRIBUTE, xml, pos)) {
    const key = a[1]!;
    if (!plainName(key) || Object.hasOwn(el.attrs, key)) return undefined;
    // The full parser trims attribute values (trimValues); so does this one.
    const value = (a[2] ?? a[3]!).trim();
    // One string per distinct value: a CIB repeats ids, node names and digests thousands of
    // times, and equal strings that are one object compare and hash at once downstream.
    let shared = seen.get(value);
    if (shared === undefined) { shared = value; seen.set(value, value); }
    el.attrs[key] = shared;
    pos = ATTRIBUTE.lastIndex;
  }
  const end = match(TAG_END, xml, pos);
  if (!end) return undefined;
  return { el, selfClosing: end[1] === '/', end: TAG_END.lastIndex };
}

/** The root element of a plain XML document, or undefined to use the full parser instead. */
export function parsePlainXml(text: string): XmlElement | undefined {
  // The full parser normalises line ends first; attribute values can hold them.
  const xml = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  let i = 0;
  if (xml.startsWith('<?')) {
    if (!match(DECLARATION, xml, 0)) return undefined;
    i = DECLARATION.lastIndex;
  }
  const stack: XmlElement[] = [];
  const seen = new Map<string, string>();
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    if (!isBlank(xml, i, lt < 0 ? xml.length : lt)) return undefined;
    if (lt < 0) break;
    if (xml.charCodeAt(lt + 1) === 0x2f) { // '/': a closing tag, which must close the open element
      const name = match(NAME, xml, lt + 2);
      const top = stack.pop();
      if (!name || top === undefined || name[0] !== top.name || !match(CLOSE_END, xml, NAME.lastIndex)) return undefined;
      i = CLOSE_END.lastIndex;
      continue;
    }
    const tag = openTag(xml, lt, seen);
    if (!tag) return undefined;
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(tag.el);
    else if (root === undefined) root = tag.el;
    else return undefined; // a second root: let the full parser report it
    if (!tag.selfClosing) stack.push(tag.el);
    i = tag.end;
  }
  return stack.length === 0 ? root : undefined;
}
