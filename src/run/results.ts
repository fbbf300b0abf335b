import type { NetlabError } from '../errors.js';
import type { PingCheck, Plan, Step } from '../plan/plan.js';
import type { Check, Expectation } from '../scenario/model.js';
import type { PingOutput } from './ping.js';

export interface StepResult {
  step: Step;
  state: 'ok' | 'failed' | 'not-run';
  output: string;
  exitCode?: number;
  /** What the kernel's message means, for a failed step. */
  explanation?: string;
  startedAt?: number;
  durationMs?: number;
}

export interface CheckResult extends PingOutput {
  check: Check;
  argv: string[];
  observed: Expectation;
  passed: boolean;
  /** Why it failed, in one line: "no reply (100% loss)", "reply TTL 64, expected 63". */
  reason?: string;
  attempts: number;
  output: string;
  durationMs?: number;
}

/** What the guest reported about one node after the checks, as its tools print it. */
export interface Collected {
  node: string;
  address?: string;
  route4?: string;
  route6?: string;
  sysctl?: string;
}

export interface RunResult {
  lab: string;
  plan: Plan;
  target: string;
  startedAt: Date;
  durationMs: number;
  steps: StepResult[];
  checks: CheckResult[];
  collected: Collected[];
  removed: string[];
  /** Namespaces an earlier run of the same lab had left, removed before this one began. */
  leftovers: string[];
  kept: boolean;
  interrupted: boolean;
  /** Set when the environment failed: the transport, the guest's tools, a step. */
  error?: NetlabError;
}

export function evaluateCheck(ping: PingCheck, exitCode: number, attempts: number, output: string,
  parsed: PingOutput): CheckResult {
  const { check } = ping;
  const observed: Expectation = parsed.received > 0 && exitCode === 0 ? 'reachable' : 'unreachable';
  let reason: string | undefined;

  if (observed !== check.expect) {
    reason = observed === 'reachable'
      ? `replies came (${parsed.received}/${parsed.transmitted}), none were expected`
      : `no reply${parsed.problem ? `: ${parsed.problem}` : ` (${parsed.lossPercent}% loss)`}`;
  } else if (observed === 'reachable' && check.ttl !== undefined && parsed.ttl !== check.ttl) {
    reason = parsed.ttl === undefined
      ? `no TTL in the replies, expected ${check.ttl}`
      : `reply TTL ${parsed.ttl}, expected ${check.ttl} ` +
        `(${hopsWord(64 - parsed.ttl)} on the way, not ${hopsWord(64 - check.ttl)})`;
  }

  return {
    ...parsed,
    check,
    argv: ping.argv,
    observed,
    passed: reason === undefined,
    reason,
    attempts,
    output,
  };
}

function hopsWord(hops: number): string {
  if (hops < 0) return 'an unusual initial TTL';
  return hops === 1 ? '1 router' : `${hops} routers`;
}
