import { z } from "zod";
import { auth } from "./index";

export type SessionUser = { id: string; email: string; name: string | null };

const sessionUser = z.object({ id: z.string().min(1), email: z.string().min(1), name: z.string().nullish() });

/** The signed-in user, or null. The one place that reads the Auth.js session. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await auth();
  const parsed = sessionUser.safeParse(session?.user);
  return parsed.success ? { id: parsed.data.id, email: parsed.data.email, name: parsed.data.name ?? null } : null;
}
