import { parseAddress } from '../scenario/address.js';
import type { Check, Expectation, Family, Scenario } from '../scenario/model.js';
import { simulateLab } from './lab-simulation.js';
import type { LabSimulation } from './lab-simulation.js';
import { localHolder, walkPacket } from './packet-walk.js';
import type { Leg, PathBreak } from './packet-walk.js';
import { lookupRoute } from './routing-table.js';
import { selectSourceAddress } from './source-address.js';

/** A ping to predict: a check's, or one asked for on the command line. */
export interface PingQuery {
  from: string;
  to: string;
  source?: string;
}

/** What a ping would see on the kernel, and the way its packets would take there and back. */
export interface Prediction {
  from: string;
  to: string;
  family: Family;
  /** The address the requests leave from: the one given (-I), or the kernel's choice. */
  source?: string;
  outcome: Expectation;
  /** The TTL (hop limit) the replies arrive with, when they arrive. */
  ttl?: number;
  /** The TTL the target sends its replies with; ttl is this minus the routers on the way back. */
  initialTtl?: number;
  there: Leg;
  back?: Leg;
  /** The first place it breaks, and on which way. */
  broken?: PathBreak & { direction: 'there' | 'back' };
}

/** Predict one check of a scenario. */
export function predictCheck(scenario: Scenario, check: Check,
  sim: LabSimulation = simulateLab(scenario)): Prediction {
  return predictPing(scenario, { from: check.from, to: check.to, source: check.source }, sim);
}

/** Predict every check of a scenario, in order. */
export function predictChecks(scenario: Scenario): Prediction[] {
  const sim = simulateLab(scenario);
  return scenario.checks.map((check) => predictCheck(scenario, check, sim));
}

export function predictPing(scenario: Scenario, query: PingQuery,
  sim: LabSimulation = simulateLab(scenario)): Prediction {
  const family = parseAddress(query.to)?.family ?? 4;
  const base = { from: query.from, to: query.to, family };
  const node = sim.node(query.from);
  const empty: Leg = { direction: 'there', from: query.from, source: query.source ?? '',
    destination: query.to, family, hops: [] };
  if (!node) {
    return unreachable({ ...base, there: empty }, {
      kind: 'no-node', node: query.from, path: ['nodes'],
      reason: `${query.from}: there is no such node`, fix: `add ${query.from} under nodes`,
    }, 'there');
  }

  let source = query.source;
  if (source === undefined) {
    const route = lookupRoute(sim.table(node, family), query.to);
    if (localHolder(node, query.to)) source = query.to;
    else if (route) source = selectSourceAddress(scenario, node, route, query.to);
    if (route && source === undefined) {
      return unreachable({ ...base, there: empty }, {
        kind: 'no-source', node: node.name, path: [...node.path, 'interfaces'],
        reason: `${node.name}: no IPv${family} address to send from`,
        fix: `give one of ${node.name}'s interfaces an IPv${family} address`,
      }, 'there');
    }
  }

  const there = walkPacket(sim, { direction: 'there', from: node.name, source: source ?? '',
    destination: query.to, family });
  const withSource = { ...base, source, there };
  if (there.broken) return unreachable(withSource, there.broken, 'there');

  const target = sim.node(there.hops[there.hops.length - 1]?.node ?? '');
  if (!target || source === undefined) return unreachable(withSource, undefined, 'there');
  const ignore = sim.settings(target).echoIgnored(family);
  if (ignore.value > 0) {
    return unreachable(withSource, {
      kind: 'echo-ignored', node: target.name, path: [...target.path, 'sysctl'],
      reason: `${target.name}: ignores echo requests (sysctl ${ignore.setBy})`,
      fix: `remove ${ignore.setBy?.split('=')[0]} from nodes.${target.name}.sysctl`,
    }, 'there');
  }

  const back = walkPacket(sim, { direction: 'back', from: target.name, source: query.to,
    destination: source, family });
  if (back.broken) return unreachable({ ...withSource, back }, back.broken, 'back');

  const last = back.hops[back.hops.length - 1];
  const forwards = back.hops.filter((hop) => hop.action === 'forward').length;
  return {
    ...withSource, back, outcome: 'reachable', ttl: last?.ttl,
    initialTtl: last === undefined ? undefined : last.ttl + forwards,
  };
}

function unreachable(prediction: Omit<Prediction, 'outcome'>, broken: PathBreak | undefined,
  direction: 'there' | 'back'): Prediction {
  return { ...prediction, outcome: 'unreachable', broken: broken && { ...broken, direction } };
}
