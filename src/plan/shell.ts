const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One word for a POSIX shell; the only place netlab turns argv into text. */
export function quoteWord(word: string): string {
  if (SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function quoteCommand(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}

/** A command for people to read: long ones continue on indented lines, as in a script. */
export function wrapCommand(argv: readonly string[], width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const word of argv.map(quoteWord)) {
    if (line !== '' && line.length + word.length + 3 > width) {
      lines.push(`${line} \\`);
      line = `    ${word}`;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}
