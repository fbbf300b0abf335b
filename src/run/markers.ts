/** The guest's marker lines (guest/netlab-guest.sh), as typed events. */
export type GuestEvent =
  | { kind: 'phase'; phase: string }
  | { kind: 'step'; id: string; state: 'start' }
  | { kind: 'step'; id: string; state: 'ok'; output: string }
  | { kind: 'step'; id: string; state: 'fail'; exitCode: number; output: string }
  | { kind: 'check'; id: string; state: 'start' }
  | { kind: 'check'; id: string; state: 'done'; exitCode: number; attempts: number; output: string }
  | { kind: 'preflight'; state: 'ok' }
  | { kind: 'preflight'; state: 'missing'; command: string; manager: string; pkg: string }
  | { kind: 'preflight'; state: 'kernel'; feature: string }
  | { kind: 'preflight'; state: 'broken'; feature: string; output: string }
  | { kind: 'conflict'; netns: string; owner: string }
  | { kind: 'leftover' }
  | { kind: 'removed'; why: 'teardown' | 'leftover'; netns: string; state: 'ok' | 'gone' | 'fail'; output: string }
  | { kind: 'collect'; node: string; what: string; data: string }
  | { kind: 'kept'; lab: string }
  | { kind: 'waiting' }
  | { kind: 'down'; state: 'absent' | 'stopped' }
  | { kind: 'lab'; meta: string }
  | { kind: 'end'; status: string };

export const MARK = '::netlab::';

export function decode(field: string | undefined): string {
  return field ? Buffer.from(field, 'base64').toString('utf8') : '';
}

/** One line of the guest's stdout; undefined for a line that is not a marker. */
export function parseMarker(line: string): GuestEvent | undefined {
  if (!line.startsWith(`${MARK}\t`)) return undefined;
  const [, kind = '', ...f] = line.replace(/\r$/, '').split('\t');

  switch (kind) {
    case 'phase':
      return { kind, phase: f[0] ?? '' };
    case 'step': {
      const [id = '', state, a, b] = f;
      if (state === 'start') return { kind, id, state };
      if (state === 'ok') return { kind, id, state, output: decode(a) };
      if (state === 'fail') return { kind, id, state, exitCode: Number(a), output: decode(b) };
      return undefined;
    }
    case 'check': {
      const [id = '', state, code, attempts, output] = f;
      if (state === 'start') return { kind, id, state };
      if (state === 'done') {
        return { kind, id, state, exitCode: Number(code), attempts: Number(attempts), output: decode(output) };
      }
      return undefined;
    }
    case 'preflight': {
      const [state, a = '', b = '', c = ''] = f;
      if (state === 'ok') return { kind, state };
      if (state === 'missing') return { kind, state, command: a, manager: b, pkg: c };
      if (state === 'kernel') return { kind, state, feature: a };
      if (state === 'broken') return { kind, state, feature: a, output: decode(b) };
      return undefined;
    }
    case 'conflict':
      return { kind, netns: f[0] ?? '', owner: f[1] ?? '' };
    case 'leftover':
      return f[0] === 'begin' ? { kind } : removed('leftover', f);
    case 'teardown':
      return removed('teardown', f);
    case 'collect':
      return { kind, node: f[0] ?? '', what: f[1] ?? '', data: decode(f[2]) };
    case 'kept':
      return { kind, lab: f[0] ?? '' };
    case 'waiting':
      return { kind };
    case 'down':
      return f[0] === 'absent' || f[0] === 'stopped' ? { kind, state: f[0] } : undefined;
    case 'lab':
      return { kind, meta: decode(f[0]) };
    case 'end':
      return { kind, status: f[0] ?? '' };
    default:
      return undefined;
  }
}

function removed(why: 'teardown' | 'leftover', f: string[]): GuestEvent | undefined {
  const [what, netns = '', state, output] = f;
  if (what !== 'netns' || (state !== 'ok' && state !== 'gone' && state !== 'fail')) return undefined;
  return { kind: 'removed', why, netns, state, output: decode(output) };
}
