import { randomBytes } from "node:crypto";
import { isoDay } from "@/lib/dates";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveBookAccess } from "@/lib/auth/access";
import { bookGatewayFor, createBookGateway, type BooksSettings } from "@/lib/books";
import { loadBookList, loadBookPage } from "@/lib/books/book-page";
import { computeBalances } from "@/lib/books/balances";
import { parseConfig, type AppConfig } from "@/lib/config";
import { openOAuthToken, sealAccountTokens } from "@/lib/security/oauth-tokens";
import { BkperDouble, type Permission } from "../helpers/bkper-double";
import { databaseBackends, type Backend } from "../helpers/databases";
import { useEmbeddedSecrets } from "../helpers/secrets";

/**
 * BOOKS=bkper end to end below the pages: the Books list mirrors the user's Bkper Books into `books` and
 * `book_members`, the access decision follows Bkper's permissions, and the gateway for a user works from
 * the token in their Auth.js row alone (as background posting needs). Bkper and Google's token endpoint
 * are the local double.
 */
const bkperId = () => `agtzfmJrcGVyLWhyZHITCxIGTGVkZ2Vy${randomBytes(9).toString("base64url")}`;
const globalConfig = globalThis as unknown as { __bankConnectionsConfig?: AppConfig };

describe.each(databaseBackends())("Bkper Books by configuration on $name", (backend: Backend) => {
  let db: Awaited<ReturnType<Backend["open"]>>;
  let double: BkperDouble;
  let settings: BooksSettings;
  let n = 0;
  const savedConfig = globalConfig.__bankConnectionsConfig;

  /** A portal user signed in with Google: their auth_accounts row holds a token to the double. */
  async function googleUser(opts: { expired?: boolean } = {}) {
    const email = `bk-${++n}-${randomBytes(3).toString("hex")}@example.com`;
    const user = await db.prisma.user.create({ data: { email } });
    const refresh = `refresh-${randomBytes(6).toString("hex")}`;
    double.registerRefreshToken(refresh, email);
    // Stored as a Google sign-in stores them: sealed (lib/security/oauth-tokens.ts).
    await db.prisma.account.create({
      data: sealAccountTokens({
        userId: user.id,
        type: "oidc",
        provider: "google",
        providerAccountId: `g-${email}`,
        access_token: opts.expired ? "ya29.expired" : double.issueToken(email),
        refresh_token: refresh,
        expires_at: Math.floor(Date.now() / 1000) + (opts.expired ? -10 : 3600),
      }),
    });
    return { id: user.id, email };
  }

  function addBook(email: string, permission: Permission, extra: Partial<Parameters<BkperDouble["addBook"]>[0]> = {}) {
    return double.addBook({
      id: bkperId(),
      name: `${permission} book ${++n}`,
      permissions: { [email]: permission, "owner@example.com": "OWNER" },
      accounts: [
        { name: "Checking", type: "ASSET" },
        { name: "Card", type: "LIABILITY" },
        { name: "Salary", type: "INCOMING" },
      ],
      ...extra,
    });
  }

  beforeAll(async () => {
    db = await backend.open();
    double = await BkperDouble.start();
    settings = { kind: "bkper", apiUrl: double.url, google: { clientId: "cid", clientSecret: "csecret", tokenUrl: `${double.url}/token` }, client: { retryBaseDelayMs: 5 } };
    // What BOOKS=bkper BKPER_API_URL=… with Google keys gives (Google's own token URL is not reached: tokens are fresh).
    // The token keys (the Google tokens are sealed) in a scratch DATA_DIR.
    const dataDir = useEmbeddedSecrets();
    globalConfig.__bankConnectionsConfig = parseConfig({ NODE_ENV: "test", DATA_DIR: dataDir, BOOKS: "bkper", BKPER_API_URL: double.url, AUTH_GOOGLE_ID: "cid", AUTH_GOOGLE_SECRET: "csecret" });
  });
  afterAll(async () => {
    globalConfig.__bankConnectionsConfig = savedConfig;
    expect(double?.crashes ?? []).toEqual([]);
    await double?.close();
    await db?.close();
  });

  it("lists the user's Bkper Books and mirrors them with their settings and mapped roles", async () => {
    const u = await googleUser();
    const owner = addBook(u.email, "OWNER", { name: "A Acme", fractionDigits: 0, timeZone: "America/Sao_Paulo", lockDate: "2026-01-31", properties: { exc_code: "BRL" } });
    const editor = addBook(u.email, "EDITOR", { name: "B Editor" });
    const poster = addBook(u.email, "POSTER", { name: "C Poster" });
    const recorder = addBook(u.email, "RECORDER", { name: "D Recorder" });
    const viewer = addBook(u.email, "VIEWER", { name: "E Viewer" });
    addBook(u.email, "NONE", { name: "F None" });

    const books = await bookGatewayFor(db.prisma, u.id).listBooks();

    expect(books.map((b) => `${b.name}:${b.role}:${b.currency}`)).toEqual(["A Acme:OWNER:BRL", "B Editor:EDITOR:", "C Poster:POSTER:", "D Recorder:RECORDER:", "E Viewer:VIEWER:"]);
    expect(books.map((b) => b.id)).toEqual([owner.id, editor.id, poster.id, recorder.id, viewer.id]);
    const members = await db.prisma.bookMember.findMany({ where: { userId: u.id }, include: { book: true }, orderBy: { book: { name: "asc" } } });
    expect(members.map((m) => `${m.book.name}:${m.role}`)).toEqual(["A Acme:OWNER", "B Editor:EDITOR", "C Poster:POSTER", "D Recorder:RECORDER", "E Viewer:VIEWER"]);
    expect(members[0]!.book).toMatchObject({ id: owner.id, currency: "BRL", fractionDigits: 0, timeZone: "America/Sao_Paulo", closingDate: null });
    expect(isoDay(members[0]!.book.lockDate!)).toBe("2026-01-31");
    // Listing again changes nothing.
    await bookGatewayFor(db.prisma, u.id).listBooks();
    expect(await db.prisma.bookMember.count({ where: { userId: u.id } })).toBe(5);
  });

  it("follows Bkper: a changed permission updates the role, an unshared Book loses the membership, local Books stay", async () => {
    const u = await googleUser();
    const other = await googleUser();
    const kept = addBook(u.email, "EDITOR");
    const demoted = addBook(u.email, "EDITOR");
    const dropped = addBook(u.email, "OWNER");
    double.book(dropped.id).permissions.set(other.email, "EDITOR");
    const local = await db.prisma.book.create({ data: { name: "Local one", members: { create: { userId: u.id, role: "OWNER" } } } });
    const g = bookGatewayFor(db.prisma, u.id);
    await g.listBooks();
    await bookGatewayFor(db.prisma, other.id).listBooks();

    double.book(demoted.id).permissions.set(u.email, "VIEWER");
    double.book(dropped.id).permissions.delete(u.email);
    double.book(dropped.id).name = "Renamed";
    expect((await g.listBooks()).map((b) => b.id).sort()).toEqual([kept.id, demoted.id].sort());

    const roles = Object.fromEntries((await db.prisma.bookMember.findMany({ where: { userId: u.id } })).map((m) => [m.bookId, m.role]));
    expect(roles).toEqual({ [kept.id]: "EDITOR", [demoted.id]: "VIEWER", [local.id]: "OWNER" });
    expect(await resolveBookAccess(db.prisma, u.id, dropped.id, "VIEWER")).toEqual({ kind: "not-found" });
    // The Book row and the other member stay (shares, integrations and the audit trail point at it).
    expect(await db.prisma.bookMember.findUnique({ where: { bookId_userId: { bookId: dropped.id, userId: other.id } } })).toMatchObject({ role: "EDITOR" });

    // Opening a Book refreshes it too: unshared meanwhile → null and no membership.
    double.book(kept.id).permissions.set(u.email, "NONE");
    expect(await g.getBook(kept.id)).toBeNull();
    expect(await resolveBookAccess(db.prisma, u.id, kept.id, "VIEWER")).toEqual({ kind: "not-found" });
    // …and the other user's listing refreshes the row they see.
    await bookGatewayFor(db.prisma, other.id).listBooks();
    expect((await db.prisma.book.findUniqueOrThrow({ where: { id: dropped.id } })).name).toBe("Renamed");
  });

  it("decides access from the mirrored role: VIEWER reads, Link Account (EDITOR) is refused; a newly shared Book opens by link", async () => {
    const u = await googleUser();
    const viewer = addBook(u.email, "VIEWER");
    await bookGatewayFor(db.prisma, u.id).listBooks();
    expect((await resolveBookAccess(db.prisma, u.id, viewer.id, "VIEWER")).kind).toBe("ok");
    expect(await resolveBookAccess(db.prisma, u.id, viewer.id, "EDITOR")).toMatchObject({ kind: "forbidden", role: "VIEWER", needed: "EDITOR" });

    // Shared after the last listing: found in Bkper on first access, then mirrored.
    const fresh = addBook(u.email, "EDITOR");
    expect(await resolveBookAccess(db.prisma, u.id, fresh.id, "EDITOR")).toMatchObject({ kind: "ok", role: "EDITOR", book: { id: fresh.id, name: fresh.name } });
    // A stranger, or a Book Bkper does not know, stays not found.
    const stranger = await googleUser();
    expect(await resolveBookAccess(db.prisma, stranger.id, fresh.id, "VIEWER")).toEqual({ kind: "not-found" });
    expect(await resolveBookAccess(db.prisma, u.id, bkperId(), "VIEWER")).toEqual({ kind: "not-found" });
    expect(await resolveBookAccess(db.prisma, u.id, "../etc/passwd", "VIEWER")).toEqual({ kind: "not-found" });
  });

  it("posts without a request: the expired token is renewed from the DB row, and each remote id is created once", async () => {
    const u = await googleUser({ expired: true });
    const book = addBook(u.email, "EDITOR");
    const checking = book.accounts.find((a) => a.name === "Checking")!.id;
    const draft = (id: string) => ({ date: "2026-03-10", amount: "-12.345", description: `Coffee ${id}`, creditAccountId: checking, debitAccountId: null, remoteIds: [`plaid:${id}`] });

    const first = await createBookGateway(db.prisma, u.id, settings).createTransactions(book.id, [draft("a"), draft("b")]);
    const again = await createBookGateway(db.prisma, u.id, settings).createTransactions(book.id, [draft("b"), draft("a"), draft("c")]);

    expect(again.slice(0, 2).map((t) => t.id)).toEqual([first[1]!.id, first[0]!.id]);
    expect(double.book(book.id).transactions.map((t) => t.remoteIds[0]).sort()).toEqual(["plaid:a", "plaid:b", "plaid:c"]);
    expect(first[0]).toMatchObject({ amount: "12.35", posted: false, creditAccountId: checking, debitAccountId: null });
    const row = await db.prisma.account.findFirstOrThrow({ where: { userId: u.id, provider: "google" } });
    expect(openOAuthToken(row.provider, row.providerAccountId, "access_token", row.access_token)).not.toBe("ya29.expired");
    expect(row.access_token).toMatch(/^ev1\./); // the renewed token is stored sealed too
    expect(row.expires_at! * 1000).toBeGreaterThan(Date.now());
    expect(double.count("POST", /^\/token$/)).toBeGreaterThanOrEqual(1);
  });

  it("reads the Book page through Bkper: Accounts, filtered transactions, balances with our signs, New Account", async () => {
    const u = await googleUser();
    const book = addBook(u.email, "EDITOR");
    const id = (name: string) => book.accounts.find((a) => a.name === name)!.id;
    double.insertTransaction(book.id, { date: "2026-02-01", amount: "100.00", description: "Pay", creditAccountId: id("Salary"), debitAccountId: id("Checking"), posted: true, remoteIds: [] });
    double.insertTransaction(book.id, { date: "2026-02-02", amount: "30.00", description: "Card bill", creditAccountId: id("Checking"), debitAccountId: id("Card"), posted: true, remoteIds: [] });
    double.insertTransaction(book.id, { date: "2026-02-03", amount: "5.00", description: "Draft", creditAccountId: id("Card"), posted: false, remoteIds: ["plaid:d"] });
    const g = bookGatewayFor(db.prisma, u.id);

    const page = await loadBookPage(g, book.id, id("Card"));
    expect(page.ok).toBe(true);
    const data = page.ok ? page.data! : null;
    expect(data!.book).toMatchObject({ id: book.id, fractionDigits: 2 });
    expect(data!.selected?.name).toBe("Card");
    expect(data!.transactions.map((t) => t.description)).toEqual(["Draft", "Card bill"]);
    expect(Object.fromEntries([...data!.balances!].map(([k, v]) => [data!.accounts.find((a) => a.id === k)!.name, v]))).toEqual({ Checking: "70.00", Card: "-30.00", Salary: "100.00" });
    // The same numbers local Books would show for these transactions.
    const all = await g.listTransactions(book.id);
    expect(data!.balances).toEqual(computeBalances(data!.accounts, all, 2));

    double.options.balances = "url";
    const withoutReport = await loadBookPage(g, book.id, undefined);
    double.options.balances = "report";
    expect(withoutReport.ok && withoutReport.data?.balances).toBeNull();

    await g.createAccount(book.id, { name: "Savings", type: "ASSET" });
    expect(double.book(book.id).accounts.map((a) => a.name)).toContain("Savings");
  });

  it("explains Bkper's refusals instead of failing: sign in again, rate limits, outages, unknown Books", async () => {
    const u = await googleUser();
    const book = addBook(u.email, "EDITOR");
    const g = createBookGateway(db.prisma, u.id, settings);

    double.fail({ status: 503, times: 10, method: "GET", path: /^\/v5\/books$/ });
    const down = await loadBookList(createBookGateway(db.prisma, u.id, settings));
    expect(down).toMatchObject({ ok: false, problem: { retryable: true, signInAgain: false, message: expect.stringMatching(/Bkper is not answering properly right now \(HTTP 503\)/) } });
    double.clearFaults();

    double.fail({ status: 429, times: 10, retryAfter: "120", method: "GET", path: /^\/v5\/books\/[^/]+$/ });
    expect(await loadBookPage(g, book.id, undefined)).toMatchObject({ ok: false, problem: { retryable: true, message: expect.stringMatching(/Try again in 2 minutes/) } });
    double.clearFaults();

    expect(await loadBookPage(g, bkperId(), undefined)).toEqual({ ok: true, data: null });

    // Google refuses the refresh token and the access token is gone: the user is asked to sign in again.
    await db.prisma.account.updateMany({ where: { userId: u.id }, data: { access_token: "ya29.revoked", expires_at: 0, refresh_token: "unknown" } });
    expect(await loadBookList(createBookGateway(db.prisma, u.id, settings))).toMatchObject({
      ok: false,
      problem: { code: "UNAUTHENTICATED", signInAgain: true, message: expect.stringMatching(/Sign in again with Google/) },
    });
  });
});
