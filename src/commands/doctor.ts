import { ExitCode } from '../errors.js';
import type { ExitCodeValue } from '../errors.js';
import { examineHost } from '../vagrant/doctor.js';
import type { DoctorCheck, DoctorStatus } from '../vagrant/doctor.js';
import { findVagrantProject } from '../vagrant/project.js';
import type { Output } from './output.js';

const MARKS: Record<DoctorStatus, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL', info: '--' };
const WIDTH = 100;

/** Words filled into lines of at most WIDTH columns, every line after the first indented. */
function wrap(text: string, first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  for (const word of text.split(' ')) {
    if (line.length + word.length + 1 > WIDTH && line.trim() !== '' && line !== first) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = line === first || line === indent ? `${line}${word}` : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}

/** The report as a person reads it: one line per check, and what to do under it. */
export function renderDoctorReport(checks: DoctorCheck[]): string {
  const width = Math.max(...checks.map((c) => c.item.length));
  const indent = ' '.repeat(6 + width + 2);
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(
      ...wrap(
        check.found,
        `${MARKS[check.status].padEnd(5)} ${check.item.padEnd(width)}  `,
        indent,
      ),
    );
    if (check.fix) {
      const label = check.status === 'info' || check.status === 'ok' ? '' : 'fix: ';
      lines.push(...wrap(check.fix, `${indent}${label}`, `${indent}${' '.repeat(label.length)}`));
    }
  }
  const problems = checks.filter((c) => c.status === 'fail').length;
  const warnings = checks.filter((c) => c.status === 'warn').length;
  const next = checks.some((c) => c.item === 'guest' && c.status === 'ok')
    ? 'netlab run router-lab runs a lab in the VM.'
    : 'netlab vm up, then netlab run router-lab.';
  const fixThem = problems > 1 ? `${problems} problems: fix them` : '1 problem: fix it';
  lines.push(
    '',
    problems > 0
      ? `${fixThem}, then run netlab doctor again.`
      : `Ready${warnings > 0 ? ', with the warnings above' : ''}: ${next}`,
  );
  return lines.join('\n');
}

/** netlab doctor: is this machine ready for the lab VM; exit 3 when something must be fixed. */
export async function doctorCommand(io: Output): Promise<ExitCodeValue> {
  const project = findVagrantProject();
  const checks = await examineHost(project);
  io.out(renderDoctorReport(checks));
  return checks.some((c) => c.status === 'fail') ? ExitCode.environment : ExitCode.passed;
}
