import { EnvironmentError } from '../errors.js';
import type { GuestJob, JobResult, Target } from './target.js';

export interface VagrantTargetOptions {
  projectDir: string;
  identity?: string;
}

/** The VM of the project's Vagrantfile, reached over SSH as `vagrant ssh-config` says. */
export class VagrantTarget implements Target {
  readonly label = 'the Vagrant VM';

  constructor(private readonly options: VagrantTargetOptions) {}

  async connect(): Promise<void> {
    // TODO: read vagrant ssh-config and connect over SSH (the vm issue builds this).
    throw new EnvironmentError(`no --target given, and the Vagrant target is not built yet ` +
      `(project ${this.options.projectDir}).\n  fix: pass --target local or --target ssh://USER@HOST`);
  }

  run(_job: GuestJob, _onLine: (line: string) => void): Promise<JobResult> {
    throw new EnvironmentError('not connected');
  }

  attach(_job: GuestJob): Promise<number> {
    throw new EnvironmentError('not connected');
  }

  async close(): Promise<void> {}
}
