const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Text for a `#` comment in a script: one line, no control characters. A newline in a
 * file name or a description would otherwise end the comment and start a command.
 */
export function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

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
