/** What one `ping` printed, read the way a person reads it. */
export interface PingOutput {
  transmitted: number;
  received: number;
  lossPercent: number;
  /** Average round trip in milliseconds, when any reply came. */
  rttMs?: number;
  /** The TTL (hop limit) of the replies from the address pinged. */
  ttl?: number;
  /** Why there was no reply, in ping's or the kernel's words, when it said. */
  problem?: string;
}

export function parsePing(output: string, target: string): PingOutput {
  const stats = /(\d+) packets transmitted, (\d+) (?:packets )?received(?:, \+\d+ errors)?(?:, \+\d+ duplicates)?, ([\d.]+)% packet loss/
    .exec(output);
  const rtt = /= [\d.]+\/([\d.]+)\/[\d.]+/.exec(output);

  let ttl: number | undefined;
  for (const line of output.split('\n')) {
    const reply = /bytes from (.+?)(?: \((.+?)\))?: icmp_[rs]eq=\d+ .*?ttl=(\d+)/.exec(line);
    if (reply && [reply[1], reply[2]].some((who) => who !== undefined && stripBrackets(who) === target)) {
      ttl = Number(reply[3]);
      break;
    }
  }

  return {
    transmitted: stats ? Number(stats[1]) : 0,
    received: stats ? Number(stats[2]) : 0,
    lossPercent: stats ? Number(stats[3]) : 100,
    rttMs: rtt ? Number(rtt[1]) : undefined,
    ttl,
    problem: problemOf(output),
  };
}

function stripBrackets(text: string): string {
  return text.replace(/^\[|\]$/g, '');
}

function problemOf(output: string): string | undefined {
  // "From 192.0.2.254 icmp_seq=1 Destination Net Unreachable": who answered, and what.
  const icmp = /^From (\S+?)(?: \(\S+\))? icmp_seq=\d+ (.+)$/m.exec(output);
  if (icmp) return `${icmp[2]?.trim()} (from ${icmp[1]})`;
  const known = [
    /connect: Network is unreachable/,
    /Destination Host Unreachable/,
    /Destination Net Unreachable/,
    /Destination unreachable: [^\n]+/,
    /Address unreachable/,
    /No route to host/,
    /Time to live exceeded/,
    /Cannot assign requested address/,
    /Cannot open network namespace[^\n]*/,
    /sendmsg: [^\n]+/,
    /ping: [^\n]+/,
  ];
  for (const pattern of known) {
    const match = pattern.exec(output);
    if (match) return match[0];
  }
  return undefined;
}
