"use client";

import { useEffect, useId, useRef, useState, useTransition, type FormEvent } from "react";
import { usePlaidLink, type PlaidLinkError, type PlaidLinkOnExitMetadata, type PlaidLinkOnSuccessMetadata } from "react-plaid-link";
import type { ControlResult as ActionResult } from "./control-result";
import { UpdateModeSelect } from "./update-mode-select";
import { useSandboxPlaidShim } from "./plaid-link-shim";

type LinkTokenResult = { linkToken: string; expiration: string; mode: "create" | "update" };

type Props = {
  countries: readonly string[];
  institutions: Record<string, { id: string; name: string }[]>;
  /** Exchanged items, for update mode. */
  items: { id: string; label: string }[];
  actions: {
    createLinkToken: (raw: unknown) => Promise<ActionResult<LinkTokenResult>>;
    exchange: (raw: unknown) => Promise<ActionResult<{ itemId: string }>>;
  };
};

/** Where the page keeps the link token while the browser is at an OAuth bank (as Plaid's OAuth example does). */
const OAUTH_KEY = "sandbox-try-plaid-link";

type Outcome =
  | { kind: "success"; publicToken: string | null; metadata: PlaidLinkOnSuccessMetadata; mode: "create" | "update" }
  | { kind: "exit"; error: PlaidLinkError | null; metadata: PlaidLinkOnExitMetadata };

