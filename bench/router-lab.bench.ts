import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { renderPlanScript } from '../src/plan/render.js';
import { runPlan } from '../src/run/runner.js';
import { LocalTarget } from '../src/target/local.js';
import { SshTarget } from '../src/target/ssh.js';
import { removeLeftovers, testPrefix } from '../test/helpers/netns.js';
import { planOf } from '../test/helpers/scenarios.js';
import { startSshd } from '../test/helpers/sshd.js';
import type { TestSshd } from '../test/helpers/sshd.js';

// router-lab through netlab, beside the same commands as one plain bash script: what
// netlab's markers, journal, checks and collection cost over doing it by hand.

const prefix = testPrefix();
const { plan, text } = planOf('router-lab', prefix);
const plain = renderPlanScript(plan).replace(/^# (ip netns delete .*)$/gm, '$1');
const options = { iterations: 5, time: 0, warmupIterations: 1, throws: true };

let sshd: TestSshd;
let scratch: string;
let knownHosts: string;

beforeAll(async () => {
  sshd = await startSshd();
  scratch = mkdtempSync('/tmp/netlab-bench-');
  knownHosts = join(scratch, 'known_hosts');
  writeFileSync(knownHosts, sshd.knownHostsLine);
  writeFileSync(join(scratch, 'plain.sh'), plain);
});

afterAll(async () => {
  await sshd?.stop();
  rmSync(scratch, { recursive: true, force: true });
  const left = removeLeftovers(prefix);
  if (left.length > 0) throw new Error(`the bench left namespaces behind: ${left.join(', ')}`);
});

function assertPassed(result: Awaited<ReturnType<typeof runPlan>>): void {
  if (result.error || !result.checks.every((c) => c.passed)) {
    throw new Error(`router-lab did not pass: ${result.error?.message ?? 'a check failed'}`);
  }
}

describe('router-lab on this machine (local target)', () => {
  bench('netlab run --target local', async () => {
    assertPassed(await runPlan(new LocalTarget(), plan, text, { keep: false }));
  }, options);

  bench('plain bash script, same commands', () => {
    execFileSync('bash', [join(scratch, 'plain.sh')], { stdio: 'ignore' });
  }, options);
});

describe('router-lab over SSH to a local sshd', () => {
  bench('netlab run --target ssh:// (connect, upload, run, close)', async () => {
    const target = new SshTarget({
      host: sshd.host, port: sshd.port, username: 'root', identityFiles: [sshd.clientKey],
      hostKeys: { kind: 'known-hosts', file: knownHosts, acceptNew: false },
    });
    await target.connect();
    try {
      assertPassed(await runPlan(target, plan, text, { keep: false }));
    } finally {
      await target.close();
    }
  }, options);

  bench('plain bash script over one ssh', () => {
    const result = spawnSync('ssh', ['-q', '-i', sshd.clientKey, '-p', String(sshd.port),
      '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'BatchMode=yes', 'root@127.0.0.1', 'bash', '-s'],
    { input: plain, stdio: ['pipe', 'ignore', 'ignore'] });
    if (result.status !== 0) throw new Error(`plain script over ssh failed (exit ${result.status})`);
  }, options);
});
