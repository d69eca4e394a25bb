/**
 * Settings → Audit trail as Next.js renders it: Editors and the Owner see the trail (time in UTC,
 * who — System for the system —, the action's label, the connection, the details in words);
 * Record & View, Record Only and View Only get the 403 page; a stranger gets "not found"; bad
 * query values show a note instead of failing. And the History page answers only the owner.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canViewAudit } from "@/lib/audit/access";
import { recordAudit } from "@/lib/audit/record";
import { seedDemoData } from "@/lib/db/seed";
import type { BookRole } from "@/lib/generated/prisma/enums";
import { createTestApp } from "../helpers/app-context";
import { databaseBackends } from "../helpers/databases";

// The pages in a test's application context: the session, the database and the reader's language
// (app.locale: none, English, unless a test sets it). Next's own forbidden()/notFound() throw as in the app.
const state = createTestApp();
const { default: AuditTrailPage } = state.bind(await import("@/app/(portal)/books/[bookId]/settings/audit/page"));
const { default: HistoryPage } = state.bind(await import("@/app/(portal)/books/[bookId]/automations/connections/[connectionId]/history/page"));
/** What Next's forbidden() and notFound() throw (next/dist/client/components/http-access-fallback). */
const FORBIDDEN = "NEXT_HTTP_ERROR_FALLBACK;403";
const NOT_FOUND = "NEXT_HTTP_ERROR_FALLBACK;404";

// The rule does not depend on the database engine: PGlite only.
const backend = databaseBackends()[0]!;

describe("the audit trail page", () => {
  const ids = { acme: "", connection: "" };
  const as = state.signIn;
  const render = async (search: Record<string, string> = {}) =>
    renderToStaticMarkup(await AuditTrailPage({ params: Promise.resolve({ bookId: ids.acme }), searchParams: Promise.resolve(search) }));

  beforeAll(async () => {
    state.db = await backend.open();
    const db = state.db.prisma;
    await seedDemoData(db);
    ids.acme = (await db.book.findFirstOrThrow({ where: { name: "Acme Ltd" } })).id;
    const client = await db.user.findUniqueOrThrow({ where: { email: "client@example.com" } });
    // poster@ and recorder@ are demo members of Acme Ltd (lib/db/seed.ts).
    await db.user.create({ data: { email: "stranger@example.com" } });
    ids.connection = (
      await db.connection.create({
        data: { ownerId: client.id, provider: "PLAID", itemRef: "ref-page", secret: "sealed", institutionId: "ins_1", institutionName: "Itaú", country: "BR", shares: { create: { bookId: ids.acme, sharedById: client.id } } },
      })
    ).id;
    await recordAudit(db, { action: "connection.connect", actorId: client.id, bookId: ids.acme, connectionId: ids.connection, details: { institution: "Itaú", provider: "PLUGGY", accounts: 2 } });
    await recordAudit(db, { action: "sync.failed", connectionId: ids.connection, details: { system: true, institution: "Itaú", code: "ITEM_LOGIN_REQUIRED", message: "Log in again.", status: "LOGIN_REQUIRED" } });
  }, 180_000);
  afterAll(async () => {
    await state.db?.close();
  });

  it("is for Editors and the Owner only (the rule the Settings menu link follows too)", () => {
    const roles: BookRole[] = ["OWNER", "EDITOR", "POSTER", "RECORDER", "VIEWER"];
    expect(roles.filter(canViewAudit)).toEqual(["OWNER", "EDITOR"]);
  });

  it("answers View Only, Record & View and Record Only with the 403 page, a stranger with not found", async () => {
    for (const email of ["viewer@example.com", "poster@example.com", "recorder@example.com"]) {
      await as(email);
      await expect(render(), email).rejects.toThrow(FORBIDDEN);
    }
    await as("stranger@example.com");
    await expect(render()).rejects.toThrow(NOT_FOUND);
  });

  it("shows the Editor each event with time (UTC), who, action, connection and details in words", async () => {
    await as("bookkeeper@example.com");
    const html = await render();
    expect(html).toContain("Audit trail");
    expect(html).toMatch(/<time dateTime="\d{4}-\d{2}-\d{2}T[^"]+Z">[^<]+ UTC<\/time>/);
    expect(html).toContain("Clara Client");
    expect(html).toContain("client@example.com");
    expect(html).toContain("System");
    expect(html).toContain("Sync failure");
    expect(html).toContain("Connected Itaú through Pluggy (2 accounts).");
    expect(html).toContain("Sync failed (ITEM_LOGIN_REQUIRED): Log in again. The connection now shows: login required.");
    expect((html.match(/data-testid="audit-row"/g) ?? []).length).toBe(2);
  });

  it("filters by action; bad values are ignored with a note", async () => {
    await as("client@example.com");
    const filtered = await render({ action: "sync.failed" });
    expect((filtered.match(/data-testid="audit-row"/g) ?? []).length).toBe(1);
    expect(filtered).toContain('data-action="sync.failed"');
    const bad = await render({ action: "nope", connection: "!!" });
    expect(bad).toContain("The action filter was not recognised and is ignored.");
    expect(bad).toContain("The connection filter was not recognised and is ignored.");
    expect((bad.match(/data-testid="audit-row"/g) ?? []).length).toBe(2);
  });

  it("speaks Brazilian Portuguese to a pt-BR reader: headings, labels, details and dates", async () => {
    await as("bookkeeper@example.com");
    state.locale = "pt-BR";
    try {
      const html = await render();
      expect(html).toContain("Trilha de auditoria");
      expect(html).toContain("Configurações do livro");
      for (const label of ["Horário (UTC)", "Quem", "Ação", "Conexão", "Detalhes", "Todas as ações", "Todas as conexões", "Filtrar"]) expect(html, label).toContain(label);
      expect(html).toContain("Sistema");
      expect(html).toContain("Falha de sincronização");
      expect(html).toContain("Conectou Itaú via Pluggy (2 contas).");
      expect(html).toContain("A sincronização falhou (ITEM_LOGIN_REQUIRED): Log in again. A conexão agora mostra: login necessário.");
      // Acme Ltd is an en-US Book: a Portuguese reader gets the Portuguese style ("25 de nov. de 2026, 14:05 UTC").
      expect(html).toMatch(/<time dateTime="[^"]+Z">\d{1,2} de [^<]+ de \d{4},? \d{2}:\d{2} UTC<\/time>/);
      expect(html).not.toContain("Audit trail");
      expect(html).not.toContain("Sync failure");
      const bad = await render({ action: "nope" });
      expect(bad).toContain("O filtro de ação não foi reconhecido e foi ignorado.");
    } finally {
      state.locale = undefined;
    }
  });

  it("History: the owner sees the connection's events; the bookkeeper gets not found", async () => {
    const history = () => HistoryPage({ params: Promise.resolve({ bookId: ids.acme, connectionId: ids.connection }), searchParams: Promise.resolve({}) });
    await as("client@example.com");
    const html = renderToStaticMarkup(await history());
    expect(html).toContain("History of Itaú");
    expect((html.match(/data-testid="audit-row"/g) ?? []).length).toBe(2);
    await as("bookkeeper@example.com");
    await expect(history()).rejects.toThrow(NOT_FOUND);
  });
});
