import type { Plan, Step } from '../plan/plan.js';

// The kernel's terse answers, and what they mean for a lab. Each entry explains the
// message in the scenario's own terms and says what to change in the file.
const EXPLANATIONS: { pattern: RegExp; explain: (step: Step, plan: Plan) => string }[] = [
  {
    pattern: /Nexthop has invalid gateway|Network is unreachable/,
    explain: (step) => `the gateway is not on any segment of ${step.node} that is up: no ` +
      `interface of ${step.node} has an address in the gateway's subnet. Give the route a ` +
      'gateway on one of the node\'s own segments, or add an address in the gateway\'s subnet.',
  },
  {
    pattern: /File exists/,
    explain: (step) => {
      if (step.createsNetns) return `a namespace named ${step.createsNetns} already exists in the guest.`;
      if (step.phase === 'links') return 'an interface with that name already exists in that namespace.';
      if (step.phase === 'addresses') return `${step.node} already has that address.`;
      return 'the kernel already has an entry like this one.';
    },
  },
  {
    pattern: /Cannot find device/,
    explain: (step) => `the interface does not exist in ${step.node}'s namespace: check the ` +
      'spelling in the scenario, and that a link creates it on this node.',
  },
  {
    pattern: /Operation not permitted|Permission denied/,
    explain: () => 'this needs root with CAP_NET_ADMIN and CAP_SYS_ADMIN; in a container or ' +
      'an unprivileged user namespace the kernel refuses to create namespaces and links.',
  },
  {
    pattern: /not a valid ifname|Invalid argument.*name/,
    explain: () => 'interface names are 1 to 15 characters, without "/", ":" or white space.',
  },
  {
    pattern: /setting key "[^"]+": Invalid argument/,
    explain: () => 'the kernel refuses this value for the setting: check the values it takes ' +
      '(the kernel\'s ip-sysctl documentation lists them).',
  },
  {
    pattern: /cannot stat \/proc\/sys|unknown key|No such file or directory/,
    explain: (step) => step.phase === 'sysctls' || step.argv.includes('sysctl')
      ? 'this kernel has no such setting inside a network namespace; check the key\'s spelling ' +
        '(sysctl -a | grep KEY in the guest lists those that exist).'
      : 'a file or namespace the command needs is missing.',
  },
  {
    pattern: /Cannot open network namespace/,
    explain: (step) => `the namespace of ${step.node} is gone: something removed it while the lab was being built.`,
  },
  {
    pattern: /Address family not supported|IPv6 is disabled/,
    explain: () => 'IPv6 is disabled in the guest\'s kernel (ipv6.disable=1 or disable_ipv6).',
  },
];

/** The kernel's message on a failed step, with what it means; undefined if unknown. */
export function explainStepFailure(step: Step, output: string, plan: Plan): string | undefined {
  const found = EXPLANATIONS.find((entry) => entry.pattern.test(output));
  return found?.explain(step, plan);
}
