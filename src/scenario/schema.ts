import { z } from 'zod';

// The structural half of the scenario contract. Cross-field rules (links, subnets,
// gateways) live in analysis/, which works on the typed model built from this.

export const LAB_NAME = /^[a-z0-9][a-z0-9-]*$/;
export const NODE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
export const IFACE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
export const SYSCTL_KEY = /^[a-z0-9_]+(\.[A-Za-z0-9_-]+)+$/;
export const IFACE_MAX_BYTES = 15;

const text = (what: string) => z.string({ error: `${what} must be text` });

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Text shown in reports and terminals: one line, so it cannot forge another. */
const oneLine = (what: string) => text(what).refine((value) => !CONTROL.test(value), {
  error: `${what} must be one line, without control characters`,
});

const labName = text('the lab name')
  .max(48, { error: 'the lab name is longer than 48 characters' })
  .regex(LAB_NAME, {
    error: 'the lab name may use only lower-case letters, digits and "-", ' +
      'and must start with a letter or digit',
  });

export const nodeName = z.string().regex(NODE_NAME, {
  error: 'a node name may use only letters, digits, "-", "_" and ".", ' +
    'and must not start with "-" or "."',
}).max(64, { error: 'a node name is at most 64 characters (it names a network namespace)' });

export const ifaceName = z.string()
  .regex(IFACE_NAME, {
    error: 'an interface name may use only letters, digits, "-", "_" and ".", ' +
      'and must not start with "-" or "."',
  })
  .refine((name) => Buffer.byteLength(name) <= IFACE_MAX_BYTES, {
    error: (issue) => `interface name "${String(issue.input)}" is ` +
      `${Buffer.byteLength(String(issue.input))} characters; the kernel allows at most 15`,
  })
  .refine((name) => name !== 'lo', {
    error: '"lo" is the loopback interface every namespace already has; choose another name',
  })
  .refine((name) => name !== 'all' && name !== 'default', {
    // net.ipv4.conf.all and .default are the kernel's own; an interface cannot have either name.
    error: (issue) => `"${String(issue.input)}" is reserved by the kernel (net.ipv4.conf.${String(issue.input)}); choose another name`,
  });

const address = text('an address');

const addressList = z.union([address, z.array(address).min(1)], {
  error: 'address must be one address such as 192.0.2.1/24, or a list of them',
});

const iface = z.strictObject({
  address: addressList.optional(),
}, { error: 'an interface must be a mapping such as { address: 192.0.2.1/24 }' }).nullable();

const route = z.strictObject({
  to: text('route "to"').describe('"default" or a prefix such as 203.0.113.0/24'),
  via: text('route "via"').optional().describe('the gateway, on one of the node\'s segments'),
  dev: text('route "dev"').optional().describe('the node\'s interface to send through'),
}, { error: 'a route must be a mapping such as { to: default, via: 192.0.2.254 }' })
  .refine((r) => r.via !== undefined || r.dev !== undefined, {
    error: 'a route needs "via" (a gateway), "dev" (an interface), or both',
  });

const sysctlValue = z.union([z.number(), oneLine('a sysctl value'), z.boolean()], {
  error: 'a sysctl value must be a number or one line of text',
});

const node = z.strictObject({
  interfaces: z.record(ifaceName, iface, {
    error: 'interfaces must be a mapping of interface name to { address: ... }',
  }).optional(),
  routes: z.array(route, { error: 'routes must be a list' }).optional(),
  sysctl: z.record(z.string().regex(SYSCTL_KEY, {
    error: 'a sysctl key looks like net.ipv4.ip_forward',
  }), sysctlValue, { error: 'sysctl must be a mapping of key to value' }).optional(),
}, { error: 'a node must be a mapping with interfaces, routes and sysctl' }).nullable();

const linkEnd = z.string({ error: 'a link end must be text such as ns1:ns1-veth0' })
  .regex(/^[^:\s]+:[^:\s]+$/, { error: 'a link end is written NODE:INTERFACE, such as ns1:ns1-veth0' });

const link = z.tuple([linkEnd, linkEnd], {
  error: 'a link is a pair of ends, such as [ns1:ns1-veth0, router:gw-veth0]',
});

const ping = z.strictObject({
  from: text('ping "from"').describe('the node the ping runs in'),
  to: text('ping "to"').describe('the address to ping'),
  source: text('ping "source"').optional().describe('an address of "from" to send from (ping -I)'),
  count: z.int({ error: 'count must be a whole number' })
    .min(1, { error: 'count must be at least 1' })
    .max(20, { error: 'count must be at most 20' }).optional()
    .describe('echo requests per attempt (default 3)'),
  timeout: z.int({ error: 'timeout must be a whole number of seconds' })
    .min(1, { error: 'timeout must be at least 1 second' })
    .max(10, { error: 'timeout must be at most 10 seconds' }).optional()
    .describe('seconds to wait for replies per attempt (default 1)'),
}, { error: 'ping must be a mapping such as { from: ns1, to: 192.0.2.2 }' });

const check = z.strictObject({
  name: oneLine('a check name').optional().describe('what reports call the check'),
  ping: ping.describe('{ from: NODE, to: ADDRESS }, and source, count, timeout if needed'),
  expect: z.enum(['reachable', 'unreachable'], {
    error: 'expect must be "reachable" or "unreachable"',
  }).optional(),
  ttl: z.int({ error: 'ttl must be a whole number' })
    .min(1, { error: 'ttl must be between 1 and 255' })
    .max(255, { error: 'ttl must be between 1 and 255' }).optional()
    .describe('the TTL (hop limit) the replies must arrive with'),
}, { error: 'a check must be a mapping such as { ping: { from: ns1, to: 192.0.2.2 } }' });

export const scenarioSchema = z.strictObject({
  name: labName.describe('the lab\'s name, such as router-lab (lower case, digits and "-")'),
  description: oneLine('the description').optional().describe('one line on what the lab shows'),
  nodes: z.record(nodeName, node, { error: 'nodes must be a mapping of node name to node' })
    .describe('a mapping of node name (one network namespace each) to its interfaces, routes and sysctl'),
  links: z.array(link, { error: 'links must be a list of pairs' }).optional()
    .describe('a list of veth pairs such as [ns1:ns1-veth0, router:gw-veth0]'),
  checks: z.array(check, { error: 'checks must be a list' }).optional()
    .describe('a list of pings such as { ping: { from: ns1, to: 192.0.2.2 } }'),
}, { error: 'a scenario must be a mapping with name, nodes, links and checks' });

export type ScenarioInput = z.infer<typeof scenarioSchema>;
