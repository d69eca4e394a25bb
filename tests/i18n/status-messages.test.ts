import { describe, expect, it } from "vitest";
import { connectionStatusView } from "@/lib/connections/status";
import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { en as EN } from "@/lib/i18n/messages/en";
import { connectionProblem } from "@/lib/notifications/problems";
import { createTranslator } from "@/lib/i18n/translate";
import { connectionSyncView, failedRunLine, integrationStatusView, lastSyncedLine, postedSummary, runningLine } from "@/lib/sync/read/status";

const en = createTranslator("en", DICTIONARIES.en);
const pt = createTranslator("pt-BR", DICTIONARIES["pt-BR"]);
const now = new Date("2026-11-25T15:00:00Z");
const idle = { pending: 0, running: null, flagged: 0 };

/** A message that must be there, for the assertions below. */
const must = <T,>(v: T | null | undefined): T => {
  if (v === null || v === undefined) throw new Error("expected a message");
  return v;
};

describe("status messages in the reader's language", () => {
  it("are keys of the dictionary, in English exactly as before", () => {
    const view = connectionStatusView({ status: "LOGIN_REQUIRED", errorMessage: null, consentExpiresAt: null }, now);
    expect(view.label).toEqual({ key: "connectionStatus.LOGIN_REQUIRED" });
    expect(en.msg(must(view.reason))).toBe("The bank asks you to log in again; transactions are paused until you do.");
    expect(en.msg(lastSyncedLine(new Date(now.getTime() - 300_000), now))).toBe("Last synced 5 minutes ago");
  });

  it("the English dictionary says what the status views say (the views are the English specification)", () => {
    for (const status of ["CONNECTED", "SYNCING", "LOGIN_REQUIRED", "ERROR", "DISCONNECTED"] as const) {
      const v = connectionStatusView({ status, errorMessage: null, consentExpiresAt: null }, now);
      expect(en.msg(v.label)).toBe(EN.connectionStatus[status]);
    }
    expect(en.msg(postedSummary(0, 90))).toBe(en("chart.none", { days: 90 }));
    expect(en.msg(postedSummary(1, 90))).toBe(en("chart.summary", { count: 1, days: 90 }));
    expect(en.msg(postedSummary(412, 90))).toBe(en("chart.summary", { count: 412, days: 90 }));
    expect(en.msg(integrationStatusView({ status: "ACTIVE", errorMessage: null }, { connectionStatus: "CONNECTED", ...idle, pending: 1 }).label)).toBe(en("integrationStatus.syncingCount", { count: 1 }));
  });

  it("connection statuses, reasons and actions in Portuguese", () => {
    const s = (status: "CONNECTED" | "LOGIN_REQUIRED" | "ERROR" | "DISCONNECTED", extra: Partial<{ consentExpiresAt: Date }> = {}) =>
      connectionStatusView({ status, errorMessage: null, consentExpiresAt: null, ...extra }, now);
    expect(pt.msg(s("CONNECTED").label)).toBe("Conectada");
    const login = s("LOGIN_REQUIRED");
    expect(pt.msg(login.label)).toBe("Login necessário");
    expect(pt.msg(must(login.reason))).toBe("O banco pede que você entre novamente; as transações ficam pausadas até lá.");
    expect(pt.msg(must(login.action))).toMatch(/^Clique em Reconectar/);
    expect(pt.msg(must(s("DISCONNECTED").reason))).toBe("Esta conexão foi desconectada.");
    const expiring = s("CONNECTED", { consentExpiresAt: new Date("2026-12-01T00:00:00Z") });
    expect(pt.msg(must(expiring.reason))).toBe("O acesso expira em 01/12/2026: clique em Reconectar antes disso para que as transações continuem chegando.");
    expect(pt.msg(must(expiring.action))).toBe("Reconectar");
    // A provider's own words stay as they are.
    const provider = connectionStatusView({ status: "ERROR", errorMessage: "Banco fora do ar (código 42).", consentExpiresAt: null }, now);
    expect(pt.msg(must(provider.reason))).toBe("Banco fora do ar (código 42).");
  });

  it("sync lines in Portuguese", () => {
    const ago = (ms: number) => lastSyncedLine(new Date(now.getTime() - ms), now);
    expect(pt.msg(ago(10_000))).toBe("Última sincronização agora mesmo");
    expect(pt.msg(ago(60_000))).toBe("Última sincronização há 1 minuto");
    expect(pt.msg(ago(5 * 60_000))).toBe("Última sincronização há 5 minutos");
    expect(pt.msg(ago(3 * 3_600_000))).toBe("Última sincronização há 3 horas");
    expect(pt.msg(ago(86_400_000))).toBe("Última sincronização ontem");
    expect(pt.msg(ago(4 * 86_400_000))).toBe("Última sincronização há 4 dias");
    expect(pt.msg(ago(40 * 86_400_000))).toBe("Última sincronização em 16/10/2026");
    expect(pt.msg(lastSyncedLine(null, now))).toBe("Ainda não sincronizada");
    expect(pt.msg(runningLine({ added: 120, modified: 2, removed: 0, posted: 80 }))).toBe("Sincronizando… 120 novas, 2 alteradas, 80 lançadas");

    const limited = failedRunLine({ errorCode: "RATE_LIMITED", errorMessage: null, retryAt: new Date("2026-11-25T16:05:00Z") }, now);
    expect(pt.msg(limited.text)).toBe("A última sincronização falhou: O serviço de conexão bancária pediu para irmos mais devagar.");
    expect(pt.msg(must(limited.action))).toBe("Nova tentativa às 16:05 UTC.");
    const other = failedRunLine({ errorCode: "WEIRD", errorMessage: null, retryAt: null }, now);
    expect(pt.msg(other.text)).toBe("A última sincronização falhou: o serviço de conexão bancária teve um problema.");
    expect(pt.msg(must(other.action))).toMatch(/^Clique em Sincronizar agora/);

    const view = connectionSyncView({ status: "CONNECTED", lastSyncedAt: null, warningMessage: null }, { added: 1, modified: 0, removed: 0, posted: 0 }, null, now);
    expect(pt.msg(must(view.running))).toBe("Sincronizando… 1 nova, 0 lançada");
  });

  it("integration statuses in Portuguese", () => {
    const v = (i: { status: "ACTIVE" | "SYNCING" | "ERROR"; errorMessage: string | null }, ctx: Partial<Parameters<typeof integrationStatusView>[1]> = {}) =>
      integrationStatusView(i, { connectionStatus: "CONNECTED", ...idle, ...ctx });
    expect(pt.msg(v({ status: "ACTIVE", errorMessage: null }).label)).toBe("Ativa");
    expect(pt.msg(v({ status: "SYNCING", errorMessage: null }).label)).toBe("Sincronizando…");
    expect(pt.msg(v({ status: "ACTIVE", errorMessage: null }, { pending: 7 }).label)).toBe("Sincronizando 7 transações");
    const failed = v({ status: "ERROR", errorMessage: null });
    expect(pt.msg(failed.label)).toBe("Erro");
    expect(pt.msg(must(failed.problem))).toBe("Erro: O lançamento no livro falhou — clique em Salvar configuração para tentar de novo.");
    expect(pt.msg(must(v({ status: "ACTIVE", errorMessage: null }, { connectionStatus: "LOGIN_REQUIRED" }).problem))).toBe(
      "Erro: o banco pede um novo login — reconecte-a em Conexões do usuário.",
    );
    expect(pt.msg(must(v({ status: "ACTIVE", errorMessage: null }, { flagged: 2 }).flagged))).toBe(
      "Sinalizadas: 2 removidas pelo banco mas já conferidas no livro. Revise-as lá.",
    );
  });
});

describe("the problem banner's titles", () => {
  it("in Portuguese, with the date in the Brazilian style", () => {
    const base = { institutionName: "Banco Ipê", consentExpiresAt: null, warningMessage: null, secret: "sealed" };
    const reconnect = must(connectionProblem({ ...base, status: "LOGIN_REQUIRED" }, now));
    expect(pt.msg(reconnect.title)).toBe("Banco Ipê precisa ser reconectado");
    const consent = must(connectionProblem({ ...base, status: "CONNECTED", consentExpiresAt: new Date("2026-12-02T10:00:00Z") }, now));
    expect(pt.msg(consent.title)).toBe("O consentimento de Banco Ipê expira em 02/12/2026");
    expect(en.msg(consent.title)).toBe("Consent for Banco Ipê expires on 2 Dec 2026");
  });
});
