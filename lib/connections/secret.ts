import { createHash, randomBytes } from "node:crypto";
import { decrypt, encrypt, rewrap } from "@/lib/crypto/envelope";
import { getTokenKeyring } from "@/lib/secrets";

/** Provider secrets of a connection, encrypted and bound to that connection's id. */
const context = (connectionId: string) => `connection:${connectionId}:provider-secret`;

export function sealSecret(connectionId: string, secret: string): string {
  return encrypt(getTokenKeyring(), secret, context(connectionId));
}

export function openSecret(connectionId: string, sealed: string): string {
  return decrypt(getTokenKeyring(), sealed, context(connectionId));
}

export function rewrapSecret(connectionId: string, sealed: string): string {
  return rewrap(getTokenKeyring(), sealed, context(connectionId));
}

/**
 * A stable reference to the provider's item (for uniqueness and webhook look-ups) that does not
 * reveal the item id: SHA-256 of a random 128-bit id cannot be reversed.
 */
export function itemRef(provider: string, itemId: string): string {
  return createHash("sha256").update(`${provider}:${itemId}`).digest("hex");
}

/** Ids for new rows created before their secret is sealed (the id is part of the seal's context). */
export function newId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(24);
  return "c" + Array.from(bytes, (b) => alphabet[b % 36]).join("");
}
