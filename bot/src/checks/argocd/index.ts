// The Argo CD stage: what Argo CD will refuse to sync, decided offline from the cluster folders.
export { checkArgoCd, type ArgoCdCheckInput } from './check.js';
export { decideArgoCd } from './decide.js';
export { argoCdFindings } from './findings.js';
export { ensureScopeTable } from './scopes.js';
export type * from './types.js';
