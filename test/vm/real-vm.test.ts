import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// netlab against a real VM: the real vagrant with vagrant-libvirt, a Debian guest under
// QEMU (software emulation), from a clean project folder holding the project's
// Vagrantfile and provision/. test/vm/run.sh prepares everything (packages, the cached
// test box, a user of the run's own with libvirt in session mode, a VAGRANT_HOME with the
// box added) and tears it all down afterwards, stopping each process by its PID. This
// file runs the steps a user runs, in order, as that user, and asserts what each did.
//
// Outside run.sh (plain `npm test`) the suite is skipped: it needs the environment that
// run.sh makes. When run.sh finds the machine cannot run a VM it passes the reason in
// NETLAB_VM_SKIP_REASON: reported as skipped, or as a failure with NETLAB_REQUIRE_REAL=1.

const NETLAB_BIN = join(import.meta.dirname, '../../bin/netlab.js');
const TITLE = 'netlab vm up && netlab run router-lab against a real VM';

interface SuiteEnv {
  user: string;
  project: string;
  env: Record<string, string>;
}

function readSuiteEnv(file: string): SuiteEnv {
  const suite: SuiteEnv = { user: '', project: '', env: {} };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.startsWith('ENV ')) {
      const pair = line.slice(4);
      const equals = pair.indexOf('=');
      suite.env[pair.slice(0, equals)] = pair.slice(equals + 1);
    } else if (line.startsWith('NETLAB_VM_USER=')) {
      suite.user = line.slice('NETLAB_VM_USER='.length);
    } else if (line.startsWith('NETLAB_VM_PROJECT=')) {
      suite.project = line.slice('NETLAB_VM_PROJECT='.length);
    }
  }
  return suite;
}

interface StepResult {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

const skipReason = process.env.NETLAB_VM_SKIP_REASON;
const suiteEnvFile = process.env.NETLAB_VM_SUITE_ENV;
const reportDir = process.env.NETLAB_VM_REPORT_DIR ?? 'out/test-vm';

if (skipReason && process.env.NETLAB_REQUIRE_REAL === '1') {
  throw new Error(`${TITLE}: this machine cannot run it (${skipReason}), and NETLAB_REQUIRE_REAL=1`);
}

const ready = suiteEnvFile !== undefined && skipReason === undefined;
const why = skipReason ?? 'it runs through test/vm/run.sh (npm run test:vm), which prepares the VM';

(ready ? describe : describe.skip)(ready ? TITLE : `${TITLE} (skipped: ${why})`, () => {
  const suite = ready && suiteEnvFile ? readSuiteEnv(suiteEnvFile) : { user: '', project: '', env: {} };
  let stepNumber = 0;

  /** Runs a command as the run's user, from the clean project folder, with a bound in time. */
  function asUser(command: string, args: string[], timeoutMs: number): Promise<StepResult> {
    const env = Object.entries({ ...suite.env, NO_COLOR: '1' }).map(([key, value]) => `${key}=${value}`);
    const started = Date.now();
    return new Promise((resolve) => {
      const child = spawn('setpriv', [`--reuid=${suite.user}`, `--regid=${suite.user}`, '--init-groups',
        'env', '-i', ...env, command, ...args], { cwd: suite.project, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const timer = setTimeout(() => {
        stderr += `\n[real-vm test: no exit after ${timeoutMs / 1000}s; sent SIGTERM to PID ${child.pid}]`;
        child.kill('SIGTERM');
      }, timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 });
      });
    });
  }

  /** `netlab ARGS` as a user types it; its output kept in the report folder. */
  async function netlab(args: string[], timeoutMs: number): Promise<StepResult> {
    const result = await asUser(process.execPath, [NETLAB_BIN, ...args], timeoutMs);
    stepNumber += 1;
    const name = `netlab ${args.join(' ')}`;
    const logs = join(reportDir, 'logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, `step-${stepNumber}-${args.slice(0, 2).join('-')}.log`),
      `$ ${name}\nexit ${result.code} after ${result.seconds.toFixed(1)}s\n` +
      `--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}\n`);
    appendFileSync(join(reportDir, 'timings.txt'), `${name}: ${result.seconds.toFixed(1)}s, exit ${result.code}\n`);
    return result;
  }

  function explain(result: StepResult): string {
    return `exit ${result.code}\n--- stdout\n${result.stdout.slice(-3000)}\n--- stderr\n${result.stderr.slice(-3000)}`;
  }

  /** The machine's state as the real vagrant reports it, independent of netlab. */
  async function vagrantState(): Promise<string> {
    const status = await asUser('vagrant', ['status', '--machine-readable'], 120_000);
    const line = status.stdout.split('\n').find((text) => /^\d+,default,state,/.test(text));
    return line?.split(',')[3] ?? `unknown (${explain(status)})`;
  }

  /** Every check of the lab's latest run folder passed, and its reports are kept. */
  function expectLabPassed(lab: string): void {
    const runs = join(suite.project, '.netlab', 'runs');
    const folders = existsSync(runs) ? readdirSync(runs).filter((name) => name.startsWith(`${lab}-`)).sort() : [];
    const latest = folders.at(-1);
    expect(latest, `a run folder for ${lab} under ${runs}`).toBeDefined();
    if (!latest) return;
    cpSync(join(suite.project, '.netlab'), join(reportDir, `netlab-${lab}`), { recursive: true });
    const report = JSON.parse(readFileSync(join(runs, latest, 'report.json'), 'utf8')) as {
      outcome: string;
      target: string;
      checks: { name: string; passed: boolean }[];
    };
    expect(report.outcome).toBe('passed');
    expect(report.target).toMatch(/vagrant/i);
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.checks.filter((check) => !check.passed).map((check) => check.name)).toEqual([]);
    expect(existsSync(join(suite.project, '.netlab', 'junit.xml')), 'netlab junit.xml').toBe(true);
  }

