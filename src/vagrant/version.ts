import { vagrantInstallHint } from './install-hint.js';
import type { HostArch } from './host.js';
import type { VagrantProject } from './project.js';
import { runVagrant } from './vagrant-cli.js';
import { VagrantError } from './vagrant-error.js';

/** The oldest Vagrant netlab's Vagrantfile and parsers are known to work with. */
export const MINIMUM_VAGRANT = '2.3.0';
/** Vagrant picks the arm64 build of a box from 2.4.0 on; older ones take the amd64 one. */
export const MINIMUM_VAGRANT_ARM64 = '2.4.0';

/** "Vagrant 2.4.1" (and any warnings around it) → "2.4.1". */
export function parseVagrantVersion(text: string): string | undefined {
  return /^Vagrant (\d+\.\d+\.\d+)/m.exec(text)?.[1];
}

/** Negative when a is older than b; versions are dotted numbers. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const right = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

export function minimumVagrant(arch: HostArch): string {
  return arch === 'arm64' ? MINIMUM_VAGRANT_ARM64 : MINIMUM_VAGRANT;
}

/** Why this Vagrant will not do on this host, or undefined when it will. */
export function vagrantVersionProblem(
  version: string,
  arch: HostArch,
  platform: NodeJS.Platform = process.platform,
): VagrantError | undefined {
  const minimum = minimumVagrant(arch);
  if (compareVersions(version, minimum) >= 0) return undefined;
  const why =
    arch === 'arm64' && compareVersions(version, MINIMUM_VAGRANT) >= 0
      ? `on this arm64 host netlab needs ${minimum} or later, ` +
        "the first to choose a box's arm64 build"
      : `netlab needs ${minimum} or later`;
  return new VagrantError(
    `Vagrant ${version} is too old: ${why}.\n` +
      `  fix: ${vagrantInstallHint(platform).replace(/^install it/, 'install a newer one')}`,
  );
}

/** The Vagrant on PATH and its version; a VagrantError when it is absent or too old. */
export async function findVagrant(project: VagrantProject, arch: HostArch): Promise<string> {
  const run = await runVagrant(project, ['--version'], { timeoutMs: 60_000 });
  const version = parseVagrantVersion(run.stdout);
  if (!version) {
    const said = `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-5).join('\n    ');
    throw new VagrantError(
      `\`vagrant --version\` gave no version (exit ${run.exitCode})` +
        `${said ? `:\n    ${said}` : ''}\n  fix: reinstall Vagrant; ${vagrantInstallHint()}`,
    );
  }
  const problem = vagrantVersionProblem(version, arch);
  if (problem) throw problem;
  return version;
}
