import { generateKeyPairSync } from 'node:crypto';
import { cryptoWaitReady, mnemonicGenerate, randomAsHex } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_PHRASES } from './devKeys.js';
import { parseAllowlist } from './allowlist.js';
import { findKeyMaterial } from './scan.js';
import { expectNoLeak } from './testSupport.js';

const DEV_PHRASE = [...DEV_PHRASES.keys()][0]!;
const TEST_JUNK = [...DEV_PHRASES.keys()][1]!;
const none = { ephemeralPrefixes: [] };
const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');

beforeAll(async () => {
  await cryptoWaitReady();
});

describe('findKeyMaterial: key material in realistic files', () => {
  it('finds a node key given as a container argument, on the same and on the next line', () => {
    const key = randomAsHex(32).slice(2);
    const other = randomAsHex(32);
    const text = [
      'apiVersion: apps/v1', 'kind: StatefulSet', 'spec:', '  template:', '    spec:', '      containers:',
      '        - name: node',
      `          args: ["--chain", "rococo-local", "--node-key", "${key}"]`,
      '          command:',
      '            - --node-key',
      `            - ${other}`,
    ].join('\n');
    const findings = findKeyMaterial([{ path: 'networks/rococo/bootnode.yaml', content: text }], none);
    expect(findings.map((f) => [f.file, f.line, f.rule, f.network, f.severity])).toEqual([
      ['networks/rococo/bootnode.yaml', 8, 'keys/node-key', 'rococo', 'error'],
      ['networks/rococo/bootnode.yaml', 11, 'keys/node-key', 'rococo', 'error'],
    ]);
    expectNoLeak(findings, key);
    expectNoLeak(findings, other);
  });

  it('finds a phrase with a derivation in a shell script, and says how long it is without repeating it', () => {
    const phrase = mnemonicGenerate(24);
    const text = `#!/bin/sh\nset -eu\nsubkey inspect "${phrase}//stash"\n`;
    const findings = findKeyMaterial([{ path: 'scripts/inspect.sh', content: Buffer.from(text) }], none);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'scripts/inspect.sh', line: 3, rule: 'keys/bip39-mnemonic', check: 'keys' });
    expect(findings[0]!.message).toContain('BIP39 mnemonic (24 words, valid checksum) at column 17');
    expect(findings[0]!.message).toMatch(/fingerprint [0-9a-f]{8}/);
    expectNoLeak(findings, phrase);
  });

  it('finds seeds in TypeScript, JSON and .env style assignments', () => {
    const seeds = [randomAsHex(32), randomAsHex(32), randomAsHex(32).slice(2), randomAsHex(64)];
    const files = [
      { path: 'bot/src/seed.ts', content: `const operatorSeed = '${seeds[0]}';\n` },
      { path: 'config/keys.json', content: `{\n  "suri": "${seeds[1]}//Alice"\n}\n` },
      { path: 'deploy/.env', content: `# x\nSECRET_SEED=${seeds[2]}\n` },
      { path: 'deploy/sk.yaml', content: `sk: "${seeds[3]}"\n` },
    ];
    const findings = findKeyMaterial(files, none);
    expect(findings.map((f) => [f.file, f.line, f.rule])).toEqual([
      ['bot/src/seed.ts', 1, 'keys/hex-seed'],
      ['config/keys.json', 2, 'keys/hex-seed'],
      ['deploy/.env', 2, 'keys/hex-seed'],
      ['deploy/sk.yaml', 1, 'keys/hex-seed'],
    ]);
    expect(findings[3]!.message).toContain('64-byte hex secret key');
    for (const seed of seeds) expectNoLeak(findings, seed);
  });

  it('finds PEM private keys, also inside a JSON string', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const { publicKey } = generateKeyPairSync('ed25519', { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const files = [
      { path: 'tls/key.pem', content: `# tls\n${privateKey}` },
      { path: 'tls/key.json', content: JSON.stringify({ key: privateKey }) },
      { path: 'tls/pub.pem', content: publicKey },
    ];
    const findings = findKeyMaterial(files, none);
    expect(findings.map((f) => [f.file, f.line, f.rule])).toEqual([
      ['tls/key.pem', 2, 'keys/pem-private-key'],
      ['tls/key.json', 1, 'keys/pem-private-key'],
    ]);
    // Same key, other layout: same fingerprint, so reviewers see it is one secret.
    const fps = findings.map((f) => /fingerprint ([0-9a-f]{8})/.exec(f.message)![1]);
    expect(fps[0]).toBe(fps[1]);
    expectNoLeak(findings, privateKey.replace(/-----[^-]+-----|\s/g, ''));
  });

  it('decodes Secret data and finds a phrase, a hex seed and raw key bytes in it', () => {
    const phrase = mnemonicGenerate(12);
    const seed = randomAsHex(32);
    const raw = Buffer.from(randomAsHex(32).slice(2), 'hex');
    const text = [
      'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: validator-seed', 'type: Opaque', 'data:',
      `  seed: ${b64(phrase)}`,
      `  operator: ${b64(`${seed}\n`)}`,
      `  node-key: ${b64(raw)}`,
      `  ca.crt: ${b64('not a key at all')}`,
    ].join('\n');
    const findings = findKeyMaterial([{ path: 'networks/paseo/secret.yaml', content: text }], none);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([
      [7, 'keys/secret-data'],
      [8, 'keys/secret-data'],
      [9, 'keys/secret-data'],
    ]);
    expect(findings[0]!.message).toContain('BIP39 mnemonic (12 words, valid checksum) base64-encoded in Secret validator-seed, data key seed');
    expect(findings[2]!.message).toContain('32 raw secret bytes');
    expectNoLeak(findings, phrase);
    expectNoLeak(findings, seed);
    expectNoLeak(findings, raw.toString('hex'));
    expectNoLeak(findings, b64(phrase));
  });

  it('finds Secret data in a later document of a multi-document stream, at the right line', () => {
    const phrase = mnemonicGenerate(15);
    const text = `apiVersion: v1\nkind: ConfigMap\ndata:\n  note: ${b64('hello')}\n---\n# the seed\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s2\ndata:\n  mnemonic: ${b64(phrase)}\n`;
    const findings = findKeyMaterial([{ path: 'apps/all.yaml', content: text }], none);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[12, 'keys/secret-data']]);
    expect(findings[0]!.message).toContain('Secret s2, data key mnemonic');
  });

  it('finds a hex seed in Secret stringData', () => {
    const seed = randomAsHex(32);
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  seed: |\n    ${seed}\n`;
    const findings = findKeyMaterial([{ path: 'apps/s.yaml', content: text }], none);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[7, 'keys/hex-seed']]);
  });
});

describe('findKeyMaterial: what is not key material', () => {
  it('passes addresses, peer ids, digests, hashes, public keys and Secret references', () => {
    const h = (): string => randomAsHex(32);
    const text = [
      'operator: 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
      'bootnodes: ["/dns/boot-0/tcp/30333/p2p/12D3KooWEyoppNCUx8Yx66oV9fJnriXwCcXwDDUA2kj6vnc6iDEp"]',
      `image: docker.io/parity/polkadot@sha256:${h().slice(2)}`,
      `genesis: ${h()}`,
      `blockHash: "${h()}"`,
      `parentHash: ${h()}`,
      `stateRoot: ${h()}`,
      `code_hash: ${h()}`,
      `publicKey: ${h()}`,
      `accountId: ${h()}`,
      `pubkey: ${h()}`,
      `keystore_seed_digest: ${h()}`,
      `commit: ${randomAsHex(20).slice(2)}`,
      `unrelated: ${h()}`,
      '- name: SEED',
      '  valueFrom:',
      '    secretKeyRef: { name: rococo-seed, key: seed }',
      'suri: //Alice',
      'substrate-gitops.io/keys-secret: rococo-seed',
    ].join('\n');
    expect(findKeyMaterial([{ path: 'networks/rococo/node.yaml', content: text }], none)).toEqual([]);
  });

  it('skips binary files and survives invalid UTF-8', () => {
    const phrase = mnemonicGenerate(12);
    const binary = Buffer.concat([Buffer.from(`seed: ${phrase}\n`), Buffer.from([0, 1, 2, 0xff])]);
    expect(findKeyMaterial([{ path: 'img.png', content: binary }], none)).toEqual([]);
    const invalid = Buffer.concat([Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x0a]), Buffer.from(`mnemonic: "${phrase}"\n`)]);
    const findings = findKeyMaterial([{ path: 'notes.txt', content: invalid }], none);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[2, 'keys/bip39-mnemonic']]);
  });

  it('warns about files over the size limit instead of skipping them silently', () => {
    const findings = findKeyMaterial([{ path: 'dump.json', content: 'x'.repeat(3 * 1024 * 1024 + 5) }, { path: 'big.bin', content: Buffer.alloc(0), size: 10 * 1024 * 1024 }], none);
    expect(findings.map((f) => [f.file, f.rule, f.severity])).toEqual([
      ['dump.json', 'keys/too-large', 'warning'],
      ['big.bin', 'keys/too-large', 'warning'],
    ]);
    expect(findings[0]!.message).toContain('larger than 2 MiB (3 MiB)');
  });

  it('scans a 1 MB single line (hex, letters and list words mixed) and still finds the key after it', () => {
    // (12 × "word" happens to carry a valid checksum; 12 × "abandon" does not)
    const seed = randomAsHex(32);
    const line = `x: "${'deadbeef'.repeat(60_000)} ${'abandon '.repeat(50_000)}${'-----BEGIN '.repeat(12_000)}"`;
    expect(line.length).toBeGreaterThan(1_000_000);
    const findings = findKeyMaterial([{ path: 'long.yaml', content: `${line}\nseed: ${seed}\n` }], none);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[2, 'keys/hex-seed']]);
  });
});

describe('findKeyMaterial: development keys and exceptions', () => {
  const devFiles = (folder: string) => [
    { path: `${folder}/keys.yaml`, content: `# dev accounts\nphrase: "${DEV_PHRASE}//Alice"\n` },
    { path: `${folder}/eth.sh`, content: `MNEMONIC="${TEST_JUNK}"\n` },
    { path: `${folder}/alice.yaml`, content: `args: ["--node-key", "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a"] # substrate-gitops: allow-key-material //Alice test fixture\n` },
  ];

  it('reports the public dev phrases in a network that is not ephemeral', () => {
    const findings = findKeyMaterial(devFiles('networks/staging'), { ephemeralPrefixes: ['networks/dev/'] });
    expect(findings.map((f) => [f.file, f.line, f.rule])).toEqual([
      ['networks/staging/keys.yaml', 2, 'keys/dev-phrase'],
      ['networks/staging/eth.sh', 1, 'keys/dev-phrase'],
    ]);
    expect(findings[0]!.message).toContain('the Substrate development phrase');
    expect(findings[0]!.message).toContain('ephemeral: true');
    expectNoLeak(findings, DEV_PHRASE);
  });

  it('allows them in an ephemeral network, but not a fresh phrase there', () => {
    const fresh = mnemonicGenerate(12);
    const files = [...devFiles('networks/dev'), { path: 'networks/dev/real.yaml', content: `seed: ${fresh}\n` }];
    const findings = findKeyMaterial(files, { ephemeralPrefixes: ['networks/dev'] });
    expect(findings.map((f) => [f.file, f.rule])).toEqual([['networks/dev/real.yaml', 'keys/bip39-mnemonic']]);
  });

  it('reports a well-known dev seed without a key-like name', () => {
    const findings = findKeyMaterial([{ path: 'a.txt', content: 'value 0x398f0c28f98885e046333d4a41c19cee4c37368a9832c6502f6cfd182e2aef89\n' }], none); // substrate-gitops: allow-key-material public //Bob dev seed in a test
    expect(findings).toMatchObject([{ rule: 'keys/dev-phrase', line: 1 }]);
    expect(findings[0]!.message).toContain('//Bob sr25519 development seed');
  });

  it('honours an inline marker with a reason on the same or previous line, and not one without', () => {
    const a = randomAsHex(32);
    const b = randomAsHex(32);
    const c = randomAsHex(32);
    const text = [
      '# substrate-gitops: allow-key-material throw-away key of the load test',
      `seed: ${a}`,
      `secret: ${b} # substrate-gitops: allow-key-material documented in README`,
      '# substrate-gitops: allow-key-material',
      `seed: ${c}`,
    ].join('\n');
    const findings = findKeyMaterial([{ path: 'x.yaml', content: text }], none);
    expect(findings.map((f) => [f.line, f.rule])).toEqual([[5, 'keys/hex-seed']]);
    expect(findings[0]!.message).toContain('allow marker on line 4 has no reason');
  });

  it('honours allowlist entries by line or fingerprint and warns about an entry that matches nothing', () => {
    const a = randomAsHex(32);
    const b = randomAsHex(32);
    const files = [{ path: 'networks/x/keys.yaml', content: `seed: ${a}\nseed: ${b}\n` }];
    const first = findKeyMaterial(files, none);
    const fpOfB = /fingerprint ([0-9a-f]{8})/.exec(first[1]!.message)![1];
    const allowlist = parseAllowlist(
      [
        'entries:',
        '  - path: networks/x/keys.yaml',
        '    line: 1',
        '    reason: key of a throw-away chain',
        '  - path: networks/x/keys.yaml',
        `    fingerprint: "${fpOfB}"`,
        '    reason: published test key',
        '  - path: networks/gone.yaml',
        '    line: 3',
        '    reason: removed long ago',
      ].join('\n'),
      '.github/key-allowlist.yaml',
    );
    const findings = findKeyMaterial(files, { ephemeralPrefixes: [], allowlist });
    expect(findings.map((f) => [f.file, f.line, f.rule, f.severity])).toEqual([['.github/key-allowlist.yaml', 8, 'keys/allowlist-unused', 'warning']]);
  });
});
