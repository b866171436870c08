// Test helper: a relay chain and the Asset Hub parachain peer (para 1000) as the collator tests
// drive them — both connected, their dev methods, downward delivery from relay to para — plus
// the network specs and collator nodes of a para whose root is the relay. Seeds are per run.
import { randomUUID } from 'node:crypto';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { SeedSource } from '../src/chain/identity.js';
import { connect } from '../src/chain/connect.js';
import type { NetworkSpec } from '../src/model/networkFile.js';
import { connectChainDev, type ChainDev } from '../src/peers/chain/index.js';
import type { PlannedNode } from '../src/plan/types.js';
import { downwardDelivery, type DownwardDelivery } from './downwardMessages.js';

export const ASSET_HUB_PARA_ID = 1000;
const PARA = 'asset-hub';
const RELAY = 'relay';

type Dev = ChainDev & { close(): Promise<void> };

export interface RelayParaPair {
  relay: ApiPromise;
  para: ApiPromise;
  relayDev: Dev;
  paraDev: Dev;
  delivery: DownwardDelivery;
  /** Fresh per pair: the nodes' seed and the para operator's secret URI. */
  nodeSeed: string;
  paraOperatorUri: string;
  /** relay-operator → the relay's sudo, para-operator → the para operator, anything else → the node seed. */
  seeds: SeedSource;
  relaySpec: NetworkSpec;
  paraSpec(mode: 'invulnerable' | 'candidate', root?: 'relay-xcm' | 'sudo'): NetworkSpec;
  collator(pod: string): PlannedNode;
  /** A collator's account id (hex), derived here from the seed, independently of the executor. */
  accountOf(pod: string): string;
  close(): Promise<void>;
}

export const sr25519 = () => new Keyring({ type: 'sr25519', ss58Format: 42 });

export async function connectRelayAndPara(options: { relayWs: string; paraWs: string; relaySudoUri: string; relayChainName: string; tag: string }): Promise<RelayParaPair> {
  await cryptoWaitReady();
  const run = randomUUID().slice(0, 8);
  const nodeSeed = `//substrate-gitops//${options.tag}-${run}`;
  const paraOperatorUri = `${nodeSeed}//para-operator`;
  const [relay, para] = await Promise.all([connect(options.relayWs), connect(options.paraWs)]);
  const relayDev = await connectChainDev(options.relayWs);
  const paraDev = await connectChainDev(options.paraWs);
  const delivery = await downwardDelivery(relay, options.paraWs, ASSET_HUB_PARA_ID);
  // The para operator pays node accounts on the para (its own chain has no root for it).
  await paraDev.fund(sr25519().addFromUri(paraOperatorUri).address, 10n ** 15n);
  return {
    relay,
    para,
    relayDev,
    paraDev,
    delivery,
    nodeSeed,
    paraOperatorUri,
    seeds: async (secret) => (secret === 'relay-operator' ? options.relaySudoUri : secret === 'para-operator' ? paraOperatorUri : nodeSeed),
    relaySpec: {
      apiVersion: 'substrate-gitops.io/v1alpha1',
      kind: 'Network',
      name: RELAY,
      chain: { name: options.relayChainName, kind: 'relay', rpc: options.relayWs },
      operator: { seedSecret: { name: 'relay-operator' }, root: 'sudo' },
      registration: {},
    },
    paraSpec: (mode, root = 'relay-xcm') => ({
      apiVersion: 'substrate-gitops.io/v1alpha1',
      kind: 'Network',
      name: PARA,
      chain: { name: 'asset-hub', kind: 'parachain', rpc: options.paraWs, paraId: ASSET_HUB_PARA_ID, relay: RELAY },
      operator: { seedSecret: { name: 'para-operator' }, root },
      registration: { collators: mode },
    }),
    collator: (pod) => ({
      network: PARA,
      group: 'collator',
      pod,
      role: 'collator',
      keys: { secret: `${PARA}-seeds`, secretKey: 'seed', keyPath: `//${pod}//{type}//g{generation}`, accountPath: `//${pod}`, keyTypes: [{ type: 'aura', scheme: 'sr25519' }], generation: 1 },
    }),
    accountOf: (pod) => u8aToHex(sr25519().addFromUri(`${nodeSeed}//${pod}`).publicKey),
    close: async () => {
      await delivery.close();
      await relayDev.close();
      await paraDev.close();
      await Promise.all([relay.disconnect(), para.disconnect()]);
    },
  };
}
