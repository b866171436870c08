// Which stand-in handler answers which GitHub operation, and what credentials it needs.
import type { Handler } from '../handler.js';
import { createInstallationToken, getApp, getRepoInstallation } from './apps.js';
import { createCheckRun, getCheckRun, listAnnotations, listCheckRunsForRef, updateCheckRun } from './checks.js';
import { createComment, deleteComment, getComment, listComments, updateComment } from './issues.js';
import { createReview, dismissReview, getPull, listPullFiles, listReviews } from './pulls.js';
import { compare, createDeployment, createDeploymentStatus, createStatus, downloadTarball, getContent, getRepo, listDeployments } from './repos.js';

export interface Route {
  handler: Handler;
  /** 'app': needs the app's JWT; 'installation': an installation (or any non-app) token. */
  as: 'app' | 'installation';
}

const asInstallation = (handler: Handler): Route => ({ handler, as: 'installation' });
const asApp = (handler: Handler): Route => ({ handler, as: 'app' });

export const ROUTES: ReadonlyMap<string, Route> = new Map([
  ['apps/get-authenticated', asApp(getApp)],
  ['apps/get-repo-installation', asApp(getRepoInstallation)],
  ['apps/create-installation-access-token', asApp(createInstallationToken)],
  ['checks/create', asInstallation(createCheckRun)],
  ['checks/update', asInstallation(updateCheckRun)],
  ['checks/get', asInstallation(getCheckRun)],
  ['checks/list-annotations', asInstallation(listAnnotations)],
  ['checks/list-for-ref', asInstallation(listCheckRunsForRef)],
  ['issues/list-comments', asInstallation(listComments)],
  ['issues/create-comment', asInstallation(createComment)],
  ['issues/get-comment', asInstallation(getComment)],
  ['issues/update-comment', asInstallation(updateComment)],
  ['issues/delete-comment', asInstallation(deleteComment)],
  ['pulls/get', asInstallation(getPull)],
  ['pulls/list-files', asInstallation(listPullFiles)],
  ['pulls/create-review', asInstallation(createReview)],
  ['pulls/list-reviews', asInstallation(listReviews)],
  ['pulls/dismiss-review', asInstallation(dismissReview)],
  ['repos/get', asInstallation(getRepo)],
  ['repos/get-content', asInstallation(getContent)],
  ['repos/download-tarball-archive', asInstallation(downloadTarball)],
  ['repos/compare-commits-with-basehead', asInstallation(compare)],
  ['repos/create-commit-status', asInstallation(createStatus)],
  ['repos/create-deployment', asInstallation(createDeployment)],
  ['repos/create-deployment-status', asInstallation(createDeploymentStatus)],
  ['repos/list-deployments', asInstallation(listDeployments)],
]);
