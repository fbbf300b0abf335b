import { mkdtempSync, readdirSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runPlan } from '../../src/run/runner.js';
import { LocalTarget } from '../../src/target/local.js';
import { namespacesWith, removeLeftovers, testPrefix } from '../helpers/netns.js';
import { describeReal } from '../helpers/real.js';
import { planOf } from '../helpers/scenarios.js';

/** A PATH with every program of this machine but the ones named. */
function pathWithout(dir: string, missing: string[]): string {
  for (const bin of ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    if (!existsSync(bin)) continue;
    for (const name of readdirSync(bin)) {
      if (missing.includes(name) || existsSync(join(dir, name))) continue;
      symlinkSync(join(bin, name), join(dir, name));
    }
  }
  return dir;
}

describeReal('the guest check before anything is changed', ['root', 'netns'], () => {
  const prefix = testPrefix();
  let bin: string;

  beforeAll(() => {
    bin = mkdtempSync('/tmp/netlab-bin-');
  });
  afterAll(() => {
    rmSync(bin, { recursive: true, force: true });
    expect(removeLeftovers(prefix)).toEqual([]);
  });

  it('a guest without ping and sysctl is named, with the packages and the command to install them', async () => {
    const target = new LocalTarget({ env: { PATH: pathWithout(bin, ['ping', 'sysctl']), HOME: '/root' } });
    const { plan, text } = planOf('router-lab', prefix);
    const result = await runPlan(target, plan, text, { keep: false });
    expect(result.error?.exitCode).toBe(3);
    expect(result.error?.message).toBe('local lacks what netlab needs:\n' +
      '  - ping (package iputils-ping)\n' +
      '  - sysctl (package procps)\n' +
      '  fix: in the guest, run sudo apt-get install -y iputils-ping procps');
    expect(result.steps.every((s) => s.state === 'not-run')).toBe(true);
    expect(namespacesWith(prefix)).toEqual([]);
  });
});
