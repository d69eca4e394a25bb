/**
 * Wire shapes of the Pluggy products beyond accounts and transactions (pluggy-sdk 0.90
 * `dist/types/{consent,identity,creditCardBills,loan,investment,accountStatement}.d.ts`), every
 * datetime an ISO string. Optional sdk fields the sandbox never fills are left out.
 */
import type { IsoDateTime, ProductType } from "./types";

export type WireConsent = {
  id: string;
  itemId: string;
  products: ProductType[];
  openFinancePermissionsGranted: string[];
  createdAt: IsoDateTime;
  expiresAt: IsoDateTime | null;
  revokedAt: IsoDateTime | null;
};

export type WireIdentity = {
  id: string;
  itemId: string;
  birthDate: IsoDateTime | null;
  taxNumber: string | null;
  document: string | null;
  documentType: string | null;
  jobTitle: string | null;
  companyName: string | null;
  fullName: string | null;
  phoneNumbers: Array<{ type: "Personal" | "Work" | "Residencial" | null; value: string }> | null;
  emails: Array<{ type: "Personal" | "Work" | null; value: string }> | null;
  addresses: Array<{
    fullAddress: string | null;
    primaryAddress: string | null;
    city: string | null;
    postalCode: string | null;
    state: string | null;
    country: string | null;
    type: "Personal" | "Work" | null;
    additionalInfo: string | null;
  }> | null;
  relations: Array<{ type: "Mother" | "Father" | "Spouse" | null; name: string | null; document: string | null }> | null;
  investorProfile: "Conservative" | "Moderate" | "Aggressive" | null;
  establishmentName: string | null;
  establishmentCode: string | null;
  financialRelationships: null;
  qualifications: null;
  socialName: string | null;
  sex: "FEMALE" | "MALE" | "OTHER" | null;
  maritalStatus: null;
  nationality: { hasBrazilianNationality: boolean } | null;
  otherDocuments: null;
  passport: null;
  incorporationDate: IsoDateTime | null;
  parties: null;
  businessOtherDocuments: null;
  companiesCnpj: string[] | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
};

export type WireBillPayment = {
  id: string;
  valueType: "INSTALLMENT_PAYMENT" | "FULL_PAYMENT" | "OTHER_PAYMENT";
  paymentDate: IsoDateTime;
  paymentMode: "DEBIT_ACCOUNT" | "BANK_SLIP" | "PAYROLL_DEDUCTION" | "PIX" | null;
  amount: number;
  currencyCode: string;
};

export type WireBill = {
  id: string;
  dueDate: IsoDateTime;
  billClosingDate: IsoDateTime | null;
  totalAmount: number;
  totalAmountCurrencyCode: string;
  minimumPaymentAmount: number | null;
  allowsInstallments: boolean | null;
  financeCharges: Array<{ id: string; type: string; amount: number; currencyCode: string; additionalInfo: string | null }>;
  payments: WireBillPayment[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
};

export type WireLoan = {
  id: string;
  itemId: string;
  contractNumber: string | null;
  ipocCode: string | null;
  productName: string;
  type: string | null;
  kind: "LOAN" | "FINANCING" | "INVOICE_FINANCING" | "UNARRANGED_ACCOUNT_OVERDRAFT";
  date: IsoDateTime | null;
  contractDate: IsoDateTime | null;
  disbursementDates: IsoDateTime[] | null;
  settlementDate: IsoDateTime | null;
  contractAmount: number | null;
  currencyCode: string;
  dueDate: IsoDateTime | null;
  installmentPeriodicity: "MONTHLY" | null;
  installmentPeriodicityAdditionalInfo: string | null;
  firstInstallmentDueDate: IsoDateTime | null;
  CET: number | null;
  amortizationScheduled: "SAC" | "PRICE" | null;
  amortizationScheduledAdditionalInfo: string | null;
  cnpjConsignee: string | null;
  interestRates: Array<{
    taxType: "NOMINAL" | "EFFECTIVE" | null;
    interestRateType: "SIMPLE" | "COMPOUND" | null;
    taxPeriodicity: "MONTHLY" | "YEARLY" | null;
    calculation: string | null;
    referentialRateIndexerType: string | null;
    referentialRateIndexerSubType: string | null;
    referentialRateIndexerAdditionalInfo: string | null;
    preFixedRate: number | null;
    postFixedRate: number | null;
    additionalInfo: string | null;
  }> | null;
  contractedFees: Array<{ name: string | null; code: string | null; chargeType: "UNIQUE" | "BY_INSTALLMENT" | null; charge: "FIXED" | null; amount: number | null; rate: number | null }> | null;
  contractedFinanceCharges: Array<{ type: string | null; additionalInfo: string | null; rate: number | null }> | null;
  warranties: null;
  installments: {
    typeNumberOfInstallments: "MONTH" | null;
    totalNumberOfInstallments: number | null;
    typeContractRemaining: "MONTH" | null;
    contractRemainingNumber: number | null;
    paidInstallments: number | null;
    dueInstallments: number | null;
    pastDueInstallments: number | null;
    balloonPayments: null;
  } | null;
  payments: {
    contractOutstandingBalance: number | null;
    releases: Array<{ isOverParcelPayment: boolean | null; installmentId: string | null; paidDate: IsoDateTime | null; currencyCode: string | null; paidAmount: number | null; overParcel: null }> | null;
  } | null;
};

export type InvestmentType = "MUTUAL_FUND" | "SECURITY" | "EQUITY" | "COE" | "FIXED_INCOME" | "ETF" | "OTHER";
export const INVESTMENT_TYPES: readonly InvestmentType[] = ["MUTUAL_FUND", "SECURITY", "EQUITY", "COE", "FIXED_INCOME", "ETF", "OTHER"];

export type WireInvestmentTransaction = {
  id: string;
  type: "BUY" | "SELL" | "TAX" | "TRANSFER" | null;
  description: string | null;
  investmentId: string | null;
  quantity: number | null;
  value: number | null;
  amount: number | null;
  date: IsoDateTime;
  tradeDate: IsoDateTime | null;
  brokerageNumber: string | null;
  netAmount: number | null;
  expenses: null;
  movementType: "DEBIT" | "CREDIT";
  agreedRate: number | null;
};

export type WireInvestment = {
  id: string;
  code: string | null;
  issuerCNPJ: string | null;
  number: string | null;
  isin: string | null;
  itemId: string;
  type: InvestmentType;
  subtype: string | null;
  name: string;
  currencyCode: string;
  date: IsoDateTime | null;
  value: number | null;
  quantity: number | null;
  taxes: number | null;
  taxes2: number | null;
  balance: number;
  amount: number | null;
  amountWithdrawal: number | null;
  amountProfit: number | null;
  amountOriginal: number | null;
  dueDate: IsoDateTime | null;
  issuer: string | null;
  issueDate: IsoDateTime | null;
  purchaseDate: IsoDateTime | null;
  rate: number | null;
  rateType: string | null;
  fixedAnnualRate: number | null;
  lastMonthRate: number | null;
  annualRate: number | null;
  lastTwelveMonthsRate: number | null;
  status: "ACTIVE" | "PENDING" | "TOTAL_WITHDRAWAL" | null;
  transactions: null;
  metadata: null;
  owner: string | null;
  institution: { name: string | null; number: string | null } | null;
};

export type WireAccountStatement = { id: string; monthYear: string; url: string };
