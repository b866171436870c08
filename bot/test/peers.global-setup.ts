// Integration global set-up: starts the real peers once per run and provides where they are
// (keys and types in ./peers.ts). Every peer is stopped in the returned teardown, and a peer
// that fails to start stops the ones already running before the error is reported.

import type { TestProject } from 'vitest/node';
import { startChain } from '../src/peers/chain/index.js';
import { startKubeApiServer } from '../src/peers/kube/start.js';
import { TEST_SUDO_FUNDS, TEST_SUDO_URI, testAccount } from './peers.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
  };
  try {
    const sudo = await testAccount(TEST_SUDO_URI);
    // All peers start in parallel (each in its own processes); wait for all either way,
    // so one that comes up while a sibling fails is still stopped.
    const [relay, parachain, kube] = await Promise.allSettled([
      startChain({ runtime: 'relay', sudo: sudo.address }),
      startChain({ runtime: 'parachain' }),
      startKubeApiServer(),
    ]);
    for (const started of [relay, parachain, kube]) {
      if (started.status === 'fulfilled') stops.push(() => started.value.stop());
    }
    if (relay.status === 'rejected') throw relay.reason;
    if (parachain.status === 'rejected') throw parachain.reason;
    if (kube.status === 'rejected') throw kube.reason;

    await relay.value.fund(sudo.address, TEST_SUDO_FUNDS);
    project.provide('relayWs', relay.value.wsUrl);
    project.provide('parachainWs', parachain.value.wsUrl);
    project.provide('sudoUri', TEST_SUDO_URI);
    project.provide('sudoAddress', sudo.address);

    project.provide('kubeServer', kube.value.server);
    project.provide('kubeAdminConfig', kube.value.adminKubeconfig);
    project.provide('kubeBotConfig', kube.value.botKubeconfig);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
