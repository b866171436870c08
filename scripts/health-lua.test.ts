// Runs the Argo CD StatefulSet health check (clusters/*/health/statefulset.lua) in a real Lua VM
// (fengari) against StatefulSet status fixtures, the way Argo CD does: the object as the global
// `obj`, the script's return value as the health status.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../bot/src/tools/cache.js';
import { runTool } from '../bot/src/tools/run.js';

// fengari ships no type declarations: describe the few calls used here.
interface LuaApi {
  LUA_OK: number;
  LUA_TNIL: number;
  lua_pushnil(L: unknown): void;
  lua_pushboolean(L: unknown, b: boolean): void;
  lua_pushinteger(L: unknown, n: number): void;
  lua_pushnumber(L: unknown, n: number): void;
  lua_pushstring(L: unknown, s: Uint8Array): void;
  lua_createtable(L: unknown, narr: number, nrec: number): void;
  lua_setfield(L: unknown, index: number, key: Uint8Array): void;
  lua_seti(L: unknown, index: number, i: number): void;
  lua_setglobal(L: unknown, name: Uint8Array): void;
  lua_pcall(L: unknown, nargs: number, nresults: number, errfunc: number): number;
  lua_getfield(L: unknown, index: number, key: Uint8Array): number;
  lua_tojsstring(L: unknown, index: number): string;
  lua_type(L: unknown, index: number): number;
  lua_pop(L: unknown, n: number): void;
}
interface Fengari {
  lua: LuaApi;
  lauxlib: { luaL_newstate(): unknown; luaL_loadstring(L: unknown, s: Uint8Array): number };
  lualib: { luaL_openlibs(L: unknown): void };
  to_luastring(s: string): Uint8Array;
}
const fengari = createRequire(import.meta.url)('fengari') as Fengari;
const { lua, lauxlib, lualib, to_luastring } = fengari;

function pushValue(L: unknown, value: unknown): void {
  if (value === null || value === undefined) lua.lua_pushnil(L);
  else if (typeof value === 'boolean') lua.lua_pushboolean(L, value);
  else if (typeof value === 'number') Number.isInteger(value) ? lua.lua_pushinteger(L, value) : lua.lua_pushnumber(L, value);
  else if (typeof value === 'string') lua.lua_pushstring(L, to_luastring(value));
  else if (Array.isArray(value)) {
    lua.lua_createtable(L, value.length, 0);
    value.forEach((item, i) => {
      pushValue(L, item);
      lua.lua_seti(L, -2, i + 1);
    });
  } else {
    lua.lua_createtable(L, 0, 0);
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      pushValue(L, item);
      lua.lua_setfield(L, -2, to_luastring(key));
    }
  }
}

interface Health {
  status: string;
  message: string;
}

/** Evaluate a health script for one object, as Argo CD does. */
function evaluate(script: string, obj: unknown): Health {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  pushValue(L, obj);
  lua.lua_setglobal(L, to_luastring('obj'));
  if (lauxlib.luaL_loadstring(L, to_luastring(script)) !== lua.LUA_OK) {
    throw new Error(`health script does not compile: ${lua.lua_tojsstring(L, -1)}`);
  }
  if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) {
    throw new Error(`health script failed: ${lua.lua_tojsstring(L, -1)}`);
  }
  const field = (key: string): string => {
    const type = lua.lua_getfield(L, -1, to_luastring(key));
    const text = type === lua.LUA_TNIL ? '' : lua.lua_tojsstring(L, -1);
    lua.lua_pop(L, 1);
    return text;
  };
  return { status: field('status'), message: field('message') };
}

type Status = Record<string, unknown>;
type Strategy = Record<string, unknown>;

/** A 10-replica StatefulSet at generation 3, with the given status and update strategy. */
function statefulSet(status: Status | undefined, updateStrategy: Strategy = { type: 'RollingUpdate' }): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'validator', namespace: 'rococo-ten', generation: 3 },
    spec: { replicas: 10, serviceName: 'validator', updateStrategy },
    ...(status === undefined ? {} : { status }),
  };
}

