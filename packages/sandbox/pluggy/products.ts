/**
 * The Pluggy emulator's identity, loans and investments of an Item: pure functions of the Item's
 * login (connector + username: the same login always has the same person, contracts and
 * portfolio) and of its collection instants (`lastUpdatedAt`, `historyFrom`). No clock, no
 * Math.random: values come from a seeded generator (data/prng.ts). Bills and statements, which
 * follow the collected transactions, are in bills.ts.
 */
import { hash32, mulberry32 } from "@bank-connections/sandbox/data/prng";
import { findConnector } from "./connectors";
import { currentConsent } from "./consents";
import { deterministicUuid } from "./ids";
import type { WireIdentity, WireInvestment, WireInvestmentTransaction, WireLoan } from "./product-types";
import type { AccountRecord, ItemRecord } from "./state";
import { fakeCnpj, fakeCpf } from "./transform";

const DAY_MS = 86_400_000;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Collected Items only: the instant of the last collection and the first one. */
export type CollectedItem = ItemRecord & { lastUpdatedAt: string };

export function isCollected(item: ItemRecord): item is CollectedItem {
  return item.collected && item.lastUpdatedAt !== null;
}

function rngFor(item: ItemRecord, what: string): () => number {
  return mulberry32(hash32(`${item.connectorId}\u0000${item.dataUsername ?? ""}\u0000${what}`));
}

const int = (r: () => number, min: number, max: number) => min + Math.floor(r() * (max - min + 1));
const dayIso = (ms: number) => `${new Date(ms).toISOString().slice(0, 10)}T03:00:00.000Z`;
/** `ms` moved by whole months (UTC), same day of month (clamped to 28). */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, Math.min(28, d.getUTCDate()), 3);
}
const firstCollection = (item: CollectedItem) => currentConsent(item)?.createdAt ?? item.createdAt;

const FIRST = ["Ana", "Bruno", "Carla", "Diego", "Elisa", "Fábio", "Gabriela", "Heitor"];
const LAST = ["Silva", "Souza", "Oliveira", "Santos", "Pereira", "Costa", "Almeida", "Ribeiro"];
const CITIES: Array<[string, string, string]> = [
  ["São Paulo", "SP", "01310-100"],
  ["Rio de Janeiro", "RJ", "20040-020"],
  ["Belo Horizonte", "MG", "30130-010"],
  ["Curitiba", "PR", "80010-000"],
  ["Porto Alegre", "RS", "90010-150"],
];

export function identityOf(item: CollectedItem, accounts: AccountRecord[]): WireIdentity {
  const r = rngFor(item, "identity");
  const bank = accounts.find((a) => a.type === "BANK") ?? accounts[0];
  const fullName = bank?.owner ?? `${FIRST[int(r, 0, FIRST.length - 1)]} ${LAST[int(r, 0, LAST.length - 1)]}`;
  const business = findConnector(item.connectorId)?.type === "BUSINESS_BANK";
  const [city, state, postalCode] = CITIES[int(r, 0, CITIES.length - 1)]!;
  const street = `Rua ${LAST[int(r, 0, LAST.length - 1)]}, ${int(r, 10, 2999)}`;
  const slug = fullName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, ".");
  const birth = Date.UTC(int(r, 1962, 2000), int(r, 0, 11), int(r, 1, 28), 3);
  return {
    id: deterministicUuid("pluggy-identity", item.id),
    itemId: item.id,
    birthDate: business ? null : new Date(birth).toISOString(),
    taxNumber: business ? fakeCnpj(`${item.connectorId}:${item.dataUsername ?? ""}`) : null,
    document: bank?.taxNumber ?? fakeCpf(item.id),
    documentType: "CPF",
    jobTitle: business ? "Sócio administrador" : ["Analista", "Professora", "Engenheiro", "Designer"][int(r, 0, 3)]!,
    companyName: business ? `${LAST[int(r, 0, LAST.length - 1)]} Comércio LTDA` : null,
    fullName,
    phoneNumbers: [{ type: "Personal", value: `+55 ${int(r, 11, 99)} 9${int(r, 1000, 9999)}-${int(r, 1000, 9999)}` }],
    emails: [{ type: "Personal", value: `${slug}@email.example` }],
    addresses: [
      { fullAddress: `${street}, ${city} - ${state}, ${postalCode}`, primaryAddress: street, city, postalCode, state, country: "Brasil", type: "Personal", additionalInfo: null },
    ],
    relations: [{ type: "Mother", name: `${FIRST[int(r, 0, FIRST.length - 1)]} ${fullName.split(" ").at(-1) ?? ""}`.trim(), document: null }],
    investorProfile: (["Conservative", "Moderate", "Aggressive"] as const)[int(r, 0, 2)]!,
    establishmentName: null,
    establishmentCode: null,
    financialRelationships: null,
    qualifications: null,
    socialName: null,
    sex: null,
    maritalStatus: null,
    nationality: business ? null : { hasBrazilianNationality: true },
    otherDocuments: null,
    passport: null,
    incorporationDate: business ? new Date(Date.UTC(int(r, 1995, 2018), int(r, 0, 11), 1, 3)).toISOString() : null,
    parties: null,
    businessOtherDocuments: null,
    companiesCnpj: null,
    createdAt: firstCollection(item),
    updatedAt: item.lastUpdatedAt,
  };
}

