import { describe, expect, it } from "vitest";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { localizeFields, localizeMessage } from "@/lib/i18n/server-messages";
import { createTranslator, interpolate, pluralForm } from "@/lib/i18n/translate";

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
    expect(en("book.draftsFirst", { count: 1 })).toBe(", 1 draft first");
    expect(en("book.draftsFirst", { count: 5 })).toBe(", 5 drafts first");
    // A form a dictionary does not give (pt "many" for a million in recent CLDR) falls back to "other".
    expect(pluralForm("pt-BR", { one: "um", other: "outros" }, 1_000_000)).toBe("outros");
  });

  it("knows which keys are messages", () => {
    expect(pt.has("signin.demoNotes.client")).toBe(true);
    expect(pt.has("signin.demoNotes.nobody")).toBe(false);
    expect(pt.has("chart.summary")).toBe(true);
    expect(pt.has("chart")).toBe(false);
  });

  it("puts the server's English messages into Portuguese, by text, keeping unknown ones", () => {
    expect(localizeMessage(pt, "Please correct the highlighted fields.")).toBe("Corrija os campos destacados.");
    expect(localizeMessage(pt, "You are not allowed to do this: it needs the Editor role on this Book.")).toBe("Você não tem permissão para isso: é preciso o papel Editor neste livro.");
    expect(localizeMessage(pt, "Something went wrong on our side (ref 1a2b3c4d). Please try again.")).toBe("Algo deu errado do nosso lado (ref. 1a2b3c4d). Tente novamente.");
    expect(localizeMessage(pt, "The bank said no.")).toBe("The bank said no.");
    expect(localizeMessage(en, "Please correct the highlighted fields.")).toBe("Please correct the highlighted fields.");
    expect(localizeFields(pt, { startDate: "Choose a start date." })).toEqual({ startDate: "Escolha uma data de início." });
  });
});
