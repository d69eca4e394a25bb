/**
 * Consents of the Pluggy emulator's Items (GET /consents, docs.pluggy.ai "Consents and
 * expiration"): the first successful connection creates one; a later update by the user (or the
 * client with new credentials) after it expired or was revoked creates a new one. The sandbox
 * connectors are classic (not Open Finance) connectors: their consent lists the collected products,
 * no Open Finance permissions, and no expiry — as Pluggy returns for them; `control.setConsent`
 * dates or revokes it so clients can exercise consent expiry.
 */
import { findConnector, toWireConnector } from "./connectors";
import { deterministicUuid } from "./ids";
import type { ConsentRecord, ItemRecord } from "./state";
import type { IsoDateTime, ProductType } from "./types";

const DEFAULT_PRODUCTS: ProductType[] = ["ACCOUNTS", "CREDIT_CARDS", "TRANSACTIONS", "IDENTITY", "INVESTMENTS", "INVESTMENTS_TRANSACTIONS", "LOANS"];

/** Open Finance permissions matching the products (only for Open Finance connectors). */
function permissionsFor(products: ProductType[]): string[] {
  const out = new Set<string>(["REGISTRATION_ALL"]);
  for (const p of products) {
    if (p === "ACCOUNTS" || p === "TRANSACTIONS") out.add("ACCOUNTS_ALL");
    if (p === "CREDIT_CARDS") out.add("CREDIT_CARDS_ALL");
    if (p === "LOANS") out.add("CREDIT_OPERATIONS_ALL");
    if (p === "INVESTMENTS" || p === "INVESTMENTS_TRANSACTIONS") out.add("INVESTMENTS_ALL");
  }
  return [...out];
}

export function currentConsent(item: ItemRecord): ConsentRecord | null {
  return item.consents?.at(-1) ?? null;
}

function isLive(c: ConsentRecord, atIso: IsoDateTime): boolean {
  return c.revokedAt === null && (c.expiresAt === null || c.expiresAt > atIso);
}

/** The Item's `consentExpiresAt`: the expiry of its current consent (null when it has none). */
export function consentExpiresAt(item: ItemRecord): IsoDateTime | null {
  return currentConsent(item)?.expiresAt ?? null;
}

/** After a successful execution at `atIso`: a first consent, or a new one replacing a dead one on a user update. */
export function grantConsent(item: ItemRecord, atIso: IsoDateTime, renew: boolean): void {
  const current = currentConsent(item);
  if (current && (isLive(current, atIso) || !renew)) return;
  const connector = findConnector(item.connectorId);
  const products = item.products ?? DEFAULT_PRODUCTS;
  const openFinance = connector ? toWireConnector(connector).isOpenFinance : false;
  const n = (item.consents?.length ?? 0) + 1;
  const consent: ConsentRecord = {
    id: deterministicUuid("pluggy-consent", item.id, n),
    products: [...products],
    openFinancePermissionsGranted: openFinance ? permissionsFor(products) : [],
    createdAt: atIso,
    expiresAt: null,
    revokedAt: null,
  };
  item.consents = [...(item.consents ?? []), consent];
}

export type ConsentChange = { expiresAt?: IsoDateTime | null; revokedAt?: IsoDateTime | null };

/** The `control.setConsent` change on the Item's current consent; false when it has none yet. */
export function changeConsent(item: ItemRecord, change: ConsentChange): boolean {
  const current = currentConsent(item);
  if (!current) return false;
  if (change.expiresAt !== undefined) current.expiresAt = change.expiresAt;
  if (change.revokedAt !== undefined) current.revokedAt = change.revokedAt;
  return true;
}
