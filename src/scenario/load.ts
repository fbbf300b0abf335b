import type { z } from 'zod';
import { parseAddress, parsePrefix } from './address.js';
import type { Diagnostic } from './diagnostics.js';
import { CHECK_DEFAULTS } from './model.js';
import type { Check, Family, Interface, InterfaceAddress, Link, Node, Route, Scenario } from './model.js';
import { scenarioSchema } from './schema.js';
import type { ScenarioInput } from './schema.js';
import { describeAt, keysAt } from './schema-walk.js';
import { parseSource } from './source.js';
import type { FieldPath, ScenarioSource } from './source.js';
import { closest } from './suggest.js';

export interface LoadResult {
  source: ScenarioSource;
  /** Absent when the file's structure is too broken to build a model from. */
  scenario?: Scenario;
  diagnostics: Diagnostic[];
}

/** YAML text → typed model, with every problem of syntax, structure and value found. */
export function loadScenario(file: string, raw: string): LoadResult {
  const source = parseSource(file, raw);
  const syntax = syntaxDiagnostics(source);
  if (syntax.length > 0) return { source, diagnostics: syntax };

  let input: unknown;
  try {
    input = source.document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { source, diagnostics: [unreadable(error)] };
  }
  const parsed = scenarioSchema.safeParse(input, { reportInput: true });
  if (parsed.success) {
    const diagnostics: Diagnostic[] = [];
    return { source, scenario: buildScenario(file, parsed.data, diagnostics), diagnostics };
  }

  const diagnostics = parsed.error.issues.flatMap(issueDiagnostics);
  // A misspelt key is the commonest mistake. Read as the key it most likely meant (or
  // without it, when it resembles none), the file may still make a model, so its other
  // problems are reported in the same pass.
  if (parsed.error.issues.every((issue) => issue.code === 'unrecognized_keys' || meantValue(issue))) {
    const retry = scenarioSchema.safeParse(withKeysMended(input, parsed.error.issues));
    if (retry.success) return { source, scenario: buildScenario(file, retry.data, diagnostics), diagnostics };
  }
  return { source, diagnostics };
}

/** The allowed value a misspelt one most likely meant: "reachble" → "reachable". */
function meantValue(issue: Issue): string | undefined {
  if (issue.code !== 'invalid_value' || typeof issue.input !== 'string') return undefined;
  return closest(issue.input, issue.values.filter((v): v is string => typeof v === 'string'));
}

function withKeysMended(input: unknown, issues: Issue[]): unknown {
  const copy = structuredClone(input);
  for (const issue of issues) {
    const meant = meantValue(issue);
    if (meant !== undefined) {
      let parent: unknown = copy;
      for (const segment of issue.path.slice(0, -1)) parent = (parent as Record<PropertyKey, unknown> | undefined)?.[segment];
      const last = issue.path[issue.path.length - 1];
      if (parent && typeof parent === 'object' && last !== undefined) (parent as Record<PropertyKey, unknown>)[last] = meant;
      continue;
    }
    if (issue.code !== 'unrecognized_keys') continue;
    let at: unknown = copy;
    for (const segment of issue.path) at = (at as Record<PropertyKey, unknown> | undefined)?.[segment];
    if (!at || typeof at !== 'object') continue;
    const object = at as Record<string, unknown>;
    const allowed = keysAt(scenarioSchema, issue.path.map((p) => (typeof p === 'number' ? p : String(p))));
    for (const key of issue.keys) {
      const meant = closest(key, allowed);
      if (meant && !(meant in object)) object[meant] = object[key];
      delete object[key];
    }
  }
  return copy;
}

function syntaxDiagnostics(source: ScenarioSource): Diagnostic[] {
  const undecodable = source.text.indexOf('\uFFFD');
  if (undecodable >= 0) {
    return [{
      severity: 'error', path: [], position: source.lines.linePos(undecodable),
      message: 'the file is not UTF-8 text here: a byte that is no character',
      fix: 'save the file as UTF-8',
    }];
  }
  if (source.document.errors.length > 0) {
    return source.document.errors.map((error) => {
      const tooDeep = /Maximum call stack/.test(error.message);
      return {
        severity: 'error' as const,
        path: [],
        position: source.lines.linePos(error.pos[0]),
        message: tooDeep ? 'the file nests too deeply to be a lab' : `YAML syntax: ${firstLine(error.message)}`,
        fix: tooDeep ? 'a lab nests a few levels: nodes, interfaces, addresses'
          : 'check the indentation and the quoting on this line',
      };
    });
  }
  if (source.document.contents === null) {
    return [{
      severity: 'error', path: [], position: { line: 1, col: 1 },
      message: 'the file holds no scenario',
      fix: 'start from scenarios/same-segment.yaml, which shows every part',
    }];
  }
  return [];
}

