/**
 * Fictional-but-plausible institutions for the sandbox. Plaid countries use Plaid-style ids
 * (`ins_<n>`; the five "Platypus" classics keep Plaid's own sandbox ids); Brazil lists connectors
 * for the Pluggy emulator (numeric ids; 0, 2 and 5 mirror Pluggy's own sandbox connectors).
 */
import type { Country, PlaidCountry } from "./types";
import { PLAID_COUNTRIES } from "./types";

/** The products the Plaid emulator serves (institutions advertise only these). */
export const SERVED_PRODUCTS = ["auth", "balance", "identity", "transactions", "recurring_transactions"] as const;
export type PlaidProduct = (typeof SERVED_PRODUCTS)[number];

export type InstitutionKind = "bank" | "credit_union" | "building_society" | "card_issuer";
export type InstitutionHealth = "HEALTHY" | "DEGRADED" | "DOWN";

export interface SandboxInstitution {
  institutionId: string;
  name: string;
  country: PlaidCountry;
  countryCodes: PlaidCountry[];
  kind: InstitutionKind;
  products: PlaidProduct[];
  /**
   * Products Plaid's sandbox accepts at this institution that the emulator does not serve
   * (`/sandbox/public_token/create` takes them; their endpoints answer PRODUCTS_NOT_SUPPORTED).
   */
  unservedProducts: string[];
  primaryColor: string;
  url: string;
  /**
   * Link sends the user to the bank's own site (the sandbox consent page) instead of asking for
   * credentials: Plaid's sandbox "Platypus OAuth Bank" and every UK/EU bank (PSD2), as at Plaid.
   */
  oauth: boolean;
  health: InstitutionHealth;
  /** US ABA routing numbers (check digit valid); empty elsewhere. */
  routingNumbers: string[];
}

export interface BrConnector {
  id: number;
  name: string;
  type: "PERSONAL_BANK" | "BUSINESS_BANK";
  country: "BR";
  primaryColor: string;
  institutionUrl: string;
  imageUrl: string;
  /** Pluggy's sandbox connectors ("Pluggy Bank"): shown only with includeSandbox. */
  isSandbox: boolean;
  hasMFA: boolean;
  health: "ONLINE" | "UNSTABLE" | "OFFLINE";
}

type Row = readonly [number, string, InstitutionKind, string, string, InstitutionHealth?];

