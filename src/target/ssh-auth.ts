import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { AgentAuthMethod, PublicKeyAuthMethod } from 'ssh2';
import { EnvironmentError } from '../errors.js';

export interface AuthChoice {
  /** Keys named by the user (--identity) or by vagrant ssh-config; only these are tried. */
  identityFiles?: string[];
}

export interface AuthPlan {
  methods: (PublicKeyAuthMethod | AgentAuthMethod)[];
  /** What was tried, in words, for the message when the server refuses them all. */
  tried: string[];
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * The keys to offer, as OpenSSH would: the ones named, else the agent, else the
 * default key files. Keys are read in-process, so file permissions that would make
 * OpenSSH refuse a key (as on Windows) do not matter.
 */
export async function planAuth(username: string, choice: AuthChoice): Promise<AuthPlan> {
  const methods: AuthPlan['methods'] = [];
  const tried: string[] = [];
  const named = choice.identityFiles ?? [];

  if (named.length > 0) {
    const problems: string[] = [];
    for (const file of named) {
      const key = await readKey(file, true);
      if (typeof key === 'string' || key === undefined) problems.push(key ?? `${file}: missing`);
      else {
        methods.push({ type: 'publickey', username, key });
        tried.push(file);
      }
    }
    if (methods.length === 0) {
      throw new EnvironmentError(`no usable SSH key:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    }
    return { methods, tried };
  }

  const agent = process.env.SSH_AUTH_SOCK;
  if (agent) {
    methods.push({ type: 'agent', username, agent });
    tried.push(`the SSH agent (${agent})`);
  }
  for (const name of DEFAULT_KEYS) {
    const file = join(homedir(), '.ssh', name);
    const key = await readKey(file, false);
    if (key instanceof Buffer) {
      methods.push({ type: 'publickey', username, key });
      tried.push(file);
    } else if (typeof key === 'string') {
      tried.push(`${file} (skipped: ${key})`);
    }
  }
  if (methods.length === 0) {
    throw new EnvironmentError(
      'no SSH key to offer: no --identity, no SSH agent (SSH_AUTH_SOCK is unset), ' +
      `and none of ${DEFAULT_KEYS.map((k) => `~/.ssh/${k}`).join(', ')} exists.\n` +
      '  fix: pass --identity FILE, or create a key with ssh-keygen -t ed25519 and put ' +
      'its .pub line in the guest\'s ~/.ssh/authorized_keys');
  }
  return { methods, tried };
}

/** The key's bytes, a reason it cannot be used, or undefined when the file is absent. */
async function readKey(file: string, named: boolean): Promise<Buffer | string | undefined> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!named && code === 'ENOENT') return undefined;
    return `${file}: cannot read it (${code ?? String(error)})`;
  }
  const parsed = ssh2.utils.parseKey(data);
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (first && !(first instanceof Error) && !first.isPrivateKey()) {
    return `${file} is a public key; pass its private half (${file.replace(/\.pub$/, '')})`;
  }
  if (parsed instanceof Error) {
    if (/encrypted|passphrase/i.test(parsed.message)) {
      return `${file} is protected by a passphrase; load it into your SSH agent (ssh-add ${file})`;
    }
    return `${file} is not a private key netlab can read (${parsed.message})`;
  }
  return data;
}
