import { describe, expect, it } from 'vitest';
import { toSuiteReport } from '../../src/report/suite-json.js';
import { knownSuite } from '../helpers/results.js';

describe('the JSON report', () => {
  it('is the documented object (docs/report-format.md), compared whole with its golden file', async () => {
    const suite = knownSuite();
    const folders = new Map([[suite.runs[0]!, {
      dir: '.netlab/runs/router-lab-20261204T100000Z',
      collected: { ns1: { address: 'nodes/ns1/address.json', route4: 'nodes/ns1/route4.json' } },
    }]]);
    const document = `${JSON.stringify(toSuiteReport(suite, folders), null, 2)}\n`;
    await expect(document).toMatchFileSnapshot('../fixtures/reports/suite.json');
  });
});
