/** Rules of the Pluggy emulator's Items: credential parameters, and the status details of partial or warned successes. */
import { badRequest } from "./errors";
import type { WireStatusDetail } from "./types";

/** Checks that `user` and `password` are present and are strings of sane length. */
export function validateParameters(params: Record<string, string> | null | undefined, existing?: Record<string, string>): Record<string, string> {
  if (!params || Object.keys(params).length === 0) {
    if (existing) return {};
    throw badRequest("PARAMETERS_NOT_PROVIDED", "Parameters were not provided");
  }
  const merged = { ...(existing ?? {}), ...params };
  const errors: Array<{ code: string; message: string; parameter: string }> = [];
  for (const name of ["user", "password"]) {
    const v = merged[name];
    if (v === undefined || v.trim() === "") errors.push({ code: "001", message: `${name} is required`, parameter: name });
    else if (v.length > 100) errors.push({ code: "002", message: `${name} is too long`, parameter: name });
  }
  if (errors.length > 0) {
    throw badRequest("PARAMETER_VALIDATION_ERROR", errors.map((e) => e.message).join("; "), { errors });
  }
  return { ...params };
}

export function validationResult(params: Record<string, string>): { parameters: Record<string, string>; errors: Array<{ code: string; message: string; parameter: string }> } {
  const errors: Array<{ code: string; message: string; parameter: string }> = [];
  for (const name of ["user", "password"]) {
    const v = params[name];
    if (v === undefined || v.trim() === "") errors.push({ code: "001", message: `${name} is required`, parameter: name });
  }
  return { parameters: params, errors };
}

export function statusDetail(variant: "partial" | "warning", nowIso: string, previous: string | null): WireStatusDetail {
  const ok = { isUpdated: true, lastUpdatedAt: nowIso };
  if (variant === "partial") {
    return {
      accounts: ok,
      creditCards: {
        isUpdated: false,
        lastUpdatedAt: previous,
        warnings: [{ code: "001", message: "The credit card data could not be collected from the institution", providerMessage: "Serviço de cartões indisponível" }],
      },
      transactions: ok,
      investments: null,
      investmentTransactions: null,
      identity: null,
      paymentData: null,
      loans: null,
      accountStatements: null,
    };
  }
  return {
    accounts: ok,
    creditCards: ok,
    transactions: { ...ok, warnings: [{ code: "001", message: "Some transactions could not be collected", providerMessage: "Extrato parcial" }] },
    investments: null,
    investmentTransactions: null,
    identity: null,
    paymentData: null,
    loans: null,
    accountStatements: null,
  };
}
