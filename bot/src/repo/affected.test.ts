import { describe, expect, it } from 'vitest';
import { affectedFolders } from './affected.js';

const folders = [
  { source: 'networks/a', deps: new Set(['networks/a', 'apps/node', 'apps/node/sts.yaml']) },
  { source: 'networks/b', deps: new Set(['networks/b', 'apps/node', 'apps/other']) },
  { source: 'clusters/eu', deps: new Set(['clusters/eu']) },
];

describe('affectedFolders', () => {
  it('a change inside one network affects only that network', () => {
    expect(affectedFolders(folders, ['networks/a/validators.yaml'])).toEqual(['networks/a']);
  });
  it('a change to a shared base affects every user of it', () => {
    expect(affectedFolders(folders, ['apps/node/sts.yaml'])).toEqual(['networks/a', 'networks/b']);
  });
  it('network.yaml and OWNERS count as part of the network even though kustomize never reads them', () => {
    expect(affectedFolders(folders, ['networks/b/network.yaml'])).toEqual(['networks/b']);
  });
  it('a change to a cluster folder (its AppProjects decide what every network may deploy) re-checks everything', () => {
    expect(affectedFolders(folders, ['clusters/eu/appproject-networks.yaml'])).toEqual(['networks/a', 'networks/b', 'clusters/eu']);
    expect(affectedFolders(folders, ['clusters/README.md'])).toEqual([]);
  });
  it('a policy change re-checks everything; a README change nothing', () => {
    expect(affectedFolders(folders, ['policies/images.rego'])).toHaveLength(3);
    expect(affectedFolders(folders, ['README.md', 'bot/src/x.ts'])).toEqual([]);
  });
});
