import type { NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import Google from "next-auth/providers/google";
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { prisma } from "@/lib/db";
import { getAuthSecret } from "@/lib/secrets";
import { enforceSignInLimits } from "@/lib/rate-limits/sign-in";
import { sealingPrismaAdapter, storeFreshGoogleTokens } from "./google-tokens";
import { decodeSessionToken, sessionTokenEncoder } from "./session-token";
import { endSession, isSessionLive, SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS, startSession } from "./session-records";

export { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS };
export const SANDBOX_PROVIDER_ID = "sandbox";

const sandboxCredentials = z.object({ email: z.string().trim().toLowerCase().email().max(254) });

export function nameFromEmail(email: string): string {
  const local = email.split("@")[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}

export async function buildAuthConfig(): Promise<NextAuthConfig> {
  const config = getConfig();
  const db = await prisma();
  const providers: NextAuthConfig["providers"] = [];
  if (config.sandboxSignIn) {
    providers.push(
      Credentials({
        id: SANDBOX_PROVIDER_ID,
        name: "Sandbox",
        credentials: { email: { label: "Email", type: "email" } },
        // Embedded default only: any address signs in (there is no mail server to prove it).
        authorize: async (raw, request) => {
          const parsed = sandboxCredentials.safeParse(raw);
          if (!parsed.success) return null;
          const { email } = parsed.data;
          await enforceSignInLimits(email, request.headers);
          const user = await db.user.upsert({ where: { email }, create: { email, name: nameFromEmail(email) }, update: {} });
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    );
  }
  if (config.google) {
    providers.push(
      Google({
        clientId: config.google.clientId,
        clientSecret: config.google.clientSecret,
        // Bkper needs offline access so background posting keeps working (refresh token).
        authorization: { params: { access_type: "offline", prompt: "consent", scope: "openid email profile" } },
      }),
    );
  }
  return {
    // Google tokens are stored sealed (lib/security/oauth-tokens.ts).
    adapter: sealingPrismaAdapter(db),
    secret: getAuthSecret(),
    trustHost: true,
    // A week without a visit signs out; an active session's cookie is renewed at most once a day.
    // The session lives only in an httpOnly, SameSite=Lax cookie (Auth.js defaults), never in a URL.
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
    // Auth.js's JWE, read and renewed without redoing its cryptography on every request (lib/auth/session-token.ts).
    jwt: { encode: sessionTokenEncoder(SESSION_UPDATE_AGE_SECONDS), decode: decodeSessionToken },
    // Secure cookies (and the __Secure- prefix) whenever the portal is served over https: forced by
    // an https APP_URL, otherwise Auth.js decides per request (X-Forwarded-Proto, set by Next.js).
    ...(config.appUrl.startsWith("https://") ? { useSecureCookies: true } : {}),
    pages: { signIn: "/signin", error: "/signin" },
    providers,
    events: {
      signIn: async ({ account }) => {
        await storeFreshGoogleTokens(db, account);
      },
      // Ends this cookie's session on the server: a copy of the cookie is refused from now on.
      signOut: async (message) => {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await endSession(db, sid);
      },
    },
    callbacks: {
      // Runs at sign-in (with `user`) and at every session read: a cookie counts only while its
      // session record exists (lib/auth/session-records.ts); null clears it.
      jwt: async ({ token, user }) => {
        if (user?.id) {
          token.sub = user.id;
          token.sid = await startSession(db, user.id);
          return token;
        }
        const sid = typeof token.sid === "string" ? token.sid : undefined;
        if (!sid || !token.sub || !(await isSessionLive(db, sid, token.sub))) return null;
        return token;
      },
      session: ({ session, token }) => {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
    logger: {
      // Auth.js logs errors with their causes; keep them to one line and never log credentials.
      error: (error) => console.error(`[auth] ${error.name}: ${error.message.split("\n")[0]}`),
      warn: () => {},
      debug: () => {},
    },
  };
}
