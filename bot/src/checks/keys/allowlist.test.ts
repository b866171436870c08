import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { inlineMarker, parseAllowlist } from './allowlist.js';

const FILE = '.github/key-allowlist.yaml';

function errorOf(text: string): InputError {
  try {
    parseAllowlist(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  return expect.fail('expected an InputError');
}

describe('parseAllowlist', () => {
  it('reads entries with their own line, and accepts an empty or comment-only file', () => {
    expect(parseAllowlist('# nothing yet\n', FILE)).toEqual([]);
    expect(parseAllowlist('entries: []\n', FILE)).toEqual([]);
    const entries = parseAllowlist('# header\nentries:\n  - path: ./a.yaml\n    fingerprint: 0a1b2c3d\n    reason: " public test key "\n', FILE);
    expect(entries).toEqual([{ path: 'a.yaml', fingerprint: '0a1b2c3d', reason: 'public test key', source: { file: FILE, line: 3 } }]);
  });

  it.each([
    ['entries:\n  - path: a.yaml\n    line: 3\n', 2, '`reason` is required'],
    ['entries:\n  - path: a.yaml\n    line: 3\n    reason: ok\n  - path: b.yaml\n    reason: no target\n', 5, 'give `line` or `fingerprint`'],
    ['entries:\n  - path: a.yaml\n    line: 0\n    reason: x\n', 2, '`line` must be a positive whole number'],
    ['entries:\n  - path: a.yaml\n    fingerprint: ABC\n    reason: x\n', 2, '`fingerprint` must be the 8 lower-case hex'],
    ['entries:\n  - path: a.yaml\n    line: 2\n    reason: x\n    why: y\n', 2, 'unknown field `why`'],
    ['allow:\n  - path: a.yaml\n', 1, 'unknown top-level key allow'],
    ['entries:\n  - reason: x\n    line: 2\n', 2, '`path`'],
    ['entries: [\n', 2, 'not valid YAML'],
  ])('rejects %j at line %i', (text, line, message) => {
    const error = errorOf(text);
    expect(error.file).toBe(FILE);
    expect(error.line).toBe(line);
    expect(error.message).toContain(message);
  });
});

describe('inlineMarker', () => {
  const lines = ['seed: x', '# substrate-gitops: allow-key-material test fixture -->', 'seed: y', '/* substrate-gitops: allow-key-material */', 'seed: z'];
  const at = (n: number): string => lines[n - 1] ?? '';
  it('needs a reason, on the same or the previous line', () => {
    expect(inlineMarker(at, 1)).toEqual({ kind: 'none' });
    expect(inlineMarker(at, 3)).toEqual({ kind: 'allowed', reason: 'test fixture' });
    expect(inlineMarker(at, 5)).toEqual({ kind: 'no-reason', line: 4 });
  });
});
