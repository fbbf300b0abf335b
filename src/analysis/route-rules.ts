import { inNetwork, parseAddress } from '../scenario/address.js';
import type { Diagnostic } from '../scenario/diagnostics.js';
import type { Node, Route, Scenario } from '../scenario/model.js';
import { closest } from '../scenario/suggest.js';
import { interfaceOf } from './scenario-lookup.js';

export function checkGateways(scenario: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const node of scenario.nodes) {
    node.routes.forEach((route) => {
      const dev = route.dev === undefined ? undefined : interfaceOf(node, route.dev);
      if (route.dev !== undefined && !dev) {
        const guess = closest(route.dev, node.interfaces.map((i) => i.name));
        out.push({
          severity: 'error', path: [...route.path, 'dev'],
          message: `${node.name} has no interface "${route.dev}" ` +
            '(the kernel would answer "Cannot find device")',
          fix: guess ? `did you mean "${guess}"?` : `use one of ${node.name}'s interfaces`,
        });
        return;
      }
      if (route.via === undefined) return;

      const via = parseAddress(route.via);
      const candidates = dev ? [dev] : node.interfaces;
      const own = candidates.flatMap((i) => i.addresses).find((a) => a.address === route.via);
      const segments = candidates.flatMap((i) => i.addresses)
        .filter((a) => a.family === route.family);
      const onLink = via && segments.some((a) => inNetwork(via, a.network));

      if (own) {
        out.push({
          severity: 'error', path: [...route.path, 'via'],
          message: `gateway ${route.via} is ${node.name}'s own address`,
          fix: 'the gateway is the neighbour that forwards for this node: use its address',
        });
      } else if (via && isLinkLocal(via.address)) {
        // Every IPv6 link has fe80::/64: the kernel takes such a gateway with its interface.
        if (!dev) {
          out.push({
            severity: 'error', path: [...route.path, 'via'],
            message: `gateway ${route.via} is link-local, valid only with the interface it is on`,
            fix: 'add dev: INTERFACE to the route',
          });
        }
      } else if (!onLink) {
        const list = segments.map((a) => a.network);
        const where = dev ? `${node.name}:${dev.name}` : node.name;
        const known = list.length > 0
          ? [...new Set(list)].join(', ') : `no IPv${route.family} address`;
        out.push({
          severity: 'error', path: [...route.path, 'via'],
          message: `gateway ${route.via} is on none of ${where}'s segments ` +
            `(${known}); ` +
            'the kernel would refuse the route with "Nexthop has invalid gateway"',
          fix: list.length > 0
            ? `use the address of a neighbour on ${list[0]}, or give ${where} an address ` +
              `in ${route.via}'s segment`
            : `give ${where} an IPv${route.family} address in ${route.via}'s segment`,
        });
      }
    });
  }
  return out;
}

function isLinkLocal(address: string): boolean {
  return /^fe[89ab][0-9a-f]?:/i.test(address);
}

function describe(route: Route): string {
  return [route.to, route.via && `via ${route.via}`, route.dev && `dev ${route.dev}`]
    .filter(Boolean).join(' ');
}

// netlab installs routes with `ip route replace`: a second route to the same destination
// silently takes the place of the first.
export function checkDuplicateRoutes(scenario: Scenario): Diagnostic[] {
  return scenario.nodes.flatMap((node) => node.routes.flatMap((route, index): Diagnostic[] => {
    const earlier = node.routes.findIndex((r, i) =>
      i < index && r.family === route.family && r.to === route.to);
    if (earlier < 0) return [];
    const first = node.routes[earlier] as Route;
    const where = `nodes.${node.name}.routes[${earlier}]`;
    if (first.via === route.via && first.dev === route.dev) {
      return [{
        severity: 'warning', path: route.path,
        message: `this route repeats ${where} (${describe(route)})`,
        fix: 'remove one of the two',
      }];
    }
    return [{
      severity: 'error', path: [...route.path, 'to'],
      message: `a second route to ${route.to}: "ip route replace" would put it in place of ` +
        `${where} (${describe(first)}), which is then lost`,
      fix: `keep one route to ${route.to}; a node sends each destination one way`,
    }];
  }));
}

export function checkOwnSegmentRoutes(scenario: Scenario): Diagnostic[] {
  return scenario.nodes.flatMap((node) => node.routes.flatMap((route) =>
    ownSegmentProblem(node, route)));
}

function ownSegmentProblem(node: Node, route: Route): Diagnostic[] {
  const iface = node.interfaces.find((i) => i.addresses.some((a) => a.network === route.to));
  if (!iface) return [];
  const where = `${node.name}:${iface.name}`;
  return [{
    severity: 'warning', path: [...route.path, 'to'],
    message: route.family === 4
      ? `${route.to} is ${where}'s own segment: this route takes the place of the ` +
        `connected route, and ${node.name} then sends to its neighbours there ` +
        (route.via ? `through ${route.via}` : `out of ${route.dev}`)
      : `${route.to} is ${where}'s own segment: the connected route (metric 256) wins ` +
        'over this one (metric 1024), which is never used',
    fix: `remove this route; ${node.name} reaches ${route.to} directly on ${iface.name}`,
  }];
}
