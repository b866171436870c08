import { describe, expect, it } from 'vitest';
import { ChainCapabilityError } from './errors.js';
import { invulnerableVia, onboardVia, rootVia, sessionKeyOrder, sessionKeysVia, setKeysProofKind, validatorVia, xcmVersionFor, type RuntimeFacts } from './metadata.js';

function facts(over: Partial<RuntimeFacts> = {}): RuntimeFacts {
  return {
    runtime: 'paseo 1001002',
    calls: {
      session: ['setKeys', 'purgeKeys'],
      staking: ['bond', 'validate', 'chill', 'unbond', 'setValidatorCount'],
      utility: ['batchAll', 'dispatchAs'],
      sudo: ['sudo', 'sudoAs'],
      registrar: ['forceRegister', 'deregister'],
      slots: ['forceLease', 'clearAllLeases'],
      balances: ['forceSetBalance', 'transferKeepAlive'],
    },
    sessionKeyFields: ['grandpa', 'babe', 'imOnline', 'paraValidator', 'paraAssignment', 'authorityDiscovery', 'beefy'],
    setKeysProofType: 'Bytes',
    runtimeApis: { sessionKeys: { generateSessionKeys: ['seed'], decodeSessionKeys: ['encoded'] } },
    xcmVersions: [2, 3, 4],
    ...over,
  };
}

const ALL = ['beef:ecdsa', 'gran:ed25519', 'babe:sr25519', 'imon:sr25519', 'para:sr25519', 'asgn:sr25519', 'audi:sr25519'].map((s) => {
  const [type, scheme] = s.split(':');
  return { type: type!, scheme: scheme as 'sr25519' };
});

describe('metadata decisions', () => {
  it('orders key types by the runtime SessionKeys, not by the annotation', () => {
    expect(sessionKeyOrder(facts(), ALL, 'validator').map((k) => k.type)).toEqual(['gran', 'babe', 'imon', 'para', 'asgn', 'audi', 'beef']);
    expect(sessionKeyOrder(facts({ sessionKeyFields: ['aura'] }), [{ type: 'aura', scheme: 'sr25519' }], 'collator').map((k) => k.type)).toEqual(['aura']);
    expect(sessionKeyOrder(facts({ sessionKeyFields: ['para_validator', 'authority_discovery'] }), ALL, 'v').map((k) => k.type)).toEqual(['para', 'audi']);
  });

  it('names the fields a node group declares no key for', () => {
    expect(() => sessionKeyOrder(facts(), ALL.filter((k) => k.type !== 'beef' && k.type !== 'imon'), 'validator')).toThrow(
      /node group `validator`.*imOnline \(key type `imon`\), beefy \(key type `beef`\)/,
    );
    expect(() => sessionKeyOrder(facts({ sessionKeyFields: ['strange'] }), ALL, 'v')).toThrow(/strange \(no known key type id\)/);
  });

  it('decides the proof from the SessionKeys runtime API', () => {
    expect(setKeysProofKind(facts())).toBe('empty');
    expect(setKeysProofKind(facts({ runtimeApis: { sessionKeys: { generateSessionKeys: ['owner', 'seed'] } } }))).toBe('ownership');
  });

  it('derives keys unless the network asks nodes to rotate over RPC', () => {
    expect(sessionKeysVia({ registration: {} })).toBe('derive');
    expect(sessionKeysVia({ registration: { sessionKeys: 'derive' } })).toBe('derive');
    expect(sessionKeysVia({ registration: { sessionKeys: 'rotate-rpc' } })).toBe('rotate-rpc');
  });

  it('registers validators with validatorManager where it exists, else staking', () => {
    expect(validatorVia(facts())).toBe('staking');
    const rococo = facts({ calls: { ...facts().calls, validatorManager: ['registerValidators', 'deregisterValidators'] } });
    expect(validatorVia(rococo)).toBe('validatorManager');
    const { staking: _s, ...noStaking } = facts().calls;
    expect(() => validatorVia(facts({ calls: noStaking }))).toThrow(ChainCapabilityError);
    expect(() => validatorVia(facts({ calls: noStaking }))).toThrow(/no pallet `staking`/);
  });

  it('names the missing sudo when network.yaml declares root by sudo', () => {
    const { sudo: _s, ...noSudo } = facts().calls;
    expect(rootVia(facts(), { name: 'n', operator: { seedSecret: { name: 's' }, root: 'sudo' } })).toBe('sudo');
    expect(() => rootVia(facts({ calls: noSudo, runtime: 'statemine 900' }), { name: 'rockmine', operator: { seedSecret: { name: 's' } } })).toThrow(
      'runtime statemine 900 has no pallet `sudo`, needed to act as root on rockmine with `sudo.sudo` (network.yaml operator.root: sudo; a parachain without sudo takes operator.root: relay-xcm)',
    );
    expect(rootVia(facts({ calls: noSudo }), { name: 'n', operator: { seedSecret: { name: 's' }, root: 'relay-xcm' } })).toBe('relay-xcm');
  });

  it('chooses add/remove for invulnerables, or the on-chain set on old pallets', () => {
    expect(invulnerableVia(facts({ calls: { collatorSelection: ['addInvulnerable', 'removeInvulnerable', 'setInvulnerables'] } }))).toBe('addRemove');
    expect(invulnerableVia(facts({ calls: { collatorSelection: ['setInvulnerables', 'registerAsCandidate'] } }))).toBe('setFromChain');
    expect(() => invulnerableVia(facts())).toThrow(/no pallet `collatorSelection`/);
  });

  it('onboards with what the relay runtime has', () => {
    expect(onboardVia(facts(), 'lease')).toBe('registrar+slots');
    expect(onboardVia(facts(), 'on-demand')).toBe('registrar');
    expect(onboardVia(facts({ calls: { ...facts().calls, assignedSlots: ['assignPermParachainSlot'] } }), 'lease')).toBe('registrar+assignedSlots');
    expect(onboardVia(facts({ calls: { parasSudoWrapper: ['sudoScheduleParaInitialize'] } }), 'lease')).toBe('parasSudoWrapper');
    expect(() => onboardVia(facts({ calls: { registrar: ['forceRegister'] } }), 'lease')).toThrow(/no pallet `slots`/);
  });

  it('sends the highest XCM version both runtimes know', () => {
    expect(xcmVersionFor(facts(), facts({ xcmVersions: [0, 1, 2] }))).toBe(2);
    expect(xcmVersionFor(facts(), facts({ xcmVersions: [2, 3] }))).toBe(3);
    expect(() => xcmVersionFor(facts({ xcmVersions: [4] }), facts({ xcmVersions: [2] }))).toThrow(/share no XCM version/);
  });
});
