import { createHash, createHmac } from 'node:crypto';

// OpenSSH's known_hosts, read the way ssh(1) reads it: plain and hashed host names,
// patterns with * ? and !, [host]:port for ports other than 22, @revoked lines.

export interface KnownHostEntry {
  marker?: '@revoked' | '@cert-authority';
  hosts: string;
  keyType: string;
  key: string;
  line: number;
}

export type HostKeyVerdict =
  | { status: 'known'; line: number }
  | { status: 'changed'; line: number; keyType: string }
  | { status: 'revoked'; line: number }
  | { status: 'unknown'; otherTypes: string[] };

/** The name known_hosts records a host by: `host`, or `[host]:port` off port 22. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields.shift() as KnownHostEntry['marker'];
    }
    const [hosts, keyType, key] = fields;
    if (!hosts || !keyType || !key) return;
    entries.push({ marker, hosts, keyType, key, line: index + 1 });
  });
  return entries;
}

function matchesPattern(name: string, pattern: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(name);
}

function matchesHashed(name: string, field: string): boolean {
  const [, magic, salt, hash] = field.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

/** Whether an entry's host field names this host, honouring negated patterns. */
export function entryMatches(entry: KnownHostEntry, name: string): boolean {
  if (entry.hosts.startsWith('|')) return matchesHashed(name, entry.hosts);
  let matched = false;
  for (const pattern of entry.hosts.split(',')) {
    if (pattern.startsWith('!')) {
      if (matchesPattern(name, pattern.slice(1))) return false;
    } else if (matchesPattern(name, pattern)) {
      matched = true;
    }
  }
  return matched;
}

/** What known_hosts says of the key a host presented. */
export function verifyHostKey(entries: KnownHostEntry[], name: string, keyType: string,
  keyBase64: string): HostKeyVerdict {
  const mine = entries.filter((e) => e.marker !== '@cert-authority' && entryMatches(e, name));
  const revoked = mine.find((e) => e.marker === '@revoked' && e.key === keyBase64);
  if (revoked) return { status: 'revoked', line: revoked.line };

  const plain = mine.filter((e) => e.marker === undefined);
  const same = plain.find((e) => e.keyType === keyType && e.key === keyBase64);
  if (same) return { status: 'known', line: same.line };
  const changed = plain.find((e) => e.keyType === keyType);
  if (changed) return { status: 'changed', line: changed.line, keyType };
  return { status: 'unknown', otherTypes: [...new Set(plain.map((e) => e.keyType))] };
}

/** Key types known for a host, so the handshake can ask for one of them first. */
export function knownKeyTypes(entries: KnownHostEntry[], name: string): string[] {
  return [...new Set(entries
    .filter((e) => e.marker === undefined && entryMatches(e, name))
    .map((e) => e.keyType))];
}

/** OpenSSH's fingerprint: SHA256 of the key blob, base64 without padding. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

export function knownHostsLine(name: string, keyType: string, keyBase64: string): string {
  return `${name} ${keyType} ${keyBase64}\n`;
}

/** The key type written inside an SSH public key blob (its first string). */
export function blobKeyType(blob: Buffer): string {
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('ascii');
}