/** "Try Plaid Link": the REAL react-plaid-link against the sandbox Link stand-in. */
export function TryPlaidLink({ countries, institutions, items, actions }: Props) {
  const id = useId();
  const [country, setCountry] = useState(countries[0] ?? "US");
  const [institutionId, setInstitutionId] = useState("");
  const [itemId, setItemId] = useState("");
  const [token, setToken] = useState<LinkTokenResult | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [events, setEvents] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [exchanged, setExchanged] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [returned, setReturned] = useState<string | null>(null);

  // Back from an OAuth bank (redirect_uri = this page): re-open Link with the same token and the URL.
  useEffect(() => {
    if (!new URLSearchParams(window.location.search).has("oauth_state_id")) return;
    const url = window.location.href;
    // After this first render (hydration), as a reaction to the URL the browser came back with.
    const timer = window.setTimeout(() => {
      const saved = window.sessionStorage.getItem(OAUTH_KEY);
      window.history.replaceState(null, "", window.location.pathname);
      let parsed: LinkTokenResult | null = null;
      try {
        parsed = saved ? (JSON.parse(saved) as LinkTokenResult) : null;
      } catch {
        window.sessionStorage.removeItem(OAUTH_KEY);
      }
      if (!parsed) {
        setMessage("Back from the bank, but this tab has no Plaid Link session to resume: open Plaid Link again.");
        return;
      }
      setReturned(url);
      setToken(parsed);
    }, 0);
    return () => window.clearTimeout(timer);
  }, []);

  const start = (e: FormEvent) => {
    e.preventDefault();
    // Not `disabled` while Link is open: the button keeps the focus Link returns to when it closes.
    if (pending || token) return;
    setMessage(null);
    setOutcome(null);
    setEvents([]);
    setExchanged(null);
    startTransition(async () => {
      const r = await actions.createLinkToken({ country, ...(institutionId ? { institutionId } : {}), ...(itemId ? { itemId } : {}) });
      if (r.ok) {
        window.sessionStorage.setItem(OAUTH_KEY, JSON.stringify(r.data));
        setToken(r.data);
      } else setMessage(r.message);
    });
  };

  const exchange = (publicToken: string) => {
    startTransition(async () => {
      const r = await actions.exchange({ publicToken });
      if (r.ok) setExchanged(r.data.itemId);
      else setMessage(r.message);
    });
  };

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4">
      <div>
        <h3 id={`${id}-title`} className="font-semibold">
          Try Plaid Link
        </h3>
        <p className="text-sm text-slate-600">
          react-plaid-link with a link token from the official <code className="text-xs">plaid</code> client. Sandbox login: <code className="text-xs">user_good</code> /{" "}
          <code className="text-xs">pass_good</code>.
        </p>
      </div>
      <form onSubmit={start} className="grid gap-2 sm:grid-cols-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-country`} className="text-xs font-medium text-slate-700">
            Country
          </label>
          <select
            id={`${id}-country`}
            value={country}
            onChange={(e) => {
              setCountry(e.target.value);
              setInstitutionId("");
            }}
            disabled={Boolean(itemId)}
            className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm"
          >
            {countries.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-inst`} className="text-xs font-medium text-slate-700">
            Bank (optional)
          </label>
          <select
            id={`${id}-inst`}
            value={institutionId}
            onChange={(e) => setInstitutionId(e.target.value)}
            disabled={Boolean(itemId)}
            className="h-9 rounded-md border border-slate-300 bg-white px-2 text-sm"
          >
            <option value="">Let the user choose</option>
            {(institutions[country] ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
        <UpdateModeSelect id={`${id}-item`} items={items} value={itemId} onChange={setItemId} />
        <div className="sm:col-span-3">
          <button type="submit" aria-disabled={pending || token !== null} className="h-9 rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700 aria-disabled:opacity-50">
            {itemId ? "Open Plaid Link in update mode" : "Open Plaid Link"}
          </button>
        </div>
      </form>

      {token ? (
        <PlaidLauncher
          token={token.linkToken}
          receivedRedirectUri={returned}
          onEvent={(name) => setEvents((e) => [...e, name])}
          onDone={(o) => {
            setOutcome(o.kind === "success" ? { ...o, mode: token.mode } : o);
            window.sessionStorage.removeItem(OAUTH_KEY);
            setReturned(null);
            setToken(null);
          }}
        />
      ) : null}

      {message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">
          {message}
        </p>
      ) : null}

      <div aria-live="polite" data-testid="plaid-link-result">
        {outcome?.kind === "success" ? (
          <div className="space-y-2 rounded-md bg-emerald-50 p-3 text-sm ring-1 ring-emerald-200">
            <p className="font-semibold text-emerald-900">onSuccess{outcome.mode === "update" ? " (update mode: the access token does not change)" : ""}</p>
            <dl className="grid grid-cols-[8rem_1fr] gap-x-2 gap-y-1 text-xs">
              <dt className="text-slate-600">public_token</dt>
              <dd className="break-all font-mono" data-testid="plaid-public-token">
                {outcome.publicToken}
              </dd>
              <dt className="text-slate-600">institution</dt>
              <dd>
                {outcome.metadata.institution ? `${outcome.metadata.institution.name} (${outcome.metadata.institution.institution_id})` : "—"}
              </dd>
              <dt className="text-slate-600">accounts</dt>
              <dd>{outcome.metadata.accounts.map((a) => `${a.name} ••${a.mask ?? "—"}`).join(", ") || "—"}</dd>
              <dt className="text-slate-600">link_session_id</dt>
              <dd className="break-all font-mono">{outcome.metadata.link_session_id}</dd>
            </dl>
            {outcome.mode === "create" && outcome.publicToken ? (
              exchanged ? (
                <p className="text-xs text-emerald-900">
                  Exchanged: item <code className="font-mono">{exchanged}</code> (listed below).
                </p>
              ) : (
                <button
                  type="button"
                  disabled={pending}
                  onClick={() => exchange(outcome.publicToken!)}
                  className="h-8 rounded-md border border-emerald-300 bg-white px-3 text-xs font-medium text-emerald-900 hover:bg-emerald-100 disabled:opacity-50"
                >
                  Exchange the public token
                </button>
              )
            ) : null}
          </div>
        ) : null}
        {outcome?.kind === "exit" ? (
          <div className="space-y-1 rounded-md bg-slate-50 p-3 text-sm ring-1 ring-slate-200">
            <p className="font-semibold">onExit</p>
            <p className="text-xs text-slate-700" data-testid="plaid-exit-error">
              {outcome.error ? `${outcome.error.error_code}: ${outcome.error.display_message ?? outcome.error.error_message}` : "No error (the user closed Link)."}
            </p>
            <p className="text-xs text-slate-500">status: {outcome.metadata.status ?? "null"}</p>
          </div>
        ) : null}
      </div>
      {events.length > 0 ? (
        <p className="text-xs text-slate-500" data-testid="plaid-link-events">
          onEvent: {events.join(" → ")}
        </p>
      ) : null}
    </section>
  );
}

type LauncherProps = {
  token: string;
  /** Set when the page is the OAuth redirect_uri the bank sent the browser back to. */
  receivedRedirectUri: string | null;
  onEvent: (name: string) => void;
  onDone: (o: { kind: "success"; publicToken: string | null; metadata: PlaidLinkOnSuccessMetadata } | { kind: "exit"; error: PlaidLinkError | null; metadata: PlaidLinkOnExitMetadata }) => void;
};

/** Loads the stand-in, then mounts react-plaid-link (never before: it would fetch Plaid's CDN). */
function PlaidLauncher(props: LauncherProps) {
  const { ready } = useSandboxPlaidShim(true);
  if (!ready) return <p className="text-xs text-slate-500">Loading Plaid Link…</p>;
  return <PlaidOpener {...props} />;
}

function PlaidOpener({ token, receivedRedirectUri, onEvent, onDone }: LauncherProps) {
  // react-plaid-link keeps the callbacks of the handler it created: go through refs.
  const cb = useRef({ onEvent, onDone });
  useEffect(() => {
    cb.current = { onEvent, onDone };
  }, [onEvent, onDone]);
  const { open, ready, error } = usePlaidLink({
    token,
    ...(receivedRedirectUri ? { receivedRedirectUri } : {}),
    onSuccess: (publicToken, metadata) => cb.current.onDone({ kind: "success", publicToken, metadata }),
    onExit: (err, metadata) => cb.current.onDone({ kind: "exit", error: err, metadata }),
    onEvent: (name) => cb.current.onEvent(String(name)),
  });
  const opened = useRef(false);
  useEffect(() => {
    if (ready && !opened.current) {
      opened.current = true;
      open();
    }
  }, [ready, open]);
  if (error) return <p role="alert">Plaid Link could not be loaded.</p>;
  return null;
}
