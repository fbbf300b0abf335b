import { randomBytes } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { makeDirs } from '../make-dirs.js';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';
import { EnvironmentError } from '../errors.js';
import { quoteCommand } from '../plan/shell.js';
import {
  blobKeyType, fingerprint, hostKeyName, knownHostsLine, knownKeyTypes, parseKnownHosts, verifyHostKey,
} from './known-hosts.js';
import type { KnownHostEntry } from './known-hosts.js';
import { planAuth } from './ssh-auth.js';
import type { AuthPlan } from './ssh-auth.js';
import { sudoProblem } from './sudo.js';
import { stagedFiles } from './target.js';
import type { GuestJob, JobResult, Target } from './target.js';

export type HostKeyPolicy =
  | { kind: 'known-hosts'; file?: string; acceptNew: boolean }
  /** Vagrant's own ssh-config turns checking off: its VM gets a new key on every rebuild. */
  | { kind: 'off' };

export interface SshOptions {
  host: string;
  port: number;
  username: string;
  identityFiles?: string[];
  hostKeys: HostKeyPolicy;
  /** How the target names itself in messages: "ssh://root@host:22", "the Vagrant VM". */
  label?: string;
}

const HOST_KEY_ALGORITHMS: Record<string, string[]> = {
  'ssh-ed25519': ['ssh-ed25519'],
  'ssh-rsa': ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'],
  'ecdsa-sha2-nistp256': ['ecdsa-sha2-nistp256'],
  'ecdsa-sha2-nistp384': ['ecdsa-sha2-nistp384'],
  'ecdsa-sha2-nistp521': ['ecdsa-sha2-nistp521'],
};

/** Any Linux host over one SSH connection: SFTP to stage files, one exec per job. */
export class SshTarget implements Target {
  readonly label: string;
  private readonly client = new ssh2.Client();
  private sftpSession?: SFTPWrapper;
  private hostKeyError?: EnvironmentError;
  private pendingHostKey?: string;

  constructor(private readonly options: SshOptions) {
    this.label = options.label ?? `ssh://${options.username}@${options.host}:${options.port}`;
  }

