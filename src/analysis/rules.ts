import type { Diagnostic } from '../scenario/diagnostics.js';
import type { Scenario } from '../scenario/model.js';
import { checkHostAddresses, checkUniqueAddresses } from './address-rules.js';
import { checkCheckTargets } from './check-rules.js';
import { checkExpectations, checkForwarding } from './prediction-rules.js';
import { checkDuplicateRoutes, checkGateways, checkOwnSegmentRoutes } from './route-rules.js';
import {
  checkLateDefaults, checkSysctlKeys, checkSysctlScope, checkSysctlValues,
} from './sysctl-rules.js';
import {
  checkInterfacesLinked, checkLinkEnds, checkLinkSubnets, checkNodesPresent,
} from './topology-rules.js';

export type Rule = (scenario: Scenario) => Diagnostic[];

/** The rules a scenario must pass before anything touches a guest. */
export const contractRules: Rule[] = [
  checkNodesPresent,
  checkLinkEnds,
  checkInterfacesLinked,
  checkLinkSubnets,
  checkUniqueAddresses,
  checkHostAddresses,
  checkGateways,
  checkDuplicateRoutes,
  checkOwnSegmentRoutes,
  checkSysctlScope,
  checkSysctlKeys,
  checkSysctlValues,
  checkLateDefaults,
  checkCheckTargets,
];

/**
 * Rules that simulate the lab. The simulation assumes a lab the kernel would build, so
 * they run only when nothing else found an error.
 */
export const predictionRules: Rule[] = [checkExpectations, checkForwarding];

/** Every finding on a model: the contract rules, then, if those found no error, predictions. */
export function analyzeScenario(scenario: Scenario,
  options: { predict?: boolean } = {}): Diagnostic[] {
  const found = contractRules.flatMap((rule) => rule(scenario));
  if (options.predict === false || found.some((d) => d.severity === 'error')) return found;
  return [...found, ...predictionRules.flatMap((rule) => rule(scenario))];
}
