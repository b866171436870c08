import { describe, expect, it } from 'vitest';
import { githubApi } from './openapi.js';

const annotation = { path: 'networks/rococo/validators.yaml', start_line: 3, end_line: 3, annotation_level: 'failure', message: 'replicas must be at least 2' };

describe("checking requests against GitHub's REST description", () => {
  it('refuses a path GitHub does not have, with 404', () => {
    const result = githubApi().check({ method: 'GET', path: '/repos/o/r/check-runz/1', query: {} });
    expect(result.rejectStatus).toBe(404);
    expect(result.violations.join()).toMatch(/no such path/);
  });

  it('refuses a method the path does not allow', () => {
    const result = githubApi().check({ method: 'DELETE', path: '/repos/o/r/check-runs/12', query: {} });
    expect(result.rejectStatus).toBe(404);
    expect(result.violations.join()).toMatch(/method not allowed.*allowed: GET, PATCH/);
  });

  it('refuses a check run whose conclusion is not one GitHub knows', () => {
    const result = githubApi().check({ method: 'POST', path: '/repos/o/r/check-runs', query: {}, body: { name: 'policy', head_sha: 'a'.repeat(40), conclusion: 'passed' } });
    expect(result.operationId).toBe('checks/create');
    expect(result.rejectStatus).toBe(422);
    expect(result.violations.join()).toMatch(/body\.conclusion must be equal to one of the allowed values \(action_required, .*success/);
  });

  it('refuses an annotation without annotation_level', () => {
    const { annotation_level: _dropped, ...incomplete } = annotation;
    const body = { output: { title: 'Policy', summary: 'one problem', annotations: [annotation, incomplete] } };
    const result = githubApi().check({ method: 'PATCH', path: '/repos/o/r/check-runs/7', query: {}, body });
    expect(result.operationId).toBe('checks/update');
    expect(result.violations).toEqual([expect.stringMatching(/body\.output\.annotations\.1 must have required property 'annotation_level'/)]);
  });

  it('refuses more than 50 annotations in one request', () => {
    const body = { output: { title: 'Policy', summary: 'many', annotations: Array.from({ length: 51 }, () => annotation) } };
    const result = githubApi().check({ method: 'PATCH', path: '/repos/o/r/check-runs/7', query: {}, body });
    expect(result.violations.join()).toMatch(/annotations must NOT have more than 50 items/);
  });

  it('refuses unknown and mistyped query parameters', () => {
    const result = githubApi().check({ method: 'GET', path: '/repos/o/r/issues/4/comments', query: { per_page: 'lots', sort: 'new' } });
    expect(result.violations).toHaveLength(2);
    expect(result.violations.join('\n')).toMatch(/unknown query parameter "sort"[\s\S]*query\.per_page must be integer/);
  });

  it('accepts valid requests and decodes path parameters that hold slashes', () => {
    const api = githubApi();
    const content = api.check({ method: 'GET', path: '/repos/o/r/contents/networks%2Frococo%2Fnetwork.yaml', query: { ref: 'feature/x' } });
    expect(content).toMatchObject({ operationId: 'repos/get-content', violations: [], pathParams: { path: 'networks/rococo/network.yaml' } });
    const listForRef = api.check({ method: 'GET', path: '/repos/o/r/commits/feature/x/check-runs', query: { per_page: '100' } });
    expect(listForRef).toMatchObject({ operationId: 'checks/list-for-ref', violations: [], pathParams: { ref: 'feature/x' } });
    const update = api.check({ method: 'PATCH', path: '/repos/o/r/check-runs/7', query: {}, body: { conclusion: 'failure', output: { title: 'Policy', summary: 's', annotations: [annotation] } } });
    expect(update).toMatchObject({ operationId: 'checks/update', violations: [] });
  });
});