  it('the clean project folder holds the project\'s Vagrantfile and provision/guest.sh', () => {
    expect(existsSync(join(suite.project, 'Vagrantfile')), 'Vagrantfile').toBe(true);
    expect(existsSync(join(suite.project, 'provision', 'guest.sh')), 'provision/guest.sh').toBe(true);
    expect(existsSync(join(suite.project, '.vagrant')), 'no .vagrant/ yet').toBe(false);
  });

  // Exit codes as documented (0 passed, 1 a check failed, 2 invalid, 3 environment); the
  // VM's state is asserted through the real vagrant, not through netlab's own words.
  // TODO: the output checks of doctor and vm status are loose on purpose while those
  // commands' wording settles; tighten them to whole lines once it has.

  it('netlab doctor: vagrant and the libvirt provider are found', async () => {
    const result = await netlab(['doctor'], 5 * 60_000);
    expect(result.code, explain(result)).toBe(0);
    expect(result.stdout).toMatch(/vagrant/i);
    expect(result.stdout).toMatch(/libvirt/i);
  });

  it('netlab vm up: boots the VM, provisions it, checks the guest', async () => {
    const result = await netlab(['vm', 'up'], 15 * 60_000);
    expect(result.code, explain(result)).toBe(0);
    expect(await vagrantState()).toBe('running');
  });

  it('netlab run router-lab: every check passes in the real guest', async () => {
    const result = await netlab(['run', 'router-lab', '--reporter', 'text,json,junit'], 10 * 60_000);
    expect(result.code, explain(result)).toBe(0);
    expectLabPassed('router-lab');
  });

  it('netlab run same-segment: every check passes in the real guest', async () => {
    const result = await netlab(['run', 'same-segment', '--reporter', 'text,json,junit'], 10 * 60_000);
    expect(result.code, explain(result)).toBe(0);
    expectLabPassed('same-segment');
  });

  it('netlab vm status: says the VM is running', async () => {
    const result = await netlab(['vm', 'status'], 2 * 60_000);
    expect(result.code, explain(result)).toBe(0);
    expect(result.stdout).toMatch(/running/i);
  });

  it('netlab vm halt: the VM is stopped', async () => {
    const result = await netlab(['vm', 'halt'], 5 * 60_000);
    expect(result.code, explain(result)).toBe(0);
    expect(['shutoff', 'poweroff']).toContain(await vagrantState());
  });

  it('netlab vm destroy --force: the VM is gone', async () => {
    const result = await netlab(['vm', 'destroy', '--force'], 5 * 60_000);
    expect(result.code, explain(result)).toBe(0);
    expect(await vagrantState()).toBe('not_created');
  });
});
