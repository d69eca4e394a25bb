import type { BookRole } from "@/lib/generated/prisma/enums";
import { inEnglish } from "@/lib/i18n/stored";
import { msg, type Message } from "@/lib/i18n/translate";

/** Errors with a code and a message for people (a dictionary key and its values). Nothing else reaches a user. */
export type ErrorCode = "UNAUTHENTICATED" | "NOT_FOUND" | "FORBIDDEN" | "INVALID_INPUT" | "CONFLICT" | "RATE_LIMITED" | "INTERNAL";

/** A form's field messages, by field name. */
export type FieldMessages = Record<string, Message>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly said: Message,
    readonly fields?: FieldMessages,
  ) {
    // `message` is for logs and tests, in English; people read `said` through their translator.
    super(inEnglish(said));
    this.name = "AppError";
  }
}

/** "You are not allowed to do this: it needs the Editor role on this Book." */
export const notAllowed = (needed: BookRole): Message => msg("server.notAllowed", { role: { msg: msg(`roles.${needed}`) } });
