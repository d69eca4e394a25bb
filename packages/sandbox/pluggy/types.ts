/**
 * Wire shapes of the Pluggy API subset (pluggy-sdk 0.90 `dist/types/*.d.ts`), with every datetime
 * as an ISO string produced by `Date.prototype.toISOString()` so the SDK's reviver turns it back
 * into a `Date`.
 */

export type IsoDateTime = string;

export type ItemStatus = "UPDATED" | "UPDATING" | "WAITING_USER_INPUT" | "WAITING_USER_ACTION" | "MERGING" | "LOGIN_ERROR" | "OUTDATED";

export type ExecutionErrorCode =
  | "INVALID_CREDENTIALS"
  | "ALREADY_LOGGED_IN"
  | "UNEXPECTED_ERROR"
  | "INVALID_CREDENTIALS_MFA"
  | "SITE_NOT_AVAILABLE"
  | "ACCOUNT_LOCKED"
  | "ACCOUNT_CREDENTIALS_RESET"
  | "CONNECTION_ERROR"
  | "ACCOUNT_NEEDS_ACTION"
  | "USER_AUTHORIZATION_PENDING"
  | "USER_AUTHORIZATION_NOT_GRANTED"
  | "USER_NOT_SUPPORTED"
  | "USER_INPUT_TIMEOUT";

export type ExecutionStatus =
  | "CREATING"
  | "CREATE_ERROR"
  | "CREATED"
  | "LOGIN_IN_PROGRESS"
  | "WAITING_USER_INPUT"
  | "WAITING_USER_ACTION"
  | "LOGIN_MFA_IN_PROGRESS"
  | "ACCOUNTS_IN_PROGRESS"
  | "TRANSACTIONS_IN_PROGRESS"
  | "PAYMENT_DATA_IN_PROGRESS"
  | "CREDITCARDS_IN_PROGRESS"
  | "INVESTMENTS_IN_PROGRESS"
  | "INVESTMENTS_TRANSACTIONS_IN_PROGRESS"
  | "IDENTITY_IN_PROGRESS"
  | "LOANS_IN_PROGRESS"
  | "ACCOUNT_STATEMENTS_IN_PROGRESS"
  | ExecutionErrorCode
  | "MERGE_ERROR"
  | "ERROR"
  | "SUCCESS"
  | "PARTIAL_SUCCESS";

export type TriggeredBy = "CLIENT" | "USER" | "SYNC" | "INTERNAL";

export type ConnectorType =
  | "PERSONAL_BANK"
  | "BUSINESS_BANK"
  | "INVOICE"
  | "INVESTMENT"
  | "TELECOMMUNICATION"
  | "DIGITAL_ECONOMY"
  | "PAYMENT_ACCOUNT"
  | "OTHER";

export type ProductType =
  | "ACCOUNTS"
  | "CREDIT_CARDS"
  | "TRANSACTIONS"
  | "PAYMENT_DATA"
  | "INVESTMENTS"
  | "INVESTMENTS_TRANSACTIONS"
  | "IDENTITY"
  | "BROKERAGE_NOTE"
  | "MOVE_SECURITY"
  | "LOANS"
  | "ACCOUNT_STATEMENTS";

export type WireCredential = {
  label: string;
  name: string;
  type?: "number" | "password" | "text" | "image" | "select" | "ethaddress" | "hcaptcha";
  mfa?: boolean;
  placeholder?: string;
  validation?: string;
  validationMessage?: string;
  optional?: boolean;
  instructions?: string;
  assistiveText?: string;
  expiresAt?: IsoDateTime;
};

export type ConnectorHealthStatus = "ONLINE" | "OFFLINE" | "UNSTABLE";

export type WireConnector = {
  id: number;
  name: string;
  institutionUrl: string;
  imageUrl: string;
  primaryColor: string;
  type: ConnectorType;
  country: string;
  credentials: WireCredential[];
  hasMFA: boolean;
  oauth: boolean;
  health: { status: ConnectorHealthStatus; stage: "BETA" | null };
  isOpenFinance: boolean;
  isSandbox: boolean;
  supportsPaymentInitiation: boolean;
  supportsScheduledPayments: boolean;
  supportsSmartTransfers: boolean;
  supportsAutomaticPix: boolean;
  supportsBoletoManagement: boolean;
  products: ProductType[];
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
};

export type WireItemError = { code: ExecutionErrorCode; message: string; providerMessage?: string };

