/**
 * White or black, whichever has the higher WCAG contrast on a background colour (#rgb or #rrggbb);
 * one of the two always reaches 4.58:1, so text on a bank's brand colour stays readable.
 */
export function readableTextOn(background: string): "#ffffff" | "#000000" {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(background.trim());
  if (!m) return "#ffffff";
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join("") : m[1]!;
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const lum = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
  return 1.05 / (lum + 0.05) >= (lum + 0.05) / 0.05 ? "#ffffff" : "#000000";
}
