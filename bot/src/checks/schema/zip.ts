// Reading entries out of a Go module zip held in memory. Go's module cache keeps
// the verified zip even when it refuses to extract it (a module whose go.mod asks
// for a newer Go than the one installed), and all we need are a few text files.
import { inflateRawSync } from 'node:zlib';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes.
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let at = zip.length - 22; at >= stop; at--) {
    if (zip.readUInt32LE(at) === EOCD) return at;
  }
  throw new Error('not a zip file: no end-of-central-directory record');
}

function centralDirectory(zip: Buffer): { offset: number; count: number } {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  const offset = zip.readUInt32LE(eocd + 16);
  if (count !== 0xffff && offset !== 0xffffffff) return { offset, count };
  const locator = eocd - 20;
  if (locator < 0 || zip.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new Error('zip64 archive without a zip64 locator');
  const record = Number(zip.readBigUInt64LE(locator + 8));
  return { count: Number(zip.readBigUInt64LE(record + 32)), offset: Number(zip.readBigUInt64LE(record + 48)) };
}

function* centralEntries(zip: Buffer): Generator<CentralEntry> {
  const { offset, count } = centralDirectory(zip);
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error(`corrupt zip: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    yield {
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localOffset: zip.readUInt32LE(at + 42),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
    };
    at += 46 + nameLength + extraLength + commentLength;
  }
}

function entryData(zip: Buffer, entry: CentralEntry): Buffer {
  const at = entry.localOffset;
  if (zip.readUInt32LE(at) !== LOCAL) throw new Error(`corrupt zip: bad local header for ${entry.name}`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(raw);
  if (entry.method === 8) return inflateRawSync(raw);
  throw new Error(`unsupported zip compression method ${entry.method} for ${entry.name}`);
}

/** Text of every entry whose name passes `wanted`, keyed by entry name. */
export function readZipEntries(zip: Buffer, wanted: (name: string) => boolean): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of centralEntries(zip)) {
    if (entry.name.endsWith('/') || !wanted(entry.name)) continue;
    files.set(entry.name, entryData(zip, entry).toString('utf8'));
  }
  return files;
}
