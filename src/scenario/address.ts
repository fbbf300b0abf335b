import ipaddr from 'ipaddr.js';
import type { Family } from './model.js';

export interface ParsedAddress {
  address: string;
  family: Family;
  value: ipaddr.IPv4 | ipaddr.IPv6;
}

export interface ParsedPrefix extends ParsedAddress {
  prefixLength: number;
  /** The segment (network) this address lies in, canonical: 192.0.2.0/24. */
  network: string;
}

/** An address without a prefix, in canonical form; undefined when it does not parse. */
export function parseAddress(text: string): ParsedAddress | undefined {
  const trimmed = text.trim();
  if (ipaddr.IPv4.isValidFourPartDecimal(trimmed)) {
    const value = ipaddr.IPv4.parse(trimmed);
    return { address: value.toString(), family: 4, value };
  }
  if (trimmed.includes(':') && ipaddr.IPv6.isValid(trimmed) && !trimmed.includes('%')) {
    const value = ipaddr.IPv6.parse(trimmed);
    return { address: value.toString(), family: 6, value };
  }
  return undefined;
}

export type PrefixResult = ParsedPrefix | { error: 'unparsable' | 'no-prefix' | 'bad-length' };

/** "192.0.2.1/24" → the address, its family, prefix length and network. */
export function parsePrefix(text: string): PrefixResult {
  const [addressText, lengthText, ...rest] = text.trim().split('/');
  const parsed = parseAddress(addressText ?? '');
  if (!parsed || rest.length > 0) return { error: 'unparsable' };
  if (lengthText === undefined) return { error: 'no-prefix' };

  const max = parsed.family === 4 ? 32 : 128;
  const prefixLength = /^\d{1,3}$/.test(lengthText) ? Number(lengthText) : NaN;
  if (!(prefixLength >= 0 && prefixLength <= max)) return { error: 'bad-length' };

  return { ...parsed, prefixLength, network: networkOf(parsed, prefixLength) };
}

export function networkOf(parsed: ParsedAddress, prefixLength: number): string {
  const network = parsed.family === 4
    ? ipaddr.IPv4.networkAddressFromCIDR(`${parsed.address}/${prefixLength}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${parsed.address}/${prefixLength}`);
  return `${network.toString()}/${prefixLength}`;
}

/** Whether an address lies inside a network given as "192.0.2.0/24". */
export function inNetwork(address: ParsedAddress, network: string): boolean {
  const [base, length] = network.split('/');
  const range = parseAddress(base ?? '');
  if (!range || range.family !== address.family) return false;
  return address.value.match(range.value as never, Number(length));
}

/** The broadcast address of an IPv4 network, for the rule that hosts must not use it. */
export function broadcastOf(network: string): string | undefined {
  const [base, length] = network.split('/');
  if (!base || !ipaddr.IPv4.isValidFourPartDecimal(base)) return undefined;
  return ipaddr.IPv4.broadcastAddressFromCIDR(`${base}/${length}`).toString();
}
