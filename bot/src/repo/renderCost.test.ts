import { describe, expect, it } from 'vitest';
import type { Finding } from '../findings.js';
import { applyCheckBudget, CHECK_LIMITS, FOLDER_LIMITS, overLimits } from './renderCost.js';

const cost = (objects: number) => ({ loads: 1, objects, nodes: objects * 10, bytes: objects * 100, transforms: 1, work: objects, copies: 0, largestResource: 0, largestPatch: 0 });

describe('render cost limits', () => {
  it('names the first limit passed, with the figure', () => {
    expect(overLimits({ loads: 2 ** 24, objects: 1, nodes: 1, bytes: 1, transforms: 1, work: 1, copies: 0, largestResource: 0, largestPatch: 0 }, FOLDER_LIMITS)).toMatch(/would load 16,777,216 kustomizations \(limit 200\)/);
    expect(overLimits({ loads: 1, objects: 50, nodes: 1, bytes: 1, transforms: 5_000, work: 1, copies: 0, largestResource: 0, largestPatch: 0 }, FOLDER_LIMITS)).toMatch(/patches and transformations/);
    expect(overLimits({ loads: 1, objects: 1_000, nodes: 1, bytes: 1, transforms: 30, work: 30_000, copies: 0, largestResource: 0, largestPatch: 0 }, FOLDER_LIMITS)).toMatch(/up to 30,000 patch applications/);
    expect(overLimits(cost(30), FOLDER_LIMITS)).toBeUndefined();
  });

  it('one check renders folders in name order until its budget is spent; the rest get a finding', () => {
    const per = Math.floor(CHECK_LIMITS.objects / 3) - 1;
    const graph = (source: string, objects: number, renderable = true) => ({ source, entry: `${source}/kustomization.yaml`, renderable, cost: cost(objects), findings: [] as Finding[], network: source.split('/')[1] });
    const graphs = [graph('networks/d', per), graph('networks/a', per), graph('networks/c', per), graph('networks/b', per, false), graph('networks/e', per), graph('networks/f', 1)];
    applyCheckBudget(graphs);
    expect(graphs.map((g) => `${g.source} ${g.renderable} ${g.findings.map((f) => f.rule).join()}`)).toEqual([
      'networks/d true ',
      'networks/a true ',
      'networks/c true ',
      'networks/b false ',
      'networks/e false input/too-large-check',
      'networks/f true ',
    ]);
    expect(graphs[4]!.findings[0]!.file).toBe('networks/e/kustomization.yaml');
  });
});
