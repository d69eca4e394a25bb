/**
 * Exact decimal handling for bank amounts: absolute value rounded half away from zero to the Book's
 * decimal places, on strings — never through binary floating point.
 */
export function roundAbs(amount: string | number, fractionDigits: number): string {
  const text = typeof amount === "number" ? numberToPlain(amount) : amount.trim();
  const m = /^[+-]?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) throw new Error(`not an amount: ${String(amount)}`);
  const int = (m[1] || "0").replace(/^0+(?=\d)/, "");
  const frac = m[2] ?? "";
  const kept = frac.slice(0, fractionDigits).padEnd(fractionDigits, "0");
  let digits = BigInt(int + kept);
  if ((frac[fractionDigits] ?? "0") >= "5") digits += 1n;
  const s = digits.toString().padStart(fractionDigits + 1, "0");
  return fractionDigits === 0 ? s : `${s.slice(0, -fractionDigits)}.${s.slice(-fractionDigits)}`;
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${n}`);
  // Up to 12 decimals covers every currency; toFixed avoids exponent notation.
  return n.toFixed(12).replace(/0+$/, "").replace(/\.$/, "");
}
