import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import { sudoProblem } from './sudo.js';
import { stagedFiles } from './target.js';
import type { GuestJob, JobResult, Target } from './target.js';

/** This Linux machine: as root, or through `sudo -n` when netlab is not run as root. */
export class LocalTarget implements Target {
  readonly label = 'local';
  private readonly useSudo = process.getuid?.() !== 0;

  /** `env` replaces the environment the guest side runs with (tests narrow PATH). */
  constructor(private readonly options: { env?: NodeJS.ProcessEnv } = {}) {}

  async connect(): Promise<void> {
    if (process.platform !== 'linux') {
      throw new EnvironmentError(
        `the local target needs Linux network namespaces, and this is ${process.platform}.\n` +
        '  fix: use the Vagrant VM (netlab vm up, then netlab run LAB), or --target ssh://USER@HOST');
    }
    if (this.useSudo) {
      const probe = await execa('sudo', ['-n', 'true'], { reject: false });
      const problem = sudoProblem(`${probe.stderr}${probe.failed && probe.code === 'ENOENT' ? 'sudo: not found' : ''}`,
        userInfo().username, 'this machine', 'or run netlab as root');
      if (problem) throw problem;
    }
  }

  async run(job: GuestJob, onLine: (line: string) => void): Promise<JobResult> {
    const stage = await this.stage(job);
    const [command, ...args] = this.command(stage, job);
    const result = await execa(command as string, args, {
      reject: false,
      stdin: 'ignore',
      env: this.options.env,
      extendEnv: this.options.env === undefined,
      stripFinalNewline: false,
      stdout: function* (line: unknown) {
        onLine(String(line));
      },
    });
    await rm(stage, { recursive: true, force: true });
    return { exitCode: result.exitCode ?? 128 + 15, stderr: result.stderr };
  }

  async attach(job: GuestJob): Promise<number> {
    const stage = await this.stage(job);
    const [command, ...args] = this.command(stage, job);
    const result = await execa(command as string, args, { reject: false, stdio: 'inherit' });
    await rm(stage, { recursive: true, force: true });
    return result.exitCode ?? 1;
  }

  async close(): Promise<void> {}

  private async stage(job: GuestJob): Promise<string> {
    const stage = await mkdtemp(join(tmpdir(), 'netlab-stage-')).catch((error: NodeJS.ErrnoException) => {
      throw new EnvironmentError(`cannot make a folder in ${tmpdir()} (${error.code ?? error.message}).\n` +
        '  fix: point TMPDIR at a folder that exists and netlab may write to', { cause: error });
    });
    for (const [name, content] of stagedFiles(job)) {
      await writeFile(join(stage, name), content, { mode: 0o600 });
    }
    return stage;
  }

  private command(stage: string, job: GuestJob): string[] {
    const argv = ['bash', join(stage, job.entry), ...job.args];
    return this.useSudo ? ['sudo', '-n', ...argv] : argv;
  }
}
