import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_FILE, DEFAULT_CONFIG, parseConfig } from './config.js';
import { REPO_ROOT } from './tools/cache.js';

describe('repository configuration', () => {
  it('gives the documented defaults when there is no file', () => {
    expect(parseConfig(undefined)).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it('merges given settings over the defaults', () => {
    const result = parseConfig('baseBranch: release\napprovals:\n  enabled: false\nlimits:\n  tarball:\n    maxEntries: 100\n');
    expect(result).toEqual({ ok: true, config: { baseBranch: 'release', approvals: { enabled: false }, limits: { tarball: { ...DEFAULT_CONFIG.limits.tarball, maxEntries: 100 }, runTimeoutSeconds: 600 } } });
  });

  it('reports unknown settings and wrong types with file and line', () => {
    const result = parseConfig('approvals:\n  enabled: "yes"\naproval: true\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([`${CONFIG_FILE}:1: the file: unknown setting "aproval"`, `${CONFIG_FILE}:2: approvals.enabled: must be boolean`]);
  });

  it('reports broken YAML with its line', () => {
    const result = parseConfig('approvals:\n  enabled: true\n  enabled: false\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^\.github\/substrate-gitops\.yml:3: /);
  });

  it("accepts this repository's own configuration", () => {
    expect(parseConfig(readFileSync(`${REPO_ROOT}/${CONFIG_FILE}`, 'utf8')).ok).toBe(true);
  });
});
