import { isIsoDay } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { msg } from "@/lib/i18n/translate";

/** Amount and date conversions between our Book shapes and Bkper's wire formats (exact, no floats). */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Rounds a decimal string to `fractionDigits` places, half away from zero, without floating point.
 * Returns a plain dot-decimal string with exactly `fractionDigits` decimals ("12.35", "12" for 0).
 */
export function roundDecimal(amount: string, fractionDigits: number): string {
  const m = DECIMAL.exec(amount.trim());
  if (!m) throw new AppError("INVALID_INPUT", msg("bookErrors.notAnAmount", { value: JSON.stringify(amount).slice(0, 40) }));
  if (!Number.isInteger(fractionDigits) || fractionDigits < 0 || fractionDigits > 8) {
    throw new AppError("INVALID_INPUT", msg("bookErrors.badDecimals", { count: fractionDigits }));
  }
  const negative = m[1] === "-";
  const intPart = m[2]!;
  const frac = m[3] ?? "";
  const kept = (frac + "0".repeat(fractionDigits)).slice(0, fractionDigits);
  let units = BigInt(intPart + kept);
  const next = frac.length > fractionDigits ? Number(frac[fractionDigits]) : 0;
  if (next >= 5) units += BigInt(1);
  let digits = units.toString();
  if (fractionDigits > 0) {
    digits = digits.padStart(fractionDigits + 1, "0");
    digits = `${digits.slice(0, -fractionDigits)}.${digits.slice(-fractionDigits)}`;
  }
  const isZero = units === BigInt(0);
  return negative && !isZero ? `-${digits}` : digits;
}

/** Absolute value of a decimal string (Bkper keeps the sign in the from/to sides, never in the amount). */
export const absDecimal = (amount: string): string => amount.trim().replace(/^[+-]/, "");

export const isZeroDecimal = (amount: string): boolean => /^[+-]?0*(\.0*)?$/.test(amount) && /\d/.test(amount);

/**
 * A date as Bkper sends it → `YYYY-MM-DD`, or null when unset.
 * Accepts ISO `yyyy-MM-dd` (with or without a time part), `yyyyMMdd` (Transaction.dateValue) as string
 * or number. Bkper writes "1900-00-00" to mean "no lock/closing date" (bkper-js Book.setLockDate(null)):
 * that and any other impossible date are null.
 */
export function bkperDateToIso(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === "") return null;
  const s = String(value).trim();
  let iso: string | null = null;
  if (/^\d{8}$/.test(s)) iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  else if (/^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(s)) iso = s.slice(0, 10);
  if (!iso || !isIsoDay(iso)) return null;
  return iso;
}
