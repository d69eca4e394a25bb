/**
 * zod shapes of pluggy-sdk's product types (consents, identity, credit-card bills, loans,
 * investments and their transactions, account statements), held to the sdk's own types at compile
 * time: `Conforms<S, T>` holds only when what the schema accepts is assignable to the sdk type (every
 * required field present with a compatible type) and names no field the sdk type lacks. `.strict()`
 * refuses any field the sdk does not declare at run time. Fields the sandbox never fills are
 * `z.null()`; the sdk's dates are `z.date()` (pluggy-sdk revives exact ISO timestamps as Dates, so a
 * badly formatted date fails). Enums are the sdk's own exported constants.
 */
import { z } from "zod";
import {
  CREDIT_CARD_BILL_FINANCE_CHARGE_TYPES,
  CREDIT_CARD_BILL_PAYMENT_MODES,
  CREDIT_CARD_BILL_PAYMENT_VALUE_TYPES,
  CURRENCY_CODES,
  INVESTMENT_STATUS,
  INVESTMENT_SUBTYPES,
  INVESTMENT_TRANSACTION_TYPE,
  INVESTMENT_TYPES,
  LOAN_KINDS,
  MOVEMENT_TYPES,
  type AccountStatement,
  type Consent,
  type CreditCardBills,
  type IdentityResponse,
  type Investment,
  type InvestmentTransaction,
  type Loan,
} from "pluggy-sdk";

type Conforms<S, T> = [S] extends [T] ? ([Exclude<keyof S, keyof T>] extends [never] ? true : false) : false;

const date = z.date();
const currency = z.enum(CURRENCY_CODES);
const str = z.string().nullable();
const num = z.number().nullable();

export const consent = z.strictObject({
  id: z.string(),
  itemId: z.string(),
  products: z.array(z.string()).min(1),
  openFinancePermissionsGranted: z.array(z.string()),
  createdAt: date,
  expiresAt: date.nullable(),
  revokedAt: date.nullable(),
});

export const identity = z.strictObject({
  id: z.string(),
  itemId: z.string(),
  birthDate: date.nullable(),
  taxNumber: str,
  document: str,
  documentType: str,
  jobTitle: str,
  companyName: str,
  fullName: str,
  phoneNumbers: z.array(z.strictObject({ type: z.enum(["Personal", "Work", "Residencial"]).nullable(), value: z.string() })).nullable(),
  emails: z.array(z.strictObject({ type: z.enum(["Personal", "Work"]).nullable(), value: z.string() })).nullable(),
  addresses: z
    .array(z.strictObject({ fullAddress: str, primaryAddress: str, city: str, postalCode: str, state: str, country: str, type: z.enum(["Personal", "Work"]).nullable(), additionalInfo: str }))
    .nullable(),
  relations: z.array(z.strictObject({ type: z.enum(["Mother", "Father", "Spouse"]).nullable(), name: str, document: str })).nullable(),
  investorProfile: z.enum(["Conservative", "Moderate", "Aggressive"]).nullable(),
  establishmentName: str,
  establishmentCode: str,
  financialRelationships: z.null(),
  qualifications: z.null(),
  socialName: str,
  sex: z.enum(["FEMALE", "MALE", "OTHER"]).nullable(),
  maritalStatus: z.null(),
  nationality: z.strictObject({ hasBrazilianNationality: z.boolean() }).nullable(),
  otherDocuments: z.null(),
  passport: z.null(),
  incorporationDate: date.nullable(),
  parties: z.null(),
  businessOtherDocuments: z.null(),
  companiesCnpj: z.array(z.string()).nullable(),
  createdAt: date,
  updatedAt: date,
});

export const bill = z.strictObject({
  id: z.string(),
  dueDate: date,
  billClosingDate: date.nullable(),
  totalAmount: z.number(),
  totalAmountCurrencyCode: currency,
  minimumPaymentAmount: num,
  allowsInstallments: z.boolean().nullable(),
  financeCharges: z.array(z.strictObject({ id: z.string(), type: z.enum(CREDIT_CARD_BILL_FINANCE_CHARGE_TYPES), amount: z.number(), currencyCode: currency, additionalInfo: str })),
  payments: z.array(
    z.strictObject({ id: z.string(), valueType: z.enum(CREDIT_CARD_BILL_PAYMENT_VALUE_TYPES), paymentDate: date, paymentMode: z.enum(CREDIT_CARD_BILL_PAYMENT_MODES).nullable(), amount: z.number(), currencyCode: currency }),
  ),
  createdAt: date,
  updatedAt: date,
});

