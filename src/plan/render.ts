import type { Plan, Step } from './plan.js';
import { PHASES } from './plan.js';
import { commentText, quoteCommand, quoteWord, wrapCommand } from './shell.js';

/** The tools the guest must have before anything is changed. */
export const GUEST_COMMANDS = ['ip', 'ping', 'sysctl', 'base64', 'tac', 'mktemp'] as const;


/**
 * The script the guest runs for `netlab run`: every step, check and collection in
 * order, each reported by a marker line (see guest/netlab-guest.sh).
 */
export function renderGuestScript(plan: Plan): string {
  const lines = [
    '#!/usr/bin/env bash',
    `# netlab: lab ${plan.lab}, generated from ${commentText(plan.scenario.file)}; runs as root.`,
    '. "$(dirname "$0")/netlab-guest.sh" || exit 3',
    'nl_setup "$(cd "$(dirname "$0")" && pwd)"',
    'while [ "$#" -gt 0 ]; do',
    '  case "$1" in --keep) NL_KEEP=1 ;; --run) nl_register_run "$2"; shift ;; esac',
    '  shift',
    'done',
    'nl_lock',
    `nl_preflight ${plan.ipv6 ? 1 : 0} ${GUEST_COMMANDS.join(' ')}`,
    `nl_claim ${[plan.lab, ...plan.namespaces.map((n) => n.netns)].map(quoteWord).join(' ')}`,
    '',
    'lab_collect() {',
    '  nl_emit phase collect',
    ...plan.namespaces.map((n) =>
      `  nl_collect ${[n.node, n.netns, ...n.sysctlKeys].map(quoteWord).join(' ')}`),
    '}',
    '',
  ];

  for (const { phase } of PHASES) {
    const steps = plan.steps.filter((step) => step.phase === phase);
    if (steps.length === 0) continue;
    lines.push(`nl_emit phase ${phase}`, ...steps.map(guestStep));
  }

  lines.push('nl_emit phase checks');
  for (const ping of plan.checks) {
    lines.push(`nl_check ${quoteWord(ping.check.id)} ${ping.attempts} ${quoteCommand(ping.argv)}`);
  }
  lines.push('nl_checks_wait', 'nl_finish', '');
  return lines.join('\n');
}

function guestStep(step: Step): string {
  if (step.createsNetns) return `nl_netns ${step.id} ${quoteWord(step.createsNetns)}`;
  if (step.settle) {
    return `nl_settle_ipv6 ${step.id} ${step.settle.map((s) => quoteWord(`${s.netns}:${s.iface}`)).join(' ')}`;
  }
  return `nl_step ${step.id} ${quoteCommand(step.argv)}`;
}

/**
 * `netlab plan`: the same steps as plain commands a person can read and paste into a
 * root shell in the guest; netlab teaches `ip netns`, veth and routing through them.
 */
export function renderPlanScript(plan: Plan, annotate: (step: Step) => string | undefined = () => undefined): string {
  const { scenario } = plan;
  const lines = [
    '#!/bin/sh',
    `# netlab plan for ${scenario.name}${scenario.description ? `: ${commentText(scenario.description)}` : ''}`,
    `# from ${commentText(scenario.file)}; run as root in the guest (sudo -i), or let \`netlab run\` do it.`,
    'set -e',
  ];

  PHASES.forEach(({ phase, title, why }) => {
    const steps = plan.steps.filter((step) => step.phase === phase);
    if (steps.length === 0) return;
    lines.push('', `# ${title}: ${why}`);
    for (const step of steps) {
      if (step.settle) {
        lines.push('# the kernel finishes setting up IPv6 on a link about a second after it is up');
      }
      const note = annotate(step);
      lines.push(note ? `${wrapCommand(step.argv)}    # ${commentText(note)}` : wrapCommand(step.argv));
    }
  });

  if (plan.checks.length > 0) {
    lines.push('', '# Checks: each ping and what it should show');
    for (const ping of plan.checks) {
      const { check } = ping;
      const expect = check.expect === 'reachable'
        ? `expect replies${check.ttl === undefined ? '' : ` with ttl=${check.ttl}`}`
        : 'expect no reply';
      lines.push(`${quoteCommand(ping.argv)} || true    # ${expect}`);
    }
  }

  lines.push('', '# Teardown: deleting a namespace removes its veth ends, addresses and routes');
  for (const ns of [...plan.namespaces].reverse()) {
    lines.push(`# ${quoteCommand(['ip', 'netns', 'delete', ns.netns])}`);
  }
  return `${lines.join('\n')}\n`;
}
