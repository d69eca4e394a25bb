import { cache } from "react";
import { z } from "zod";
import { auth } from "./index";

export type SessionUser = { id: string; email: string; name: string | null };

const sessionUser = z.object({ id: z.string().min(1), email: z.string().min(1), name: z.string().nullish() });

/**
 * The signed-in user, or null. The one place that reads the Auth.js session. Each read checks the
 * session's record in the database (lib/auth/session-records.ts); within one server render the
 * answer is shared (React's cache; actions and route handlers read afresh each time).
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const parsed = sessionUser.safeParse(session?.user);
  return parsed.success ? { id: parsed.data.id, email: parsed.data.email, name: parsed.data.name ?? null } : null;
});
