import type { Plan } from '../plan/plan.js';
import type { Family, Node } from '../scenario/model.js';

/** A setting's value in a node and the write that made it so, for explanations. */
export interface Setting {
  value: number;
  /** "net.ipv4.ip_forward=1", or undefined when nothing wrote it (the kernel's default). */
  setBy?: string;
  /** Whether that write came from the scenario, rather than from netlab's defaults. */
  fromScenario: boolean;
}

/** The settings the prediction needs, as they stand in a node once netlab has set it up. */
export interface NodeSettings {
  /** IPv4 forwards by the interface a packet came in on; IPv6 by conf.all (or force). */
  forwarding(family: Family, inbound: string): Setting;
  rpFilter(iface: string): Setting;
  arpIgnore(iface: string): Setting;
  echoIgnored(family: Family): Setting;
  initialTtl(family: Family, outbound: string): number;
}

interface Write {
  key: string;
  value: string;
}

type Conf = Map<string, Setting>;

const KERNEL_DEFAULT: Setting = { value: 0, fromScenario: false };

/**
 * Replays netlab's sysctl writes for a node in the order the plan makes them (baseline
 * before the interfaces exist, the rest after), with the kernel's rules for how `all`,
 * `default` and per-interface values reach each interface.
 */
export function readNodeSettings(plan: Plan, node: Node): NodeSettings {
  const { early, late } = sysctlWrites(plan, node);
  const flat = new Map<string, Setting>();
  const conf = { 4: confTables(), 6: confTables() };
  const setting = (write: Write): Setting => ({
    value: Number(write.value) || 0,
    setBy: `${write.key}=${write.value}`,
    fromScenario: node.sysctl[write.key] === write.value,
  });

  for (const write of early) applyWrite(write, setting(write), flat, conf, []);
  for (const family of [4, 6] as const) {
    for (const iface of node.interfaces) {
      // A new interface starts as a copy of `default`, and also takes over which keys
      // were set there: the kernel copies default's "was set" marks with the values.
      conf[family].ifaces.set(iface.name, new Map(conf[family].dflt));
      conf[family].explicit.set(iface.name, new Set(conf[family].dflt.keys()));
    }
  }
  const names = node.interfaces.map((i) => i.name);
  for (const write of late) applyWrite(write, setting(write), flat, conf, names);

  const read = (family: Family, scope: string, key: string): Setting => {
    const table = conf[family];
    const map = scope === 'all' ? table.all : table.ifaces.get(scope);
    return map?.get(key) ?? KERNEL_DEFAULT;
  };
  const highest = (a: Setting, b: Setting) => (b.value > a.value ? b : a);

  return {
    forwarding(family, inbound) {
      if (family === 4) return read(4, inbound, 'forwarding');
      const forced = read(6, inbound, 'force_forwarding');
      return forced.value > 0 ? forced : read(6, 'all', 'forwarding');
    },
    rpFilter: (iface) => highest(read(4, 'all', 'rp_filter'), read(4, iface, 'rp_filter')),
    arpIgnore: (iface) => highest(read(4, 'all', 'arp_ignore'), read(4, iface, 'arp_ignore')),
    echoIgnored: (family) => flat.get(family === 4
      ? 'net.ipv4.icmp_echo_ignore_all' : 'net.ipv6.icmp.echo_ignore_all') ?? KERNEL_DEFAULT,
    initialTtl(family, outbound) {
      const set = family === 4 ? flat.get('net.ipv4.ip_default_ttl')
        : conf[6].ifaces.get(outbound)?.get('hop_limit');
      return set && set.value > 0 ? set.value : 64;
    },
  };
}

function confTables() {
  return {
    all: new Map() as Conf,
    dflt: new Map() as Conf,
    ifaces: new Map<string, Conf>(),
    explicit: new Map<string, Set<string>>(),
  };
}

function applyWrite(write: Write, value: Setting, flat: Map<string, Setting>,
  conf: Record<Family, ReturnType<typeof confTables>>, ifaces: string[]): void {
  const key = write.key === 'net.ipv4.ip_forward' ? 'net.ipv4.conf.all.forwarding' : write.key;
  const match = /^net\.ipv([46])\.conf\.([^.]+)\.([^.]+)$/.exec(key);
  if (!match) {
    flat.set(key, value);
    return;
  }
  const family = Number(match[1]) as Family;
  const [scope, name] = [match[2] ?? '', match[3] ?? ''];
  const table = conf[family];

  if (scope === 'all') {
    table.all.set(name, value);
    // Forwarding on `all` is copied to `default` and to every interface, in both families.
    if (name === 'forwarding') {
      table.dflt.set(name, value);
      for (const iface of ifaces) table.ifaces.get(iface)?.set(name, value);
    }
    return;
  }
  if (scope === 'default') {
    table.dflt.set(name, value);
    // IPv4 copies a new default to interfaces that never had the key set; not forwarding.
    if (family === 4 && name !== 'forwarding') {
      for (const iface of ifaces) {
        if (!table.explicit.get(iface)?.has(name)) table.ifaces.get(iface)?.set(name, value);
      }
    }
    return;
  }
  table.ifaces.get(scope)?.set(name, value);
  table.explicit.get(scope)?.add(name);
}

function sysctlWrites(plan: Plan, node: Node): { early: Write[]; late: Write[] } {
  const early: Write[] = [];
  const late: Write[] = [];
  for (const step of plan.steps) {
    if (step.node !== node.name || !step.argv.includes('sysctl')) continue;
    const writes = step.argv.slice(step.argv.indexOf('-w') + 1).map((assignment) => {
      const cut = assignment.indexOf('=');
      return { key: assignment.slice(0, cut), value: assignment.slice(cut + 1) };
    });
    (step.phase === 'sysctls' ? late : early).push(...writes);
  }
  return { early, late };
}
