import { UsageError } from '../errors.js';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { LocalTarget } from './local.js';
import { SshTarget } from './ssh.js';
import type { Target } from './target.js';
import { VagrantTarget } from './vagrant.js';

export interface TargetOptions {
  target?: string;
  identity?: string;
  acceptNewHostKey?: boolean;
  knownHosts?: string;
  /** The project folder holding the Vagrantfile, for the default target. */
  projectDir?: string;
}

const EXPECTED = 'expected local, vagrant, or ssh://USER@HOST[:PORT]';

export interface SshAddress {
  username: string;
  host: string;
  port: number;
}

/** ssh://user@host:port, with user and port optional as in ssh(1). */
export function parseSshUrl(text: string): SshAddress {
  const port = /:(\d+)\/?$/.exec(text)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    throw new UsageError(`--target ${text}: port ${port} is out of range (1 to 65535)`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--target ${text} is not a URL; write ssh://USER@HOST[:PORT]`);
  }
  if (url.protocol !== 'ssh:' || !url.hostname) {
    throw new UsageError(`--target ${text}: ${EXPECTED}`);
  }
  if (url.pathname && url.pathname !== '/') {
    throw new UsageError(`--target ${text}: an ssh target has no path; write ssh://USER@HOST[:PORT]`);
  }
  return {
    username: decodeURIComponent(url.username) || userInfo().username,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : 22,
  };
}

/** The target a command runs on: the Vagrant VM unless --target says otherwise. */
export function resolveTarget(options: TargetOptions): Target {
  const spec = options.target ?? 'vagrant';
  if (spec === 'local') return new LocalTarget();
  if (spec === 'vagrant') {
    return new VagrantTarget({ projectDir: options.projectDir ?? process.cwd(), identity: options.identity });
  }
  if (options.identity !== undefined && !existsSync(options.identity)) {
    throw new UsageError(`--identity ${options.identity}: no such file; give the path of your private key`);
  }
  if (spec.startsWith('ssh://')) {
    const address = parseSshUrl(spec);
    return new SshTarget({
      ...address,
      identityFiles: options.identity ? [options.identity] : undefined,
      hostKeys: { kind: 'known-hosts', file: options.knownHosts, acceptNew: options.acceptNewHostKey === true },
    });
  }
  throw new UsageError(`--target ${spec}: ${EXPECTED}`);
}
