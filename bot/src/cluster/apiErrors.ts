// Kubernetes API failures by HTTP status, not by message text.
import { ApiException } from '@kubernetes/client-node';

export function apiStatus(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

export const isNotFound = (error: unknown) => apiStatus(error) === 404;
export const isConflict = (error: unknown) => apiStatus(error) === 409;
export const isForbidden = (error: unknown) => apiStatus(error) === 403;
