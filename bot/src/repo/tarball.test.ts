import { mkdtemp, readFile, readlink, rm, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TarballError, unpackTarball } from './tarball.js';

type Entry = { name: string; type: string; linkname?: string; content?: string };

async function tarball(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', resolve);
    p.on('error', reject);
  });
  for (const { content, ...header } of entries) {
    await new Promise<void>((resolve, reject) => p.entry(header as Header, content ?? '', (e) => (e ? reject(e) : resolve())));
  }
  p.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

const TOP = 'acme-testnets-0123456/';
let target: string;
beforeEach(async () => {
  target = await mkdtemp(join(tmpdir(), 'sg-untar-'));
});
afterEach(async () => {
  await rm(target, { recursive: true, force: true });
});

describe('unpackTarball', () => {
  it('strips the top folder and writes files and folders', async () => {
    const bytes = await tarball([
      { name: 'pax_global_header', type: 'pax-global-header', content: '' },
      { name: TOP, type: 'directory' },
      { name: `${TOP}networks/`, type: 'directory' },
      { name: `${TOP}networks/a/network.yaml`, type: 'file', content: 'name: a\n' },
      { name: `${TOP}README.md`, type: 'file', content: '# hi\n' },
      { name: `${TOP}networks/a/link.yaml`, type: 'symlink', linkname: 'network.yaml' },
    ]);
    const result = await unpackTarball(bytes, target);
    expect(result).toEqual({ files: 2, bytes: 13, skipped: [] });
    expect(await readFile(join(target, 'networks/a/network.yaml'), 'utf8')).toBe('name: a\n');
    expect(await readlink(join(target, 'networks/a/link.yaml'))).toBe('network.yaml');
  });

  it('refuses entries that climb out with .. or are absolute', async () => {
    await expect(unpackTarball(await tarball([{ name: `${TOP}../../evil`, type: 'file', content: 'x' }]), target)).rejects.toThrow(/climbs out/);
    await expect(unpackTarball(await tarball([{ name: '/etc/evil', type: 'file', content: 'x' }]), target)).rejects.toThrow(/absolute path/);
  });

  it('skips symlinks that resolve outside the tree and records why', async () => {
    const bytes = await tarball([
      { name: `${TOP}a/up`, type: 'symlink', linkname: '../../../etc/passwd' },
      { name: `${TOP}abs`, type: 'symlink', linkname: '/etc/passwd' },
      { name: `${TOP}hard`, type: 'link', linkname: `${TOP}a/up` },
      { name: `${TOP}dev`, type: 'character-device' },
    ]);
    const result = await unpackTarball(bytes, target);
    expect(result.skipped.map((s) => s.path)).toEqual(['a/up', 'abs', 'hard', 'dev']);
    expect(result.skipped[0]!.reason).toMatch(/leaves the repository/);
    await expect(lstat(join(target, 'a/up'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('never writes through a symlink, even one pointing inside', async () => {
    const bytes = await tarball([
      { name: `${TOP}real/`, type: 'directory' },
      { name: `${TOP}alias`, type: 'symlink', linkname: 'real' },
      { name: `${TOP}alias/file`, type: 'file', content: 'through the link' },
    ]);
    await expect(unpackTarball(bytes, target)).rejects.toThrow(/not a folder/);
    const overwrite = await tarball([
      { name: `${TOP}x`, type: 'file', content: 'one' },
      { name: `${TOP}y`, type: 'symlink', linkname: 'x' },
      { name: `${TOP}y`, type: 'file', content: 'two' },
    ]);
    const other = await mkdtemp(join(tmpdir(), 'sg-untar-'));
    try {
      await expect(unpackTarball(overwrite, other)).rejects.toThrow(/EEXIST/);
      expect(await readFile(join(other, 'x'), 'utf8')).toBe('one');
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('enforces the entry, per-file and total limits with errors naming the setting', async () => {
    const files = (n: number, size: number) => Array.from({ length: n }, (_, i) => ({ name: `${TOP}f${i}`, type: 'file', content: 'x'.repeat(size) }));
    await expect(unpackTarball(await tarball(files(5, 1)), target, { maxEntries: 4, maxFileBytes: 100, maxTotalBytes: 1000 })).rejects.toThrow(/more than 4 entries.*maxEntries/);
    await rm(target, { recursive: true, force: true });
    target = await mkdtemp(join(tmpdir(), 'sg-untar-'));
    await expect(unpackTarball(await tarball(files(1, 101)), target, { maxEntries: 10, maxFileBytes: 100, maxTotalBytes: 1000 })).rejects.toThrow(/f0 is 101 bytes.*maxFileBytes/);
    await rm(target, { recursive: true, force: true });
    target = await mkdtemp(join(tmpdir(), 'sg-untar-'));
    const error = await unpackTarball(await tarball(files(3, 60)), target, { maxEntries: 10, maxFileBytes: 100, maxTotalBytes: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TarballError);
    expect((error as Error).message).toMatch(/larger than 150 bytes.*maxTotalBytes/);
  });

  it('says so when the bytes are not a gzip tar', async () => {
    await expect(unpackTarball(Buffer.from('not an archive'), target)).rejects.toThrow(/could not be read as a gzip tar/);
  });
});
