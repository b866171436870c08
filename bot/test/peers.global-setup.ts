// Integration global set-up: starts the real peers once per run and provides where they are
// (keys and types in ./peers.ts). Every peer is stopped in the returned teardown, and a peer
// that fails to start stops the others (running or still starting) before the error is reported.

import type { TestProject } from 'vitest/node';
import { startChain } from '../src/peers/chain/index.js';
import { startKubeApiServer } from '../src/peers/kube/start.js';
import { startTogether } from '../src/peers/startTogether.js';
import { TEST_SUDO_FUNDS, TEST_SUDO_URI, testAccount } from './peers.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
  };
  try {
    const sudo = await testAccount(TEST_SUDO_URI);
    // All peers start in parallel (each in its own processes); when one fails, the others
    // are stopped, also those still starting or building.
    const [relay, parachain, kube] = await startTogether(
      [
        { name: 'relay chain', start: (signal) => startChain({ runtime: 'relay', sudo: sudo.address, signal }) },
        { name: 'parachain', start: (signal) => startChain({ runtime: 'parachain', signal }) },
        { name: 'kube-apiserver', start: (signal) => startKubeApiServer({ signal }) },
      ],
      { log: (line) => console.error(`peers: ${line}`) },
    );
    for (const started of [relay, parachain, kube]) stops.push(() => started.stop());

    await relay.fund(sudo.address, TEST_SUDO_FUNDS);
    project.provide('relayWs', relay.wsUrl);
    project.provide('parachainWs', parachain.wsUrl);
    project.provide('sudoUri', TEST_SUDO_URI);
    project.provide('sudoAddress', sudo.address);

    project.provide('kubeServer', kube.server);
    project.provide('kubeAdminConfig', kube.adminKubeconfig);
    project.provide('kubeBotConfig', kube.botKubeconfig);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
