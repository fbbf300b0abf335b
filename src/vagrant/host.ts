import { statfs } from 'node:fs/promises';
import { arch as nodeArch, homedir } from 'node:os';
import { execa } from 'execa';

export type HostArch = 'amd64' | 'arm64' | 'other';

/**
 * The CPU of the host, not of this Node: an x64 Node under Rosetta (macOS) or x64
 * emulation (Windows on ARM) still runs on an arm64 machine, and so does the VM.
 */
export async function hostArchitecture(): Promise<{ arch: HostArch; detail: string }> {
  const node = nodeArch();
  if (node === 'arm64') return { arch: 'arm64', detail: 'arm64' };
  if (node !== 'x64') return { arch: 'other', detail: node };
  if (process.platform === 'win32') {
    const real = process.env.PROCESSOR_ARCHITEW6432 ?? process.env.PROCESSOR_ARCHITECTURE ?? '';
    if (real.toUpperCase() === 'ARM64')
      return { arch: 'arm64', detail: 'arm64 (Node runs as x64)' };
  }
  if (process.platform === 'darwin') {
    const translated = await execa('sysctl', ['-in', 'sysctl.proc_translated'], {
      reject: false,
      timeout: 5000,
    });
    if (String(translated.stdout).trim() === '1') {
      return { arch: 'arm64', detail: 'arm64, Apple silicon (Node runs as x64 under Rosetta)' };
    }
  }
  return { arch: 'amd64', detail: 'x86_64 (amd64)' };
}

/** Where Vagrant keeps boxes: VAGRANT_HOME, else ~/.vagrant.d (its file system is what fills). */
export function vagrantHome(): string {
  return process.env.VAGRANT_HOME ?? homedir();
}

/** Free bytes for an unprivileged user on the file system of `path`. */
export async function freeBytes(path: string): Promise<number> {
  const stats = await statfs(path);
  return stats.bavail * stats.bsize;
}