/** YAML that parses but cannot be read as data: an alias bomb, nesting too deep. */
function unreadable(error: unknown): Diagnostic {
  const message = error instanceof Error ? error.message : String(error);
  const aliases = /alias/i.test(message);
  return {
    severity: 'error', path: [], position: { line: 1, col: 1 },
    message: aliases
      ? 'the file expands YAML aliases (*name) too often to be a lab'
      : `the file cannot be read as data (${message})`,
    fix: aliases ? 'write the lab out without aliases, or with a few' : 'write it as a plain mapping',
  };
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).replace(/ at line \d+, column \d+:?$/, '');
}

type Issue = z.core.$ZodIssue;

function issueDiagnostics(issue: Issue): Diagnostic[] {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));

  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(scenarioSchema, path);
    return issue.keys.map((key) => {
      const guess = closest(key, allowed);
      return {
        severity: 'error' as const,
        path: [...path, key],
        at: 'key' as const,
        message: `unknown key "${key}"`,
        fix: guess ? `did you mean "${guess}"?` : `the keys allowed here are ${allowed.join(', ')}`,
      };
    });
  }

  if (issue.code === 'invalid_key') {
    return [{ severity: 'error', path, at: 'key', message: issue.issues[0]?.message ?? issue.message }];
  }

  if (issue.code === 'invalid_type' && (!('input' in issue) || issue.input === undefined)) {
    const field = String(path[path.length - 1]);
    const meaning = describeAt(scenarioSchema, path);
    return [{
      severity: 'error', path,
      message: `"${field}" is missing`,
      fix: meaning ? `add ${field}: ${meaning}` : `add ${field}`,
    }];
  }

  const meant = meantValue(issue);
  if (meant !== undefined) return [{ severity: 'error', path, message: issue.message, fix: `did you mean "${meant}"?` }];
  const meaning = describeAt(scenarioSchema, path);
  const field = String(path[path.length - 1] ?? '');
  return [{ severity: 'error', path, message: issue.message, fix: meaning ? `${field}: ${meaning}` : undefined }];
}

function buildScenario(file: string, input: ScenarioInput, out: Diagnostic[]): Scenario {
  const nodes = Object.entries(input.nodes).map(([name, body]) => buildNode(name, body, out));
  const links: Link[] = (input.links ?? []).map(([a, b], index) => ({
    ends: [splitEnd(a), splitEnd(b)],
    path: ['links', index],
  }));
  const checks = (input.checks ?? []).map((check, index) => buildCheck(check, index, out));

  return {
    name: input.name,
    description: input.description ?? '',
    file,
    nodes,
    links,
    checks,
  };
}

type NodeInput = ScenarioInput['nodes'][string];

function buildNode(name: string, body: NodeInput, out: Diagnostic[]): Node {
  const path: FieldPath = ['nodes', name];
  const interfaces: Interface[] = Object.entries(body?.interfaces ?? {}).map(([ifname, spec]) => {
    const ifacePath = [...path, 'interfaces', ifname];
    const given = spec?.address;
    const list = given === undefined ? [] : Array.isArray(given) ? given : [given];
    const addresses = list.flatMap((text, i) => {
      const at = Array.isArray(given) ? [...ifacePath, 'address', i] : [...ifacePath, 'address'];
      const parsed = buildAddress(text, at, out);
      return parsed ? [parsed] : [];
    });
    return { name: ifname, node: name, addresses, path: ifacePath };
  });

  const routes = (body?.routes ?? []).flatMap((route, i) => {
    const built = buildRoute(route, [...path, 'routes', i], out, interfaces);
    return built ? [built] : [];
  });

  const sysctl = Object.fromEntries(Object.entries(body?.sysctl ?? {}).map(([key, value]) =>
    [key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value)]));

  return { name, interfaces, routes, sysctl, path };
}

function buildAddress(text: string, path: FieldPath, out: Diagnostic[]): InterfaceAddress | undefined {
  const parsed = parsePrefix(text);
  if ('error' in parsed) {
    out.push(addressProblem(text, parsed.error, path));
    return undefined;
  }
  return {
    cidr: `${parsed.address}/${parsed.prefixLength}`,
    address: parsed.address,
    prefixLength: parsed.prefixLength,
    family: parsed.family,
    network: parsed.network,
    path,
  };
}

