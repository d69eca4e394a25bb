/**
 * `institution_id` on /link/token/create (Plaid's field that opens Link on one institution).
 *
 * The Plaid emulator accepts the field but does not keep it, so the app layer remembers it per
 * link token (in the shared store's `appLinkInstitutions` section, so it survives restarts) and adds it to the Link
 * stand-in's `/link/sandbox/session` answer as `institution_id`. The stand-in then skips the
 * institution list. An id that is not among the session's institutions is ignored.
 */
import { defineSection, sectionOf, setSection, type SandboxStore } from "@bank-connections/sandbox/core/store";

const MAX_ENTRIES = 200;

type Entries = Record<string, { institutionId: string; at: number }>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function entriesOf(raw: unknown): Entries {
  const out: Entries = {};
  if (!isRecord(raw)) return out;
  for (const [token, v] of Object.entries(raw)) {
    if (isRecord(v) && typeof v.institutionId === "string" && typeof v.at === "number") out[token] = { institutionId: v.institutionId, at: v.at };
  }
  return out;
}

const linkInstitutions = defineSection<Entries>({ name: "appLinkInstitutions", create: () => ({}), normalize: entriesOf });

function parseJsonObject(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw);
    return isRecord(v) ? v : null;
  } catch {
    return null;
  }
}

/** After a successful /link/token/create: remember `institution_id` for the new token. */
export async function rememberLinkInstitution(store: SandboxStore, rawRequest: string, responseBody: unknown): Promise<void> {
  const req = parseJsonObject(rawRequest);
  const institutionId = req?.institution_id;
  if (typeof institutionId !== "string" || institutionId.length === 0 || institutionId.length > 64) return;
  if (!isRecord(responseBody) || typeof responseBody.link_token !== "string") return;
  const token = responseBody.link_token;
  await store.update((s) => {
    const entries = sectionOf(s, linkInstitutions);
    entries[token] = { institutionId, at: Date.now() };
    const kept = Object.entries(entries)
      .sort((a, b) => b[1].at - a[1].at)
      .slice(0, MAX_ENTRIES);
    setSection(s, linkInstitutions, Object.fromEntries(kept));
  });
}

/** After a successful /link/sandbox/session: add `institution_id` when the token was created with one. */
export async function withLinkInstitution(store: SandboxStore, rawRequest: string, responseBody: unknown): Promise<unknown> {
  if (!isRecord(responseBody) || responseBody.mode !== "create") return responseBody;
  // An emulator that reports it itself wins.
  if (typeof responseBody.institution_id === "string" && responseBody.institution_id) return responseBody;
  const token = parseJsonObject(rawRequest)?.link_token;
  if (typeof token !== "string") return responseBody;
  const entry = sectionOf(await store.read(), linkInstitutions)[token];
  if (!entry) return responseBody;
  const offered = Array.isArray(responseBody.institutions) ? responseBody.institutions : [];
  const known = offered.some((i) => isRecord(i) && i.institution_id === entry.institutionId);
  return known ? { ...responseBody, institution_id: entry.institutionId } : responseBody;
}