const LOAN_PRODUCTS = [
  { productName: "Crédito Pessoal", type: "CREDITO_PESSOAL_SEM_CONSIGNACAO", kind: "LOAN" as const, months: [12, 24, 36], amount: [3_000, 25_000], monthlyRate: [0.025, 0.045] },
  { productName: "Financiamento de Veículo", type: "AQUISICAO_BENS_VEICULOS_AUTOMOTORES", kind: "FINANCING" as const, months: [36, 48, 60], amount: [30_000, 90_000], monthlyRate: [0.012, 0.02] },
];

/** Price (constant installment) amortisation of `principal` over `n` months at `i` per month. */
const installment = (principal: number, i: number, n: number) => (principal * i) / (1 - Math.pow(1 + i, -n));

export function loansOf(item: CollectedItem): WireLoan[] {
  const r = rngFor(item, "loans");
  const count = int(r, 1, 2);
  const nowMs = Date.parse(item.lastUpdatedAt);
  const out: WireLoan[] = [];
  for (let k = 0; k < count; k++) {
    const p = LOAN_PRODUCTS[k]!;
    const months = p.months[int(r, 0, p.months.length - 1)]!;
    const principal = round2(p.amount[0]! + r() * (p.amount[1]! - p.amount[0]!));
    const i = round2((p.monthlyRate[0]! + r() * (p.monthlyRate[1]! - p.monthlyRate[0]!)) * 10_000) / 10_000;
    // Contracted 2 to 20 months before the first collection.
    const contractMs = Date.parse(firstCollection(item)) - int(r, 60, 600) * DAY_MS;
    const firstDue = addMonths(contractMs, 1);
    const pmt = round2(installment(principal, i, months));
    let paid = 0;
    while (paid < months && addMonths(firstDue, paid) <= nowMs) paid++;
    const outstanding = round2(Math.max(0, pmt * (months - paid)));
    const id = deterministicUuid("pluggy-loan", item.id, k);
    out.push({
      id,
      itemId: item.id,
      contractNumber: String(hash32(`${id}:contract`)).padStart(10, "0"),
      ipocCode: `${fakeCnpj(`${item.connectorId}`).slice(0, 8)}${p.type.slice(0, 4)}${String(hash32(`${id}:ipoc`)).padStart(10, "0")}`,
      productName: p.productName,
      type: p.type,
      kind: p.kind,
      date: item.lastUpdatedAt,
      contractDate: dayIso(contractMs),
      disbursementDates: [dayIso(contractMs)],
      settlementDate: paid >= months ? dayIso(addMonths(firstDue, months - 1)) : null,
      contractAmount: principal,
      currencyCode: "BRL",
      dueDate: dayIso(addMonths(firstDue, months - 1)),
      installmentPeriodicity: "MONTHLY",
      installmentPeriodicityAdditionalInfo: null,
      firstInstallmentDueDate: dayIso(firstDue),
      CET: round2((Math.pow(1 + i, 12) - 1 + 0.01) * 10_000) / 10_000,
      amortizationScheduled: "PRICE",
      amortizationScheduledAdditionalInfo: null,
      cnpjConsignee: null,
      interestRates: [
        {
          taxType: "EFFECTIVE",
          interestRateType: "COMPOUND",
          taxPeriodicity: "MONTHLY",
          calculation: "21/252",
          referentialRateIndexerType: "PRE_FIXADO",
          referentialRateIndexerSubType: null,
          referentialRateIndexerAdditionalInfo: null,
          preFixedRate: i,
          postFixedRate: null,
          additionalInfo: null,
        },
      ],
      contractedFees: [{ name: "Tarifa de cadastro", code: "CADASTRO", chargeType: "UNIQUE", charge: "FIXED", amount: 150, rate: null }],
      contractedFinanceCharges: [{ type: "JUROS_REMUNERATORIOS_POR_ATRASO", additionalInfo: null, rate: 0.01 }],
      warranties: null,
      installments: {
        typeNumberOfInstallments: "MONTH",
        totalNumberOfInstallments: months,
        typeContractRemaining: "MONTH",
        contractRemainingNumber: months - paid,
        paidInstallments: paid,
        dueInstallments: months - paid,
        pastDueInstallments: 0,
        balloonPayments: null,
      },
      payments: {
        contractOutstandingBalance: outstanding,
        releases: Array.from({ length: paid }, (_, n) => ({
          isOverParcelPayment: false,
          installmentId: String(n + 1),
          paidDate: dayIso(addMonths(firstDue, n)),
          currencyCode: "BRL",
          paidAmount: pmt,
          overParcel: null,
        })),
      },
    });
  }
  return out;
}

