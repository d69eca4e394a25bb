import { describe, expect, it } from "vitest";
import { connectionStatusView } from "@/lib/connections/status";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { en as EN } from "@/lib/i18n/messages/en";
import { localizeStatusText } from "@/lib/i18n/status-text";
import { createTranslator } from "@/lib/i18n/translate";
import { connectionSyncView, failedRunLine, integrationStatusView, lastSyncedLine, postedSummary, runningLine } from "@/lib/sync/read/status";

const en = createTranslator("en", DICTIONARIES.en);
const pt = createTranslator("pt-BR", DICTIONARIES["pt-BR"]);
const now = new Date("2026-11-25T15:00:00Z");
const idle = { pending: 0, running: null, flagged: 0 };

describe("status sentences in the reader's language", () => {
  it("leave English exactly as the status views say it", () => {
    const view = connectionStatusView({ status: "LOGIN_REQUIRED", errorMessage: null, consentExpiresAt: null }, now);
    for (const s of [view.label, view.reason, view.action, lastSyncedLine(new Date(now.getTime() - 300_000), now)]) expect(localizeStatusText(en, s)).toBe(s);
  });

  it("the English dictionary says what the status views say (the views are the English specification)", () => {
    for (const status of ["CONNECTED", "SYNCING", "LOGIN_REQUIRED", "ERROR", "DISCONNECTED"] as const) {
      const v = connectionStatusView({ status, errorMessage: null, consentExpiresAt: null }, now);
      expect(v.label).toBe(EN.connectionStatus[status]);
    }
    expect(postedSummary(0, 90)).toBe(en("chart.none", { days: 90 }));
    expect(postedSummary(1, 90)).toBe(en("chart.summary", { count: 1, days: 90 }));
    expect(postedSummary(412, 90)).toBe(en("chart.summary", { count: 412, days: 90 }));
    expect(integrationStatusView({ status: "ACTIVE", errorMessage: null }, { connectionStatus: "CONNECTED", ...idle, pending: 1 }).label).toBe(en("integrationStatus.syncingCount", { count: 1 }));
  });

  it("connection statuses, reasons and actions in Portuguese", () => {
    const s = (status: "CONNECTED" | "LOGIN_REQUIRED" | "ERROR" | "DISCONNECTED", extra: Partial<{ consentExpiresAt: Date }> = {}) =>
      connectionStatusView({ status, errorMessage: null, consentExpiresAt: null, ...extra }, now);
    expect(localizeStatusText(pt, s("CONNECTED").label)).toBe("Conectada");
    const login = s("LOGIN_REQUIRED");
    expect(localizeStatusText(pt, login.label)).toBe("Login necessário");
    expect(localizeStatusText(pt, login.reason)).toBe("O banco pede que você entre novamente; as transações ficam pausadas até lá.");
    expect(localizeStatusText(pt, login.action)).toMatch(/^Clique em Reconectar/);
    expect(localizeStatusText(pt, s("DISCONNECTED").reason)).toBe("Esta conexão foi desconectada.");
    const expiring = s("CONNECTED", { consentExpiresAt: new Date("2026-12-01T00:00:00Z") });
    expect(localizeStatusText(pt, expiring.reason)).toBe("O acesso expira em 01/12/2026: clique em Reconectar antes disso para que as transações continuem chegando.");
    expect(localizeStatusText(pt, expiring.action)).toBe("Reconectar");
    // A provider's own words stay as they are.
    const provider = connectionStatusView({ status: "ERROR", errorMessage: "Banco fora do ar (código 42).", consentExpiresAt: null }, now);
    expect(localizeStatusText(pt, provider.reason)).toBe("Banco fora do ar (código 42).");
  });

  it("sync lines in Portuguese", () => {
    const ago = (ms: number) => lastSyncedLine(new Date(now.getTime() - ms), now);
    expect(localizeStatusText(pt, ago(10_000))).toBe("Última sincronização agora mesmo");
    expect(localizeStatusText(pt, ago(60_000))).toBe("Última sincronização há 1 minuto");
    expect(localizeStatusText(pt, ago(5 * 60_000))).toBe("Última sincronização há 5 minutos");
    expect(localizeStatusText(pt, ago(3 * 3_600_000))).toBe("Última sincronização há 3 horas");
    expect(localizeStatusText(pt, ago(86_400_000))).toBe("Última sincronização ontem");
    expect(localizeStatusText(pt, ago(4 * 86_400_000))).toBe("Última sincronização há 4 dias");
    expect(localizeStatusText(pt, ago(40 * 86_400_000))).toBe("Última sincronização em 16/10/2026");
    expect(localizeStatusText(pt, lastSyncedLine(null, now))).toBe("Ainda não sincronizada");
    expect(localizeStatusText(pt, runningLine({ added: 120, modified: 2, removed: 0, posted: 80 }))).toBe("Sincronizando… 120 novas, 2 alteradas, 80 lançadas");

    const limited = failedRunLine({ errorCode: "RATE_LIMITED", errorMessage: null, retryAt: new Date("2026-11-25T16:05:00Z") }, now);
    expect(localizeStatusText(pt, limited.text)).toBe("A última sincronização falhou: O serviço de conexão bancária pediu para irmos mais devagar.");
    expect(localizeStatusText(pt, limited.action)).toBe("Nova tentativa às 16:05 UTC.");
    const other = failedRunLine({ errorCode: "WEIRD", errorMessage: null, retryAt: null }, now);
    expect(localizeStatusText(pt, other.text)).toBe("A última sincronização falhou: o serviço de conexão bancária teve um problema.");
    expect(localizeStatusText(pt, other.action)).toMatch(/^Clique em Sincronizar agora/);

    const view = connectionSyncView({ status: "CONNECTED", lastSyncedAt: null, warningMessage: null }, { added: 1, modified: 0, removed: 0, posted: 0 }, null, now);
    expect(localizeStatusText(pt, view.running)).toBe("Sincronizando… 1 nova, 0 lançada");
  });

  it("integration statuses in Portuguese", () => {
    const v = (i: { status: "ACTIVE" | "SYNCING" | "ERROR"; errorMessage: string | null }, ctx: Partial<Parameters<typeof integrationStatusView>[1]> = {}) =>
      integrationStatusView(i, { connectionStatus: "CONNECTED", ...idle, ...ctx });
    expect(localizeStatusText(pt, v({ status: "ACTIVE", errorMessage: null }).label)).toBe("Ativa");
    expect(localizeStatusText(pt, v({ status: "SYNCING", errorMessage: null }).label)).toBe("Sincronizando…");
    expect(localizeStatusText(pt, v({ status: "ACTIVE", errorMessage: null }, { pending: 7 }).label)).toBe("Sincronizando 7 transações");
    const failed = v({ status: "ERROR", errorMessage: null });
    expect(localizeStatusText(pt, failed.label)).toBe("Erro");
    expect(localizeStatusText(pt, failed.problem)).toBe("Erro: O lançamento no livro falhou — clique em Salvar configuração para tentar de novo.");
    expect(localizeStatusText(pt, v({ status: "ACTIVE", errorMessage: null }, { connectionStatus: "LOGIN_REQUIRED" }).problem)).toBe(
      "Erro: o banco pede um novo login — reconecte-a em Conexões do usuário.",
    );
    expect(localizeStatusText(pt, v({ status: "ACTIVE", errorMessage: null }, { flagged: 2 }).flagged)).toBe(
      "Sinalizadas: 2 removidas pelo banco mas já conferidas no livro. Revise-as lá.",
    );
  });
});

describe("the problem banner's titles", () => {
  it("in Portuguese, with the date in the Brazilian style", () => {
    expect(localizeStatusText(pt, "Banco Ipê needs Reconnect")).toBe("Banco Ipê precisa ser reconectado");
    expect(localizeStatusText(pt, "Consent for Banco Ipê expires on 2 Dec 2026")).toBe("O consentimento de Banco Ipê expira em 02/12/2026");
    expect(localizeStatusText(en, "Consent for Banco Ipê expires on 2 Dec 2026")).toBe("Consent for Banco Ipê expires on 2 Dec 2026");
  });
});
