/**
 * The Plaid Link stand-in (plain browser JS, no dependencies), kept in parts by concern and served
 * as ONE script at /sandbox/plaid-link.js by app/sandbox/plaid-link.js/route.ts. The parts are
 * consecutive pieces of one IIFE (each alone is not a whole script): keep their order.
 * It defines window.Plaid as react-plaid-link@5 uses it; plaid-link-shim.tsx loads it.
 */
import { createHash } from "node:crypto";
import { EMBEDDED } from "./embedded";
import { HANDLER_EVENTS } from "./handler-events";
import { HANDLER_FLOW } from "./handler-flow";
import { HANDLER_VIEWS } from "./handler-views";
import { PRELUDE } from "./prelude";

export const PLAID_LINK_SCRIPT = [PRELUDE, HANDLER_EVENTS, HANDLER_VIEWS, HANDLER_FLOW, EMBEDDED].join("");

/** A strong validator of the script's bytes (for If-None-Match). */
export const PLAID_LINK_ETAG = `"${createHash("sha256").update(PLAID_LINK_SCRIPT).digest("base64url").slice(0, 27)}"`;