const ROWS: Record<PlaidCountry, readonly Row[]> = {
  US: [
    [109508, "First Platypus Bank", "bank", "#1f8f6f", "firstplatypus.example"],
    [109509, "First Gingham Credit Union", "credit_union", "#c0392b", "gingham.example"],
    [109510, "Tattersall Federal Credit Union", "credit_union", "#2c3e50", "tattersallfcu.example"],
    [109511, "Tartan Bank", "bank", "#8e2430", "tartanbank.example"],
    [109512, "Houndstooth Bank", "bank", "#34495e", "houndstooth.example"],
    [130016, "First Platypus Balance Bank", "bank", "#1f8f6f", "firstplatypusbalance.example"],
    [110201, "Prairie Lantern Bank", "bank", "#d4a017", "prairielantern.example"],
    [110202, "Cascade Summit Credit Union", "credit_union", "#2e86c1", "cascadesummit.example"],
    [110203, "Harborline Card Services", "card_issuer", "#0b3d91", "harborline.example"],
    [110204, "Bluebonnet National Bank", "bank", "#3b5998", "bluebonnet.example"],
    [132363, "Unhealthy Platypus Bank - Degraded", "bank", "#7f8c8d", "unhealthy-degraded.example", "DEGRADED"],
    [132361, "Unhealthy Platypus Bank - Down", "bank", "#95a5a6", "unhealthy-down.example", "DOWN"],
    // Plaid's sandbox OAuth institution (Link goes through the bank's consent page).
    [127287, "Platypus OAuth Bank", "bank", "#1f8f6f", "platypusoauth.example"],
    // Plaid's long-standing ids of large US banks (real Plaid sends them through OAuth; here they
    // log in with credentials like the Platypus banks: ins_127287 is the US OAuth bank).
    [1, "Bank of America", "bank", "#e31837", "bankofamerica.example"],
    [3, "Chase", "bank", "#117aca", "chase.example"],
    [4, "Wells Fargo", "bank", "#d71e28", "wellsfargo.example"],
    [5, "Citibank Online", "bank", "#003b70", "citi.example"],
  ],
  CA: [
    [43, "Tartan-Dominion Bank of Canada", "bank", "#b22222", "tartandominion.example"],
    [120301, "Maple Ridge Credit Union", "credit_union", "#c0392b", "mapleridgecu.example"],
    [120302, "Northern Lights Trust", "bank", "#16a085", "northernlightstrust.example"],
    [120303, "Laurentian Harbour Bank", "bank", "#1a5276", "laurentianharbour.example"],
    [120304, "Prairie Gold Credit Union", "credit_union", "#d68910", "prairiegold.example"],
    [120305, "Coastal Cedar Bank", "bank", "#117864", "coastalcedar.example"],
    [120306, "Aurora Card Services", "card_issuer", "#6c3483", "auroracard.example"],
    [120307, "Banque Fleur-de-Lys", "bank", "#1f3a93", "fleurdelys.example"],
  ],
  GB: [
    [117650, "Royal Bank of Plaid", "bank", "#002d72", "royalbankofplaid.example"],
    [116834, "Flexible Platypus Open Banking", "bank", "#00a3ad", "flexibleplatypus.example"],
    [130401, "Thistle & Rose Building Society", "building_society", "#6a1b9a", "thistleandrose.example"],
    [130402, "Albion Counties Bank", "bank", "#283593", "albioncounties.example"],
    [130403, "Kingsbridge Bank", "bank", "#00695c", "kingsbridge.example"],
    [130404, "Penny Lane Credit Union", "credit_union", "#ef6c00", "pennylanecu.example"],
    [130405, "Lionheart Card Services", "card_issuer", "#b71c1c", "lionheartcard.example"],
    [130406, "Severn Valley Bank", "bank", "#1565c0", "severnvalley.example"],
  ],
  IE: [
    [140501, "Shamrock Allied Bank", "bank", "#2e7d32", "shamrockallied.example"],
    [140502, "Liffey Credit Union", "credit_union", "#00838f", "liffeycu.example"],
    [140503, "Connacht Bank", "bank", "#4527a0", "connachtbank.example"],
    [140504, "Emerald Isle Building Society", "building_society", "#1b5e20", "emeraldisle.example"],
    [140505, "Munster Savings Bank", "bank", "#ad1457", "munstersavings.example"],
    [140506, "Claddagh Card Services", "card_issuer", "#c62828", "claddaghcard.example"],
    [140507, "Harp & Crown Bank", "bank", "#f9a825", "harpandcrown.example"],
    [140508, "Wild Atlantic Credit Union", "credit_union", "#0277bd", "wildatlanticcu.example"],
  ],
  FR: [
    [150601, "Banque du Platypus", "bank", "#d35400", "banqueduplatypus.example"],
    [150602, "Crédit Lavande", "bank", "#7d3c98", "creditlavande.example"],
    [150603, "Banque des Tuileries", "bank", "#1b2631", "banquetuileries.example"],
    [150604, "Caisse Mutuelle de Bretagne", "credit_union", "#1f618d", "cmbretagne.example"],
    [150605, "Banque du Val de Loire", "bank", "#229954", "valdeloire.example"],
    [150606, "Crédit Azur", "bank", "#2874a6", "creditazur.example"],
    [150607, "Carte Étoile", "card_issuer", "#b7950b", "carteetoile.example"],
    [150608, "Mutuelle Bancaire Alsacienne", "credit_union", "#922b21", "mbalsace.example"],
  ],
  ES: [
    [160701, "Banco Platypus España", "bank", "#c0392b", "bancoplatypus.example"],
    [160702, "Caja Rural del Duero", "credit_union", "#196f3d", "cajaduero.example"],
    [160703, "Banco Alhambra", "bank", "#a04000", "bancoalhambra.example"],
    [160704, "Caja de Ahorros Cantábrica", "bank", "#1a5276", "cajacantabrica.example"],
    [160705, "Banco Mediterráneo Digital", "bank", "#148f77", "bancomediterraneo.example"],
    [160706, "Tarjetas Sol", "card_issuer", "#f1c40f", "tarjetassol.example"],
    [160707, "Banco de la Meseta", "bank", "#6e2c00", "bancomeseta.example"],
    [160708, "Caixa Galega do Mar", "credit_union", "#2471a3", "caixagalega.example"],
  ],
  NL: [
    [170801, "Platypus Bank Nederland", "bank", "#e67e22", "platypusbank-nl.example"],
    [170802, "Tulpen Spaarbank", "bank", "#c0392b", "tulpenspaarbank.example"],
    [170803, "Delta Coöperatieve Bank", "credit_union", "#1abc9c", "deltacoop.example"],
    [170804, "Grachtenbank", "bank", "#2c3e50", "grachtenbank.example"],
    [170805, "Molenaar Bank", "bank", "#8e44ad", "molenaarbank.example"],
    [170806, "Noordzee Spaarbank", "bank", "#2980b9", "noordzeespaar.example"],
    [170807, "Oranje Kaart Services", "card_issuer", "#f39c12", "oranjekaart.example"],
    [170808, "Zuiderzee Bank", "bank", "#16a085", "zuiderzeebank.example"],
  ],
  DE: [
    [180901, "Platypus Bank Deutschland", "bank", "#27ae60", "platypusbank-de.example"],
    [180902, "Schwarzwald Sparkasse", "bank", "#e74c3c", "schwarzwaldsparkasse.example"],
    [180903, "Rheintal Volksbank", "credit_union", "#2e4053", "rheintalvb.example"],
    [180904, "Hanse Direktbank", "bank", "#154360", "hansedirekt.example"],
    [180905, "Bayerische Alpenbank", "bank", "#2874a6", "alpenbank.example"],
    [180906, "Elbe Genossenschaftsbank", "credit_union", "#117a65", "elbegeno.example"],
    [180907, "Adler Kartendienst", "card_issuer", "#7b241c", "adlerkarte.example"],
    [180908, "Spreewald Bank", "bank", "#1e8449", "spreewaldbank.example"],
  ],
};