export type WireProductState = {
  isUpdated: boolean;
  lastUpdatedAt: IsoDateTime | null;
  warnings?: Array<{ code: "001"; message: string; providerMessage?: string }>;
};

export type WireStatusDetail = {
  accounts: WireProductState | null;
  creditCards: WireProductState | null;
  transactions: WireProductState | null;
  investments: WireProductState | null;
  investmentTransactions: WireProductState | null;
  identity: WireProductState | null;
  paymentData: WireProductState | null;
  loans: WireProductState | null;
  accountStatements: WireProductState | null;
};

export type WireItem = {
  id: string;
  connector: WireConnector;
  status: ItemStatus;
  executionStatus: ExecutionStatus;
  statusDetail: WireStatusDetail | null;
  error: WireItemError | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  lastUpdatedAt: IsoDateTime | null;
  parameter: WireCredential | null;
  webhookUrl: string | null;
  clientUserId: string | null;
  userAction: null;
  consecutiveFailedLoginAttempts: number;
  nextAutoSyncAt: IsoDateTime | null;
  consentExpiresAt: IsoDateTime | null;
  products: ProductType[] | null;
};

export type WireAccount = {
  id: string;
  itemId: string;
  type: "BANK" | "CREDIT";
  subtype: "CHECKING_ACCOUNT" | "SAVINGS_ACCOUNT" | "CREDIT_CARD";
  number: string;
  name: string;
  marketingName: string | null;
  balance: number;
  owner: string | null;
  taxNumber: string | null;
  currencyCode: string;
  bankData: {
    transferNumber: string | null;
    closingBalance: number | null;
    automaticallyInvestedBalance: number | null;
    overdraftContractedLimit: number | null;
    overdraftUsedLimit: number | null;
    unarrangedOverdraftAmount: number | null;
    hasReservedBalance: boolean | null;
    reservedBalances: null;
  } | null;
  creditData: {
    level: string | null;
    brand: string | null;
    balanceCloseDate: IsoDateTime | null;
    balanceDueDate: IsoDateTime | null;
    availableCreditLimit: number | null;
    balanceForeignCurrency: number | null;
    minimumPayment: number | null;
    creditLimit: number | null;
    isLimitFlexible: boolean | null;
    status: "ACTIVE" | "BLOCKED" | "CANCELLED" | null;
    holderType: "MAIN" | "ADDITIONAL" | null;
  } | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
};

export type WireMerchant = { name: string; businessName: string; cnpj: string; cnae?: string; category?: string };

/** One side of a transfer as Pluggy shows it (`paymentData.payer` / `.receiver`). */
export type WirePaymentParticipant = {
  documentNumber: { type: "CPF" | "CNPJ"; value: string };
  name: string;
  accountNumber: string;
  branchNumber: string;
};

export type WirePaymentData = {
  payer: WirePaymentParticipant;
  receiver: WirePaymentParticipant;
  paymentMethod: string;
  referenceNumber: string;
  reason: string | null;
  receiverReferenceId: string | null;
  boletoMetadata: null;
};

export type WireTransaction = {
  id: string;
  accountId: string;
  date: IsoDateTime;
  description: string;
  descriptionRaw: string | null;
  currencyCode: string;
  amount: number;
  amountInAccountCurrency: number | null;
  balance: number | null;
  category: string | null;
  categoryId: string | null;
  providerCode: string | null;
  providerId: string | null;
  status: "PENDING" | "POSTED";
  type: "DEBIT" | "CREDIT";
  operationType: string | null;
  operationTypeAdditionalInfo: string | null;
  paymentData: WirePaymentData | null;
  creditCardMetadata: { installmentNumber?: number; totalInstallments?: number; purchaseDate?: IsoDateTime; billId?: string; cardNumber?: string } | null;
  merchant: WireMerchant | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
};

export type WebhookEventName =
  | "item/created"
  | "item/updated"
  | "item/error"
  | "item/deleted"
  | "item/waiting_user_input"
  | "item/waiting_user_action"
  | "item/login_succeeded"
  | "connector/status_updated"
  | "transactions/created"
  | "transactions/updated"
  | "transactions/deleted";

export type WireWebhook = {
  id: string;
  url: string;
  event: string;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
  disabledAt: IsoDateTime | null;
};

export type PageResponse<T> = { results: T[]; page: number; total: number; totalPages: number };
export type CursorPageResponse<T> = { results: T[]; next: string | null };
