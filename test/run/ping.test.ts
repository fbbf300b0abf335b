import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePing } from '../../src/run/ping.js';

const sample = (name: string) =>
  readFileSync(join(import.meta.dirname, '../fixtures/ping', `${name}.txt`), 'utf8');

describe('reading ping output (recorded from iputils 20221126)', () => {
  it('IPv4 replies: counts, loss, average RTT and TTL', () => {
    expect(parsePing(sample('v4-reply'), '192.0.2.2')).toEqual({
      transmitted: 3, received: 3, lossPercent: 0, rttMs: 0.15, ttl: 64, problem: undefined,
    });
  });

  it('IPv6 replies with a source address', () => {
    expect(parsePing(sample('v6-reply'), '2001:db8::2')).toEqual({
      transmitted: 3, received: 3, lossPercent: 0, rttMs: 0.067, ttl: 64, problem: undefined,
    });
  });

  it('no reply at all', () => {
    expect(parsePing(sample('v4-no-reply'), '192.0.2.5')).toEqual({
      transmitted: 5, received: 0, lossPercent: 100, rttMs: undefined, ttl: undefined, problem: undefined,
    });
  });

  it('no route: the kernel refuses before anything is sent', () => {
    expect(parsePing(sample('v4-no-route'), '203.0.113.1')).toMatchObject({
      received: 0, lossPercent: 100, problem: 'connect: Network is unreachable',
    });
  });

  it('a router answers that it has no route, and says who it is', () => {
    expect(parsePing(sample('v4-net-unreachable'), '203.0.113.1')).toMatchObject({
      transmitted: 1, received: 0, lossPercent: 100,
      problem: 'Destination Net Unreachable (from 192.0.2.254)',
    });
  });

  it('no neighbour answers on the segment', () => {
    expect(parsePing(sample('v4-host-unreachable'), '192.0.2.7')).toMatchObject({
      transmitted: 3, received: 0, problem: 'Destination Host Unreachable (from 192.0.2.1)',
    });
  });

  it('a source address the node does not have', () => {
    expect(parsePing(sample('v4-bad-source'), '192.0.2.2').problem).toBe('Cannot assign requested address');
  });

  it('the TTL is read from replies of the address pinged only', () => {
    const output = 'From 192.0.2.254 icmp_seq=1 Time to live exceeded\n' +
      '64 bytes from 192.0.2.99: icmp_seq=2 ttl=61 time=0.1 ms\n';
    expect(parsePing(output, '198.51.100.1').ttl).toBeUndefined();
  });
});
