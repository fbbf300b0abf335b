import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJunit } from 'junit2json';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { netlab } from '../helpers/cli.js';
import { namespacesWith, removeLeftovers, testPrefix } from '../helpers/netns.js';
import { describeReal } from '../helpers/real.js';

const DIR = join(import.meta.dirname, '../../examples/ci');

interface Workflow {
  name: string;
  on: unknown;
  jobs: Record<string, { 'runs-on': string; steps: { run?: string; uses?: string }[] }>;
}

function workflow(file: string): Workflow {
  return parse(readFileSync(join(DIR, file), 'utf8')) as Workflow;
}

/** Every `npx netlab ...` command a workflow runs, as argv without the `npx netlab`. */
function netlabCommands(flow: Workflow): string[][] {
  return Object.values(flow.jobs).flatMap((job) => job.steps.flatMap((step) =>
    (step.run ?? '').split('\n').flatMap((line) => {
      const match = /npx netlab ([^"]+)/.exec(line);
      return match?.[1] ? [match[1].trim().split(/\s+/)] : [];
    })));
}

describe('the CI examples', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yml'));

  it.each(files)('%s is a workflow that keeps its reports', (file) => {
    const flow = workflow(file);
    expect(flow.name).toBeTruthy();
    const steps = Object.values(flow.jobs).flatMap((job) => job.steps);
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact@'))).toBe(true);
    expect(netlabCommands(flow).length).toBeGreaterThan(0);
  });

  it.each(files)('every netlab command in %s names a real command and its real options', async (file) => {
    for (const argv of netlabCommands(workflow(file))) {
      // `vm` has subcommands of its own (vm up, vm destroy).
      const words = argv[0] === 'vm' ? 2 : 1;
      const command = argv.slice(0, words);
      const rest = argv.slice(words);
      const help = await netlab([...command, '--help']);
      expect(help.code, `netlab ${command.join(' ')}`).toBe(0);
      for (const option of rest.filter((word) => word.startsWith('--'))) {
        expect(help.stdout, `netlab ${command} ${option}`).toContain(option);
      }
    }
  });
});

describeReal('the local-target workflow, run as it runs', ['root', 'netns'], () => {
  const prefix = testPrefix();
  const work = mkdtempSync('/tmp/netlab-examples-');
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    expect(removeLeftovers(prefix)).toEqual([]);
  });

  it('its netlab command passes and writes the reports it uploads', async () => {
    const [argv] = netlabCommands(workflow('netlab-nightly.yml'));
    const result = await netlab(argv!, { cwd: work, env: { NETLAB_NS_PREFIX: prefix } });
    expect(result.code).toBe(0);
    const junit = await parseJunit(readFileSync(join(work, 'out', 'junit.xml'), 'utf8')) as { tests?: number; failures?: number };
    expect([junit.tests, junit.failures]).toEqual([6, 0]);
    expect(JSON.parse(readFileSync(join(work, 'out', 'netlab-report.json'), 'utf8')).exitCode).toBe(0);
    expect(namespacesWith(prefix)).toEqual([]);
  });
});
