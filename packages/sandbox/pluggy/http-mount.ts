/**
 * The Pluggy emulator on core/http.ts's server: any method under `/pluggy/<path>`, with the
 * decoded query and the JSON body parsed (malformed JSON is a 400 before the emulator sees it).
 */
import type { SandboxHttpMount } from "@bank-connections/sandbox/core/http";
import type { PluggyRequest, PluggyResponse } from "./sandbox";

export type PluggyHandler = { handle(req: PluggyRequest): Promise<PluggyResponse> };

export function pluggyHttpMount(pluggy: PluggyHandler, prefix = "/pluggy"): SandboxHttpMount {
  return {
    prefix,
    async handle(req) {
      let body: unknown;
      if (req.rawBody.trim() !== "") {
        try {
          body = JSON.parse(req.rawBody);
        } catch {
          return { status: 400, body: { code: 400, codeDescription: "INVALID_BODY", message: "request body is not valid JSON" } };
        }
      }
      return pluggy.handle({ method: req.method, path: req.path, query: req.query, headers: req.headers, body });
    },
  };
}
