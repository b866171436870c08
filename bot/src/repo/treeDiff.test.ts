import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeTree } from '../../test/tree.js';
import { changedFilesBetween, changedPaths } from './treeDiff.js';

const disposals: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(disposals.splice(0).map((d) => d()));
});

describe('tree diff', () => {
  it('lists added, removed and modified paths, sorted', () => {
    const base = new Map([['a', '1'], ['b', '2'], ['c', '3']]);
    const head = new Map([['a', '1'], ['b', 'x'], ['d', '4']]);
    expect(changedPaths(base, head)).toEqual(['b', 'c', 'd']);
  });

  it('compares real trees by content, including symlink targets', async () => {
    const base = await writeTree({ 'networks/a/network.yaml': 'name: a\n', 'same.txt': 'same', 'gone.txt': 'bye' });
    const head = await writeTree({ 'networks/a/network.yaml': 'name: b\n', 'same.txt': 'same', 'new/file.txt': 'hi' });
    disposals.push(base.dispose, head.dispose);
    await symlink('same.txt', join(base.dir, 'link'));
    await symlink('gone.txt', join(head.dir, 'link'));
    expect(await changedFilesBetween(base.dir, head.dir)).toEqual(['gone.txt', 'link', 'networks/a/network.yaml', 'new/file.txt']);
  });
});