function addressProblem(text: string, error: string, path: FieldPath): Diagnostic {
  if (error === 'no-prefix') {
    const example = text.includes(':') ? `${text}/64` : `${text}/24`;
    return {
      severity: 'error', path,
      message: `${text} has no prefix length`,
      fix: `write ${example}: the prefix length says which addresses share this segment`,
    };
  }
  if (error === 'bad-length') {
    return {
      severity: 'error', path,
      message: `${text}: the prefix length must be 0 to 32 for IPv4 and 0 to 128 for IPv6`,
      fix: 'use the segment\'s prefix length, such as /24 or /64',
    };
  }
  return {
    severity: 'error', path,
    message: `"${text}" is not an IPv4 or IPv6 address with a prefix`,
    fix: 'write it as 192.0.2.1/24 or 2001:db8::1/64',
  };
}

type RouteInput = NonNullable<NonNullable<NodeInput>['routes']>[number];

function buildRoute(input: RouteInput, path: FieldPath, out: Diagnostic[],
  interfaces: Interface[]): Route | undefined {
  const via = input.via === undefined ? undefined : parseAddress(input.via);
  if (input.via !== undefined && !via) {
    out.push({
      severity: 'error', path: [...path, 'via'],
      message: `gateway "${input.via}" is not an IPv4 or IPv6 address`,
      fix: 'write the neighbour\'s address without a prefix, such as 192.0.2.254',
    });
    return undefined;
  }

  let to: string;
  let family: Family;
  if (input.to === 'default') {
    to = 'default';
    // A default route through an interface alone takes the family of that interface.
    const devFamilies = interfaces.find((i) => i.name === input.dev)?.addresses.map((a) => a.family) ?? [];
    family = via?.family ?? (devFamilies.length > 0 && devFamilies.every((f) => f === 6) ? 6 : 4);
  } else {
    const prefix = parsePrefix(input.to.includes('/') ? input.to : hostPrefix(input.to));
    if ('error' in prefix) {
      out.push({
        severity: 'error', path: [...path, 'to'],
        message: `"${input.to}" is neither "default" nor a prefix`,
        fix: 'write "default" or a prefix such as 203.0.113.0/24',
      });
      return undefined;
    }
    if (prefix.network !== `${prefix.address}/${prefix.prefixLength}`) {
      out.push({
        severity: 'error', path: [...path, 'to'],
        message: `${input.to} has host bits set; a route goes to a network`,
        fix: `write ${prefix.network}`,
      });
      return undefined;
    }
    // 0.0.0.0/0 and ::/0 are the default route by another name: one spelling in the model,
    // so two default routes are seen to be the same destination.
    to = prefix.prefixLength === 0 ? 'default' : prefix.network;
    family = prefix.family;
  }

  if (via && via.family !== family) {
    out.push({
      severity: 'error', path: [...path, 'via'],
      message: `gateway ${via.address} is IPv${via.family} but the route to ${to} is IPv${family}`,
      fix: `use an IPv${family} gateway, or an IPv${via.family} destination`,
    });
    return undefined;
  }

  return { to, family, via: via?.address, dev: input.dev, path };
}

function hostPrefix(text: string): string {
  return text.includes(':') ? `${text}/128` : `${text}/32`;
}

type CheckInput = NonNullable<ScenarioInput['checks']>[number];

function buildCheck(input: CheckInput, index: number, out: Diagnostic[]): Check {
  const path: FieldPath = ['checks', index];
  const to = parseAddress(input.ping.to);
  const source = input.ping.source === undefined ? undefined : parseAddress(input.ping.source);

  if (!to) {
    out.push({
      severity: 'error', path: [...path, 'ping', 'to'],
      message: `"${input.ping.to}" is not an IPv4 or IPv6 address`,
      fix: 'ping an address without a prefix, such as 192.0.2.2',
    });
  }
  if (input.ping.source !== undefined && !source) {
    out.push({
      severity: 'error', path: [...path, 'ping', 'source'],
      message: `"${input.ping.source}" is not an IPv4 or IPv6 address`,
      fix: `use one of ${input.ping.from}'s addresses, without a prefix`,
    });
  }
  if (to && source && to.family !== source.family) {
    out.push({
      severity: 'error', path: [...path, 'ping', 'source'],
      message: `source ${source.address} is IPv${source.family} but ${to.address} is IPv${to.family}`,
      fix: `use an IPv${to.family} address of ${input.ping.from}`,
    });
  }

  const target = to?.address ?? input.ping.to;
  const from = source ? `${input.ping.from} (${source.address})` : input.ping.from;
  return {
    id: `c${index + 1}`,
    label: input.name ?? `${from} → ${target}`,
    from: input.ping.from,
    to: target,
    family: to?.family ?? 4,
    source: source?.address,
    expect: input.expect ?? 'reachable',
    ttl: input.ttl,
    count: input.ping.count ?? CHECK_DEFAULTS.count,
    timeout: input.ping.timeout ?? CHECK_DEFAULTS.timeout,
    path,
  };
}

function splitEnd(text: string): { node: string; iface: string } {
  const [node = '', iface = ''] = text.split(':');
  return { node, iface };
}