function productsFor(kind: InstitutionKind): PlaidProduct[] {
  return kind === "card_issuer" ? ["balance", "identity", "recurring_transactions", "transactions"] : ["auth", "balance", "identity", "recurring_transactions", "transactions"];
}

/** What Plaid's sandbox also accepts at its standard institutions (not emulated). */
function unservedProductsFor(country: PlaidCountry, kind: InstitutionKind): string[] {
  if (kind === "card_issuer") return ["liabilities"];
  if (country === "US" || country === "CA") return ["assets", "income_verification", "investments", "liabilities", "signal", "statements"];
  return ["payment_initiation", "statements"];
}

/** Countries where Plaid connects every institution through OAuth (PSD2 / UK Open Banking). */
export const OAUTH_COUNTRIES: ReadonlySet<PlaidCountry> = new Set<PlaidCountry>(["GB", "IE", "FR", "ES", "NL", "DE"]);
/** US/CA institutions that use OAuth (Plaid's sandbox ids). */
const OAUTH_INSTITUTIONS: ReadonlySet<string> = new Set(["ins_127287"]);

/** A check-digit-valid (fake) ABA routing number derived from the institution number. */
function routingNumber(n: number): string {
  const body = String(21_000_000 + (n % 9_000_000)).padStart(8, "0").slice(0, 8);
  const d = body.split("").map(Number);
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = d.reduce((s, v, i) => s + v * (w[i] ?? 0), 0);
  return body + String((10 - (sum % 10)) % 10);
}

const PLAID_INSTITUTIONS: readonly SandboxInstitution[] = PLAID_COUNTRIES.flatMap((country) =>
  ROWS[country].map(([n, name, kind, color, domain, health]) => ({
    institutionId: `ins_${n}`,
    name,
    country,
    countryCodes: [country],
    kind,
    products: productsFor(kind),
    unservedProducts: unservedProductsFor(country, kind),
    primaryColor: color,
    url: `https://www.${domain}`,
    oauth: OAUTH_COUNTRIES.has(country) || OAUTH_INSTITUTIONS.has(`ins_${n}`),
    health: health ?? "HEALTHY",
    routingNumbers: country === "US" && kind !== "card_issuer" ? [routingNumber(n)] : [],
  })),
);

const BY_ID = new Map(PLAID_INSTITUTIONS.map((i) => [i.institutionId, i]));

