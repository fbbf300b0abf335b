import { describe, expect, it } from 'vitest';
import { parseMarker } from '../../src/run/markers.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const line = (...fields: string[]) => ['::netlab::', ...fields].join('\t');

describe('the guest\'s marker lines', () => {
  it('steps: start, ok with output, fail with exit code and the kernel\'s words', () => {
    expect(parseMarker(line('step', 's3', 'start'))).toEqual({ kind: 'step', id: 's3', state: 'start' });
    expect(parseMarker(line('step', 's3', 'ok', ''))).toEqual({ kind: 'step', id: 's3', state: 'ok', output: '' });
    expect(parseMarker(line('step', 's9', 'fail', '2', b64('Error: Nexthop has invalid gateway.\n'))))
      .toEqual({ kind: 'step', id: 's9', state: 'fail', exitCode: 2, output: 'Error: Nexthop has invalid gateway.\n' });
  });

  it('checks, preflight, conflicts, teardown and the end', () => {
    expect(parseMarker(line('check', 'c1', 'done', '1', '3', b64('PING ...')))).toEqual(
      { kind: 'check', id: 'c1', state: 'done', exitCode: 1, attempts: 3, output: 'PING ...' });
    expect(parseMarker(line('preflight', 'missing', 'ping', 'apt', 'iputils-ping'))).toEqual(
      { kind: 'preflight', state: 'missing', command: 'ping', manager: 'apt', pkg: 'iputils-ping' });
    expect(parseMarker(line('conflict', 'ns1', ''))).toEqual({ kind: 'conflict', netns: 'ns1', owner: '' });
    expect(parseMarker(line('teardown', 'netns', 'ns1', 'ok'))).toEqual(
      { kind: 'removed', why: 'teardown', netns: 'ns1', state: 'ok', output: '' });
    expect(parseMarker(line('leftover', 'netns', 'ns1', 'gone'))).toEqual(
      { kind: 'removed', why: 'leftover', netns: 'ns1', state: 'gone', output: '' });
    expect(parseMarker(line('end', 'ok'))).toEqual({ kind: 'end', status: 'ok' });
  });

  it('ignores anything that is not a marker, and unknown markers', () => {
    expect(parseMarker('PING 192.0.2.2 (192.0.2.2) 56(84) bytes of data.')).toBeUndefined();
    expect(parseMarker('::netlab:: step s1 start')).toBeUndefined();
    expect(parseMarker(line('novelty', 'x'))).toBeUndefined();
    expect(parseMarker(`${line('end', 'ok')}\r`)).toEqual({ kind: 'end', status: 'ok' });
  });
});
