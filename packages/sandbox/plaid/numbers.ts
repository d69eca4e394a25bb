/**
 * Deterministic account numbers (Auth) and owners (Identity) for sandbox accounts: ACH (US), EFT
 * (CA), BACS (GB) and IBAN/BIC (EU), with valid IBAN check digits; owner names from the account
 * holder, contact details and address from the country profile.
 */
import { PROFILES } from "@bank-connections/sandbox/data/countries";
import { hash32, keyOf } from "@bank-connections/sandbox/data/prng";
import type { SandboxInstitution } from "@bank-connections/sandbox/data/institutions";
import type { Country, SandboxAccount } from "@bank-connections/sandbox/data/types";

/** `n` decimal digits drawn from a key. */
function digits(key: string, n: number): string {
  let out = "";
  for (let i = 0; out.length < n; i++) out += String(hash32(keyOf(key, i))).padStart(10, "0");
  return out.slice(0, n);
}

function letters(key: string, n: number): string {
  const abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return digits(key, n * 2).match(/../g)!.map((d) => abc[Number(d) % 26]).join("");
}

/** ISO 13616 check digits for a BBAN. */
function ibanOf(country: string, bban: string): string {
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  return `${country}${String(98 - rem).padStart(2, "0")}${bban}`;
}

const BBAN: Partial<Record<Country, (k: string, bank: string) => string>> = {
  DE: (k) => digits(`${k}:blz`, 8) + digits(k, 10),
  FR: (k) => digits(`${k}:bank`, 10) + digits(k, 13),
  ES: (k) => digits(`${k}:bank`, 10) + digits(k, 10),
  NL: (k, bank) => bank + digits(k, 10),
  IE: (k, bank) => bank + digits(`${k}:sort`, 6) + digits(k, 8),
};

export interface AccountNumbers {
  ach?: { account_id: string; account: string; routing: string; wire_routing: string | null; can_transfer_in: boolean; can_transfer_out: boolean; is_tokenized_account_number: boolean };
  eft?: { account_id: string; account: string; institution: string; branch: string };
  bacs?: { account_id: string; account: string; sort_code: string };
  international?: { account_id: string; iban: string; bic: string };
}

export function numbersFor(inst: SandboxInstitution, a: SandboxAccount): AccountNumbers {
  const k = keyOf("numbers", a.persistentAccountId);
  const id = a.accountId;
  switch (inst.country) {
    case "US": {
      const routing = inst.routingNumbers[0] ?? "011401533";
      return { ach: { account_id: id, account: `${digits(k, 8)}${a.mask}`, routing, wire_routing: routing, can_transfer_in: true, can_transfer_out: true, is_tokenized_account_number: false } };
    }
    case "CA":
      return { eft: { account_id: id, account: `${digits(k, 3)}${a.mask}`, institution: digits(`${inst.institutionId}:eft`, 3), branch: digits(`${inst.institutionId}:branch`, 5) } };
    case "GB":
      return { bacs: { account_id: id, account: `${digits(k, 4)}${a.mask}`, sort_code: digits(`${inst.institutionId}:sort`, 6) } };
    default: {
      const bank = letters(`${inst.institutionId}:bank`, 4);
      const bban = BBAN[inst.country]?.(k, bank) ?? digits(k, 16);
      return { international: { account_id: id, iban: ibanOf(inst.country, bban), bic: `${bank}${inst.country}2X` } };
    }
  }
}

const CALLING_CODE: Record<Country, string> = { US: "1", CA: "1", GB: "44", IE: "353", FR: "33", ES: "34", NL: "31", DE: "49", BR: "55" };

const STREET: Partial<Record<Country, string>> = { GB: "High Street", FR: "Rue de la Paix", DE: "Hauptstraße", ES: "Calle Mayor", NL: "Hoofdstraat" };

export function ownerFor(country: Country, a: SandboxAccount) {
  const profile = PROFILES[country];
  const h = hash32(keyOf("owner", a.holderName, country));
  const [city, region, postal] = profile.cities[h % profile.cities.length] ?? ["", "", ""];
  const handle = a.holderName.toLowerCase().replace(/[^a-z]+/g, ".");
  const phone = country === "US" || country === "CA" ? `+1 ${digits(`${h}:p`, 3)}-555-${digits(`${h}:q`, 4)}` : `+${CALLING_CODE[country]} ${digits(`${h}:p`, 10)}`;
  return {
    names: [a.holderName],
    phone_numbers: [{ data: phone, primary: true, type: "mobile" as const }],
    emails: [
      { data: `${handle}@example.com`, primary: true, type: "primary" as const },
      { data: `${handle}.${h % 100}@example.org`, primary: false, type: "secondary" as const },
    ],
    addresses: [{ data: { street: `${1 + (h % 998)} ${STREET[country] ?? "Main Street"}`, city, region, postal_code: postal, country }, primary: true }],
  };
}
