import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  blobKeyType, fingerprint, hostKeyName, knownKeyTypes, parseKnownHosts, verifyHostKey,
} from '../../src/target/known-hosts.js';

const ED = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const OTHER_ED = 'AAAAC3NzaC1lZDI1NTE5AAAAIPpjVNkgBhbsNsBmQ8aWEa2Lzoq5cCEvtVw0v1xaaaaa';
const RSA = 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC7';

function hashed(name: string): string {
  const salt = Buffer.from('0123456789abcdefghij');
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

describe('known_hosts, read the way ssh(1) reads it', () => {
  it('names a host by [host]:port off port 22', () => {
    expect(hostKeyName('127.0.0.1', 22)).toBe('127.0.0.1');
    expect(hostKeyName('127.0.0.1', 2222)).toBe('[127.0.0.1]:2222');
  });

  it('a recorded key is known; a different key of the same type has changed', () => {
    const entries = parseKnownHosts(`# comment\n\n[127.0.0.1]:2222 ssh-ed25519 ${ED}\n`);
    expect(verifyHostKey(entries, '[127.0.0.1]:2222', 'ssh-ed25519', ED)).toEqual({ status: 'known', line: 3 });
    expect(verifyHostKey(entries, '[127.0.0.1]:2222', 'ssh-ed25519', OTHER_ED))
      .toEqual({ status: 'changed', line: 3, keyType: 'ssh-ed25519' });
    expect(verifyHostKey(entries, '127.0.0.1', 'ssh-ed25519', ED)).toEqual({ status: 'unknown', otherTypes: [] });
  });

  it('only other key types known: unknown, with those types named', () => {
    const entries = parseKnownHosts(`lab.example ssh-rsa ${RSA}\n`);
    expect(verifyHostKey(entries, 'lab.example', 'ssh-ed25519', ED))
      .toEqual({ status: 'unknown', otherTypes: ['ssh-rsa'] });
    expect(knownKeyTypes(entries, 'lab.example')).toEqual(['ssh-rsa']);
  });

  it('hashed host names, patterns, negation, CRLF and @revoked', () => {
    const text = [
      `${hashed('[127.0.0.1]:2200')} ssh-ed25519 ${ED}`,
      `*.lab.example,!bad.lab.example ssh-ed25519 ${ED}`,
      `@revoked * ssh-ed25519 ${OTHER_ED}`,
      `@cert-authority *.example ssh-ed25519 ${OTHER_ED}`,
    ].join('\r\n');
    const entries = parseKnownHosts(text);
    expect(verifyHostKey(entries, '[127.0.0.1]:2200', 'ssh-ed25519', ED).status).toBe('known');
    expect(verifyHostKey(entries, 'vm1.lab.example', 'ssh-ed25519', ED).status).toBe('known');
    expect(verifyHostKey(entries, 'bad.lab.example', 'ssh-ed25519', ED).status).toBe('unknown');
    expect(verifyHostKey(entries, 'anything', 'ssh-ed25519', OTHER_ED)).toEqual({ status: 'revoked', line: 3 });
  });

  it('fingerprints as OpenSSH prints them, and reads the key type from the blob', () => {
    const blob = Buffer.from(ED, 'base64');
    expect(blobKeyType(blob)).toBe('ssh-ed25519');
    expect(fingerprint(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
