import { installedPaths, probeVersion } from './host-tools.js';
import { parseMachineReadable } from './machine-readable.js';
import type { VagrantProject } from './project.js';
import { runVagrant } from './vagrant-cli.js';

/** A hypervisor Vagrant can drive, as found on this host. */
export interface ProviderFinding {
  /** Vagrant's name for it: virtualbox, vmware_desktop, parallels, libvirt. */
  provider: string;
  name: string;
  /** The hypervisor's version, when it is installed. */
  version?: string;
  /** The Vagrant plugin it needs (none for VirtualBox), and whether it is installed. */
  plugin?: string;
  pluginInstalled: boolean;
  install: string;
}

interface ProviderSpec {
  provider: string;
  name: string;
  platforms: NodeJS.Platform[];
  tool: string;
  args: string[];
  version: RegExp;
  plugin?: string;
  install: string;
}

const PROVIDERS: ProviderSpec[] = [
  {
    provider: 'virtualbox',
    name: 'VirtualBox',
    platforms: ['darwin', 'win32', 'linux'],
    tool: 'VBoxManage',
    args: ['--version'],
    version: /^(\d+\.\d+\.\d+)/m,
    install: 'https://www.virtualbox.org/wiki/Downloads (7.1 or later on Apple silicon)',
  },
  {
    provider: 'vmware_desktop',
    name: 'VMware',
    platforms: ['darwin', 'win32', 'linux'],
    tool: 'vmrun',
    args: [],
    version: /vmrun version (\S+)/,
    plugin: 'vagrant-vmware-desktop',
    install:
      'VMware Fusion or Workstation, the Vagrant VMware Utility, and ' +
      'vagrant plugin install vagrant-vmware-desktop',
  },
  {
    provider: 'parallels',
    name: 'Parallels',
    platforms: ['darwin'],
    tool: 'prlctl',
    args: ['--version'],
    version: /prlctl version (\S+)/,
    plugin: 'vagrant-parallels',
    install: 'Parallels Desktop, then vagrant plugin install vagrant-parallels',
  },
  {
    provider: 'libvirt',
    name: 'libvirt',
    platforms: ['linux'],
    tool: 'virsh',
    args: ['--version'],
    version: /^(\d+\.\d+\.\d+)/m,
    plugin: 'vagrant-libvirt',
    install:
      'sudo apt-get install vagrant-libvirt libvirt-daemon-system (or vagrant plugin install ' +
      'vagrant-libvirt), and join the libvirt group',
  },
];

/** Names of the Vagrant plugins installed, from `vagrant plugin list --machine-readable`. */
export async function listVagrantPlugins(project: VagrantProject): Promise<string[]> {
  const run = await runVagrant(project, ['plugin', 'list', '--machine-readable'], {
    timeoutMs: 60_000,
  });
  return parseMachineReadable(run.stdout)
    .filter((l) => l.type === 'plugin-name')
    .map((l) => l.data[0] ?? '');
}

/** The providers that matter on this kind of host, each found or not, with its version. */
export async function findProviders(
  plugins: string[],
  platform = process.platform,
): Promise<ProviderFinding[]> {
  const extra = installedPaths(platform);
  const found: ProviderFinding[] = [];
  for (const spec of PROVIDERS.filter((p) => p.platforms.includes(platform))) {
    const version = await probeVersion(
      [spec.tool, ...(extra[spec.tool] ?? [])],
      spec.args,
      spec.version,
    );
    found.push({
      provider: spec.provider,
      name: spec.name,
      version,
      plugin: spec.plugin,
      pluginInstalled: spec.plugin === undefined || plugins.includes(spec.plugin),
      install: spec.install,
    });
  }
  return found;
}
