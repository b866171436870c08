import { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { parseManifests } from './apply.js';
import { renderKubeconfig } from './kubeconfig.js';

describe('renderKubeconfig', () => {
  it('writes a token user that the Kubernetes client loads as-is', () => {
    const kc = new KubeConfig();
    kc.loadFromString(renderKubeconfig({ server: 'https://127.0.0.1:6443', caData: 'Q0E=', userName: 'ns:sa', user: { token: 't0k' }, namespace: 'ns' }));
    expect(kc.getCurrentCluster()).toMatchObject({ server: 'https://127.0.0.1:6443', caData: 'Q0E=' });
    expect(kc.getCurrentUser()).toMatchObject({ name: 'ns:sa', token: 't0k' });
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('ns');
  });

  it('writes a client-certificate user', () => {
    const kc = new KubeConfig();
    kc.loadFromString(renderKubeconfig({ server: 'https://127.0.0.1:1', caData: 'Q0E=', userName: 'admin', user: { clientCertificateData: 'Y2VydA==', clientKeyData: 'a2V5' } }));
    expect(kc.getCurrentUser()).toMatchObject({ certData: 'Y2VydA==', keyData: 'a2V5' });
  });
});

describe('parseManifests', () => {
  it('returns the objects of a multi-document text and skips empty documents', () => {
    const objects = parseManifests('---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['Namespace/a', 'ConfigMap/b']);
  });

  it('rejects broken YAML instead of applying part of it', () => {
    expect(() => parseManifests('kind: [unclosed\n')).toThrow(/invalid manifest YAML/);
  });
});
