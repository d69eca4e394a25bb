/**
 * Which products the emulator serves, which Plaid's sandbox also accepts (not emulated), and the
 * endpoints of those unserved products: they answer Plaid's PRODUCTS_NOT_SUPPORTED, not a 404.
 */
import { SERVED_PRODUCTS, type SandboxInstitution } from "@bank-connections/sandbox/data/institutions";
import { type HandlerCtx, type Handler, requireItem } from "./context";
import { PlaidApiError } from "./errors";
import type { PlaidItemRecord } from "./state";

/** Plaid's product names (the `Products` enum of the API contract). */
export const PLAID_PRODUCT_NAMES: ReadonlySet<string> = new Set([
  "assets", "auth", "balance", "balance_plus", "beacon", "identity", "identity_match", "investments", "investments_auth",
  "liabilities", "payment_initiation", "identity_verification", "transactions", "credit_details", "income",
  "income_verification", "standing_orders", "transfer", "employment", "recurring_transactions", "transactions_refresh",
  "signal", "statements", "processor_payments", "processor_identity", "profile", "cra_base_report", "cra_income_insights",
  "cra_partner_insights", "cra_network_insights", "cra_cashflow_insights", "cra_monitoring", "cra_lend_score",
  "cra_plaid_credit_score", "layer", "pay_by_bank", "protect_linked_bank", "protect_transactions",
]);

const SERVED: ReadonlySet<string> = new Set(SERVED_PRODUCTS);

export const isServedProduct = (p: string) => SERVED.has(p);

/** Whether Plaid's sandbox would accept the product at this institution (served or not). */
export function institutionAccepts(inst: SandboxInstitution, product: string): boolean {
  return (inst.products as string[]).includes(product) || inst.unservedProducts.includes(product);
}

/**
 * Checks requested products: unknown names → INVALID_PRODUCT; products the institution does not
 * offer → PRODUCTS_NOT_SUPPORTED. Returns the served ones (what the item is billed for).
 */
export function acceptProducts(inst: SandboxInstitution, products: readonly string[]): string[] {
  const unknown = products.filter((p) => !PLAID_PRODUCT_NAMES.has(p));
  if (unknown.length > 0) throw new PlaidApiError("INVALID_PRODUCT", `invalid product names: ${unknown.join(", ")}`);
  const unsupported = products.filter((p) => !institutionAccepts(inst, p));
  if (unsupported.length > 0) throw new PlaidApiError("PRODUCTS_NOT_SUPPORTED", `the following products are not supported by this institution: ${unsupported.join(", ")}`);
  return products.filter(isServedProduct);
}

/**
 * A served product an endpoint needs: added to the item when its institution offers it (Plaid adds
 * Auth/Identity/Balance on first use), else PRODUCTS_NOT_SUPPORTED.
 */
export function ensureProduct(item: PlaidItemRecord, inst: SandboxInstitution | undefined, product: string): void {
  if (item.products.includes(product)) return;
  if (!inst || !(inst.products as string[]).includes(product)) {
    throw new PlaidApiError("PRODUCTS_NOT_SUPPORTED", `the following products are not supported by this institution: ${product}`);
  }
  item.products = [...item.products, product];
}

/** Endpoints of products Plaid's sandbox has and this emulator does not emulate. */
const UNSERVED_ENDPOINTS: Record<string, string> = {
  "/investments/holdings/get": "investments",
  "/investments/transactions/get": "investments",
  "/liabilities/get": "liabilities",
  "/statements/list": "statements",
  "/statements/download": "statements",
  "/signal/evaluate": "signal",
  "/asset_report/create": "assets",
  "/transactions/enrich": "transactions enrich",
};

function unservedHandler(product: string, path: string): Handler {
  return (ctx: HandlerCtx, body) => {
    if (typeof body.access_token === "string") requireItem(ctx, body.access_token, { allowError: true });
    throw new PlaidApiError("PRODUCTS_NOT_SUPPORTED", `the ${product} product is not emulated by this sandbox (${path})`);
  };
}

export const UNSERVED_ROUTES: Record<string, Handler> = Object.fromEntries(
  Object.entries(UNSERVED_ENDPOINTS).map(([path, product]) => [path, unservedHandler(product, path)]),
);
