import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * mkdir -p, one level at a time. Node's own recursive mkdir never settles on some
 * kernel filesystems (/proc/nope/x hangs), and one level at a time fails at once there.
 */
export async function makeDirs(dir: string, mode?: number): Promise<void> {
  const info = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (info?.isDirectory()) return;
  if (info) throw Object.assign(new Error(`${dir} is not a directory`), { code: 'ENOTDIR' });
  const parent = dirname(dir);
  if (parent !== dir) await makeDirs(parent, mode);
  await mkdir(dir, { mode }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
}
