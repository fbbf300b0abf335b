import type { Check } from '../scenario/model.js';
import { formatPath } from '../scenario/source.js';
import type { Hop, Leg } from './packet-walk.js';
import type { Prediction } from './predict.js';
import { formatRouteEntry } from './routing-table.js';

/** "ns1 → 198.51.100.1 from 192.0.2.1" */
export function describePing(prediction: Prediction): string {
  const from = prediction.source ? ` from ${prediction.source}` : '';
  return `${prediction.from} → ${prediction.to}${from}`;
}

/** The verdict in one line: "reachable, replies with TTL 63 (1 router on the way back)". */
export function summarizePrediction(prediction: Prediction): string {
  if (prediction.outcome === 'unreachable') {
    return `unreachable: ${prediction.broken?.reason ?? 'the packets go no further'}`;
  }
  const routers = (prediction.initialTtl ?? 64) - (prediction.ttl ?? 64);
  const start = prediction.initialTtl === 64 ? '' : `, sent with ${prediction.initialTtl}`;
  return `reachable, replies with TTL ${prediction.ttl} ` +
    `(${routers === 1 ? '1 router' : `${routers} routers`} on the way back${start})`;
}

/** The path there and back, hop by hop, for `netlab explain`. */
export function renderPrediction(prediction: Prediction, check?: Check): string[] {
  const title = check ? `${formatPath(check.path)}: ${check.label}` : describePing(prediction);
  const lines = [title];
  if (check) lines.push(`  ${describePing(prediction)}`);
  lines.push(...renderLeg('there', prediction.there, prediction));
  if (prediction.back) lines.push(...renderLeg('back', prediction.back, prediction));
  lines.push(`  prediction: ${summarizePrediction(prediction)}`);
  if (prediction.broken?.fix) lines.push(`  fix: ${prediction.broken.fix}`);
  if (check) lines.push(`  ${compareWithCheck(prediction, check)}`);
  return lines;
}

function renderLeg(title: string, leg: Leg, prediction: Prediction): string[] {
  const lines = [`  ${title}:`];
  leg.hops.forEach((hop, index) => lines.push(`    ${index + 1}. ${describeHop(hop, leg)}`));
  const broken = prediction.broken;
  if (broken && broken.direction === leg.direction) {
    lines.push(`    ${leg.hops.length + 1}. ✗ ${broken.reason}`);
  }
  return lines;
}

function describeHop(hop: Hop, leg: Leg): string {
  if (hop.action === 'deliver') {
    const at = hop.inbound ? ` on ${hop.inbound}` : '';
    const whose = hop.holder === 'lo' ? 'a loopback address' : `its address on ${hop.holder}`;
    return `${hop.node} receives it${at}: ${leg.destination} is ${whose}`;
  }
  const route = hop.route ? formatRouteEntry(hop.route) : '';
  const origin = hop.route?.origin.kind === 'static'
    ? formatPath(hop.route.origin.route.path) : 'connected';
  const to = hop.nextHop ? `${hop.nextHop.node}:${hop.nextHop.iface}` : '?';
  const verb = hop.action === 'send' ? 'sends' : `forwards (in ${hop.inbound})`;
  return `${hop.node} ${verb} to ${to}, route ${route} (${origin})`;
}

/** Whether the check's own expectation agrees with the prediction. */
export function compareWithCheck(prediction: Prediction, check: Check): string {
  const expected = check.ttl === undefined ? check.expect : `${check.expect}, TTL ${check.ttl}`;
  if (prediction.outcome !== check.expect) return `the check expects ${expected}: it disagrees`;
  const reachable = prediction.outcome === 'reachable';
  if (check.ttl !== undefined && reachable && prediction.ttl !== check.ttl) {
    return `the check expects ${expected}: the TTL disagrees`;
  }
  return `the check expects ${expected}: it agrees`;
}
