// Unpack a GitHub tarball (gzip tar, one top-level folder `<owner>-<repo>-<sha>/`) into a
// folder the checks can read. The archive comes from a pull request, so it is hostile until
// proven otherwise: no entry may land outside the target, no symlink may point outside it (followed
// through the other symlinks of the tree), nothing is ever written through a symlink, and size,
// count and every decompressed byte are bounded.
import { lstat, mkdir, open, symlink, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, posix, relative, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { InputError } from '../errors.js';
import { resolveLink, type TreeNode } from './linkResolve.js';

export interface TarballLimits {
  /** Sum of all file sizes, bytes. */
  maxTotalBytes: number;
  /** Largest single file, bytes. */
  maxFileBytes: number;
  /** Number of entries of any type. */
  maxEntries: number;
}

export const DEFAULT_TARBALL_LIMITS: TarballLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxFileBytes: 20 * 1024 * 1024,
  maxEntries: 50_000,
};

export interface UnpackResult {
  files: number;
  bytes: number;
  /** Entries that were skipped, and why (symlinks leaving the tree, hardlinks, devices). */
  skipped: { path: string; reason: string }[];
}

/** Raised when the archive breaks a limit or is malformed; the message says which and what to do. */
export class TarballError extends InputError {
  override name = 'TarballError';
}

/** The fields of a tar header that matter here (types wider than tar-stream's: archives lie). */
export interface EntryHeader {
  name: string;
  type?: string | null;
  linkname?: string | null;
}

export type EntryDecision =
  | { action: 'dir'; path: string }
  | { action: 'file'; path: string }
  | { action: 'symlink'; path: string; target: string }
  | { action: 'skip'; path: string; reason: string }
  | { action: 'ignore' };

/**
 * What to do with one tar entry (pure). `name` is the archive path; the top folder is stripped.
 * Paths that escape the target abort the whole unpack: a tarball from GitHub never has them.
 */
export function decideEntry(header: EntryHeader): EntryDecision {
  const raw = header.name.replaceAll('\\', '/');
  if (raw.startsWith('/') || /^[a-zA-Z]:/.test(raw)) throw new TarballError(`archive entry "${header.name}" has an absolute path; refusing to unpack`);
  const parts = raw.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw new TarballError(`archive entry "${header.name}" climbs out of the archive with ".."; refusing to unpack`);
  // pax global headers (git archive writes one with the commit id) carry no file.
  if (header.type === 'pax-global-header' || header.type === 'pax-header' || header.type === 'gnu-long-path' || header.type === 'gnu-long-link-path') return { action: 'ignore' };
  const rel = parts.slice(1).join('/');
  if (rel === '') return { action: 'ignore' }; // the top-level folder itself
  switch (header.type) {
    case 'directory':
      return { action: 'dir', path: rel };
    case 'file':
    case 'contiguous-file':
      return { action: 'file', path: rel };
    case 'symlink': {
      const target = header.linkname ?? '';
      if (target === '' || isAbsolute(target) || target.startsWith('/')) return { action: 'skip', path: rel, reason: `symlink to absolute path "${target}"` };
      const resolved = posix.normalize(posix.join(posix.dirname(rel), target));
      if (resolved === '..' || resolved.startsWith('../')) return { action: 'skip', path: rel, reason: `symlink to "${target}" leaves the repository` };
      return { action: 'symlink', path: rel, target };
    }
    case 'link':
      return { action: 'skip', path: rel, reason: 'hard link (not unpacked)' };
    default:
      return { action: 'skip', path: rel, reason: `${header.type ?? 'unknown'} entry (not unpacked)` };
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** Every existing ancestor of `path` below `root` must be a real folder, never a symlink. */
async function assertNoSymlinkOnPath(root: string, path: string): Promise<void> {
  let current = dirname(path);
  const chain: string[] = [];
  while (current !== root && inside(root, current)) {
    chain.unshift(current);
    current = dirname(current);
  }
  for (const dir of chain) {
    try {
      const info = await lstat(dir);
      if (!info.isDirectory()) throw new TarballError(`archive writes through "${relative(root, dir)}", which is not a folder (a symlink or file); refusing to unpack`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
  }
}

/**
 * Decompressed bytes an archive within `limits` can have: the file contents, plus per entry a
 * header, its padding and a pax record (2 KiB), plus the end-of-archive blocks. Everything
 * gunzip produces counts — skipped entries, pax headers and whatever follows the end of the
 * archive too — so no part of the stream is inflated without bound.
 */
export function inflatedByteLimit(limits: TarballLimits): number {
  return limits.maxTotalBytes + limits.maxEntries * 2048 + 20_480;
}

function inflatedByteCounter(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new TarballError(`archive unpacks to more than ${limit} bytes (file contents, skipped entries, tar headers and anything after the end of the archive); raise limits.tarball.maxTotalBytes if this is expected`));
      else done(null, chunk);
    },
  });
}

