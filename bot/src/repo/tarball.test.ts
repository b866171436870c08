import { mkdtemp, readFile, readlink, rm, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack, type Header } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TarballError, unpackTarball } from './tarball.js';

type Entry = { name: string; type: string; linkname?: string; content?: string };

async function tarBytes(entries: Entry[]): Promise<Buffer> {
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
  return Buffer.concat(chunks);
}

const tarball = async (entries: Entry[]) => gzipSync(await tarBytes(entries));

/** Rewrite the type flag of the header at `offset` and its checksum (what a hand-made archive could say). */
function retype(archive: Buffer, offset: number, flag: string): void {
  archive.write(flag, offset + 156, 'latin1');
  archive.fill(' ', offset + 148, offset + 156);
  let sum = 0;
  for (let i = offset; i < offset + 512; i++) sum += archive[i]!;
  archive.write(`${sum.toString(8).padStart(6, '0')}\0 `, offset + 148, 'latin1');
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

  it('resolves symlinks through other symlinks in the unpacked tree, not by their text', async () => {
    const bytes = await tarball([
      { name: `${TOP}d/e/`, type: 'directory' },
      { name: `${TOP}d/e/file`, type: 'file', content: 'in' },
      // Each looks inside on its own text; followed through the tree, the later ones leave it.
      { name: `${TOP}d/e/hop`, type: 'symlink', linkname: '../..' },
      { name: `${TOP}d/e/hop2`, type: 'symlink', linkname: 'hop/..' },
      { name: `${TOP}x`, type: 'symlink', linkname: 'd/e/hop/d/e/hop2/etc/passwd' },
      { name: `${TOP}a`, type: 'symlink', linkname: 'b' },
      { name: `${TOP}b`, type: 'symlink', linkname: 'd/e/hop/../etc' },
      { name: `${TOP}loop1`, type: 'symlink', linkname: 'loop2' },
      { name: `${TOP}loop2`, type: 'symlink', linkname: 'loop1' },
      // A chain that stays inside is kept.
      { name: `${TOP}c1`, type: 'symlink', linkname: 'c2/file' },
      { name: `${TOP}c2`, type: 'symlink', linkname: 'd/e/hop/d/e' },
    ]);
    const result = await unpackTarball(bytes, target);
    expect(result.skipped.map((s) => s.path).sort()).toEqual(['a', 'b', 'd/e/hop2', 'loop1', 'loop2', 'x']);
    expect(result.skipped.find((s) => s.path === 'b')!.reason).toMatch(/leaves the repository/);
    expect(result.skipped.find((s) => s.path === 'loop1')!.reason).toMatch(/loop/);
    for (const gone of ['a', 'b', 'x', 'd/e/hop2', 'loop1', 'loop2']) await expect(lstat(join(target, gone))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(join(target, 'c1'), 'utf8')).toBe('in');
    expect(await readlink(join(target, 'd/e/hop'))).toBe('../..');
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

  it('rejects an entry over the per-file limit that is still streaming, and the process lives on', async () => {
    // 25 MB: larger than tar-stream buffers, so the entry is still attached when the unpack stops.
    const big = await tarball([
      { name: TOP, type: 'directory' },
      { name: `${TOP}assets/blob.bin`, type: 'file', content: 'x'.repeat(25 * 1024 * 1024) },
      { name: `${TOP}after`, type: 'file', content: 'never written' },
    ]);
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onCrash);
    try {
      const error = await unpackTarball(big, target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TarballError);
      expect(error).toMatchObject({ file: 'assets/blob.bin' });
      expect((error as Error).message).toMatch(/assets\/blob\.bin is 26214400 bytes, over the per-file limit.*maxFileBytes/);
      // Anything the entry stream emits after the rejection would land here.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(crashes).toEqual([]);
    } finally {
      process.off('uncaughtException', onCrash);
    }
    await expect(lstat(join(target, 'after'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('counts the bytes of skipped entries against the limits', async () => {
    // A file entry retyped as a character device: skipped, but its 1 MiB body is still inflated.
    const bomb = await tarBytes([{ name: `${TOP}dev`, type: 'file', content: '\0'.repeat(1024 * 1024) }]);
    retype(bomb, 0, '3');
    const limits = { maxEntries: 10, maxFileBytes: 4096, maxTotalBytes: 8192 };
    const error = await unpackTarball(gzipSync(bomb), target, limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TarballError);
    expect((error as Error).message).toMatch(/unpacks to more than \d+ bytes.*maxTotalBytes/);
  });

  it('counts the bytes after the end of the archive', async () => {
    const archive = await tarBytes([{ name: `${TOP}a`, type: 'file', content: 'a' }]);
    const padded = Buffer.concat([archive, Buffer.alloc(1024 * 1024)]);
    const limits = { maxEntries: 10, maxFileBytes: 4096, maxTotalBytes: 8192 };
    await expect(unpackTarball(gzipSync(padded), target, limits)).rejects.toThrow(/unpacks to more than \d+ bytes/);
    // The same archive without the trailing zeros is fine under the same limits.
    await rm(target, { recursive: true, force: true });
    target = await mkdtemp(join(tmpdir(), 'sg-untar-'));
    expect(await unpackTarball(gzipSync(archive), target, limits)).toMatchObject({ files: 1 });
  });

  it('says so when the bytes are not a gzip tar', async () => {
    await expect(unpackTarball(Buffer.from('not an archive'), target)).rejects.toThrow(/could not be read as a gzip tar/);
  });
});
