import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** netlab's own folder, which ships a Vagrantfile and provision/guest.sh. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The one machine netlab's Vagrantfile defines. */
export const MACHINE = 'default';

/** Where Vagrant runs for netlab: the folder of a Vagrantfile, and its machine state. */
export interface VagrantProject {
  dir: string;
  /** Whose Vagrantfile it is: the user's (in the current folder) or netlab's own. */
  source: 'here' | 'netlab';
  /** Extra environment for every vagrant call in this project. */
  env: Record<string, string>;
}

/**
 * The current folder when it has a Vagrantfile, else netlab's own. A copy of netlab
 * installed under node_modules (npx) may be replaced by the next version, so its VM's
 * state is kept in ~/.netlab/vagrant rather than inside the package, where it would be lost.
 */
export function findVagrantProject(
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
  packageRoot = PACKAGE_ROOT,
): VagrantProject {
  const here = resolve(cwd);
  const dir = existsSync(join(here, 'Vagrantfile')) ? here : resolve(packageRoot);
  const source = dir !== here ? 'netlab' : 'here';
  const projectEnv: Record<string, string> = { VAGRANT_CWD: dir };
  const installed = `${sep}node_modules${sep}`;
  if (source === 'netlab' && `${dir}${sep}`.includes(installed) && !env.VAGRANT_DOTFILE_PATH) {
    projectEnv.VAGRANT_DOTFILE_PATH = join(homedir(), '.netlab', 'vagrant');
  }
  return { dir, source, env: projectEnv };
}
