import { planScenario } from '../plan/plan.js';
import { findNode } from '../scenario/model.js';
import type { Family, Node, Scenario } from '../scenario/model.js';
import { readNodeSettings } from './node-settings.js';
import type { NodeSettings } from './node-settings.js';
import { buildRoutingTable } from './routing-table.js';
import type { RouteEntry } from './routing-table.js';

/** A scenario as the kernel would hold it once netlab has built it: tables and settings. */
export interface LabSimulation {
  scenario: Scenario;
  node(name: string): Node | undefined;
  table(node: Node, family: Family): RouteEntry[];
  settings(node: Node): NodeSettings;
}

export function simulateLab(scenario: Scenario): LabSimulation {
  // The plan says in which order netlab writes each node's sysctls, which decides them.
  const plan = planScenario(scenario);
  const tables = new Map<string, RouteEntry[]>();
  const settings = new Map<string, NodeSettings>();

  return {
    scenario,
    node: (name) => findNode(scenario, name),
    table(node, family) {
      const key = `${node.name}/${family}`;
      const known = tables.get(key);
      if (known) return known;
      const built = buildRoutingTable(node, family);
      tables.set(key, built);
      return built;
    },
    settings(node) {
      const known = settings.get(node.name);
      if (known) return known;
      const read = readNodeSettings(plan, node);
      settings.set(node.name, read);
      return read;
    },
  };
}
