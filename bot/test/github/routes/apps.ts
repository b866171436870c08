// The app's own endpoints: who it is, where it is installed, installation tokens.
import { randomBytes } from 'node:crypto';
import type { Handler } from '../handler.js';
import { nodeId } from '../state.js';
import { user } from '../shapes.js';

const PERMISSIONS = { checks: 'write', contents: 'read', issues: 'write', pull_requests: 'write', statuses: 'write', deployments: 'write', metadata: 'read' };

export const getApp: Handler = (ctx) => ({
  status: 200,
  body: { id: ctx.app.id, slug: ctx.app.slug, node_id: nodeId('App', ctx.app.id), name: ctx.app.slug, owner: user(ctx.urls, { login: 'test-owner', id: 1, type: 'Organization' }), permissions: PERMISSIONS, events: ['pull_request', 'issue_comment', 'check_run', 'check_suite', 'push'] },
});

export const getRepoInstallation: Handler = (ctx) => ({
  status: 200,
  body: {
    id: ctx.app.installationId,
    app_id: ctx.app.id,
    app_slug: ctx.app.slug,
    target_type: 'Organization',
    target_id: 1,
    account: user(ctx.urls, { login: ctx.repo.owner, id: 1, type: 'Organization' }),
    permissions: PERMISSIONS,
    events: ['pull_request', 'issue_comment', 'check_run', 'check_suite', 'push'],
    repository_selection: 'selected',
    access_tokens_url: `${ctx.urls.api}/app/installations/${ctx.app.installationId}/access_tokens`,
    repositories_url: `${ctx.urls.api}/installation/repositories`,
    html_url: `${ctx.urls.web}/settings/installations/${ctx.app.installationId}`,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    single_file_name: null,
    suspended_at: null,
  },
});

export const createInstallationToken: Handler = (ctx) => {
  if (Number(ctx.params.installation_id) !== ctx.app.installationId) return { status: 404, body: { message: 'Not Found' } };
  const token = `ghs_${randomBytes(18).toString('hex')}`;
  ctx.state.tokens.push(token);
  return {
    status: 201,
    body: {
      token,
      expires_at: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      permissions: PERMISSIONS,
      repository_selection: 'selected',
    },
  };
};