const settled: Status = {
  observedGeneration: 3,
  replicas: 10,
  readyReplicas: 10,
  currentReplicas: 10,
  updatedReplicas: 10,
  availableReplicas: 10,
  currentRevision: 'validator-7d9c5b6f4',
  updateRevision: 'validator-7d9c5b6f4',
};

const clustersDir = join(REPO_ROOT, 'clusters');
const clusters = readdirSync(clustersDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(clustersDir, entry.name, 'health', 'statefulset.lua')))
  .map((entry) => entry.name);

it('finds at least one cluster with a StatefulSet health check', () => {
  expect(clusters.length).toBeGreaterThan(0);
});

describe.each(clusters)('clusters/%s/health/statefulset.lua', (cluster) => {
  const script = readFileSync(join(clustersDir, cluster, 'health', 'statefulset.lua'), 'utf8');

  it('is Healthy when every replica is ready on the current revision', () => {
    expect(evaluate(script, statefulSet(settled))).toEqual({
      status: 'Healthy',
      message: 'All 10 replicas ready on revision validator-7d9c5b6f4',
    });
  });

  it('is Progressing while updatedReplicas < replicas (rolling update under way)', () => {
    const health = evaluate(script, statefulSet({ ...settled, updatedReplicas: 7, updateRevision: 'validator-59f8d8c7b' }));
    expect(health.status).toBe('Progressing');
    expect(health.message).toContain('7 of 10');
  });

  it('is Progressing while the controller has not observed the latest generation', () => {
    const health = evaluate(script, statefulSet({ ...settled, observedGeneration: 2 }));
    expect(health.status).toBe('Progressing');
    expect(health.message).toContain('generation 3');
  });

  it('is Progressing while currentRevision differs from updateRevision', () => {
    const health = evaluate(script, statefulSet({ ...settled, updateRevision: 'validator-59f8d8c7b' }));
    expect(health.status).toBe('Progressing');
    expect(health.message).toContain('validator-59f8d8c7b');
  });

  it('is Progressing while a replica is not ready', () => {
    const health = evaluate(script, statefulSet({ ...settled, readyReplicas: 9 }));
    expect(health).toEqual({ status: 'Progressing', message: 'Waiting for readiness: 9 of 10 replicas ready' });
  });

  it('is Progressing while scaling up (replicas behind spec)', () => {
    const health = evaluate(script, statefulSet({ ...settled, replicas: 8, readyReplicas: 8, updatedReplicas: 8 }));
    expect(health.status).toBe('Progressing');
    expect(health.message).toContain('8 of 10');
  });

  it('names the partition when a partitioned rolling update holds old pods back', () => {
    const strategy = { type: 'RollingUpdate', rollingUpdate: { partition: 5 } };
    const health = evaluate(script, statefulSet({ ...settled, updatedReplicas: 5, updateRevision: 'validator-59f8d8c7b' }, strategy));
    expect(health.status).toBe('Progressing');
    expect(health.message).toContain('partition 5');
  });

  it('says pods must be deleted when an OnDelete update is pending', () => {
    const health = evaluate(script, statefulSet({ ...settled, updatedReplicas: 0, updateRevision: 'validator-59f8d8c7b' }, { type: 'OnDelete' }));
    expect(health.status).toBe('Progressing');
    expect(health.message).toContain('OnDelete');
  });

  it('is Progressing before the controller reports any status', () => {
    expect(evaluate(script, statefulSet(undefined)).status).toBe('Progressing');
  });

  it('is the script argocd-cm carries under resource.customizations.health.apps_StatefulSet', async () => {
    const { stdout } = await runTool('kubectl', 'kubectl', ['kustomize', join(clustersDir, cluster)], { timeoutMs: 60_000 });
    const argocdCm = stdout
      .split(/^---$/m)
      .map((doc) => parse(doc) as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> })
      .find((doc) => doc?.kind === 'ConfigMap' && doc.metadata?.name === 'argocd-cm');
    expect(argocdCm?.data?.['resource.customizations.health.apps_StatefulSet']).toBe(script);
  });
});
