import type { Diagnostic } from '../scenario/diagnostics.js';
import { findNode } from '../scenario/model.js';
import type { Scenario } from '../scenario/model.js';
import { unknownNode } from './scenario-lookup.js';

export function checkCheckTargets(scenario: Scenario): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const check of scenario.checks) {
    const node = findNode(scenario, check.from);
    if (!node) {
      out.push(unknownNode(scenario, check.from, [...check.path, 'ping', 'from']));
      continue;
    }
    // A source of the other family is already reported where the check is loaded.
    if (check.source === undefined) continue;
    if (check.source.includes(':') !== (check.family === 6)) continue;
    const owned = node.interfaces.some((i) => i.addresses.some((a) => a.address === check.source));
    if (!owned) {
      const mine = node.interfaces.flatMap((i) => i.addresses.map((a) => a.address));
      out.push({
        severity: 'error', path: [...check.path, 'ping', 'source'],
        message: `${check.source} is not an address of ${check.from} ` +
          '(ping would fail with "Cannot assign requested address")',
        fix: mine.length > 0 ? `use one of ${mine.join(', ')}` : `give ${check.from} this address`,
      });
    }
  }
  return out;
}

