import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../pipeline/types.js';
import type { OnChainStep, PlannedNode } from '../plan/types.js';
import { planBlock, renderMarkdown, renderMarkdownBlocks, REPORT_MARKER } from './markdown.js';
import { renderText } from './text.js';

function result(over: Partial<CheckResult> = {}): CheckResult {
  return {
    ok: false,
    folders: ['networks/rococo', 'clusters/eu'],
    networks: [{ name: 'rococo', source: 'networks/rococo', rendered: true, resources: 5, groups: [] }],
    findings: [
      { check: 'policy', severity: 'error', file: 'networks/rococo/validators.yaml', line: 7, message: 'StatefulSet/validator: image has no tag | fix it', rule: 'SG-IMG-001', network: 'rococo' },
      { check: 'keys', severity: 'warning', file: 'clusters/eu/notes.txt', line: 2, message: 'allowlist entry unused', rule: 'keys/allowlist-unused' },
      { check: 'argocd', severity: 'error', file: 'networks/rococo/extra.yaml', line: 1, message: 'Secret/x is refused by AppProject substrate-networks', rule: 'argocd/kind-not-permitted', network: 'rococo' },
    ],
    diff: [
      {
        source: 'networks/rococo',
        network: 'rococo',
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: 'script',
        namespace: 'rococo',
        change: 'modified',
        fields: [{ path: 'data.run', before: 'a', after: 'b' }],
        unified: '@@ -1 +1 @@\n-run: echo ```a```\n+run: echo ````b````\n',
      },
    ],
    plan: [{ network: 'rococo', steps: [{ kind: 'onboard-parachain', network: 'rococo', paraId: 2000, mode: 'on-demand', genesis: {} }], notes: [] }],
    timings: {},
    ...over,
  };
}

describe('markdown report', () => {
  it('starts with the marker and a summary table row per folder, counting findings per stage', () => {
    const md = renderMarkdown(result());
    expect(md.startsWith(REPORT_MARKER)).toBe(true);
    const row = md.split('\n').find((l) => l.startsWith('| `networks/rococo`'))!;
    expect(row.split('|').map((c) => c.trim())).toEqual(['', '`networks/rococo`', '✅', '✅', '❌ 1', '❌ 1', '✅', '1', '⛔ 1 blocked', '']);
    const cluster = md.split('\n').find((l) => l.startsWith('| `clusters/eu`'))!;
    expect(cluster).toContain('⚠️ 1');
  });

  it('escapes table pipes in messages and lists the plan', () => {
    const md = renderMarkdown(result());
    expect(md).toContain('image has no tag \\| fix it');
    expect(md).toContain('1. onboard para 2000 (on-demand)');
  });

  it('fences a diff with more backticks than the diff contains, so it cannot break out', () => {
    const blocks = renderMarkdownBlocks(result());
    const diffBlock = blocks.find((b) => b.includes('```diff') || b.includes('`````diff'))!;
    expect(diffBlock).toContain('`````diff\n');
    expect(diffBlock.trimEnd().endsWith('</details>')).toBe(true);
    for (const b of blocks) expect((b.match(/<details/g) ?? []).length).toBe((b.match(/<\/details>/g) ?? []).length);
  });

  it('says so when nothing is affected', () => {
    expect(renderMarkdown(result({ folders: [], findings: [], ok: true }))).toContain('No network or cluster folder is affected');
  });

  it('text output has one finding per line with file:line', () => {
    const text = renderText(result());
    expect(text).toContain('networks/rococo/validators.yaml:7  error  policy');
    expect(text).toContain('networks/rococo/extra.yaml:1  error  argocd  Secret/x is refused by AppProject substrate-networks [argocd/kind-not-permitted]');
    expect(text).toContain('rococo: onboard para 2000 (on-demand)');
    expect(text.trimEnd().endsWith('failed: 2 folders checked, 2 errors, 1 warning')).toBe(true);
  });
});

describe('the on-chain plan a reviewer reads', () => {
  const node = (pod: string): PlannedNode => ({
    network: 'rococo',
    group: 'validator',
    pod,
    role: 'validator',
    keys: { secret: 's', secretKey: 'seed', keyPath: `//${pod}//{type}//g{generation}`, accountPath: `//${pod}`, keyTypes: [{ type: 'gran', scheme: 'ed25519' }], generation: 2 },
  });
  const rotations: OnChainStep[] = Array.from({ length: 10 }, (_, i) => ({ kind: 'set-session-keys', node: node(`validator-${i}`), fromGeneration: 1, toGeneration: 2, reason: 'rotation' }));
  const passing = (steps: OnChainStep[]) => result({ ok: true, findings: [], plan: [{ network: 'rococo', steps, notes: [] }] });

  it('groups similar steps into one line with the per-node list collapsed', () => {
    const md = planBlock(passing(rotations))!;
    expect(md).toContain('1. rotate session keys of `validator-0` … `validator-9`, generation 1→2 — 10 nodes');
    const details = md.slice(md.indexOf('<details>'), md.indexOf('</details>'));
    expect(details.match(/^ {3}- rotate session keys of/gm)).toHaveLength(10);
    expect(md).not.toContain('blocked');
  });

  it('lists destructive steps first, marked, under a warning that owners must approve', () => {
    const md = planBlock(passing([...rotations.slice(0, 2), { kind: 'deregister-validator', node: node('validator-9') }]))!;
    const warning = md.indexOf('⚠️ **1 destructive step**');
    expect(warning).toBeGreaterThan(0);
    expect(md.slice(warning)).toMatch(/owners must/);
    expect(md).toContain('1. ⚠️ **destructive:** deregister validator `validator-9`');
    expect(md.indexOf('deregister validator `validator-9`', warning)).toBeLessThan(md.indexOf('rotate session keys'));
    expect(md).toContain('2. rotate session keys of `validator-0`, `validator-1`, generation 1→2 — 2 nodes');
  });

  it('shows the plan as blocked when the check failed, not as what the merge will do', () => {
    const failing = result({ plan: [{ network: 'rococo', steps: rotations, notes: [] }] });
    const md = planBlock(failing)!;
    expect(md.split('\n')[0]).toBe('### On-chain plan after merge — blocked');
    expect(md).toContain('this is not what a merge would do');
    expect(md).toContain('<details><summary>Steps once the findings are fixed</summary>');
    expect((md.match(/<details/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
    const row = renderMarkdown(failing).split('\n').find((l) => l.startsWith('| `networks/rococo`'))!;
    expect(row).toContain('⛔ 10 blocked');
    const text = renderText(failing);
    expect(text).toContain('On-chain plan after merge — BLOCKED');
    expect(text).toContain('rococo: rotate session keys of validator-0 … validator-9, generation 1→2 — 10 nodes');
  });

  it('text marks destructive steps and lists them first', () => {
    const text = renderText(passing([rotations[0]!, { kind: 'offboard-parachain', network: 'rococo', paraId: 2000 }]));
    const lines = text.split('\n').filter((l) => l.startsWith('  rococo:'));
    expect(lines).toEqual(['  rococo: DESTRUCTIVE: offboard para 2000', '  rococo: rotate session keys of validator-0 generation 1→2']);
  });
});
