import { VagrantError } from './vagrant-error.js';

export const VAGRANT_INSTALL_URL = 'https://developer.hashicorp.com/vagrant/install';

/** How to install Vagrant on this kind of host, in one line. */
export function vagrantInstallHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return (
        `install it from ${VAGRANT_INSTALL_URL} ` +
        '(or: brew install hashicorp/tap/hashicorp-vagrant)'
      );
    case 'win32':
      return (
        `install it from ${VAGRANT_INSTALL_URL} (or: winget install Hashicorp.Vagrant), ` +
        'then open a new terminal'
      );
    default:
      return (
        `install it from ${VAGRANT_INSTALL_URL} (HashiCorp's apt/dnf repository), ` +
        "or your distribution's package (sudo apt-get install vagrant)"
      );
  }
}

export function vagrantMissing(platform: NodeJS.Platform = process.platform): VagrantError {
  return new VagrantError(
    'netlab needs Vagrant for the lab VM, and there is no `vagrant` on PATH.\n' +
      `  fix: ${vagrantInstallHint(platform)}; netlab doctor then checks the rest\n` +
      '  or:  run labs without the VM: --target local (Linux, as root) or ' +
      '--target ssh://USER@HOST',
  );
}