export const loan = z.strictObject({
  id: z.string(),
  itemId: z.string(),
  contractNumber: str,
  ipocCode: str,
  productName: z.string(),
  type: str,
  kind: z.enum(LOAN_KINDS),
  date: date.nullable(),
  contractDate: date.nullable(),
  disbursementDates: z.array(date).nullable(),
  settlementDate: date.nullable(),
  contractAmount: num,
  currencyCode: currency,
  dueDate: date.nullable(),
  installmentPeriodicity: z.enum(["MONTHLY"]).nullable(),
  installmentPeriodicityAdditionalInfo: str,
  firstInstallmentDueDate: date.nullable(),
  CET: num,
  amortizationScheduled: z.enum(["SAC", "PRICE"]).nullable(),
  amortizationScheduledAdditionalInfo: str,
  cnpjConsignee: str,
  interestRates: z
    .array(
      z.strictObject({
        taxType: z.enum(["NOMINAL", "EFFECTIVE"]).nullable(),
        interestRateType: z.enum(["SIMPLE", "COMPOUND"]).nullable(),
        taxPeriodicity: z.enum(["MONTHLY", "YEARLY"]).nullable(),
        calculation: str,
        referentialRateIndexerType: str,
        referentialRateIndexerSubType: str,
        referentialRateIndexerAdditionalInfo: str,
        preFixedRate: num,
        postFixedRate: num,
        additionalInfo: str,
      }),
    )
    .nullable(),
  contractedFees: z
    .array(z.strictObject({ name: str, code: str, chargeType: z.enum(["UNIQUE", "BY_INSTALLMENT"]).nullable(), charge: z.enum(["MINIMUM", "MAXIMUM", "FIXED", "PERCENTAGE"]).nullable(), amount: num, rate: num }))
    .nullable(),
  contractedFinanceCharges: z.array(z.strictObject({ type: str, additionalInfo: str, rate: num })).nullable(),
  warranties: z.null(),
  installments: z
    .strictObject({
      typeNumberOfInstallments: z.enum(["MONTH"]).nullable(),
      totalNumberOfInstallments: num,
      typeContractRemaining: z.enum(["MONTH"]).nullable(),
      contractRemainingNumber: num,
      paidInstallments: num,
      dueInstallments: num,
      pastDueInstallments: num,
      balloonPayments: z.null(),
    })
    .nullable(),
  payments: z
    .strictObject({
      contractOutstandingBalance: num,
      releases: z.array(z.strictObject({ isOverParcelPayment: z.boolean().nullable(), installmentId: str, paidDate: date.nullable(), currencyCode: currency.nullable(), paidAmount: num, overParcel: z.null() })).nullable(),
    })
    .nullable(),
});

export const investmentTx = z.strictObject({
  id: z.string(),
  type: z.enum(INVESTMENT_TRANSACTION_TYPE).nullable(),
  description: str,
  investmentId: str,
  quantity: num,
  value: num,
  amount: num,
  date,
  tradeDate: date.nullable(),
  brokerageNumber: str,
  netAmount: num,
  expenses: z.null(),
  movementType: z.enum(MOVEMENT_TYPES),
  agreedRate: num,
});

export const investment = z.strictObject({
  id: z.string(),
  code: str,
  issuerCNPJ: str,
  number: str,
  isin: str,
  itemId: z.string(),
  type: z.enum(INVESTMENT_TYPES),
  subtype: z.enum(INVESTMENT_SUBTYPES).nullable(),
  name: z.string(),
  currencyCode: currency,
  date: date.nullable(),
  value: num,
  quantity: num,
  taxes: num,
  taxes2: num,
  balance: z.number(),
  amount: num,
  amountWithdrawal: num,
  amountProfit: num,
  amountOriginal: num,
  dueDate: date.nullable(),
  issuer: str,
  issueDate: date.nullable(),
  purchaseDate: date.nullable(),
  rate: num,
  rateType: str,
  fixedAnnualRate: num,
  lastMonthRate: num,
  annualRate: num,
  lastTwelveMonthsRate: num,
  status: z.enum(INVESTMENT_STATUS).nullable(),
  transactions: z.null(),
  metadata: z.null(),
  owner: str,
  institution: z.strictObject({ name: str, number: str }).nullable(),
});

export const statement = z.strictObject({ id: z.string(), monthYear: z.string().regex(/^\d{2}\/\d{4}$/), url: z.url() });

export const page = <T extends z.ZodType>(item: T) => z.strictObject({ results: z.array(item), page: z.number().int().min(1), total: z.number().int().min(0), totalPages: z.number().int().min(1) });

// Compile-time: each shape is one of the sdk's own types (tsc fails here if they drift apart).
export const CONFORMS: Record<string, true> = {
  consent: true satisfies Conforms<z.infer<typeof consent>, Consent>,
  identity: true satisfies Conforms<z.infer<typeof identity>, IdentityResponse>,
  bill: true satisfies Conforms<z.infer<typeof bill>, CreditCardBills>,
  loan: true satisfies Conforms<z.infer<typeof loan>, Loan>,
  investment: true satisfies Conforms<z.infer<typeof investment>, Investment>,
  investmentTx: true satisfies Conforms<z.infer<typeof investmentTx>, InvestmentTransaction>,
  statement: true satisfies Conforms<z.infer<typeof statement>, AccountStatement>,
};
