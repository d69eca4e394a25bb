import { describe, expect, it } from "vitest";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { decodeMessage, encodeMessage } from "@/lib/i18n/stored";
import { createTranslator, fieldTexts, interpolate, msg, pluralForm } from "@/lib/i18n/translate";

const en = createTranslator("en", DICTIONARIES.en);
const pt = createTranslator("pt-BR", DICTIONARIES["pt-BR"]);

describe("translating", () => {
  it("looks up nested keys in the request's language", () => {
    expect(en("automations.banks")).toBe("Banks");
    expect(pt("automations.banks")).toBe("Bancos");
    expect(pt("automations.connections")).toBe("Conexões do usuário");
    expect(pt("automations.integrations")).toBe("Integrações do livro");
    expect(pt("linkAccount.button")).toBe("Vincular conta");
    expect(pt("integrations.saveConfiguration")).toBe("Salvar configuração");
    expect(pt("common.yes")).toBe("Sim");
    expect(pt("sync.now")).toBe("Sincronizar agora");
  });

  it("interpolates {names}, leaving unknown ones visible", () => {
    expect(interpolate("{count} transações", { count: 3 })).toBe("3 transações");
    expect(interpolate("{a} e {b}", { a: "x" })).toBe("x e {b}");
    expect(pt("connections.disconnectTitle", { name: "Banco Cerrado" })).toBe("Desconectar Banco Cerrado?");
    expect(en("connections.disconnectTitle", { name: "Banco Cerrado" })).toBe("Disconnect Banco Cerrado?");
  });

  it("picks plural forms with Intl.PluralRules per language", () => {
    expect(en("chart.summary", { count: 1, days: 90 })).toBe("1 transaction posted in the last 90 days");
    expect(en("chart.summary", { count: 412, days: 90 })).toBe("412 transactions posted in the last 90 days");
    expect(pt("chart.summary", { count: 1, days: 90 })).toBe("1 transação lançada nos últimos 90 dias");
    expect(pt("chart.summary", { count: 2, days: 90 })).toBe("2 transações lançadas nos últimos 90 dias");
    // CLDR: Portuguese puts 0 with 1 ("one"), English puts it with the many ("other").
    expect(pt("integrationStatus.syncingCount", { count: 0 })).toBe("Sincronizando 0 transação");
    expect(en("integrationStatus.syncingCount", { count: 0 })).toBe("Syncing 0 transactions");
    expect(pt("integrationStatus.syncingCount", { count: 1234 })).toBe("Sincronizando 1234 transações");
    expect(en("audit.describe.txPosted", { count: 1, what: "" })).toBe("Posted 1 transaction.");
    expect(en("audit.describe.txPosted", { count: 5, what: "" })).toBe("Posted 5 transactions.");
    // A form a dictionary does not give (pt "many" for a million in recent CLDR) falls back to "other".
    expect(pluralForm("pt-BR", { one: "um", other: "outros" }, 1_000_000)).toBe("outros");
  });

  it("knows which keys are messages", () => {
    expect(pt.has("signin.demoNotes.client")).toBe(true);
    expect(pt.has("signin.demoNotes.nobody")).toBe(false);
    expect(pt.has("chart.summary")).toBe(true);
    expect(pt.has("chart")).toBe(false);
  });

  it("puts the server's messages (keys and values) into the reader's language", () => {
    expect(pt.msg(msg("server.correctFields"))).toBe("Corrija os campos destacados.");
    expect(pt.msg(msg("server.notAllowed", { role: { msg: msg("roles.EDITOR") } }))).toBe("Você não tem permissão para isso: é preciso o papel Editor neste livro.");
    expect(pt.msg(msg("server.internal", { ref: "1a2b3c4d" }))).toBe("Algo deu errado do nosso lado (ref. 1a2b3c4d). Tente novamente.");
    expect(en.msg(msg("server.correctFields"))).toBe("Please correct the highlighted fields.");
    expect(fieldTexts(pt, { startDate: msg("server.chooseStartDate") })).toEqual({ startDate: "Escolha uma data de início." });
  });

  it("writes typed values in the reader's locale: days, instants, times, money, nested messages and lists", () => {
    const plain = (s: string) => s.replace(/\u00a0|\u202f/g, " ");
    expect(pt.msg(msg("sync.onDate", { date: { day: "2026-12-12" } }))).toBe("em 12/12/2026");
    expect(en.msg(msg("sync.onDate", { date: { day: "2026-12-12" } }))).toBe("on 2026-12-12");
    expect(en.msg(msg("banner.consentExpires", { name: "Itaú", date: { date: "2026-12-02" } }))).toBe("Consent for Itaú expires on 2 Dec 2026");
    expect(pt.msg(msg("sync.willRetry", { time: { time: "2026-11-25T14:05:00.000Z" } }))).toBe("Nova tentativa às 14:05 UTC.");
    expect(pt.msg(msg("sync.willRetry", { time: { instant: "2026-11-25T14:05:00.000Z" } }))).toBe("Nova tentativa às 25/11/2026 14:05 UTC.");
    expect(plain(pt.msg(msg("common.asSent", { text: { money: { minor: 123456, currency: "BRL" } } })))).toBe("R$ 1.234,56");
    expect(en.msg(msg("common.asSent", { text: { money: { minor: 1000, currency: "JPY" } } }))).toBe("¥1,000");
    expect(pt.msg(msg("sync.running", { parts: { list: [msg("sync.new", { count: 2 }), msg("sync.postedCount", { count: 1 })] } }))).toBe("Sincronizando… 2 novas, 1 lançada");
    expect(en.msg(msg("integrationStatus.errorProblem", { message: { clause: msg("integrationStatus.postingFailed") } }))).toBe("Error: Posting to the Book failed — press Save Configuration to try again.");
  });

  it("keeps stored messages as keys and shows an old English row or a provider's words as they are", () => {
    const m = msg("sync.lastFailed", { reason: { msg: msg("sync.defaults.rateLimited") } });
    expect(decodeMessage(encodeMessage(m))).toEqual(m);
    expect(pt.msg(decodeMessage("The bank said no."))).toBe("The bank said no.");
    expect(decodeMessage('{"key":"no.such.key"}')).toEqual(msg("common.asSent", { text: '{"key":"no.such.key"}' }));
  });
});
