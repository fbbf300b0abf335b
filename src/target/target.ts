/**
 * A place where a lab runs: the only part of netlab that knows whether the guest is
 * a Vagrant VM, a host over SSH, or this machine.
 */
export interface GuestJob {
  /** Files placed in a fresh staging directory in the guest, by name. */
  files: Record<string, string>;
  /** The file in that directory that bash runs as root, and its arguments. */
  entry: string;
  args: string[];
}

export interface JobResult {
  exitCode: number;
  stderr: string;
}

export interface Target {
  readonly label: string;
  connect(): Promise<void>;
  /** Stage the files, run the entry as root, and hand each stdout line over as it comes. */
  run(job: GuestJob, onLine: (line: string) => void): Promise<JobResult>;
  /** Like run, with the terminal passed through: for a shell or a command a person runs. */
  attach(job: GuestJob): Promise<number>;
  close(): Promise<void>;
}

/** Marks a staging directory as netlab's own, so the guest side may remove it. */
export const STAGE_MARKER = '.netlab-stage';

export function stagedFiles(job: GuestJob): [string, string][] {
  return [[STAGE_MARKER, ''], ...Object.entries(job.files)];
}