/** Unpack `archive` (gzip tar bytes) into the existing empty folder `targetDir`. */
export async function unpackTarball(archive: Uint8Array, targetDir: string, limits: TarballLimits = DEFAULT_TARBALL_LIMITS): Promise<UnpackResult> {
  const root = resolve(targetDir);
  const result: UnpackResult = { files: 0, bytes: 0, skipped: [] };
  /** What was created, for following symlinks afterwards (folders are implied). */
  const created = new Map<string, TreeNode>();
  let entries = 0;
  /** Why the unpack stopped, as first seen (the stream machinery may report it differently later). */
  let failure: unknown;
  let current: Promise<void> = Promise.resolve();
  const tar = extract();

  tar.on('entry', (header, stream, next) => {
    // When the unpack stops, tar-stream destroys an entry stream still being read with the
    // same error. That copy has no reader: without a listener it would be an uncaught
    // 'error' event and end the process. The error itself arrives through the pipeline.
    stream.on('error', () => {});
    const handle = async (): Promise<void> => {
      entries += 1;
      if (entries > limits.maxEntries) throw new TarballError(`archive has more than ${limits.maxEntries} entries; raise limits.tarball.maxEntries in .github/substrate-gitops.yml if this is expected`);
      const decision = decideEntry(header);
      if (decision.action === 'ignore') return;
      if (decision.action === 'skip') {
        result.skipped.push({ path: decision.path, reason: decision.reason });
        return;
      }
      const abs = resolve(root, ...decision.path.split('/'));
      if (!inside(root, abs)) throw new TarballError(`archive entry "${header.name}" resolves outside the target; refusing to unpack`);
      await assertNoSymlinkOnPath(root, abs);
      if (decision.action === 'dir') {
        await mkdir(abs, { recursive: true });
        return;
      }
      await mkdir(dirname(abs), { recursive: true });
      if (decision.action === 'symlink') {
        await symlink(decision.target, abs);
        created.set(decision.path, { kind: 'symlink', target: decision.target });
        return;
      }
      const size = header.size ?? 0;
      if (size > limits.maxFileBytes) throw new TarballError(`${decision.path} is ${size} bytes, over the per-file limit of ${limits.maxFileBytes}; raise limits.tarball.maxFileBytes or keep the file out of the repository`, decision.path);
      if (result.bytes + size > limits.maxTotalBytes) throw new TarballError(`archive is larger than ${limits.maxTotalBytes} bytes unpacked; raise limits.tarball.maxTotalBytes if this is expected`);
      // 'wx' fails on anything already there, a symlink included: never write through one.
      const file = await open(abs, 'wx', 0o644);
      created.set(decision.path, { kind: 'file' });
      let written = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          written += chunk.length;
          if (written > limits.maxFileBytes || result.bytes + written > limits.maxTotalBytes) throw new TarballError(`${decision.path} is larger than its header says and breaks the size limits; refusing to unpack`, decision.path);
          await file.write(chunk);
        }
      } finally {
        await file.close();
      }
      result.files += 1;
      result.bytes += written;
    };
    // tar-stream's entry streams are streamx streams: drain every body fully, then go on.
    const drain = async (): Promise<void> => {
      for await (const _ of stream as AsyncIterable<Buffer>) void _;
    };
    current = handle()
      .then(drain)
      .then(
        () => next(),
        (error: unknown) => {
          failure ??= error;
          next(error as Error);
        },
      );
  });

  try {
    await pipeline(Readable.from([Buffer.from(archive)]), createGunzip(), inflatedByteCounter(inflatedByteLimit(limits)), tar);
  } catch (error) {
    // An entry still being written finishes (or fails) before the caller may remove the folder.
    await current;
    const reason = failure ?? error;
    if (reason instanceof TarballError) throw reason;
    const what = failure === undefined ? 'the archive could not be read as a gzip tar' : 'an archive entry could not be unpacked';
    throw new TarballError(`${what}: ${(reason as Error).message}`, undefined, undefined, { cause: reason });
  }
  await dropLinksLeavingTree(root, created, result);
  return result;
}

/** Path characters looked up while following the symlinks of one archive (well under a second). */
const LINK_BUDGET_CHARS = 50_000_000;

/** Follow every unpacked symlink through the tree; remove those that leave it or loop. */
async function dropLinksLeavingTree(root: string, created: ReadonlyMap<string, TreeNode>, result: UnpackResult): Promise<void> {
  const lookup = (path: string) => created.get(path);
  const budget = { charsLeft: LINK_BUDGET_CHARS };
  const leaving: { path: string; reason: string }[] = [];
  for (const [path, node] of created) {
    if (node.kind !== 'symlink') continue;
    const resolution = resolveLink(path, lookup, budget);
    if (resolution.inside) continue;
    if (resolution.exhausted) throw new TarballError(`${resolution.reason} (over ${LINK_BUDGET_CHARS} path characters followed); refusing to unpack`, path);
    leaving.push({ path, reason: resolution.reason });
  }
  for (const { path, reason } of leaving) {
    await unlink(resolve(root, ...path.split('/')));
    result.skipped.push({ path, reason });
  }
}
