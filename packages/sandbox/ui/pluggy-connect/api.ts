/**
 * The Pluggy Connect stand-in's wire: what zoid hands the child (`window.xprops`), the events it
 * reports, and its calls to the Pluggy emulator's Connect endpoints (authenticated by the connect token).
 */
import type { WireConnector, WireCredential, WireItem } from "@bank-connections/sandbox/pluggy/types";

export type ConnectEvent =
  | { event: "SUBMITTED_LOGIN" | "SUBMITTED_MFA" }
  | { event: "SELECTED_INSTITUTION"; connector: WireConnector | null }
  | { event: "LOGIN_SUCCESS" | "LOGIN_MFA_SUCCESS" | "LOGIN_STEP_COMPLETED" | "ITEM_RESPONSE"; item: WireItem };

export type XProps = {
  connectToken: string;
  includeSandbox?: boolean;
  updateItem?: string;
  connectorTypes?: string[];
  connectorIds?: number[];
  countries?: string[];
  selectedConnectorId?: number;
  language?: string;
  theme?: "light" | "dark";
  onSuccessProp?: (data: { item: WireItem }) => unknown;
  onErrorProp?: (error: { message: string; data?: { item: WireItem } }) => unknown;
  onEventProp?: (payload: ConnectEvent & { timestamp: number }) => unknown;
  onCloseProp?: () => unknown;
  close?: () => Promise<void>;
};

export type Session = { connectors: WireConnector[]; updateItem: WireItem | null; expiresAt: string };

/** Where the widget is: one step of Pluggy Connect's flow. */
export type Step =
  | { kind: "loading" }
  | { kind: "standalone" }
  | { kind: "fatal"; message: string }
  | { kind: "select" }
  | { kind: "credentials"; connector: WireConnector; message: string | null }
  | { kind: "working"; connector: WireConnector; text: string }
  | { kind: "mfa"; connector: WireConnector; item: WireItem; parameter: WireCredential; message: string | null }
  | { kind: "success"; connector: WireConnector; item: WireItem }
  | { kind: "failed"; connector: WireConnector; item: WireItem | null; message: string; canRetry: boolean };

export const FINAL_OK = new Set(["UPDATED"]);
export const FINAL_ERROR = new Set(["LOGIN_ERROR", "OUTDATED"]);

/** Calls a zoid callback prop without letting its failure (or its promise) break the widget. */
export function call<A extends unknown[]>(fn: ((...args: A) => unknown) | undefined, ...args: A): void {
  if (typeof fn !== "function") return;
  try {
    void Promise.resolve(fn(...args)).catch((e: unknown) => console.error("[pluggy-connect sandbox] callback failed", e));
  } catch (e) {
    console.error("[pluggy-connect sandbox] callback failed", e);
  }
}

export type ApiResult<T> = { ok: true; data: T } | { ok: false; status: number; code: string; message: string };

function apiBase(): string {
  // This page is <api>/connect: the API is its parent path.
  return window.location.pathname.replace(/\/connect\/?$/, "");
}

export async function api<T>(method: "GET" | "POST", path: string, token: string, body?: unknown): Promise<ApiResult<T>> {
  try {
    const res = await fetch(`${apiBase()}${path}`, {
      method,
      headers: { "Content-Type": "application/json", "X-API-KEY": token },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
    const data = (await res.json().catch(() => null)) as (T & { codeDescription?: string; message?: string }) | null;
    if (res.ok && data) return { ok: true, data };
    return { ok: false, status: res.status, code: data?.codeDescription ?? `HTTP_${res.status}`, message: data?.message ?? `The sandbox answered ${res.status}.` };
  } catch {
    return { ok: false, status: 0, code: "NETWORK", message: "" };
  }
}
