/** /institutions/get, /institutions/get_by_id and /institutions/search over the sandbox institution list. */
import { getInstitution, listInstitutions, normalizeName, type InstitutionHealth, type SandboxInstitution } from "@bank-connections/sandbox/data/institutions";
import { PLAID_COUNTRIES } from "@bank-connections/sandbox/data/types";
import type { HandlerCtx } from "./context";
import { PlaidApiError } from "./errors";
import { institutionsGetByIdSchema, institutionsGetSchema, institutionsSearchSchema, parseBody } from "./schemas";
import { toPlaidInstitution } from "./transform";

const SEARCH_LIMIT = 25;

function healthOf(ctx: HandlerCtx, inst: SandboxInstitution): InstitutionHealth {
  const f = ctx.state.faults;
  if (f.institutionsDown.includes(inst.institutionId) || f.institutionsNotResponding.includes(inst.institutionId)) return "DOWN";
  return inst.health;
}

export function institutionsGetById(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(institutionsGetByIdSchema, raw);
  const inst = getInstitution(body.institution_id);
  if (!inst || !inst.countryCodes.some((c) => (body.country_codes as string[]).includes(c))) throw new PlaidApiError("INVALID_INSTITUTION");
  return {
    institution: toPlaidInstitution(inst, {
      includeOptionalMetadata: body.options?.include_optional_metadata,
      includeStatus: body.options?.include_status,
      health: healthOf(ctx, inst),
      nowMs: ctx.clock.nowMs,
    }),
  };
}

export function institutionsSearch(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(institutionsSearchSchema, raw);
  const words = normalizeName(body.query).split(" ").filter(Boolean);
  const countries = PLAID_COUNTRIES.filter((c) => (body.country_codes as string[]).includes(c));
  const products = body.products ?? [];
  const found = countries
    .flatMap((c) => listInstitutions(c))
    .filter((i) => words.every((w) => normalizeName(i.name).includes(w)))
    .filter((i) => products.every((p) => (i.products as string[]).includes(p)))
    .filter((i) => body.options?.oauth === undefined || body.options.oauth === null || i.oauth === body.options.oauth)
    .slice(0, SEARCH_LIMIT);
  return {
    institutions: found.map((i) =>
      toPlaidInstitution(i, { includeOptionalMetadata: body.options?.include_optional_metadata, health: healthOf(ctx, i), nowMs: ctx.clock.nowMs }),
    ),
  };
}

/** Pages through every institution of the requested countries, in a stable order. */
export function institutionsGet(ctx: HandlerCtx, raw: Record<string, unknown>): Record<string, unknown> {
  const body = parseBody(institutionsGetSchema, raw);
  const countries = PLAID_COUNTRIES.filter((c) => (body.country_codes as string[]).includes(c));
  const products = body.options?.products ?? [];
  const seen = new Set<string>();
  const all = countries
    .flatMap((c) => listInstitutions(c))
    .filter((i) => (seen.has(i.institutionId) ? false : (seen.add(i.institutionId), true)))
    .filter((i) => products.every((p) => (i.products as string[]).includes(p)))
    .filter((i) => body.options?.oauth === undefined || body.options.oauth === null || i.oauth === body.options.oauth);
  return {
    institutions: all
      .slice(body.offset, body.offset + body.count)
      .map((i) => toPlaidInstitution(i, { includeOptionalMetadata: body.options?.include_optional_metadata, health: healthOf(ctx, i), nowMs: ctx.clock.nowMs })),
    total: all.length,
  };
}
