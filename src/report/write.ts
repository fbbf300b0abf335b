import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { makeDirs } from '../make-dirs.js';
import { dirname, join } from 'node:path';

/** Write a file so that a reader sees the old content or the new, never half of it. */
export async function writeAtomic(file: string, content: string): Promise<void> {
  await makeDirs(dirname(file));
  const temporary = join(dirname(file), `.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
