import { homedir } from 'node:os';
import { join } from 'node:path';
import { VagrantError } from './vagrant-error.js';

/** Where and how to reach one machine, as `vagrant ssh-config` describes it. */
export interface SshConfigHost {
  /** The Host alias of the block: the machine's name. */
  alias: string;
  hostName: string;
  port: number;
  user: string;
  /** Every IdentityFile, in order; ssh(1) tries them all. */
  identityFiles: string[];
}

interface Block {
  patterns: string[];
  options: [keyword: string, args: string[]][];
}

/**
 * The words of one line as ssh(1) reads them: separated by spaces, or by one "=" after
 * the keyword; double quotes keep spaces. Backslashes are kept as they are, so that a
 * Windows path such as C:\Users\me\key survives.
 */
export function splitSshWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quoted = false;
  let started = false;
  for (const char of line) {
    if (char === '"') {
      quoted = !quoted;
      started = true;
    } else if (!quoted && /\s/.test(char)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      word += char;
      started = true;
    }
  }
  if (started) words.push(word);
  return words;
}

function splitKeyword(line: string): [string, string[]] | undefined {
  const match = /^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+)(.*)$/.exec(line);
  if (!match) return undefined;
  return [(match[1] ?? '').toLowerCase(), splitSshWords(match[2] ?? '')];
}

function readBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parsed = splitKeyword(line);
    if (!parsed) continue;
    const [keyword, args] = parsed;
    if (keyword === 'host') {
      current = { patterns: args, options: [] };
      blocks.push(current);
    } else if (keyword === 'match') {
      // A Match block is not a machine; its options must not leak into the one before.
      current = undefined;
    } else {
      current?.options.push([keyword, args]);
    }
  }
  return blocks;
}

function matchesPattern(name: string, pattern: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(name);
}

function blockMatches(block: Block, machine: string): boolean {
  if (block.patterns.some((p) => p.startsWith('!') && matchesPattern(machine, p.slice(1))))
    return false;
  return block.patterns.some((p) => !p.startsWith('!') && matchesPattern(machine, p));
}

function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path;
}

/**
 * The settings for `machine` in the text of `vagrant ssh-config`. As in ssh(1), every
 * Host block that matches applies, in order; the first value of a keyword wins, and
 * IdentityFile lines add up.
 */
export function parseSshConfig(text: string, machine: string): SshConfigHost {
  const blocks = readBlocks(text);
  const matching = blocks.filter((b) => blockMatches(b, machine));
  if (matching.length === 0) {
    const names = blocks.flatMap((b) => b.patterns);
    const described =
      names.length > 0 ? `it describes ${names.join(', ')}` : 'it printed no Host block';
    throw new VagrantError(
      `vagrant ssh-config describes no machine named ${machine} (${described}).\n` +
        '  fix: check that the Vagrantfile defines the machine, or run netlab vm status',
    );
  }

  const options = matching.flatMap((b) => b.options);
  const first = (keyword: string): string | undefined =>
    options.find(([k]) => k === keyword)?.[1][0];
  const hostName = first('hostname');
  if (!hostName) {
    throw new VagrantError(
      `vagrant ssh-config gave no HostName for ${machine}.\n` +
        '  fix: run netlab vm status; if the VM is running, vagrant reload restarts its network',
    );
  }
  const portText = first('port') ?? '22';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new VagrantError(
      `vagrant ssh-config gave Port ${portText} for ${machine}, which is not a port.`,
    );
  }
  return {
    alias: machine,
    hostName,
    port,
    user: first('user') ?? 'vagrant',
    identityFiles: options
      .filter(([k]) => k === 'identityfile')
      .flatMap(([, args]) => args.slice(0, 1))
      .map(expandHome),
  };
}
