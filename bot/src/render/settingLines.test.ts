import { describe, expect, it } from 'vitest';
import { annotationSettingLine, byPrecedence, imageSettingLine, replicasSettingLine, splitImage } from './settingLines.js';

const GEN = 'substrate-gitops.io/key-generation';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('byPrecedence', () => {
  it('puts the rendered folder first, outer before inner, then shared files', () => {
    const files = ['apps/x/kustomization.yaml', 'networks/n/group/kustomization.yaml', 'networks/n/kustomization.yaml', 'apps/x/c/kustomization.yaml'].map((file) => ({ file }));
    expect(byPrecedence(files, 'networks/n').map((f) => f.file)).toEqual(['networks/n/kustomization.yaml', 'networks/n/group/kustomization.yaml', 'apps/x/kustomization.yaml', 'apps/x/c/kustomization.yaml']);
  });
});

describe('imageSettingLine', () => {
  const component = 'images:\n  - name: docker.io/parity/polkadot\n    newName: docker.io/parity/polkadot-parachain\n    newTag: "1.17.1"\n';
  const network = 'resources: [collator]\nimages:\n  - name: docker.io/parity/polkadot-parachain\n    newTag: latest\n  - name: other\n    digest: sha256:abc\n';
  const files = [
    { file: 'apps/c/kustomization.yaml', text: component },
    { file: 'networks/n/kustomization.yaml', text: network },
  ];

  it('splits references the way the images transformer does', () => {
    expect(splitImage('localhost:5000/a/b:v1@sha256:ff')).toEqual({ name: 'localhost:5000/a/b', tag: 'v1', digest: 'sha256:ff' });
    expect(splitImage('localhost:5000/a/b')).toEqual({ name: 'localhost:5000/a/b' });
  });

  it('finds the newTag, digest or newName line that produced the rendered reference', () => {
    expect(imageSettingLine(files, 'networks/n', 'docker.io/parity/polkadot-parachain:latest', 'tag')).toEqual({ file: 'networks/n/kustomization.yaml', line: lineOf(network, 'newTag: latest') });
    expect(imageSettingLine(files, 'networks/n', 'other@sha256:abc', 'tag')).toEqual({ file: 'networks/n/kustomization.yaml', line: lineOf(network, 'digest:') });
    expect(imageSettingLine(files, 'networks/n', 'docker.io/parity/polkadot-parachain:latest', 'name')).toEqual({ file: 'apps/c/kustomization.yaml', line: lineOf(component, 'newName:') });
  });

  it('finds nothing when no entry produced the reference', () => {
    expect(imageSettingLine(files, 'networks/n', 'docker.io/parity/polkadot:v1', 'tag')).toBeUndefined();
    expect(imageSettingLine([{ file: 'k.yaml', text: 'images: [1, {name: 2}]\n' }], 'networks/n', 'x:1', 'tag')).toBeUndefined();
  });
});

describe('replicasSettingLine', () => {
  const text = 'replicas:\n  - name: validator\n    count: 12\n  - name: rpc\n    count: 2\n';
  it('finds the count of the entry naming the resource (before an outer suffix) with the rendered count', () => {
    expect(replicasSettingLine([{ file: 'networks/n/v/kustomization.yaml', text }], 'networks/n', 'validator-east', 12)).toEqual({ file: 'networks/n/v/kustomization.yaml', line: 3 });
    expect(replicasSettingLine([{ file: 'networks/n/v/kustomization.yaml', text }], 'networks/n', 'validator', 11)).toBeUndefined();
  });
});

describe('annotationSettingLine', () => {
  const inline = ['replicas: []', 'patches:', '  - target:', '      kind: StatefulSet', '    patch: |-', '      - op: add', `        path: /metadata/annotations/${GEN.replace('/', '~1')}`, '        value: "2"', ''].join('\n');

  it('maps a line of an inline JSON 6902 patch onto the kustomization file', () => {
    expect(annotationSettingLine([{ file: 'networks/n/k.yaml', text: inline }], 'networks/n', { annotation: GEN, value: '2', scope: 'metadata' })).toEqual({ file: 'networks/n/k.yaml', line: 8 });
    // The same op does not write the pod template's copy.
    expect(annotationSettingLine([{ file: 'networks/n/k.yaml', text: inline }], 'networks/n', { annotation: GEN, value: '2', scope: 'template' })).toBeUndefined();
  });

  it('finds the copy in a strategic-merge patch file by its place in the object', () => {
    const smp = ['kind: StatefulSet', 'metadata:', '  annotations:', `    ${GEN}: "1"`, 'spec:', '  template:', '    metadata:', '      annotations:', `        ${GEN}: "1"`, ''].join('\n');
    expect(annotationSettingLine([{ file: 'apps/v.yaml', text: smp }], 'networks/n', { annotation: GEN, value: '1', scope: 'template' })).toEqual({ file: 'apps/v.yaml', line: 9 });
    expect(annotationSettingLine([{ file: 'apps/v.yaml', text: smp }], 'networks/n', { annotation: GEN, value: '1', scope: 'metadata' })).toEqual({ file: 'apps/v.yaml', line: 4 });
  });

  it('finds commonAnnotations and a whole-map JSON patch value', () => {
    const common = `commonAnnotations:\n  ${GEN}: "3"\n`;
    expect(annotationSettingLine([{ file: 'networks/n/kustomization.yaml', text: common }], 'networks/n', { annotation: GEN, value: '3', scope: 'template' })?.line).toBe(2);
    const map = `- op: add\n  path: /spec/template/metadata/annotations\n  value:\n    ${GEN}: "5"\n`;
    expect(annotationSettingLine([{ file: 'networks/n/p.yaml', text: map }], 'networks/n', { annotation: GEN, value: '5', scope: 'template' })?.line).toBe(4);
  });

  it('prefers the network folder over a shared component writing the same value', () => {
    const shared = { file: 'apps/v.yaml', text: `metadata:\n  annotations:\n    ${GEN}: "2"\n` };
    expect(annotationSettingLine([shared, { file: 'networks/n/k.yaml', text: inline }], 'networks/n', { annotation: GEN, value: '2', scope: 'metadata' })?.file).toBe('networks/n/k.yaml');
  });

  it('survives text that is not YAML', () => {
    expect(annotationSettingLine([{ file: 'networks/n/bad.yaml', text: 'a: [\n' }], 'networks/n', { annotation: GEN, value: '2', scope: 'metadata' })).toBeUndefined();
  });
});
