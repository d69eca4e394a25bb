import { randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError, notAllowed, type ErrorCode, type FieldMessages } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookRole } from "@/lib/generated/prisma/enums";
import { resolveBookAccess } from "./access";
import { isMessageKey } from "@/lib/i18n/stored";
import { msg, type Message } from "@/lib/i18n/translate";
import type { SessionUser } from "./session";

/**
 * Every server action goes through here: parse the input with zod, load the session, check the
 * permission, run, and answer with a result the UI can show — never a stack trace. Messages are
 * keys and values (lib/i18n), which the UI puts into the reader's language; a schema's own
 * messages are keys too (`z.string().min(1, "server.chooseStartDate")`).
 */
export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: Message; fields?: FieldMessages };

/** The same with the messages already in English words: for the sandbox's English-only stand-ins (app/sandbox). */
export type TextActionResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; fields?: Record<string, string> };

/** What a handler gets: who, the parsed input, the database, and the app's services (`app`, from the request's context). */
export type ActionContext<I, A = unknown> = { user: SessionUser; input: I; db: PrismaClient; app: A };
export type BookActionContext<I, A = unknown> = ActionContext<I, A> & { role: BookRole; book: { id: string; name: string } };

/**
 * What the wrappers need of the request they run in, asked at each call: who is signed in, the
 * database, and the services handed on to the handler. The app passes it in (lib/app-context), so
 * this module reaches no process-wide singleton.
 */
export type ActionRequest<A> = { user(): Promise<SessionUser | null>; db(): Promise<PrismaClient>; app: A };

function formDataToObject(data: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of data.entries()) if (typeof value === "string") out[key] = value;
  return out;
}

function fail<T>(code: ErrorCode, message: Message, fields?: FieldMessages): ActionResult<T> {
  return fields ? { ok: false, code, message, fields } : { ok: false, code, message };
}

/** A schema's message for a field: a dictionary key (the portal's schemas), else zod's own words as they are. */
const fieldMessage = (said: string): Message => (isMessageKey(said) ? msg(said) : msg("common.asSent", { text: said }));

function parseInput<S extends z.ZodType>(schema: S, raw: unknown): { ok: true; value: z.infer<S> } | { ok: false; fields: FieldMessages } {
  const parsed = schema.safeParse(raw instanceof FormData ? formDataToObject(raw) : raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields: FieldMessages = {};
  for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? "form")] ??= fieldMessage(issue.message);
  return { ok: false, fields };
}

async function run<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    if (err instanceof AppError) return fail(err.code, err.said, err.fields);
    const ref = randomBytes(4).toString("hex");
    console.error(`[action] ref=${ref} ${err instanceof Error ? `${err.name}: ${err.message.split("\n")[0]}` : "non-error thrown"}`);
    return fail("INTERNAL", msg("server.internal", { ref }));
  }
}

/** The two wrappers, bound to the way the app resolves a request (`resolve`, called at each action call). */
export function actionWrappers<A>(resolve: () => ActionRequest<A>) {
  /** An action for any signed-in user. `raw` may be an object or FormData. */
  function userAction<S extends z.ZodType, T>(schema: S, handler: (ctx: ActionContext<z.infer<S>, A>) => Promise<T>) {
    return async (raw: unknown): Promise<ActionResult<T>> => {
      const request = resolve();
      const user = await request.user();
      if (!user) return fail("UNAUTHENTICATED", msg("server.signInAgain"));
      const input = parseInput(schema, raw);
      if (!input.ok) return fail("INVALID_INPUT", msg("server.correctFields"), input.fields);
      const db = await request.db();
      return run(() => handler({ user, input: input.value, db, app: request.app }));
    };
  }

  /** An action on one Book: its input must carry `bookId`; the user needs at least `role` there. */
  function bookAction<S extends z.ZodType<{ bookId: string }>, T>(
    role: BookRole,
    schema: S,
    handler: (ctx: BookActionContext<z.infer<S>, A>) => Promise<T>,
  ) {
    return async (raw: unknown): Promise<ActionResult<T>> => {
      const request = resolve();
      const user = await request.user();
      if (!user) return fail("UNAUTHENTICATED", msg("server.signInAgain"));
      const input = parseInput(schema, raw);
      if (!input.ok) {
        if (input.fields.bookId) return fail("NOT_FOUND", msg("server.bookNotFound"));
        return fail("INVALID_INPUT", msg("server.correctFields"), input.fields);
      }
      const db = await request.db();
      const access = await resolveBookAccess(db, user.id, input.value.bookId, role);
      if (access.kind === "not-found") return fail("NOT_FOUND", msg("server.bookNotFound"));
      if (access.kind === "forbidden") return fail("FORBIDDEN", notAllowed(role));
      return run(() => handler({ user, input: input.value, db, app: request.app, role: access.role, book: access.book }));
    };
  }

  return { userAction, bookAction };
}
