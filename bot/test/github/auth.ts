// Who a request authenticates as. App endpoints need the app's JWT (RS256, signed with its
// private key); an installation token must be one the stand-in handed out.
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';

export type AuthKind = 'app' | 'installation' | 'token' | 'none';

export interface AuthResult {
  kind: AuthKind;
  /** Why the credentials were refused, when they were. */
  problem?: string;
}

export interface AuthSettings {
  appId: number;
  /** Without a key any bearer token counts as the app. */
  publicKey?: KeyObject;
  issuedTokens: readonly string[];
}

export function publicKeyOf(privateKey: string | undefined): KeyObject | undefined {
  return privateKey ? createPublicKey(privateKey) : undefined;
}

export function authenticate(header: string | undefined, settings: AuthSettings, nowSeconds = Date.now() / 1000): AuthResult {
  if (!header) return { kind: 'none' };
  const [scheme, credential = ''] = header.trim().split(/\s+/, 2);
  if (credential.split('.').length === 3 && scheme?.toLowerCase() === 'bearer') return checkJwt(credential, settings, nowSeconds);
  if (credential.startsWith('ghs_')) {
    return settings.issuedTokens.includes(credential) ? { kind: 'installation' } : { kind: 'installation', problem: 'Bad credentials (unknown installation token)' };
  }
  return { kind: 'token' };
}

function checkJwt(jwt: string, settings: AuthSettings, nowSeconds: number): AuthResult {
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  let claims: { iss?: string | number; exp?: number; iat?: number };
  let alg: string | undefined;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string }).alg;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof claims;
  } catch {
    return { kind: 'app', problem: 'A JSON web token could not be decoded' };
  }
  if (!settings.publicKey) return { kind: 'app' };
  if (alg !== 'RS256') return { kind: 'app', problem: `'alg' must be RS256, got ${String(alg)}` };
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(settings.publicKey, Buffer.from(signature, 'base64url'))) {
    return { kind: 'app', problem: "A JSON web token could not be decoded (signature does not match the app's key)" };
  }
  if (String(claims.iss) !== String(settings.appId)) return { kind: 'app', problem: `'Issuer' claim ('iss') must be ${settings.appId}, got ${String(claims.iss)}` };
  if (typeof claims.exp !== 'number' || claims.exp < nowSeconds) return { kind: 'app', problem: "'Expiration time' claim ('exp') is missing or in the past" };
  if (typeof claims.iat === 'number' && claims.exp - claims.iat > 600) return { kind: 'app', problem: "'Expiration time' claim ('exp') is too far in the future" };
  return { kind: 'app' };
}
