/** Only same-site paths are followed after sign-in (no open redirects). */
export function safeCallbackUrl(value: unknown, fallback = "/books"): string {
  if (typeof value !== "string") return fallback;
  const v = value.trim();
  if (!v.startsWith("/") || v.startsWith("//") || v.includes("\\") || /[\u0000-\u001f]/.test(v)) return fallback;
  if (v.startsWith("/signin") || v.startsWith("/api/auth")) return fallback;
  return v;
}
