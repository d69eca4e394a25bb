import { PluggyClient } from "pluggy-sdk";

/**
 * The official Pluggy client. pluggy-sdk reads its base URL only from process.env.PLUGGY_API_URL
 * when constructed (the constructor option is ignored), so it is set here, just before.
 */
export function createPluggyClient(opts: { baseUrl: string | undefined; clientId: string; clientSecret: string }): PluggyClient {
  if (opts.baseUrl) process.env.PLUGGY_API_URL = opts.baseUrl;
  else delete process.env.PLUGGY_API_URL;
  return new PluggyClient({ clientId: opts.clientId, clientSecret: opts.clientSecret });
}
