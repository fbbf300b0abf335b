import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../src/make-dirs.js';
import { writeRunFolder } from '../src/report/run-folder.js';
import { knownSuite } from './helpers/results.js';

describe('making the folders reports go to', () => {
  it('makes every missing level, and fails at once where none can be made', async () => {
    const root = mkdtempSync('/tmp/netlab-dirs-');
    try {
      await makeDirs(join(root, 'a', 'b', 'c'));
      expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
      writeFileSync(join(root, 'file'), '');
      await expect(makeDirs(join(root, 'file', 'x'))).rejects.toThrow(/not a directory/);
      // Node's own recursive mkdir never settles here; this must fail straight away.
      await expect(makeDirs('/proc/netlab-nope/x')).rejects.toThrow();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a node may be named report.json, and two runs of a second get folders of their own', async () => {
    const root = mkdtempSync('/tmp/netlab-runs-');
    try {
      const result = knownSuite().runs[0]!.result!;
      result.collected = [{ node: 'report.json', address: '[]' }];
      const first = await writeRunFolder(result, root);
      const second = await writeRunFolder(result, root);
      expect(statSync(join(first.dir, 'report.json')).isFile()).toBe(true);
      expect(first.collected).toEqual({ 'report.json': { address: 'nodes/report.json/address.json' } });
      expect(second.dir).toBe(`${first.dir}-2`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
