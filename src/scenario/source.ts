import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

export type FieldPath = readonly (string | number)[];

export interface Position {
  line: number;
  col: number;
}

/** The parsed YAML text, kept so that every later error can point at its line. */
export interface ScenarioSource {
  file: string;
  text: string;
  document: Document.Parsed;
  lines: LineCounter;
}

export function parseSource(file: string, raw: string): ScenarioSource {
  // A file saved on Windows or with a BOM must behave exactly like its LF twin.
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  keepKeysAsWritten(document);
  return { file, text, document, lines };
}

/**
 * Names are names: a node written 007 or an interface written 1.10 keeps that spelling,
 * rather than becoming the number 7 or 1.1.
 */
function keepKeysAsWritten(document: Document.Parsed): void {
  visit(document, {
    Pair(_, pair) {
      if (isScalar(pair.key) && typeof pair.key.value !== 'string' && pair.key.source !== undefined) {
        pair.key.value = pair.key.source;
      }
    },
  });
}

/**
 * Where a field sits in the file: its value, or its key with `at: 'key'`. A path that
 * runs past what the file holds (a missing field) resolves to the deepest part present.
 */
export function locate(source: ScenarioSource, path: FieldPath, at: 'key' | 'value' = 'value'): Position {
  let node: unknown = source.document.contents;
  let offset = rangeStart(node) ?? 0;

  for (const segment of path) {
    const next = childOf(node, segment);
    if (!next) break;
    node = next.value;
    offset = rangeStart(next.value) ?? rangeStart(next.key) ?? offset;
    if (at === 'key' && segment === path[path.length - 1] && next.key) {
      offset = rangeStart(next.key) ?? offset;
    }
  }
  return source.lines.linePos(offset);
}

function childOf(node: unknown, segment: string | number): { key?: YamlNode; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && scalarText(item.key) === String(segment));
    if (!pair) return undefined;
    return { key: pair.key as YamlNode, value: pair.value ?? pair.key };
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) ? String(node.value) : undefined;
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] }).range;
    return range?.[0];
  }
  return undefined;
}

/** `nodes.ns1.routes[0].via`, with keys that hold dots quoted: `sysctl["net.ipv4.ip_forward"]`. */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
