import { ExitCode, UsageError } from '../errors.js';
import type { ExitCodeValue } from '../errors.js';
import { renderDot } from '../graph/dot.js';
import { renderMermaid } from '../graph/mermaid.js';
import { topologyOf } from '../graph/topology.js';
import { renderTable } from '../report/table.js';
import { readScenario, resolveScenario } from '../run/scenario-file.js';
import { execInLab, labsUp } from '../run/status.js';
import { resolveTarget } from '../target/resolve.js';
import type { TargetOptions } from '../target/resolve.js';
import { sameGuestArgs } from './cli-options.js';
import { namespacePrefix } from './lab-options.js';
import type { Output } from './output.js';
import { labName } from './simple.js';

/** netlab graph LAB [--format mermaid|dot]: the lab as a picture, from the scenario alone. */
export async function graphCommand(name: string, options: { format?: string }, io: Output): Promise<ExitCodeValue> {
  const format = options.format ?? 'mermaid';
  if (format !== 'mermaid' && format !== 'dot') {
    throw new UsageError(`--format ${format}: choose mermaid (Markdown, the default) or dot (Graphviz)`);
  }
  const { scenario } = await readScenario(await resolveScenario(name));
  const topology = topologyOf(scenario);
  io.out(format === 'dot' ? renderDot(topology) : renderMermaid(topology));
  return ExitCode.passed;
}

/** netlab status [--json]: the labs up in the guest, with their namespaces. */
export async function statusCommand(options: TargetOptions & { json?: boolean }, io: Output): Promise<ExitCodeValue> {
  const target = resolveTarget(options);
  await target.connect();
  try {
    const labs = await labsUp(target);
    if (options.json) io.out(JSON.stringify({ target: target.label, labs }, null, 2));
    else if (labs.length === 0) io.out(`no labs are up in ${target.label}`);
    else {
      io.out(renderTable(['lab', 'state', 'started', 'namespaces'],
        labs.map((l) => [l.lab, l.state, l.started, l.namespaces.join(' ')])));
    }
  } finally {
    await target.close();
  }
  return ExitCode.passed;
}

/** netlab exec LAB NODE [-- CMD...]: a command, or a shell, in a node of a running lab. */
export async function execCommand(lab: string, node: string, argv: string[],
  options: TargetOptions & { nsPrefix?: string }): Promise<number> {
  const prefix = namespacePrefix(options.nsPrefix);
  const name = await labName(lab, '');
  const target = resolveTarget(options);
  await target.connect();
  try {
    return await execInLab(target, name, node, prefix, argv, sameGuestArgs(options, prefix));
  } finally {
    await target.close();
  }
}

