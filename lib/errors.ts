/** Errors with a code and a message meant for people. Nothing else reaches a user. */
export type ErrorCode = "UNAUTHENTICATED" | "NOT_FOUND" | "FORBIDDEN" | "INVALID_INPUT" | "CONFLICT" | "RATE_LIMITED" | "INTERNAL";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notAllowedMessage = (needed: string) => `You are not allowed to do this: it needs the ${needed} role on this Book.`;