  private get where(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  private get useSudo(): boolean {
    return this.options.username !== 'root';
  }

  async connect(): Promise<void> {
    const auth = await planAuth(this.options.username, { identityFiles: this.options.identityFiles });
    const knownHosts = await this.readKnownHosts();
    const name = hostKeyName(this.options.host, this.options.port);

    const config: ConnectConfig = {
      host: this.options.host,
      port: this.options.port,
      username: this.options.username,
      authHandler: auth.methods,
      readyTimeout: 20_000,
      keepaliveInterval: 15_000,
      hostVerifier: (key: Buffer) => this.verifyHostKey(knownHosts, name, key),
    };
    const preferred = knownHosts ? knownKeyTypes(knownHosts, name) : [];
    if (preferred.length > 0) {
      // Ask first for a key type known_hosts already has, as ssh(1) does.
      const first = preferred.flatMap((t) => HOST_KEY_ALGORITHMS[t] ?? []);
      const rest = Object.values(HOST_KEY_ALGORITHMS).flat().filter((a) => !first.includes(a));
      config.algorithms = { serverHostKey: [...first, ...rest] as never };
    }

    // A peer that is not an SSH server may raise several errors; the first one tells,
    // and the handler stays so that the later ones cannot crash the process.
    await new Promise<void>((resolve, reject) => {
      this.client.once('ready', () => resolve());
      this.client.on('error', (error) => reject(this.hostKeyError ?? this.connectError(error, auth)));
      this.client.connect(config);
    });
    // Each SFTP request and the exec are small writes that wait for an answer: without
    // this, Nagle's algorithm and delayed ACKs hold each one back some 40 ms.
    this.client.setNoDelay(true);
    if (this.pendingHostKey) await this.recordHostKey(this.pendingHostKey);
  }

  async run(job: GuestJob, onLine: (line: string) => void): Promise<JobResult> {
    const stage = await this.stage(job);
    const channel = await this.exec(this.command(stage, job));
    const lines = createInterface({ input: channel, crlfDelay: Infinity });
    lines.on('line', onLine);

    let stderr = '';
    channel.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exitCode = await exitOf(channel);
    lines.close();

    // The guest script removes its stage as it ends; after a failure, one still there
    // means it never ran. A job that succeeded costs no extra round trip.
    if (exitCode !== 0 && await this.exists(stage)) await this.unstage(stage);
    const problem = this.useSudo ? sudoProblem(stderr, this.options.username, this.options.host) : undefined;
    if (problem) throw problem;
    return { exitCode, stderr };
  }

  async attach(job: GuestJob): Promise<number> {
    const stage = await this.stage(job);
    const interactive = process.stdin.isTTY === true;
    const channel = await this.exec(this.command(stage, job), interactive);
    process.stdin.setRawMode?.(interactive);
    process.stdin.pipe(channel);
    channel.pipe(process.stdout);
    channel.stderr.pipe(process.stderr);
    const exitCode = await exitOf(channel);
    process.stdin.unpipe(channel);
    process.stdin.setRawMode?.(false);
    process.stdin.pause();
    return exitCode;
  }

  async close(): Promise<void> {
    this.sftpSession?.end();
    this.client.end();
  }

  private command(stage: string, job: GuestJob): string {
    const argv = ['bash', `${stage}/${job.entry}`, ...job.args];
    return quoteCommand(this.useSudo ? ['sudo', '-n', ...argv] : argv);
  }

  private exec(command: string, pty = false): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      const options = pty
        ? { pty: { term: process.env.TERM ?? 'xterm', rows: process.stdout.rows ?? 24, cols: process.stdout.columns ?? 80 } }
        : {};
      this.client.exec(command, options, (error, channel) => {
        if (error) reject(new EnvironmentError(`could not run a command on ${this.where}: ${error.message}`, { cause: error }));
        else resolve(channel);
      });
    });
  }

  private async sftp(): Promise<SFTPWrapper> {
    if (this.sftpSession) return this.sftpSession;
    this.sftpSession = await new Promise<SFTPWrapper>((resolve, reject) => {
      this.client.sftp((error, sftp) => {
        if (error) {
          reject(new EnvironmentError(
            `${this.where} offers no SFTP (${error.message}).\n` +
            '  fix: enable the sftp subsystem in its sshd_config (Subsystem sftp internal-sftp)',
            { cause: error }));
        } else resolve(sftp);
      });
    });
    return this.sftpSession;
  }

  /** A fresh directory only this user can read, holding the job's files. */
  private async stage(job: GuestJob): Promise<string> {
    const sftp = await this.sftp();
    const stage = `/tmp/netlab-stage-${randomBytes(6).toString('hex')}`;
    await sftpCall((cb) => sftp.mkdir(stage, { mode: 0o700 }, cb), `create ${stage} on ${this.where}`);
    for (const [name, content] of stagedFiles(job)) {
      await sftpCall((cb) => sftp.writeFile(`${stage}/${name}`, content, { mode: 0o600 }, cb),
        `upload ${name} to ${this.where}`);
    }
    return stage;
  }

  private async exists(path: string): Promise<boolean> {
    const sftp = await this.sftp();
    return new Promise((resolve) => sftp.stat(path, (error) => resolve(!error)));
  }

  private async unstage(stage: string): Promise<void> {
    const sftp = await this.sftp();
    const names = await new Promise<string[]>((resolve) =>
      sftp.readdir(stage, (error, list) => resolve(error ? [] : list.map((entry) => entry.filename))));
    for (const name of names) await new Promise((resolve) => sftp.unlink(`${stage}/${name}`, resolve));
    await new Promise((resolve) => sftp.rmdir(stage, resolve));
  }

  private knownHostsFile(): string | undefined {
    const policy = this.options.hostKeys;
    if (policy.kind === 'off') return undefined;
    return policy.file ?? join(homedir(), '.ssh', 'known_hosts');
  }

  private async readKnownHosts(): Promise<KnownHostEntry[] | undefined> {
    const file = this.knownHostsFile();
    if (!file) return undefined;
    try {
      return parseKnownHosts(await readFile(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new EnvironmentError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
  }

  private verifyHostKey(entries: KnownHostEntry[] | undefined, name: string, blob: Buffer): boolean {
    if (!entries) return true;
    const policy = this.options.hostKeys;
    const keyType = blobKeyType(blob);
    const key = blob.toString('base64');
    const print = fingerprint(blob);
    const verdict = verifyHostKey(entries, name, keyType, key);
    const file = this.knownHostsFile();

    if (verdict.status === 'known') return true;
    if (verdict.status === 'unknown' && policy.kind === 'known-hosts' && policy.acceptNew) {
      this.pendingHostKey = knownHostsLine(name, keyType, key);
      return true;
    }
    if (verdict.status === 'unknown') {
      const others = verdict.otherTypes.length > 0
        ? `\n  ${file} knows other key types for it (${verdict.otherTypes.join(', ')}), not this one.`
        : '';
      this.hostKeyError = new EnvironmentError(
        `the authenticity of host ${name} can't be established: it is not in ${file}.\n` +
        `  Its ${keyType} key fingerprint is ${print}.${others}\n` +
        '  fix: if that is the host you mean, re-run with --accept-new-host-key to trust it ' +
        `and record it in ${file}`);
    } else if (verdict.status === 'revoked') {
      this.hostKeyError = new EnvironmentError(
        `host ${name} presented a key that ${file}:${verdict.line} marks @revoked (${print}). ` +
        'netlab will not connect.');
    } else {
      this.hostKeyError = new EnvironmentError(
        `the host key of ${name} has CHANGED since ${file}:${verdict.line} recorded it; ` +
        'someone may be intercepting the connection, or the host was rebuilt.\n' +
        `  The ${keyType} key it offers now has fingerprint ${print}.\n` +
        `  fix: if the host was rebuilt, remove the old key with: ssh-keygen -R '${name}'` +
        (file === join(homedir(), '.ssh', 'known_hosts') ? '' : ` -f ${file}`) +
        ' and connect again with --accept-new-host-key');
    }
    return false;
  }

  private async recordHostKey(line: string): Promise<void> {
    const file = this.knownHostsFile();
    if (!file) return;
    await makeDirs(dirname(file), 0o700);
    await appendFile(file, line, { mode: 0o600 });
  }

  private connectError(error: Error & { code?: string; level?: string }, auth: AuthPlan): EnvironmentError {
    const where = this.where;
    if (error.code === 'ECONNREFUSED') {
      return new EnvironmentError(`nothing accepts SSH connections on ${where} (connection refused).\n` +
        '  fix: check that the host is up and sshd listens on that port', { cause: error });
    }
    if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
      return new EnvironmentError(`cannot resolve host name ${this.options.host}.\n` +
        '  fix: check the spelling of the host in --target', { cause: error });
    }
    if (error.code === 'ETIMEDOUT' || error.level === 'client-timeout') {
      return new EnvironmentError(`no SSH answer from ${where} within 20 s.\n` +
        '  fix: check the address and port, and any firewall between', { cause: error });
    }
    if (error.level === 'client-authentication') {
      return new EnvironmentError(
        `${where} refused every key offered for user ${this.options.username}; tried:\n` +
        `${auth.tried.map((t) => `    ${t}`).join('\n')}\n` +
        `  fix: add your public key to ~${this.options.username}/.ssh/authorized_keys there, ` +
        'or pass the matching key with --identity FILE', { cause: error });
    }
    return new EnvironmentError(`SSH to ${where} failed: ${error.message}`, { cause: error });
  }
}

function exitOf(channel: ClientChannel): Promise<number> {
  return new Promise((resolve) => {
    let code: number | undefined;
    channel.on('exit', (exitCode: number | null, signal?: string) => {
      code = exitCode ?? (signal ? 128 + (signal === 'TERM' ? 15 : signal === 'INT' ? 2 : 9) : 255);
    });
    channel.on('close', () => resolve(code ?? 255));
  });
}

function sftpCall(call: (cb: (error?: Error | null) => void) => void, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    call((error) => {
      if (error) reject(new EnvironmentError(`could not ${what}: ${error.message}`, { cause: error }));
      else resolve();
    });
  });
}
