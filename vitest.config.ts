import { defineConfig } from 'vitest/config';

// Two projects: `unit` needs no long-running peer (it still runs the real
// kustomize/kubeconform/conftest/git); `integration` talks to a real chain
// (chopsticks) and a real kube-apiserver, started once per run by its global set-up.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['bot/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['bot/**/*.int.test.ts'],
          globalSetup: ['bot/test/peers.global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
