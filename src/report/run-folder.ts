import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirs } from '../make-dirs.js';
import type { RunResult } from '../run/results.js';
import { toJsonReport } from './json.js';
import type { CollectedPaths } from './json.js';
import { writeAtomic } from './write.js';

/** `router-lab-20261204T143012Z`: sortable, and safe as a folder name everywhere. */
export function runFolderName(result: RunResult): string {
  const stamp = result.startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${result.lab}-${stamp}`;
}

/** sysctl's "key = value" lines as an object. */
export function parseSysctlOutput(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([^=\s]+)\s*=\s*(.*)$/.exec(line.trim());
    if (match?.[1]) values[match[1]] = match[2] ?? '';
  }
  return values;
}

/** A folder of this run's own: two runs of a lab in the same second get -2, -3, ... */
async function claimFolder(root: string, name: string): Promise<string> {
  await makeDirs(root);
  for (let n = 1; n < 1000; n++) {
    const dir = join(root, n === 1 ? name : `${name}-${n}`);
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`${root} holds a thousand runs named ${name}`);
}

/**
 * `.netlab/runs/<lab>-<time>/`: report.json, and per node what the guest reported
 * (addresses, routes of both families, the sysctls netlab set).
 */
export async function writeRunFolder(result: RunResult, root: string):
  Promise<{ dir: string; collected: CollectedPaths }> {
  const dir = await claimFolder(root, runFolderName(result));
  const paths: CollectedPaths = {};

  for (const entry of result.collected) {
    const files: Record<string, string> = {};
    const outputs: [string, string | undefined][] = [
      ['address.json', entry.address],
      ['route4.json', entry.route4],
      ['route6.json', entry.route6],
      ['sysctl.json', entry.sysctl === undefined
        ? undefined : `${JSON.stringify(parseSysctlOutput(entry.sysctl), null, 2)}\n`],
    ];
    for (const [name, content] of outputs) {
      if (content === undefined) continue;
      // Under nodes/, so that no node name can take report.json's place.
      const relative = join('nodes', entry.node, name);
      await writeAtomic(join(dir, relative), content.endsWith('\n') ? content : `${content}\n`);
      files[name.replace(/\.json$/, '')] = relative;
    }
    paths[entry.node] = files;
  }

  await writeAtomic(join(dir, 'report.json'), `${JSON.stringify(toJsonReport(result, paths), null, 2)}\n`);
  return { dir, collected: paths };
}
