import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Small labs whose answers are known, each check's expect and ttl being that answer. */
export const KNOWN_ANSWER_LABS = [
  'missing-return-route',
  'forwarding-off',
  'one-interface-forwards',
  'gateway-absent',
  'more-specific',
  'two-routers',
  'ipv6-chain',
  'ipv6-forwarding-off',
  'reverse-path',
  'settings',
  'source-selection',
] as const;

export function labText(name: string): string {
  return readFileSync(join(import.meta.dirname, 'labs', `${name}.yaml`), 'utf8');
}
