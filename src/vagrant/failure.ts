import { findFailure } from './machine-readable.js';
import type { VagrantRun } from './vagrant-cli.js';
import { VagrantError } from './vagrant-error.js';

/** Vagrant's error classes, by the end of their name, and what a user does about each. */
const FIXES: [RegExp, string][] = [
  [
    /ProviderNotUsable$/,
    'install that provider, or choose one that is installed with ' +
      '--provider NAME (netlab doctor lists them)',
  ],
  [
    /NoDefaultProvider$/,
    'install a provider: VirtualBox (any host), VMware, Parallels (macOS) or ' +
      'libvirt (Linux); netlab doctor shows what it finds',
  ],
  [
    /ActiveMachineWithDifferentProvider$/,
    'use the provider the VM was created with, or remove the VM first with netlab vm destroy',
  ],
  [
    /Box\w*(NotFound|NoMatching\w*|Architecture\w*)$/,
    'the box has no build for this provider and host; choose another provider with ' +
      '--provider NAME, or set NETLAB_VM_BOX to a box that has one (docs/vagrant-vm.md)',
  ],
  [
    /(Downloader|BoxMetadataDownload|BoxAdd\w*)Error$/,
    'Vagrant could not download the box; check ' +
      'the network and any proxy (HTTPS_PROXY), then run netlab vm up again',
  ],
  [
    /VMBoot(Timeout|BadState)$/,
    "the VM did not finish booting; look at the hypervisor's window or " +
      'log, then run netlab vm up again (netlab vm destroy starts from scratch)',
  ],
  [
    /LibvirtConnectionError$/,
    'start libvirt (sudo systemctl start libvirtd) and make sure you may ' +
      'use it (sudo usermod -aG libvirt $USER, then log in again)',
  ],
  [/SSHNotReady$/, 'run `netlab vm up`'],
  [/VagrantfileLoadError$/, 'fix the Vagrantfile, or the NETLAB_VM_* variable the message names'],
  [/VagrantInterrupt$/, 'run the command again when you are ready'],
];

/** What to do about a failure Vagrant reported with this error class. */
export function fixFor(errorClass: string, fallback: string): string {
  return FIXES.find(([pattern]) => pattern.test(errorClass))?.[1] ?? fallback;
}

/** The lines that matter of what vagrant printed when it failed without machine-readable words. */
function readPlainWords(run: VagrantRun): string {
  const text = [
    ...run.stdout.split('\n').filter((line) => !/^\d+,/.test(line)),
    ...run.stderr.split('\n'),
  ]
    .map((line) => line.replace(/\r$/, ''))
    .join('\n')
    .trim();
  return text.split('\n').slice(-12).join('\n');
}

/** A failed vagrant call as an error that quotes Vagrant and says what to do next. */
export function explainVagrantFailure(
  run: VagrantRun,
  dir: string,
  fallbackFix: string,
): VagrantError {
  const failure = findFailure(run.lines);
  const words = failure?.message || readPlainWords(run) || '(vagrant printed nothing)';
  const errorClass =
    failure?.errorClass ??
    (/error loading a Vagrantfile/.test(words) ? 'VagrantfileLoadError' : '');
  const named = errorClass ? `: ${errorClass.replace(/^Vagrant::Errors::/, '')}` : '';
  return new VagrantError(
    `\`${run.command}\` failed in ${dir} (exit ${run.exitCode})${named}\n` +
      `${indentLines(words, '    ')}\n  fix: ${fixFor(errorClass, fallbackFix)}`,
  );
}

export function indentLines(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `${by}${line}` : ''))
    .join('\n');
}