const BR_CONNECTORS: readonly BrConnector[] = [
  { id: 0, name: "Pluggy Bank", type: "PERSONAL_BANK", primaryColor: "#ef294b", domain: "pluggy.example", sandbox: true, mfa: false },
  { id: 2, name: "Pluggy Bank (Legacy)", type: "PERSONAL_BANK", primaryColor: "#ef294b", domain: "pluggy.example", sandbox: true, mfa: false },
  { id: 5, name: "Pluggy Bank MFA 2-step", type: "PERSONAL_BANK", primaryColor: "#ef294b", domain: "pluggy.example", sandbox: true, mfa: true },
  { id: 201, name: "Banco Ipê", type: "PERSONAL_BANK", primaryColor: "#f4c430", domain: "bancoipe.example", sandbox: false, mfa: false },
  { id: 202, name: "Banco Sabiá Digital", type: "PERSONAL_BANK", primaryColor: "#8a4fff", domain: "sabiadigital.example", sandbox: false, mfa: false },
  { id: 203, name: "Cooperativa Araucária", type: "PERSONAL_BANK", primaryColor: "#2e7d32", domain: "coopararaucaria.example", sandbox: false, mfa: false },
  { id: 204, name: "Banco Jangada", type: "PERSONAL_BANK", primaryColor: "#0288d1", domain: "bancojangada.example", sandbox: false, mfa: true },
  { id: 205, name: "Banco Cerrado", type: "PERSONAL_BANK", primaryColor: "#bf360c", domain: "bancocerrado.example", sandbox: false, mfa: false },
  { id: 206, name: "Banco Guanabara Empresas", type: "BUSINESS_BANK", primaryColor: "#1a237e", domain: "guanabaraempresas.example", sandbox: false, mfa: false },
  { id: 207, name: "Banco Pampa Gaúcho", type: "PERSONAL_BANK", primaryColor: "#558b2f", domain: "pampagaucho.example", sandbox: false, mfa: false },
  { id: 208, name: "Banco Tucano", type: "PERSONAL_BANK", primaryColor: "#ff6f00", domain: "bancotucano.example", sandbox: false, mfa: false },
  { id: 209, name: "Caixa Cooperativa Serra Azul", type: "BUSINESS_BANK", primaryColor: "#00695c", domain: "serraazul.example", sandbox: false, mfa: false },
].map((c) => ({
  id: c.id,
  name: c.name,
  type: c.type === "BUSINESS_BANK" ? ("BUSINESS_BANK" as const) : ("PERSONAL_BANK" as const),
  country: "BR" as const,
  primaryColor: c.primaryColor,
  institutionUrl: `https://www.${c.domain}`,
  imageUrl: "",
  isSandbox: c.sandbox,
  hasMFA: c.mfa,
  health: "ONLINE" as const,
}));

const BR_BY_ID = new Map(BR_CONNECTORS.map((c) => [c.id, c]));

/** Plaid institutions of a country, in a stable order. */
export function listInstitutions(country: PlaidCountry): SandboxInstitution[] {
  return PLAID_INSTITUTIONS.filter((i) => i.countryCodes.includes(country));
}

export function listAllInstitutions(): SandboxInstitution[] {
  return [...PLAID_INSTITUTIONS];
}

export function getInstitution(institutionId: string): SandboxInstitution | undefined {
  return BY_ID.get(institutionId);
}

/** Lower-case, accent-free form used for searching. */
export function normalizeName(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** Every word of the query must start a word of the name (or appear inside it). */
export function searchInstitutions(country: PlaidCountry, query: string): SandboxInstitution[] {
  const words = normalizeName(query).split(" ").filter(Boolean);
  if (words.length === 0) return listInstitutions(country);
  return listInstitutions(country).filter((i) => {
    const name = normalizeName(i.name);
    return words.every((w) => name.includes(w));
  });
}

/** Brazilian connectors (for the Pluggy emulator); sandbox ones only when asked. */
export function listBrConnectors(opts: { includeSandbox?: boolean } = {}): BrConnector[] {
  return BR_CONNECTORS.filter((c) => opts.includeSandbox !== false || !c.isSandbox);
}

export function getBrConnector(id: number): BrConnector | undefined {
  return BR_BY_ID.get(id);
}

export function searchBrConnectors(query: string, opts: { includeSandbox?: boolean } = {}): BrConnector[] {
  const words = normalizeName(query).split(" ").filter(Boolean);
  return listBrConnectors(opts).filter((c) => words.every((w) => normalizeName(c.name).includes(w)));
}

/** Country + display name of a login's institution (`ins_<n>` or a BR connector id). */
export function resolveInstitution(institutionId: string): { country: Country; name: string } | undefined {
  const plaid = BY_ID.get(institutionId);
  if (plaid) return { country: plaid.country, name: plaid.name };
  if (/^\d+$/.test(institutionId)) {
    const br = BR_BY_ID.get(Number(institutionId));
    if (br) return { country: "BR", name: br.name };
  }
  return undefined;
}
