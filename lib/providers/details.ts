import type { CounterpartDetails } from "./transactions";

/** Helpers for the providers' counterpart details (plaid/details.ts, pluggy/details.ts). */

const clean = (v: string | null | undefined): string | undefined => {
  const s = v?.replace(/\s+/g, " ").trim().slice(0, 200);
  return s ? s : undefined;
};

/** A CNPJ (14 digits) or CPF (11) in its usual writing; anything else (a masked number) as given. */
export function formatDocument(value: string | null | undefined): string | undefined {
  const v = clean(value);
  if (!v) return undefined;
  const d = v.replace(/\D/g, "");
  if (d.length === 14) return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
  if (d.length === 11) return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
  return v;
}

/** The details without empty fields; undefined when nothing is left. */
export function compactDetails(d: { [K in keyof CounterpartDetails]?: string | null }): CounterpartDetails | undefined {
  const out: CounterpartDetails = {};
  for (const k of ["merchant", "category", "counterpart"] as const) {
    const v = clean(d[k]);
    if (v) out[k] = v;
  }
  const doc = formatDocument(d.counterpartDocument);
  if (doc) out.counterpartDocument = doc;
  return Object.keys(out).length ? out : undefined;
}
