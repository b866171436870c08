import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import type { CheckResult } from '../pipeline/types.js';
import { writeTree } from '../../test/tree.js';
import { decideReview, type ReviewInput } from './decide.js';
import { parseOwners, readOwners } from './owners.js';

const HEAD = 'b'.repeat(40);
const OLD = 'a'.repeat(40);

function input(over: Partial<ReviewInput> = {}, result: Partial<CheckResult> = {}): ReviewInput {
  return {
    result: { ok: true, folders: ['networks/a'], networks: [], findings: [], diff: [], plan: [], timings: {}, ...result },
    lowRisk: true,
    reasons: ['SG-APR-001: StatefulSet/rpc image tag bump'],
    prAuthor: { login: 'alice', type: 'User' },
    appLogin: 'substrate-gitops[bot]',
    owners: [{ network: 'a', owners: ['carol', '@acme/testnets'], file: 'networks/a/OWNERS' }],
    existingBotReviews: [],
    headSha: HEAD,
    ...over,
  };
}

const keyFinding = { check: 'keys' as const, severity: 'error' as const, file: 'networks/a/seed.txt', line: 3, message: 'BIP39 mnemonic (12 words, valid checksum)', rule: 'keys/bip39-mnemonic' };

describe('decideReview', () => {
  it('approves a passing low-risk change naming the commit and the reasons', () => {
    const d = decideReview(input());
    expect(d.action).toBe('approve');
    expect(d.body).toContain(HEAD);
    expect(d.body).toContain('image tag bump');
    expect(d.dismiss).toEqual([]);
  });

  it('does not approve twice for the same commit', () => {
    expect(decideReview(input({ existingBotReviews: [{ id: 1, state: 'APPROVED', commit_id: HEAD }] })).action).toBe('none');
  });

  it('requests changes on key material and dismisses its own earlier approval', () => {
    const d = decideReview(input({ existingBotReviews: [{ id: 7, state: 'APPROVED', commit_id: OLD }] }, { ok: false, findings: [keyFinding] }));
    expect(d.action).toBe('request-changes');
    expect(d.body).toContain('networks/a/seed.txt:3');
    expect(d.dismiss).toEqual([7]);
  });

  it('never approves a pull request a bot or the app itself opened', () => {
    for (const prAuthor of [{ login: 'renovate[bot]', type: 'Bot' }, { login: 'substrate-gitops[bot]', type: 'Bot' }, { login: 'substrate-gitops[bot]', type: 'User' }]) {
      const d = decideReview(input({ prAuthor }));
      expect(d.action).toBe('comment');
      expect(d.body).toMatch(/opened by a bot/);
    }
  });

  it('names the owners for a risky change and dismisses the approval of an earlier low-risk head', () => {
    const d = decideReview(input({ lowRisk: false, reasons: ['SG-APR-001: StatefulSet/validator is a validator group'], existingBotReviews: [{ id: 3, state: 'APPROVED', commit_id: OLD }, { id: 4, state: 'COMMENTED', commit_id: OLD, body: 'x' }] }));
    expect(d.action).toBe('comment');
    expect(d.body).toContain('@carol, @acme/testnets');
    expect(d.body).toContain('validator group');
    expect(d.dismiss).toEqual([3]);
    // The same comment is not repeated on a re-run.
    const again = decideReview(input({ lowRisk: false, reasons: ['SG-APR-001: StatefulSet/validator is a validator group'], existingBotReviews: [{ id: 5, state: 'COMMENTED', commit_id: HEAD, body: d.body }] }));
    expect(again.action).toBe('none');
  });

  it('lifts its own "changes requested" once the key material is gone', () => {
    const d = decideReview(input({ existingBotReviews: [{ id: 9, state: 'CHANGES_REQUESTED', commit_id: OLD }] }));
    expect(d.action).toBe('approve');
    expect(d.dismiss).toEqual([9]);
  });

  it('stays silent on failing checks but withdraws an approval', () => {
    const failing = { ok: false, findings: [{ check: 'policy' as const, severity: 'error' as const, file: 'networks/a/x.yaml', message: 'bad', rule: 'SG-IMG-001' }] };
    const d = decideReview(input({ existingBotReviews: [{ id: 2, state: 'APPROVED', commit_id: OLD }] }, failing));
    expect(d.action).toBe('none');
    expect(d.dismiss).toEqual([2]);
  });

  it('does not approve when approvals are disabled', () => {
    expect(decideReview(input({ approvalsEnabled: false })).action).toBe('comment');
  });
});

describe('owners', () => {
  it('parses logins and teams, skipping comments and duplicates', () => {
    expect(parseOwners('# owners\nalice\n@bob  # lead\n\n@acme/testnets\nalice\n', 'OWNERS')).toEqual(['alice', 'bob', '@acme/testnets']);
  });

  it('rejects a malformed line with file and line', () => {
    const error = (() => {
      try {
        parseOwners('alice\nnot a login\n', 'networks/a/OWNERS');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ file: 'networks/a/OWNERS', line: 2 });
  });

  it('reads owners from the tree it is given, and none when the file is missing', async () => {
    const tree = await writeTree({ 'networks/a/OWNERS': 'carol\n' });
    try {
      expect(await readOwners(tree.dir, ['a', 'b'])).toEqual([
        { network: 'a', owners: ['carol'], file: 'networks/a/OWNERS' },
        { network: 'b', owners: [] },
      ]);
    } finally {
      await tree.dispose();
    }
  });
});
