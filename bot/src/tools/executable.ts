import { access, constants } from 'node:fs/promises';

/** True when `path` exists and this process may execute it (a cached tool or peer binary). */
export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
