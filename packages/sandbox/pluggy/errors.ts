/**
 * Pluggy's error shape: `{ code, codeDescription?, message, data? }` where `code` repeats the HTTP
 * status (docs.pluggy.ai "Basic Concepts": "Errors share one shape, whatever the endpoint").
 * The SDK rejects with this parsed body; its own tests only rely on `message || code`.
 */
export type PluggyErrorBody = {
  code: number;
  codeDescription?: string;
  message: string;
  data?: unknown;
};

export class PluggyApiError extends Error {
  readonly status: number;
  readonly codeDescription: string | undefined;
  readonly data: unknown;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: number,
    codeDescription: string | undefined,
    message: string,
    opts: { data?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "PluggyApiError";
    this.status = status;
    this.codeDescription = codeDescription;
    this.data = opts.data;
    this.headers = opts.headers;
  }

  toBody(): PluggyErrorBody {
    const body: PluggyErrorBody = { code: this.status, message: this.message };
    if (this.codeDescription) body.codeDescription = this.codeDescription;
    if (this.data !== undefined) body.data = this.data;
    return body;
  }
}

export const badRequest = (codeDescription: string, message: string, data?: unknown) =>
  new PluggyApiError(400, codeDescription, message, { data });

export const unauthorized = (codeDescription: string, message: string) =>
  new PluggyApiError(401, codeDescription, message);

export const forbidden = (message: string) => new PluggyApiError(403, "FORBIDDEN", message);

export const notFound = (what: string, id?: string) =>
  new PluggyApiError(404, "NOT_FOUND", id === undefined ? `${what} not found` : `${what} ${id} not found`);

export const methodNotAllowed = (method: string, path: string) =>
  new PluggyApiError(405, "METHOD_NOT_ALLOWED", `Method ${method} is not allowed on ${path}`);

export const tooManyRequests = (retryAfterSeconds: number, extraHeaders: Record<string, string> = {}) =>
  new PluggyApiError(429, undefined, "Too many requests. Please try again later (see Retry-After header in seconds)", {
    headers: { "Retry-After": String(retryAfterSeconds), ...extraHeaders },
  });
