"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, LOCALES } from "./locales";

const input = z.object({ locale: z.enum(LOCALES) });

/**
 * The language switch: keeps the chosen language in the `locale` cookie for a year. The page that
 * called it re-renders in the new language (a server action that sets a cookie refreshes the route).
 */
export async function setLocaleAction(formData: FormData): Promise<void> {
  const parsed = input.safeParse({ locale: formData.get("locale") });
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data.locale, { maxAge: LOCALE_COOKIE_MAX_AGE, sameSite: "lax", path: "/", httpOnly: true });
}
