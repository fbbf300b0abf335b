/** One line of `vagrant --machine-readable`: `timestamp,target,type,data...`. */
export interface MachineLine {
  timestamp: number;
  /** The machine the line is about ("default"), or "" for Vagrant itself. */
  target: string;
  type: string;
  data: string[];
}

const LINE = /^(\d+),([^,]*),([^,]+)(?:,(.*))?$/;

/** Vagrant writes commas in data as %!(VAGRANT_COMMA) and newlines as \n, \r. */
export function unescapeField(field: string): string {
  return field
    .replaceAll('%!(VAGRANT_COMMA)', ',')
    .replace(/\\([nr])/g, (_match, letter: string) => (letter === 'n' ? '\n' : '\r'));
}

/** A machine-readable line, or undefined for anything else (plugin warnings, Ruby noise). */
export function parseMachineLine(line: string): MachineLine | undefined {
  const match = LINE.exec(line.replace(/\r$/, ''));
  if (!match) return undefined;
  const [, timestamp = '0', target = '', type = '', rest] = match;
  return {
    timestamp: Number(timestamp),
    target,
    type,
    data: rest === undefined ? [] : rest.split(',').map(unescapeField),
  };
}

export function parseMachineReadable(text: string): MachineLine[] {
  return text.split('\n').flatMap((line) => parseMachineLine(line) ?? []);
}

/** Vagrant's own error at the end of a failed command: its class and message. */
export interface VagrantFailure {
  errorClass: string;
  message: string;
}

export function findFailure(lines: MachineLine[]): VagrantFailure | undefined {
  const exit = lines.find((line) => line.type === 'error-exit');
  if (exit) return { errorClass: exit.data[0] ?? '', message: (exit.data[1] ?? '').trim() };
  const error = lines.find((line) => line.type === 'ui' && line.data[0] === 'error');
  return error ? { errorClass: '', message: (error.data[1] ?? '').trim() } : undefined;
}
