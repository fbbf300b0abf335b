import { describe, expect, it } from 'vitest';
import { parseMachineReadable } from '../../src/vagrant/machine-readable.js';
import {
  phaseOf,
  readUpLine,
  stripMachinePrefix,
  UP_PHASES,
} from '../../src/vagrant/up-messages.js';
import type { UpMessage } from '../../src/vagrant/up-messages.js';
import { PhaseTracker } from '../../src/vagrant/up-phase-tracker.js';
import { composed, recorded } from './fixtures.js';

function messages(text: string): UpMessage[] {
  return parseMachineReadable(text).flatMap((line) => readUpLine(line, 'default') ?? []);
}

/** What each phase's task would show: its outcome, and Vagrant's words in it. */
async function follow(text: string) {
  const tracker = new PhaseTracker();
  const said = new Map<string, string[]>();
  for (const phase of UP_PHASES)
    tracker.onSay(phase, (t) => said.set(phase, [...(said.get(phase) ?? []), t]));
  let failure: Error | undefined;
  for (const message of messages(text)) {
    if (message.kind === 'say' && message.level !== 'error') tracker.say(message.text);
    if (message.kind === 'failure')
      failure = new Error(`vagrant up failed: ${message.errorClass}`);
  }
  tracker.finish(failure);
  const outcomes = await Promise.all(UP_PHASES.map((phase) => tracker.outcome(phase)));
  return { outcomes: Object.fromEntries(UP_PHASES.map((p, i) => [p, outcomes[i]])), said };
}

describe('following vagrant up', () => {
  it("strips the machine's prefix from every line of a message", () => {
    expect(stripMachinePrefix('==> default: Booting VM...', 'default')).toBe('Booting VM...');
    expect(stripMachinePrefix('    default: SSH address: 127.0.0.1:2222', 'default')).toBe(
      'SSH address: 127.0.0.1:2222',
    );
    expect(stripMachinePrefix('    default: \n    default: Inserting key...', 'default')).toBe(
      '\nInserting key...',
    );
  });

  it("reads the provider, Vagrant's words and its failure", () => {
    const up = messages(composed('up-new.txt').replaceAll('__PROVIDER__', 'libvirt'));
    expect(up[0]).toEqual({ kind: 'provider', provider: 'libvirt' });
    expect(up).toContainEqual({ kind: 'say', level: 'detail', text: 'SSH address: __SSH__' });
    expect(up.at(-1)).toEqual({
      kind: 'say',
      level: 'detail',
      text: 'netlab provision: ready: ip utility, iproute2-6.1.0',
    });
    expect(messages(recorded('up-provider-not-usable.txt')).at(-1)).toMatchObject({
      kind: 'failure',
      errorClass: 'Vagrant::Errors::ProviderNotUsable',
    });
  });

  it('names the phase of a step where the words say it', () => {
    expect(
      phaseOf("Box 'bento/ubuntu-24.04' could not be found. Attempting to find and install..."),
    ).toBe('box');
    expect(
      phaseOf('Downloading: https://vagrantcloud.com/bento/boxes/ubuntu-24.04/vagrant.box'),
    ).toBe('box');
    expect(phaseOf('Booting VM...')).toBe('boot');
    expect(phaseOf('Waiting for domain to get an IP address...')).toBe('boot');
    expect(phaseOf('Running provisioner: netlab guest packages (shell)...')).toBe('provision');
    expect(
      phaseOf('Machine already provisioned. Run `vagrant provision` or use the `--provision`'),
    ).toBe('provision');
    expect(phaseOf(' -- Cpus:              2')).toBeUndefined();
  });

  it('a new VM goes through every phase, each showing its own words', async () => {
    const { outcomes, said } = await follow(composed('up-new.txt'));
    expect(outcomes).toEqual({
      start: { state: 'ok' },
      box: { state: 'ok' },
      boot: { state: 'ok' },
      provision: { state: 'ok' },
    });
    expect(said.get('box')?.[0]).toBe(
      "Box 'bento/ubuntu-24.04' could not be found. Attempting to find and install...",
    );
    expect(said.get('boot')?.[0]).toBe('Creating domain with the following settings...');
    expect(said.get('provision')).toEqual([
      'Running provisioner: netlab guest packages (shell)...',
      'Running: /tmp/vagrant-shell20260101-4242-1x2y3z.sh',
      'netlab provision: installing: tcpdump traceroute',
      'netlab provision: ready: ip utility, iproute2-6.1.0',
    ]);
  });

  it('a real libvirt VM from a box already added: no provisioner ran (recorded)', async () => {
    const { outcomes, said } = await follow(recorded('up-libvirt-box-added.txt'));
    expect(outcomes).toEqual({
      start: { state: 'ok' },
      box: { state: 'ok' },
      boot: { state: 'ok' },
      provision: { state: 'skip', why: 'nothing to do' },
    });
    expect(said.get('box')).toEqual([
      'See https://www.vagrantup.com/docs/boxes/format#box-metadata for further details.',
      'Uploading base box image as volume into Libvirt storage...',
      'Creating image (snapshot of base box volume).',
    ]);
    expect(said.get('boot')?.at(-1)).toBe('Machine booted and ready!');
  });

  it('a stopped VM skips the box, and a failure marks the phase it happened in', async () => {
    const restart = await follow(composed('up-restart.txt'));
    expect(restart.outcomes.box).toEqual({ state: 'skip', why: 'the box is here already' });
    expect(restart.outcomes.provision).toEqual({ state: 'ok' });

    const noBuild = await follow(composed('up-box-no-arm64.txt'));
    expect(noBuild.outcomes).toEqual({
      start: { state: 'ok' },
      box: {
        state: 'fail',
        message: 'vagrant up failed: Vagrant::Errors::BoxAddNoMatchingProvider',
      },
      boot: { state: 'skip', why: 'not run' },
      provision: { state: 'skip', why: 'not run' },
    });

    const noProvider = await follow(recorded('up-provider-not-usable.txt'));
    expect(noProvider.outcomes.start).toEqual({
      state: 'fail',
      message: 'vagrant up failed: Vagrant::Errors::ProviderNotUsable',
    });
  });
});
