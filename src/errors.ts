/** What a command's exit code says about how it went. */
export const ExitCode = {
  passed: 0,
  checkFailed: 1,
  invalid: 2,
  environment: 3,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The one base of netlab's errors. Each domain (scenario, guest, ssh, vagrant) has its
 * own subclass; the message is for people and ends with what to do next.
 */
export class NetlabError extends Error {
  readonly exitCode: ExitCodeValue;

  constructor(message: string, exitCode: ExitCodeValue, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** Bad arguments on the command line. */
export class UsageError extends NetlabError {
  constructor(message: string) {
    super(message, ExitCode.invalid);
  }
}

/** The environment failed: the guest, the transport or a tool on the host. */
export class EnvironmentError extends NetlabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.environment, options);
  }
}
