/**
 * The audit trail in the reader's language: action labels, "System", the details in words and the
 * filter notes come from the dictionary's `audit` section (English unchanged: AUDIT_ACTIONS is made
 * of it); and the rate-limit message of lib/security/rate-limit.ts reaches Portuguese readers.
 */
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, actionLabel } from "@/lib/audit/actions";
import { describeAudit } from "@/lib/audit/describe";
import { parseAuditFilters } from "@/lib/audit/filters";
import { actorName, auditTime, auditTimeLocale } from "@/lib/audit/format";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { createTranslator } from "@/lib/i18n/translate";
import { tooManyAttempts, tooManyAttemptsMessage } from "@/lib/security/rate-limit";

const en = createTranslator("en", DICTIONARIES.en);
const pt = createTranslator("pt-BR", DICTIONARIES["pt-BR"]);
/** Intl may separate with no-break spaces; compare with plain ones. */
const plain = (s: string) => s.replace(/\u00a0|\u202f/g, " ");

describe("audit action labels", () => {
  it("English: the dictionary's words are AUDIT_ACTIONS' words, with or without a translator", () => {
    for (const a of AUDIT_ACTION_NAMES) {
      expect(en(`audit.actions.${a}`)).toBe(AUDIT_ACTIONS[a]);
      expect(actionLabel(a, en)).toBe(actionLabel(a));
    }
    expect(AUDIT_ACTIONS["integration.link"]).toBe("Link Account");
    expect(actionLabel("something.else", pt)).toBe("something.else");
  });

  it("Portuguese: every action has its own words", () => {
    const labels = AUDIT_ACTION_NAMES.map((a) => actionLabel(a, pt));
    expect(labels).toEqual([
      "Conectar",
      "Compartilhar",
      "Reconectar",
      "Desconectar",
      "Sincronizar agora",
      "Vincular conta",
      "Salvar configuração",
      "Remover",
      "Nova conta",
      "Lançar",
      "Conferir",
      "Desfazer conferência",
      "Enviar para a lixeira",
      "Restaurar",
      "Editar transação",
      "Separar transferência",
      "Registrar como uma transferência",
      "Manter separadas",
      "Nova regra",
      "Excluir regra",
      "Falha de sincronização",
      "Webhook recusado",
      "E-mail enviado",
    ]);
  });

  it("names the system in the reader's language", () => {
    expect(actorName(null)).toEqual({ name: "System", email: null });
    expect(actorName(null, en)).toEqual({ name: "System", email: null });
    expect(actorName(null, pt)).toEqual({ name: "Sistema", email: null });
    expect(actorName({ name: "Clara", email: "c@example.com" }, pt)).toEqual({ name: "Clara", email: "c@example.com" });
  });
});

