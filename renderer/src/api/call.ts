import { API_METHODS, type ApiMethod, type ReverieApi } from '../../../shared/api.js';

/** A failed call, with the server's words. */
export class ApiCallError extends Error {
  constructor(
    readonly method: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

/** Builds the typed methods from one generic `call`. */
export function methodsFrom(call: (method: ApiMethod, params: unknown) => Promise<unknown>): ReverieApi {
  const api = {} as Record<ApiMethod, (params: unknown) => Promise<unknown>>;
  for (const m of API_METHODS) api[m] = (params) => call(m, params ?? {});
  return api as unknown as ReverieApi;
}
