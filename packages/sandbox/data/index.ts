/** Deterministic sandbox bank data: institutions, logins, accounts and transaction timelines. */
export * from "./types";
export { DEFAULT_SEED } from "./seed";
export { DAY_MS, addDays, cents, dateMs, isoDate } from "./dates";
export { hash32, keyOf, mulberry32, base62Id, uuidFromKey, unitFromCounter, Rng } from "./prng";
export {
  listInstitutions,
  listAllInstitutions,
  getInstitution,
  searchInstitutions,
  listBrConnectors,
  getBrConnector,
  searchBrConnectors,
  resolveInstitution,
  normalizeName,
  type SandboxInstitution,
  type BrConnector,
  type PlaidProduct,
  type InstitutionKind,
  type InstitutionHealth,
} from "./institutions";
export { PROFILES, CURRENCY_BY_COUNTRY, type CountryProfile } from "./countries";
export { HISTORY_MONTHS, defaultWindow, generateLoginData, getLoginData, setLoginDataCacheLimit } from "./generate";
export {
  isVisible,
  stateAt,
  visibleAt,
  diffPositions,
  balancesAt,
  groundTruth,
  type ViewPosition,
  type VisibleOptions,
  type TxChange,
  type ChangeType,
  type AccountBalances,
} from "./view";
