import { UsageError } from '../errors.js';
import { NODE_NAME } from '../scenario/schema.js';

/** The namespace prefix: --ns-prefix, else NETLAB_NS_PREFIX, else none. */
export function namespacePrefix(option: string | undefined): string {
  const prefix = option ?? process.env.NETLAB_NS_PREFIX ?? '';
  const given = option !== undefined ? '--ns-prefix' : 'NETLAB_NS_PREFIX';
  if (prefix !== '' && !NODE_NAME.test(prefix)) {
    throw new UsageError(`${given} ${JSON.stringify(prefix)}: use letters, digits, "-", "_" and ".", ` +
      'starting with a letter, a digit or "_"');
  }
  if (prefix.length > 32) throw new UsageError(`${given} is longer than 32 characters`);
  return prefix;
}
