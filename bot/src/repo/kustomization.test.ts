import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { REPO_ROOT } from '../tools/cache.js';
import { runKustomizeConfined } from '../render/confine.js';
import { findKustomize, kustomizeIsolation } from '../render/kustomize.js';
import { readKustomization, refProblem, writeKustomization } from './kustomization.js';

const rules = (text: string) => readKustomization(text).problems.map((p) => `${p.line ?? ''} ${p.rule}`);

describe('readKustomization: kustomize semantics, by allow-list', () => {
  it('accepts every kustomization of this repository as it is', async () => {
    const { stdout } = await execa('git', ['ls-files', '-z', '--', '*kustomization.yaml'], { cwd: REPO_ROOT });
    const files = stdout.split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const read = readKustomization(await readFile(join(REPO_ROOT, file), 'utf8'));
      expect(read.problems, file).toEqual([]);
      expect(read.value, file).toBeDefined();
    }
  });

  it.each([
    ['Resources:\n- a.yaml\n', '1 input/field-case', 'resources'],
    ['RESOURCES:\n- a.yaml\n', '1 input/field-case', 'resources'],
    ['reſources:\n- a.yaml\n', '1 input/field-case', 'resources'],
    ['namespace: x\nNameSpace: y\n', '2 input/field-case', 'namespace'],
    ['patches:\n- Path: p.yaml\n', '2 input/field-case', 'path'],
    ['configMapGenerator:\n- name: c\n  FILES: [a]\n', '3 input/field-case', 'files'],
    ['HelmCharts:\n- name: x\n', '1 input/helm', 'helmCharts'],
  ])('refuses a field name kustomize would fold to another: %j', (text, rule, exact) => {
    const read = readKustomization(text);
    expect(read.problems.map((p) => `${p.line} ${p.rule}`)).toContain(rule);
    expect(read.problems.map((p) => p.message).join(' ')).toContain(`"${exact}"`);
  });

  it.each([
    ['<<: {resources: [a.yaml]}\n', '1 input/yaml-merge-key'],
    ['resources: &r [a.yaml]\ncomponents: *r\n', '1 input/yaml-alias'],
    ['resources: !!seq [a.yaml]\n', '1 input/yaml-tag'],
    ['resources: [a.yaml]\n---\nresources: [b.yaml]\n', '2 input/kustomization'],
    ['"<<": {resources: [a.yaml]}\n', '1 input/yaml-merge-key'],
    ['commonLabels:\n  <<: {a: b}\n', '2 input/yaml-merge-key'],
    ['transformers:\n- t.yaml\n', '1 input/plugin'],
    ['generators:\n- |\n  apiVersion: builtin\n  kind: ConfigMapGenerator\n', '1 input/plugin'],
    ['validators: [v.yaml]\n', '1 input/plugin'],
    ['patchesStrategicMerge: [p.yaml]\n', '1 input/unsupported-field'],
    ['openapi: {path: s.json}\n', '1 input/unsupported-field'],
    ['inventory: {}\n', '1 input/unknown-field'],
    ['constructor: {}\n', '1 input/unknown-field'],
    ['__proto__: {resources: [https://example.com/x.yaml]}\n', '1 input/unknown-field'],
    ['patches:\n- toString: x\n', '2 input/unknown-field'],
    ['commonLabels:\n  __proto__: x\n', '2 input/kustomization'],
    ['images:\n- name: x\n  newTag: 1.17\n', '3 input/kustomization'],
    ['commonLabels: {team: yes}\n', '1 input/kustomization'],
    ['replicas:\n- name: x\n  count: "3"\n', '3 input/kustomization'],
    ['buildMetadata: [managedByLabel, everything]\n', '1 input/kustomization'],
  ])('refuses what it cannot classify: %j', (text, rule) => {
    expect(rules(text)).toContain(rule);
  });

  it('takes an empty field as not set, as kustomize does, but not an empty entry', () => {
    expect(readKustomization('resources:\nnamespace:\n').problems).toEqual([]);
    expect(rules('resources:\n- a.yaml\n-\n')).toContain('3 input/kustomization');
  });

  it('lists every path with its kind and line, and nothing else', () => {
    const read = readKustomization(
      [
        'resources:',
        '- ../base',
        '- cm.yaml',
        'components: [../../c/x]',
        'patches:',
        '- path: p.yaml',
        '- patch: |-',
        '    - op: add',
        '      path: /metadata/labels/a',
        '      value: b',
        'configMapGenerator:',
        '- name: g',
        '  files: [k=data.bin, plain.txt]',
        '  envs: [a.env]',
        'replacements:',
        '- path: r.yaml',
        '',
      ].join('\n'),
    );
    expect(read.problems).toEqual([]);
    expect(read.refs.map((r) => `${r.line} ${r.kind} ${r.key ?? ''}=${r.ref}`)).toEqual([
      '2 resource =../base',
      '3 resource =cm.yaml',
      '4 component =../../c/x',
      '6 patch =p.yaml',
      '13 generatorFile k=data.bin',
      '13 generatorFile =plain.txt',
      '14 envFile =a.env',
      '16 replacement =r.yaml',
    ]);
    expect(read.transforms).toBe(3);
    expect(read.generated).toBe(1);
  });
});

describe('refProblem: only plain relative paths', () => {
  it.each([
    ['https://example.com/x.yaml', 'input/remote-base'],
    ['HTTP://example.com/x.yaml', 'input/remote-base'],
    ['git::https://example.com/org/repo', 'input/remote-base'],
    ['GIT::example.com/org/repo', 'input/remote-base'],
    ['someone@example.com:org/repo', 'input/remote-base'],
    ['github.com/org/repo', 'input/remote-base'],
    ['GitHub.com:org/repo', 'input/remote-base'],
    ['base?ref=main', 'input/remote-base'],
    ['/etc/passwd', 'input/path-outside-repo'],
    ['a b.yaml', 'input/reference-syntax'],
    ['a:b.yaml', 'input/reference-syntax'],
    ['a//b', 'input/reference-syntax'],
    ['a\\b', 'input/reference-syntax'],
    ['', 'input/reference-syntax'],
  ])('%j is refused (%s)', (ref, rule) => {
    expect(refProblem('resources', ref)?.rule).toBe(rule);
  });

  it.each(['../a/b.yaml', './x', 'a_b-c.d+e/', '..', 'validator'])('%j is accepted', (ref) => {
    expect(refProblem('resources', ref)).toBeUndefined();
  });
});

describe('writeKustomization: what kustomize reads back is the vetted value', () => {
  it('round-trips strings every YAML reader could take differently, through the real kustomize', async () => {
    const literals = ['A=yes', 'B=on', 'C=0777', 'D="quoted" and \\back', 'E=tab\there', 'F=ünïcødé ✓ 😀', 'G=<<', 'H=~', 'I=1e3'];
    const value = { configMapGenerator: [{ name: 'round-trip', literals, options: { disableNameSuffixHash: true } }] };
    const text = writeKustomization(value);
    expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'sg-roundtrip-'));
    try {
      await writeFile(join(dir, 'kustomization.yaml'), text);
      const kustomize = await findKustomize();
      const run = await runKustomizeConfined(kustomize.file, [...kustomize.args, join(dir)], { workDir: join(dir, 'work'), isolation: await kustomizeIsolation() });
      const data = (parse(run.stdout) as { data: Record<string, string> }).data;
      expect(Object.entries(data).map(([k, v]) => `${k}=${v}`)).toEqual(literals);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
