import { describe, expect, it } from 'vitest';
import { dedupeFindings, networksOf, type Finding } from './findings.js';

const base: Finding = { check: 'policy', severity: 'error', file: 'apps/node/sts.yaml', line: 45, rule: 'SG-IMG-001', message: 'SG-IMG-001: StatefulSet/rpc: latest' };

describe('dedupeFindings', () => {
  it('keeps one of identical findings, with every network it belongs to', () => {
    const out = dedupeFindings([
      { ...base, network: 'two' },
      { ...base, network: 'one' },
      { ...base, network: 'two' },
    ]);
    expect(out).toEqual([{ ...base, network: 'one', networks: ['one', 'two'] }]);
    expect(networksOf(out[0]!)).toEqual(['one', 'two']);
  });

  it('keeps findings that differ in any of check, severity, rule, file, line or message', () => {
    const variants: Finding[] = [base, { ...base, check: 'schema' }, { ...base, severity: 'warning' }, { ...base, rule: 'SG-IMG-002' }, { ...base, file: 'x.yaml' }, { ...base, line: 46 }, { ...base, message: 'other' }];
    expect(dedupeFindings(variants)).toHaveLength(variants.length);
  });

  it('a single network stays `network` alone', () => {
    expect(dedupeFindings([{ ...base, network: 'one' }, { ...base, network: 'one' }])).toEqual([{ ...base, network: 'one' }]);
    expect(networksOf(base)).toEqual([]);
  });
});
