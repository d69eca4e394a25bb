export { BkperClient, BKPER_API_BASE_URL, type BkperClientOptions, type TokenSource } from "./client";
export { BkperError, isBkperError, type BkperErrorKind } from "./errors";
export {
  BkperBookGateway,
  supportsDetailedCreate,
  type BkperBookGatewayOptions,
  type CreateResult,
  type CreateStatus,
  type DetailedCreate,
  type DetailedTransactionCreator,
} from "./gateway";
export { GoogleTokenSource, GOOGLE_TOKEN_URL } from "./google-token-source";
export { MirroredBkperGateway } from "./mirrored-gateway";
export { mirrorBook, mirrorBookList } from "./mirror";
export type { BkperBookEntry } from "./gateway";