describe("audit details in words", () => {
  it("English is unchanged, with or without a translator", () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ["connection.connect", { institution: "Itaú", provider: "PLUGGY", accounts: 2 }, "Connected Itaú through Pluggy (2 accounts)."],
      ["connection.connect", { accounts: 1, accountNames: "Checking" }, "Connected a bank (1 account: Checking)."],
      ["connection.disconnect", { institution: "Itaú", integrationsRemoved: 1 }, "Disconnected Itaú; 1 integration removed. Posted transactions stay in the Books."],
      ["integration.link", { account: "Checking •••• 0000", bookAccount: "Bank", periodStart: "2026-12-12", openingBalance: true }, "Linked Checking •••• 0000 to Account Bank, historical data from 12 Dec 2026, with an opening balance."],
      ["integration.save_configuration", { account: "Card", previousPeriodStart: "2026-01-01", periodStart: "2025-01-01" }, "Period of historical data of Card changed from 1 Jan 2026 to 1 Jan 2025."],
      ["integration.save_configuration", {}, "Period of historical data of the integration set to a new date."],
      ["integration.remove", { account: "Card", postedCount: 3 }, "Removed the integration of Card; the 3 transactions posted stay in the Book."],
      ["account.create", { name: "Cash", type: "ASSET" }, "Created Account Cash (ASSET)."],
      ["sync.failed", { code: "ITEM_LOGIN_REQUIRED", message: "Log in again.", status: "LOGIN_REQUIRED" }, "Sync failed (ITEM_LOGIN_REQUIRED): Log in again. The connection now shows: login required."],
      ["webhook.rejected", { provider: "PLAID", reason: "replayed", skippedBefore: 2 }, "Refused a Plaid webhook: already received (replay). 2 earlier refusals were not recorded (rate limit)."],
      ["webhook.rejected", { provider: "PLUGGY", reason: "odd_thing" }, "Refused a Pluggy webhook: odd thing."],
      ["notification.email", { recipient: "a@example.com" }, "E-mail sent to a@example.com: a connection needs attention."],
      ["account.delete", {}, "account.delete"],
    ];
    for (const [action, details, words] of cases) {
      expect(describeAudit(action, details), action).toBe(words);
      expect(describeAudit(action, details, en), action).toBe(words);
    }
  });

  it("Portuguese: sentences, plurals, statuses, reasons, Account types and dates (dd/mm/yyyy)", () => {
    expect(describeAudit("connection.connect", { institution: "Itaú", provider: "PLUGGY", accounts: 2, accountNames: "Corrente, Cartão" }, pt)).toBe("Conectou Itaú via Pluggy (2 contas: Corrente, Cartão).");
    expect(describeAudit("connection.connect", { accounts: 1 }, pt)).toBe("Conectou um banco (1 conta).");
    expect(describeAudit("connection.share", { institution: "Itaú" }, pt)).toBe("Compartilhou Itaú com este livro.");
    expect(describeAudit("connection.reconnect", { previousStatus: "LOGIN_REQUIRED" }, pt)).toBe("Reconectou a conexão (estava: login necessário).");
    expect(describeAudit("connection.disconnect", { institution: "Itaú", integrationsRemoved: 2 }, pt)).toBe("Desconectou Itaú; 2 integrações removidas. As transações lançadas continuam nos livros.");
    expect(describeAudit("connection.sync_now", { institution: "Itaú" }, pt)).toBe("Pediu para Itaú sincronizar agora.");
    expect(describeAudit("integration.link", { account: "Corrente •••• 1234", bookAccount: "Banco", periodStart: "2026-12-12", openingBalance: true }, pt)).toBe(
      "Vinculou Corrente •••• 1234 à conta Banco, com dados históricos desde 12/12/2026, com saldo de abertura.",
    );
    expect(describeAudit("integration.save_configuration", { account: "Cartão", previousPeriodStart: "2026-01-01", periodStart: "2025-01-01" }, pt)).toBe(
      "Cartão: período de dados históricos alterado de 01/01/2026 para 01/01/2025.",
    );
    expect(describeAudit("integration.remove", { account: "Cartão", postedCount: 3 }, pt)).toBe("Removeu a integração de Cartão; as 3 transações lançadas continuam no livro.");
    expect(describeAudit("account.create", { name: "Caixa", type: "ASSET" }, pt)).toBe("Criou a conta Caixa (Ativo).");
    expect(describeAudit("sync.failed", { code: "ITEM_LOGIN_REQUIRED", status: "ERROR" }, pt)).toBe("A sincronização falhou (ITEM_LOGIN_REQUIRED) A conexão agora mostra: erro.");
    expect(describeAudit("webhook.rejected", { provider: "PLUGGY", reason: "bad_signature", skippedBefore: 1 }, pt)).toBe(
      "Recusou um webhook do Pluggy: assinatura inválida. 1 recusa anterior não foi registrada (limite de frequência).",
    );
    expect(describeAudit("notification.email", { recipient: "a@example.com", subject: "Itaú precisa de Reconectar" }, pt)).toBe("E-mail enviado para a@example.com: Itaú precisa de Reconectar.");
    expect(describeAudit("sync.failed", {}, pt)).toBe("A sincronização falhou");
  });

  it("filter notes stay English in the parser (their tests and the History page match them) and have Portuguese words", () => {
    const { notes } = parseAuditFilters({ action: "nope", connection: "!!", before: "x" });
    expect(notes).toEqual([en("audit.notes.action"), en("audit.notes.connection"), en("audit.notes.before")]);
    expect(pt("audit.notes.action")).toBe("O filtro de ação não foi reconhecido e foi ignorado.");
  });

  it("times: an English reader keeps the Book's style; a Portuguese reader gets Portuguese unless the Book is in Portuguese", () => {
    expect(auditTimeLocale("en", "en-GB")).toBe("en-GB");
    expect(auditTimeLocale("en", "pt-BR")).toBe("pt-BR");
    expect(auditTimeLocale("pt-BR", "en-US")).toBe("pt-BR");
    expect(auditTimeLocale("pt-BR", "pt-BR")).toBe("pt-BR");
    const at = new Date("2026-11-25T14:05:00Z");
    expect(plain(auditTime(at, auditTimeLocale("en", "en-US")))).toBe("Nov 25, 2026, 2:05 PM UTC");
    expect(plain(auditTime(at, auditTimeLocale("pt-BR", "en-US")))).toBe("25 de nov. de 2026, 14:05 UTC");
  });
});

describe("the rate-limit message", () => {
  it("English dictionary words are rate-limit.ts's", () => {
    for (const n of [1, 42]) expect(en("server.tooManyAttempts", { count: n })).toBe(tooManyAttemptsMessage(n));
    expect(en.msg(tooManyAttempts(42))).toBe("Too many attempts. Try again in 42 seconds.");
  });

  it("reaches Portuguese readers, singular and plural", () => {
    expect(pt.msg(tooManyAttempts(42))).toBe("Muitas tentativas. Tente novamente em 42 segundos.");
    expect(pt.msg(tooManyAttempts(1))).toBe("Muitas tentativas. Tente novamente em 1 segundo.");
    expect(tooManyAttempts(1)).toEqual({ key: "server.tooManyAttempts", values: { count: 1 } });
  });
});