type Holding = { investment: WireInvestment; transactions: WireInvestmentTransaction[] };

const HOLDINGS = [
  { type: "FIXED_INCOME" as const, subtype: "CDB", name: "CDB Pós-fixado 102% CDI", annual: 0.108, monthly: false },
  { type: "MUTUAL_FUND" as const, subtype: "MULTIMARKET_FUND", name: "Fundo Multimercado Horizonte FIC", annual: 0.095, monthly: true },
  { type: "EQUITY" as const, subtype: "STOCK", name: "ARAU3 — Araucária Energia ON", annual: 0.07, monthly: false },
];

/** The Item's investments with their transactions, valued at the last collection. */
export function holdingsOf(item: CollectedItem, owner: string | null): Holding[] {
  const r = rngFor(item, "investments");
  const nowMs = Date.parse(item.lastUpdatedAt);
  const connectorName = findConnector(item.connectorId)?.name ?? null;
  return HOLDINGS.map((h, k) => {
    const id = deterministicUuid("pluggy-investment", item.id, k);
    const purchaseMs = Date.parse(firstCollection(item)) - int(r, 90, 700) * DAY_MS;
    const unit = h.type === "EQUITY" ? round2(10 + r() * 40) : h.type === "MUTUAL_FUND" ? round2(1 + r() * 3) : 1000;
    const firstQty = h.type === "FIXED_INCOME" ? int(r, 2, 20) : int(r, 100, 800);
    const transactions: WireInvestmentTransaction[] = [];
    const buy = (n: number, atMs: number, qty: number) => {
      const amount = round2(qty * unit);
      transactions.push({
        id: deterministicUuid("pluggy-investment-transaction", id, n),
        type: "BUY",
        description: n === 0 ? "Aplicação inicial" : "Aplicação programada",
        investmentId: id,
        quantity: qty,
        value: unit,
        amount,
        date: dayIso(atMs),
        tradeDate: dayIso(atMs + DAY_MS),
        brokerageNumber: null,
        netAmount: amount,
        expenses: null,
        movementType: "CREDIT",
        agreedRate: h.type === "FIXED_INCOME" ? 1.02 : null,
      });
    };
    buy(0, purchaseMs, firstQty);
    let quantity = firstQty;
    if (h.monthly) {
      for (let n = 1, at = addMonths(purchaseMs, 1); at <= nowMs; n++, at = addMonths(purchaseMs, n)) {
        buy(n, at, 50);
        quantity += 50;
      }
    }
    const original = round2(transactions.reduce((s, t) => s + (t.amount ?? 0), 0));
    // Each purchase grows at the annual rate from its own date to the collection instant.
    const balance = round2(transactions.reduce((s, t) => s + (t.amount ?? 0) * Math.pow(1 + h.annual, Math.max(0, nowMs - Date.parse(t.date)) / (365 * DAY_MS)), 0));
    const investment: WireInvestment = {
      id,
      code: h.type === "EQUITY" ? "ARAU3" : fakeCnpj(`fund:${h.name}`),
      issuerCNPJ: fakeCnpj(`issuer:${h.name}`),
      number: String(hash32(`${id}:number`)).padStart(10, "0"),
      isin: h.type === "EQUITY" ? "BRARAUACNOR0" : null,
      itemId: item.id,
      type: h.type,
      subtype: h.subtype,
      name: h.name,
      currencyCode: "BRL",
      date: item.lastUpdatedAt,
      value: quantity > 0 ? round2(balance / quantity) : null,
      quantity,
      taxes: null,
      taxes2: null,
      balance,
      amount: balance,
      amountWithdrawal: balance,
      amountProfit: round2(balance - original),
      amountOriginal: original,
      dueDate: h.type === "FIXED_INCOME" ? dayIso(addMonths(purchaseMs, 36)) : null,
      issuer: h.type === "FIXED_INCOME" ? connectorName : null,
      issueDate: h.type === "FIXED_INCOME" ? dayIso(purchaseMs) : null,
      purchaseDate: dayIso(purchaseMs),
      rate: h.type === "FIXED_INCOME" ? 102 : null,
      rateType: h.type === "FIXED_INCOME" ? "CDI" : null,
      fixedAnnualRate: null,
      lastMonthRate: round2((Math.pow(1 + h.annual, 1 / 12) - 1) * 100),
      annualRate: round2(h.annual * 100),
      lastTwelveMonthsRate: round2(h.annual * 100),
      status: "ACTIVE",
      transactions: null,
      metadata: null,
      owner,
      institution: { name: connectorName, number: null },
    };
    return { investment, transactions };
  });
}
