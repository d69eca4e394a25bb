import type { KeyOf, MessageShape } from "@bank-connections/i18n";
/**
 * English messages of the sandbox's Pluggy Connect stand-in (ui/pluggy-connect/). The source of
 * truth: pt-BR.ts must have exactly these keys (a missing or extra key is a type error there).
 * Same conventions as the app's dictionary (lib/i18n/messages/en.ts):
 *
 * - `{name}` is replaced by the value given for `name`.
 * - An object whose keys are all plural categories (`one`, `other`, …; `other` required) is a
 *   plural: its form is picked with Intl.PluralRules by `count`.
 */
export const en = {
  brand: "Sandbox",
  close: "Close",
  back: "Back",
  loading: "Loading…",
  footer: "Local sandbox — no real bank is contacted.",
  choose: {
    title: "Choose your bank",
    text: "Connect an account to share its transactions.",
    search: "Search",
    searchPlaceholder: "Bank name",
    none: "No bank matches “{query}”.",
    sandboxTag: "Sandbox",
    personal: "Personal bank",
    business: "Business bank",
    unavailable: "Unavailable right now",
  },
  credentials: {
    title: "Sign in to your bank",
    updateTitle: "Reconnect your bank",
    text: "Enter the credentials you use at {bank}.",
    updateText: "Your connection to {bank} needs attention. Sign in again to keep it working.",
    continue: "Continue",
    required: "Fill in every field.",
    hint: "Sandbox: user-ok / password-ok. MFA: user-mfa (token 123456).",
  },
  /** Labels of the connector's credential fields by name (other fields show the connector's label). */
  fields: {
    user: "Username",
    password: "Password",
    token: "Token",
  },
  working: {
    connecting: "Connecting to your bank…",
    verifying: "Checking the code…",
  },
  mfa: {
    title: "Confirm it is you",
    text: "Enter the token your bank sent to your phone.",
    hint: "Sandbox token: 123456.",
  },
  success: {
    title: "Connected!",
    text: "{bank} is connected. You can close this window.",
    item: "Item",
  },
  failed: {
    title: "We could not connect",
    tryAgain: "Try again",
    incomplete: "The connection did not complete.",
    timeout: "The bank did not answer in time.",
  },
  errors: {
    expired: "This session has expired. Close this window and start again.",
    unreachable: "The sandbox could not be reached. Close this window and try again.",
    wrongItem: "This connect token cannot update that connection.",
  },
  standalone: {
    title: "Pluggy Connect (sandbox)",
    text: "This page runs inside the Pluggy Connect widget of the portal. Open it from the portal (Banks, or the sandbox page) to connect a Brazilian bank.",
  },
  /** The sandbox bank's OAuth consent page (Plaid OAuth institutions, host/oauth-page.ts). */
  oauth: {
    pageTitle: "{bank} — sign-in request",
    sandboxBanner: "Sandbox bank — no real bank is contacted.",
    intro: "{app} asks, through Plaid, to see your accounts at {bank}.",
    updateIntro: "{app} asks, through Plaid, to keep seeing your accounts at {bank}.",
    signedIn: "You are signed in to {bank} as {user}.",
    accountsLegend: "Which accounts to share",
    accountsShared: "Accounts shared",
    approve: "Approve",
    deny: "Deny",
    returnNote: "Either way you go back to {app}.",
    chooseOne: "Choose at least one account to share, or deny the request.",
    notFoundTitle: "Request not found",
    notFound: "There is no sign-in request at this address. Go back to the app and start again.",
    expiredTitle: "Request expired",
    expired: "This sign-in request has expired. Go back to the app and start again.",
    answeredTitle: "Request already answered",
    answered: "You already answered this sign-in request. Go back to the app to continue.",
  },
} as const;

/** The shape every language must have: the same keys, with any strings (plurals: any CLDR forms, `other` required). */
export type SandboxMessages = MessageShape<typeof en>;

/** Every message key, as a dotted path: "choose.title", "errors.expired". */
export type SandboxMessageKey = KeyOf<typeof en>;
