// Started as its own Node process by chain.int.test.ts: start a chain, print its process id
// and port, then leave without stop() — `exit` by process.exit(0), `hang` by waiting to be
// killed (bounded) — to show that no chain outlives the process that started it.
import { startChain } from './startChain.js';

const how = process.argv[2];
const peer = await startChain({ runtime: 'parachain' });
console.log(JSON.stringify({ pid: peer.pid, port: peer.port }));
if (how === 'exit') process.exit(0);
setTimeout(() => process.exit(3), 120_000);
