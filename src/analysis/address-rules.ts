import ipaddr from 'ipaddr.js';
import { broadcastOf } from '../scenario/address.js';
import type { Diagnostic } from '../scenario/diagnostics.js';
import type { InterfaceAddress, Scenario } from '../scenario/model.js';

export function checkUniqueAddresses(scenario: Scenario): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const node of scenario.nodes) {
    for (const iface of node.interfaces) {
      for (const address of iface.addresses) {
        const where = `${node.name}:${iface.name}`;
        const first = seen.get(address.address);
        if (first) {
          out.push({
            severity: 'error', path: address.path,
            message: `${address.address} is also the address of ${first}`,
            fix: 'give every interface its own address',
          });
        } else {
          seen.set(address.address, where);
        }
      }
    }
  }
  return out;
}

const NOT_FOR_HOSTS: Readonly<Record<string, string>> = {
  loopback: 'is a loopback address: packets to or from it never leave a namespace',
  multicast: 'is a multicast address, which names a group, not one interface',
  unspecified: 'is the "unspecified" address, which means "no address yet"',
  broadcast: 'is the limited broadcast address, which means "everyone on this wire"',
};

/** Addresses that parse but cannot, or should not, be one interface's own. */
export function checkHostAddresses(scenario: Scenario): Diagnostic[] {
  return scenario.nodes.flatMap((node) => node.interfaces.flatMap((iface) =>
    iface.addresses.flatMap((address) => hostAddressProblem(address))));
}

function hostAddressProblem(address: InterfaceAddress): Diagnostic[] {
  const range = ipaddr.parse(address.address).range();
  const special = NOT_FOR_HOSTS[range];
  if (special) {
    return [{
      severity: 'error', path: address.path,
      message: `${address.address} ${special}`,
      fix: address.family === 4
        ? 'use a unicast address, such as one from 192.0.2.0/24'
        : 'use a unicast address, such as one from 2001:db8::/32',
    }];
  }
  return address.family === 4 ? ipv4EdgeProblem(address) : ipv6EdgeProblem(address);
}

// /31 and /32 have no network or broadcast address (RFC 3021): every address is a host.
function ipv4EdgeProblem(address: InterfaceAddress): Diagnostic[] {
  if (address.prefixLength > 30) return [];
  const [base] = address.network.split('/');
  const broadcast = broadcastOf(address.network);
  const hosts = `use an address from ${nextTo(base ?? '', 1)} to ${nextTo(broadcast ?? '', -1)}`;

  if (address.address === broadcast) {
    return [{
      severity: 'error', path: address.path,
      message: `${address.cidr} is the broadcast address of ${address.network}: the other ` +
        'nodes on the segment send to it as broadcast, and ping refuses it',
      fix: hosts,
    }];
  }
  if (address.address === base) {
    return [{
      severity: 'warning', path: address.path,
      message: `${address.cidr} is the network address of ${address.network}; Linux accepts ` +
        'it for a host, but other systems, and readers, take it to mean the segment itself',
      fix: hosts,
    }];
  }
  return [];
}

// All-zero host bits name the Subnet-Router anycast address (RFC 4291): routers on the
// segment answer for it. /127 and /128 are exempt (RFC 6164).
function ipv6EdgeProblem(address: InterfaceAddress): Diagnostic[] {
  if (address.prefixLength > 126) return [];
  const [base] = address.network.split('/');
  if (address.address !== base) return [];
  return [{
    severity: 'warning', path: address.path,
    message: `${address.cidr} is the Subnet-Router anycast address of ${address.network}: ` +
      'any router on the segment answers for it too',
    fix: `use another address in ${address.network}, such as ${nextTo(base, 1)}/` +
      `${address.prefixLength}`,
  }];
}

function nextTo(address: string, step: 1 | -1): string {
  const parsed = ipaddr.parse(address);
  const bytes = parsed.toByteArray();
  for (let i = bytes.length - 1; i >= 0; i--) {
    const value = (bytes[i] ?? 0) + step;
    bytes[i] = (value + 256) % 256;
    if (value >= 0 && value <= 255) break;
  }
  return ipaddr.fromByteArray(bytes).toString();
}
