import type { HostArch } from './host.js';
import { VagrantError } from './vagrant-error.js';

/** The box netlab's Vagrantfile uses unless NETLAB_VM_BOX says otherwise (keep in step). */
export const DEFAULT_BOX = { name: 'bento/ubuntu-24.04', version: '202508.03.0' } as const;

/** Providers the default box is published for, by host CPU. */
export const DEFAULT_BOX_BUILDS: Record<'amd64' | 'arm64', readonly string[]> = {
  amd64: ['virtualbox', 'vmware_desktop', 'parallels', 'libvirt'],
  arm64: ['parallels', 'vmware_desktop', 'virtualbox'],
};

/** The box Vagrant will use: the default, or the user's (whose builds netlab cannot know). */
export function chosenBox(env = process.env): {
  name: string;
  version: string;
  isDefault: boolean;
} {
  const name = env.NETLAB_VM_BOX?.trim() || DEFAULT_BOX.name;
  const isDefault = name === DEFAULT_BOX.name;
  const version = env.NETLAB_VM_BOX_VERSION?.trim() || (isDefault ? DEFAULT_BOX.version : '');
  return { name, version, isDefault };
}

/**
 * Why this provider cannot run the default box on this host, before Vagrant downloads
 * gigabytes to find out; undefined when the pair works or netlab cannot tell.
 */
export function boxBuildProblem(
  arch: HostArch,
  provider: string,
  env = process.env,
): VagrantError | undefined {
  if (arch === 'other') {
    return new VagrantError(
      "netlab's VM needs an amd64 or arm64 host; this one is neither.\n" +
        '  fix: run labs on a Linux machine without the VM: --target local, or ' +
        '--target ssh://USER@HOST',
    );
  }
  const box = chosenBox(env);
  if (!box.isDefault || !provider) return undefined;
  const builds = DEFAULT_BOX_BUILDS[arch];
  if (builds.includes(provider)) return undefined;
  return new VagrantError(
    `the box ${box.name} ${box.version} has no ${provider} build for ${arch} hosts ` +
      `(it has: ${builds.join(', ')}).\n` +
      '  fix: use one of those with --provider NAME, or set NETLAB_VM_BOX ' +
      '(and NETLAB_VM_BOX_VERSION) ' +
      `to an Ubuntu 24.04 box built for ${provider} on ${arch}`,
  );
}
