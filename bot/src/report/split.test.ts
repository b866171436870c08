import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../pipeline/types.js';
import { renderMarkdownBlocks, REPORT_MARKER } from './markdown.js';
import { cutBlock, fitCheckRunText, GITHUB_BODY_LIMIT, partOf, splitIntoComments } from './split.js';

function bigResult(lines: number, resources = 1): CheckResult {
  const unified = ['@@ -1,1 +1,' + lines + ' @@', ...Array.from({ length: lines }, (_, i) => `+  echo "step ${i} of the bootstrap script with some padding text"`)].join('\n') + '\n';
  return {
    ok: true,
    folders: ['networks/a'],
    networks: [{ name: 'a', source: 'networks/a', rendered: true, resources, groups: [] }],
    findings: [],
    diff: Array.from({ length: resources }, (_, i) => ({ source: 'networks/a', network: 'a', apiVersion: 'v1', kind: 'ConfigMap', name: `script-${i}`, namespace: 'a', change: 'modified' as const, fields: [], unified })),
    plan: [],
    timings: {},
  };
}

/** Every <details> closed and every fence closed with the same run of backticks. */
function wellFormed(body: string): boolean {
  const opens = (body.match(/<details/g) ?? []).length;
  const closes = (body.match(/<\/details>/g) ?? []).length;
  if (opens !== closes) return false;
  let open: string | undefined;
  for (const line of body.split('\n')) {
    const fence = /^(`{3,})(\S*)$/.exec(line);
    if (!fence) continue;
    if (open === undefined) open = fence[1];
    else if (fence[1] === open && fence[2] === '') open = undefined;
  }
  return open === undefined;
}

describe('splitting a report into comments', () => {
  it('keeps a small report in one body with the part marker', () => {
    const bodies = splitIntoComments(renderMarkdownBlocks(bigResult(3)));
    expect(bodies).toHaveLength(1);
    expect(partOf(bodies[0]!)).toBe(1);
    expect(bodies[0]).toContain(REPORT_MARKER);
    expect(bodies[0]).not.toContain('part 1/');
  });

  it('splits between blocks, numbering parts, every body within the limit and well formed', () => {
    const blocks = renderMarkdownBlocks(bigResult(400, 6));
    const bodies = splitIntoComments(blocks, 20_000);
    expect(bodies.length).toBeGreaterThan(2);
    bodies.forEach((body, i) => {
      expect(body.length).toBeLessThanOrEqual(20_000);
      expect(partOf(body)).toBe(i + 1);
      expect(body).toContain(`part ${i + 1}/${bodies.length}`);
      expect(wellFormed(body)).toBe(true);
    });
    // Nothing lost: every diff line is somewhere.
    const all = bodies.join('\n');
    for (let i = 0; i < 400; i += 37) expect(all).toContain(`echo "step ${i} of`);
  });

  it('cuts one oversized diff block at line boundaries into closed blocks', () => {
    const [block] = renderMarkdownBlocks(bigResult(2_000)).filter((b) => b.startsWith('<details><summary>modified'));
    expect(block!.length).toBeGreaterThan(GITHUB_BODY_LIMIT);
    const pieces = cutBlock(block!, 30_000);
    expect(pieces.length).toBeGreaterThan(3);
    for (const [i, piece] of pieces.entries()) {
      expect(piece.length).toBeLessThanOrEqual(30_000);
      expect(piece).toContain(`(continued ${i + 1}/${pieces.length})`);
      expect(wellFormed(piece)).toBe(true);
    }
    const lines = pieces.flatMap((p) => p.split('\n')).filter((l) => l.startsWith('+  echo'));
    expect(lines).toHaveLength(2_000);
    const bodies = splitIntoComments([block!]);
    expect(bodies.every((b) => b.length <= GITHUB_BODY_LIMIT && wellFormed(b))).toBe(true);
  });

  it('fits check-run text with an honest pointer to the rest', () => {
    const blocks = renderMarkdownBlocks(bigResult(2_000, 3));
    const text = fitCheckRunText(blocks, 'see the pull request comment');
    expect(text.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(wellFormed(text)).toBe(true);
    expect(text).toMatch(/\d+ more sections did not fit here .*see the pull request comment/);
    expect(fitCheckRunText(['short'], 'x')).toBe('short\n');
  });
});
