import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

/** The version a hypervisor's own tool reports, or undefined when it is not there. */
export async function probeVersion(
  commands: string[],
  args: string[],
  pattern: RegExp,
): Promise<string | undefined> {
  for (const command of commands) {
    if ((command.includes('/') || command.includes('\\')) && !existsSync(command)) continue;
    const result = await execa(command, args, { reject: false, timeout: 10_000, stdin: 'ignore' });
    if (result.failed && result.code === 'ENOENT') continue;
    const match = pattern.exec(`${String(result.stdout)}\n${String(result.stderr)}`);
    if (match?.[1]) return match[1];
  }
  return undefined;
}

/** Where a tool lives when its installer does not put it on PATH (Windows, macOS apps). */
export function installedPaths(
  platform: NodeJS.Platform,
  env = process.env,
): Record<string, string[]> {
  const windows = (dir: string | undefined, exe: string) => (dir ? [join(dir, exe)] : []);
  if (platform === 'win32') {
    return {
      VBoxManage: [
        ...windows(env.VBOX_MSI_INSTALL_PATH, 'VBoxManage.exe'),
        ...windows(env.VBOX_INSTALL_PATH, 'VBoxManage.exe'),
        'C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe',
      ],
      vmrun: [
        'C:\\Program Files (x86)\\VMware\\VMware Workstation\\vmrun.exe',
        'C:\\Program Files\\VMware\\VMware Workstation\\vmrun.exe',
      ],
    };
  }
  if (platform === 'darwin') {
    return {
      vmrun: ['/Applications/VMware Fusion.app/Contents/Library/vmrun'],
      prlctl: [
        '/usr/local/bin/prlctl',
        '/Applications/Parallels Desktop.app/Contents/MacOS/prlctl',
      ],
    };
  }
  return {};
}
