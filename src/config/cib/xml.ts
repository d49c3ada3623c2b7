// XML text → a small element tree (name, attributes in document order, child elements).
// fast-xml-parser's preserveOrder output is awkward to walk; this flattens it once.
import { createRequire } from 'node:module';
import type * as FastXmlParser from 'fast-xml-parser';
import { CibError } from './errors.ts';
import { parsePlainXml } from './xml-fast.ts';

// fast-xml-parser's CommonJS build is one file; its ES module build is ~50 (0.1 s to load):
// what `vigil simulate` pays even when the fast path (xml-fast.ts) reads the whole CIB.
const { XMLParser, XMLValidator } = createRequire(import.meta.url)('fast-xml-parser') as typeof FastXmlParser;

export interface XmlElement {
  name: string;
  /** Attributes in document order (object key order is insertion order). */
  attrs: Record<string, string>;
  children: XmlElement[];
}

const ATTRS_KEY = ':@';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
});

type RawNode = Record<string, unknown>;

function toElement(raw: RawNode): XmlElement | undefined {
  const name = Object.keys(raw).find((k) => k !== ATTRS_KEY);
  if (name === undefined || name.startsWith('#') || name.startsWith('?')) return undefined;
  const attrsRaw = (raw[ATTRS_KEY] ?? {}) as Record<string, unknown>;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsRaw)) attrs[k] = String(v);
  const body = raw[name];
  const children = Array.isArray(body) ? toElements(body as RawNode[]) : [];
  return { name, attrs, children };
}

function toElements(raws: RawNode[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const raw of raws) {
    const el = toElement(raw);
    if (el) out.push(el);
  }
  return out;
}

/** Parses a whole document and returns its root element; malformed XML is a CibError. */
export function parseXml(xml: string, file: string): XmlElement {
  return parsePlainXml(xml) ?? parseXmlFully(xml, file);
}

/** The validating parser: every document, with precise errors (parseXml tries a fast path first). */
export function parseXmlFully(xml: string, file: string): XmlElement {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    // The validator reports unclosed elements as a JSON list of names; say it plainly.
    const unclosed = /^Invalid '(\[[^']*\])' found/.exec(msg)?.[1];
    const problem = unclosed ? `unclosed element(s): ${(JSON.parse(unclosed) as string[]).join(', ')}` : msg;
    throw new CibError(file, `line ${line}, column ${col}`, `malformed XML (${problem})`, 'repair the XML; `xmllint --noout FILE` shows the exact spot');
  }
  const roots = toElements(parser.parse(xml) as RawNode[]);
  if (roots.length !== 1) {
    throw new CibError(file, 'document', `expected one root element, found ${roots.length}`, 'the file must hold a single <cib> element');
  }
  return roots[0]!;
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

export function firstChild(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** A short human name for an element in messages: `<primitive id="rsc1">`. */
export function describe(el: XmlElement): string {
  return el.attrs.id !== undefined ? `<${el.name} id="${el.attrs.id}">` : `<${el.name}>`;
}

/** Every element with an id, for resolving id-ref (first definition wins). */
export function indexIds(root: XmlElement): Map<string, XmlElement> {
  const ids = new Map<string, XmlElement>();
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop()!;
    const id = el.attrs.id;
    if (id !== undefined && el.attrs['id-ref'] === undefined && !ids.has(id)) ids.set(id, el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  return ids;
}
