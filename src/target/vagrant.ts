import { EnvironmentError } from '../errors.js';
import { indentLines } from '../vagrant/failure.js';
import { findVagrantProject, MACHINE } from '../vagrant/project.js';
import type { VagrantProject } from '../vagrant/project.js';
import { readSshDetails } from '../vagrant/ssh-details.js';
import type { SshConfigHost } from '../vagrant/ssh-config.js';
import { VagrantError } from '../vagrant/vagrant-error.js';
import { SshTarget } from './ssh.js';
import type { GuestJob, JobResult, Target } from './target.js';

export interface VagrantTargetOptions {
  /** Where to look for a Vagrantfile; netlab's own is used when that folder has none. */
  projectDir?: string;
  /** A key to use instead of the ones `vagrant ssh-config` names. */
  identity?: string;
  /** SSH details already read (netlab vm up reads them once). */
  ssh?: SshConfigHost;
}

/** The VM of the project's Vagrantfile, reached over SSH as `vagrant ssh-config` says. */
export class VagrantTarget implements Target {
  readonly label = 'the Vagrant VM';
  readonly project: VagrantProject;
  private ssh?: SshTarget;
  private details?: SshConfigHost;

  constructor(private readonly options: VagrantTargetOptions = {}) {
    this.project = findVagrantProject(options.projectDir);
    this.details = options.ssh;
  }

  /** user@host:port of the VM, once connected. */
  get address(): string | undefined {
    const d = this.details;
    return d ? `${d.user}@${d.hostName}:${d.port}` : undefined;
  }

  async connect(): Promise<void> {
    const details = this.details ?? (await readSshDetails(this.project, MACHINE));
    this.details = details;
    // Vagrant's own ssh-config turns host key checking off: the VM gets a new key when rebuilt.
    const ssh = new SshTarget({
      host: details.hostName,
      port: details.port,
      username: details.user,
      identityFiles: this.options.identity ? [this.options.identity] : details.identityFiles,
      hostKeys: { kind: 'off' },
      label: this.label,
    });
    try {
      await ssh.connect();
    } catch (error) {
      await ssh.close();
      const said = error instanceof Error ? error.message : String(error);
      throw new VagrantError(
        `cannot reach the Vagrant VM over SSH at ${this.address}, ` +
          `where vagrant ssh-config says it is:\n${indentLines(said, '    ')}\n` +
          '  fix: run `netlab vm up`, which starts the VM if needed and checks SSH',
        { cause: error },
      );
    }
    this.ssh = ssh;
  }

  run(job: GuestJob, onLine: (line: string) => void): Promise<JobResult> {
    return this.connected().run(job, onLine);
  }

  attach(job: GuestJob): Promise<number> {
    return this.connected().attach(job);
  }

  async close(): Promise<void> {
    await this.ssh?.close();
    this.ssh = undefined;
  }

  private connected(): SshTarget {
    if (!this.ssh) throw new EnvironmentError('internal: the Vagrant VM is used before connect()');
    return this.ssh;
  }
}
