import type { Account, Connector, Item } from "pluggy-sdk";
import type { Institution, ItemState, ProviderAccount } from "../types";

const money = (n: number | null | undefined): string | null => (typeof n === "number" && Number.isFinite(n) ? n.toFixed(2) : null);

export function toInstitution(c: Connector): Institution {
  return {
    id: String(c.id),
    name: c.name,
    country: c.country ?? "BR",
    kind: c.type,
    ...(c.imageUrl ? { logoUrl: c.imageUrl } : {}),
    ...(c.primaryColor ? { primaryColor: c.primaryColor.startsWith("#") ? c.primaryColor : `#${c.primaryColor}` } : {}),
  };
}

export function toProviderAccount(a: Account): ProviderAccount {
  const isCard = a.type === "CREDIT";
  const digits = (a.number ?? "").replace(/\D/g, "");
  return {
    providerAccountId: a.id,
    name: a.marketingName ?? a.name,
    officialName: a.name,
    mask: digits ? digits.slice(-4) : null,
    type: isCard ? "credit" : a.type === "BANK" ? "depository" : "other",
    subtype: a.subtype ? String(a.subtype).toLowerCase() : null,
    currency: a.currencyCode ?? "BRL",
    balanceCurrent: money(a.balance),
    balanceAvailable: isCard ? money(a.creditData?.availableCreditLimit) : money(a.balance),
  };
}

export function toItemState(item: Item): ItemState {
  const consentExpiresAt = item.consentExpiresAt ? new Date(item.consentExpiresAt).toISOString() : null;
  const code = item.error?.code ?? (item.executionStatus && item.executionStatus !== "SUCCESS" ? String(item.executionStatus) : null);
  const message = item.error?.message ?? null;
  switch (item.status) {
    case "UPDATED":
      return { status: "OK", errorCode: null, errorMessage: null, consentExpiresAt };
    case "UPDATING":
      return { status: "UPDATING", errorCode: null, errorMessage: null, consentExpiresAt };
    case "LOGIN_ERROR":
    case "WAITING_USER_INPUT":
      return { status: "LOGIN_REQUIRED", errorCode: code, errorMessage: message, consentExpiresAt };
    default:
      return { status: "ERROR", errorCode: code, errorMessage: message, consentExpiresAt };
  }
}
