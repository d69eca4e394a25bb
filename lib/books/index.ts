import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { BookGateway } from "./gateway";
import { LocalBookGateway } from "./local/gateway";

export type { BookGateway } from "./gateway";

/** The Book gateway for a user. Local Books are the default; Bkper comes with its own issue. */
export function bookGatewayFor(db: PrismaClient, userId: string): BookGateway {
  return new LocalBookGateway(db, userId);
}
