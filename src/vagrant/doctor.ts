import { VagrantTarget } from '../target/vagrant.js';
import { chosenBox, boxBuildProblem } from './box.js';
import { checkGuest } from './guest-check.js';
import { freeBytes, hostArchitecture, vagrantHome } from './host.js';
import type { HostArch } from './host.js';
import { vagrantInstallHint } from './install-hint.js';
import { MACHINE } from './project.js';
import type { VagrantProject } from './project.js';
import { findProviders, listVagrantPlugins } from './providers.js';
import type { ProviderFinding } from './providers.js';
import { conditionOf, readMachineStatus } from './status.js';
import { compareVersions, findVagrant } from './version.js';

export type DoctorStatus = 'ok' | 'warn' | 'fail' | 'info';

/** One line of `netlab doctor`: what was looked at, what was found, and what to do. */
export interface DoctorCheck {
  item: string;
  status: DoctorStatus;
  found: string;
  fix?: string;
}

export const MINIMUM_NODE = '20.19.0';
/** A box and one VM disk take about 4 GB; ask for some room beyond that. */
export const MINIMUM_FREE_BYTES = 5 * 1024 ** 3;

export function checkNode(version = process.versions.node): DoctorCheck {
  return compareVersions(version, MINIMUM_NODE) >= 0
    ? { item: 'Node.js', status: 'ok', found: `v${version}` }
    : {
        item: 'Node.js',
        status: 'fail',
        found: `v${version}`,
        fix: `install Node.js ${MINIMUM_NODE} or later (https://nodejs.org)`,
      };
}

export function checkArch(arch: HostArch, detail: string): DoctorCheck {
  const found = `${process.platform}, ${detail}`;
  if (arch === 'other') {
    return {
      item: 'host',
      status: 'fail',
      found,
      fix:
        'the lab VM needs an amd64 or arm64 host; use ' +
        '--target local or --target ssh://USER@HOST instead',
    };
  }
  return { item: 'host', status: 'ok', found };
}

export function checkProvider(finding: ProviderFinding): DoctorCheck {
  const item = finding.name;
  if (!finding.version)
    return { item, status: 'info', found: 'not installed', fix: `to use it: ${finding.install}` };
  if (!finding.pluginInstalled) {
    return {
      item,
      status: 'warn',
      found: `${finding.version}, but Vagrant lacks ${finding.plugin}`,
      fix: `vagrant plugin install ${finding.plugin}`,
    };
  }
  return { item, status: 'ok', found: `${finding.version} (--provider ${finding.provider})` };
}

export function checkProviderChoice(findings: ProviderFinding[], arch: HostArch): DoctorCheck {
  const usable = findings
    .filter((f) => f.version && f.pluginInstalled)
    .filter((f) => !boxBuildProblem(arch, f.provider));
  const box = chosenBox();
  if (usable.length === 0) {
    return {
      item: 'provider',
      status: 'fail',
      found: `none that can run ${box.name} here`,
      fix: `install one of ${findings.map((f) => f.name).join(', ')}, as said above`,
    };
  }
  return {
    item: 'provider',
    status: 'ok',
    found: `${usable.map((f) => f.provider).join(', ')} can run ${box.name} ${box.version}`.trim(),
  };
}

async function checkDisk(): Promise<DoctorCheck> {
  const where = vagrantHome();
  const free = await freeBytes(where).catch(() => undefined);
  if (free === undefined)
    return { item: 'disk', status: 'info', found: `cannot tell the free space in ${where}` };
  const found = `${(free / 1e9).toFixed(1)} GB free in ${where}, where Vagrant keeps boxes`;
  return free >= MINIMUM_FREE_BYTES
    ? { item: 'disk', status: 'ok', found }
    : {
        item: 'disk',
        status: 'warn',
        found,
        fix: 'free some space: the box and the VM take about 4 GB',
      };
}

/** The VM's state and, when it runs, the guest's readiness for labs. */
async function checkVm(project: VagrantProject): Promise<DoctorCheck[]> {
  const status = await readMachineStatus(project, MACHINE);
  const where =
    project.source === 'here' ? project.dir : `${project.dir} (netlab's own Vagrantfile)`;
  const condition = conditionOf(status.state);
  if (condition === 'not-created') {
    return [
      {
        item: 'lab VM',
        status: 'info',
        found: `not created yet, in ${where}`,
        fix: 'netlab vm up creates it',
      },
    ];
  }
  if (condition === 'stopped') {
    return [
      {
        item: 'lab VM',
        status: 'info',
        found: `${status.state} (${status.provider}), in ${where}`,
        fix: 'netlab vm up starts it',
      },
    ];
  }
  const vm: DoctorCheck = {
    item: 'lab VM',
    status: 'ok',
    found: `running (${status.provider}), in ${where}`,
  };
  const target = new VagrantTarget({ projectDir: project.dir });
  try {
    await target.connect();
    const guest = await checkGuest(target);
    return [
      vm,
      guest.ready
        ? {
            item: 'guest',
            status: 'ok',
            found: `${target.address}: ip, ping, sysctl, namespaces, IPv6`,
          }
        : {
            item: 'guest',
            status: 'fail',
            found: `lacks ${guest.problems.join(', ')}`,
            fix: `vagrant provision (in ${project.dir}) installs them`,
          },
    ];
  } catch (error) {
    return [vm, failedCheck('guest', error)];
  } finally {
    await target.close();
  }
}

/** An error as a doctor line: its words as what was found, its last "fix:" as the fix. */
function failedCheck(item: string, error: unknown): DoctorCheck {
  const lines = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const said = lines.filter((line) => !/^(fix|or):/.test(line));
  const fix = lines
    .filter((line) => line.startsWith('fix:'))
    .at(-1)
    ?.slice('fix:'.length)
    .trim();
  return { item, status: 'fail', found: said.join(' '), fix };
}

/** Everything `netlab doctor` looks at, in order; it never throws for what it finds. */
export async function examineHost(project: VagrantProject): Promise<DoctorCheck[]> {
  const { arch, detail } = await hostArchitecture();
  const checks: DoctorCheck[] = [checkNode(), checkArch(arch, detail)];

  let vagrant: string | undefined;
  try {
    vagrant = await findVagrant(project, arch);
    checks.push({ item: 'Vagrant', status: 'ok', found: vagrant });
  } catch (error) {
    const missing = error instanceof Error && /no `vagrant` on PATH/.test(error.message);
    checks.push(
      missing
        ? {
            item: 'Vagrant',
            status: 'fail',
            found: 'not found on PATH',
            fix: vagrantInstallHint(),
          }
        : failedCheck('Vagrant', error),
    );
  }

  const plugins = vagrant ? await listVagrantPlugins(project).catch(() => []) : [];
  const findings = await findProviders(plugins);
  checks.push(...findings.map(checkProvider), checkProviderChoice(findings, arch));
  checks.push(await checkDisk());

  if (!vagrant) {
    checks.push({ item: 'lab VM', status: 'info', found: 'not checked: it needs Vagrant' });
    return checks;
  }
  checks.push(
    ...(await checkVm(project).catch((error: unknown) => [failedCheck('lab VM', error)])),
  );
  return checks;
}
