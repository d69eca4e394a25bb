"use server";

import { isoDay } from "@/lib/dates";
import { z } from "zod";
import { appContext, bookAction, type AppContext } from "@/lib/app-context";
import { bookGatewayFor } from "@/lib/books";
import { bookIdSchema } from "@/lib/books/ids";
import { idSchema } from "@/lib/ids";
import { PERIODS, periodStartFor, type PeriodChoice } from "@/lib/integrations/rules";
import { changePeriod, linkAccount, linkChoices, removeIntegration } from "@/lib/integrations/service";
import { AppError } from "@/lib/errors";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { msg } from "@/lib/i18n/translate";

/** Book Integrations: Link Account, Save Configuration, Remove — EDITOR or OWNER on the Book. */
const period = z
  .object({ period: z.enum([...PERIODS, "custom"], { message: "server.choosePeriod" }), startDate: z.string().trim().optional() })
  .transform((v, ctx) => {
    const today = isoDay(appContext().clock.now());
    if (v.period !== "custom") return periodStartFor(v.period as PeriodChoice, today);
    if (!v.startDate) {
      ctx.addIssue({ code: "custom", path: ["startDate"], message: "server.chooseStartDate" });
      return z.NEVER;
    }
    return v.startDate;
  });

const linkInput = z
  .object({
    bookId: bookIdSchema,
    institutionAccountId: idSchema,
    bookAccount: z.string().trim().min(1, "server.chooseAccountOrCreate"),
    newAccountName: z.string().trim().max(120, "server.atMost120").optional(),
    period: z.string(),
    startDate: z.string().optional(),
    openingBalance: z.enum(["on", "true"]).optional(),
  })
  .transform((v, ctx) => {
    const p = period.safeParse({ period: v.period, startDate: v.startDate });
    if (!p.success) {
      for (const i of p.error.issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
      return z.NEVER;
    }
    if (v.bookAccount === "new" && !v.newAccountName) {
      ctx.addIssue({ code: "custom", path: ["newAccountName"], message: "server.enterAccountName" });
      return z.NEVER;
    }
    return { ...v, periodStart: p.data };
  });

async function providerOfAccount(app: AppContext, db: PrismaClient, institutionAccountId: string) {
  const a = await db.institutionAccount.findUnique({ where: { id: institutionAccountId }, select: { connection: { select: { provider: true } } } });
  if (!a) throw new AppError("NOT_FOUND", msg("server.institutionAccountNotFound"));
  return app.providers.get(a.connection.provider);
}

export const linkAccountAction = bookAction("EDITOR", linkInput, async ({ input, user, db, app }) => {
  const provider = await providerOfAccount(app, db, input.institutionAccountId);
  const r = await linkAccount(db, bookGatewayFor(db, user.id), provider, {
    userId: user.id,
    bookId: input.bookId,
    institutionAccountId: input.institutionAccountId,
    bookAccount: input.bookAccount === "new" ? { create: { name: input.newAccountName! } } : { id: input.bookAccount },
    periodStart: input.periodStart,
    openingBalance: input.openingBalance !== undefined,
  });
  await app.requestSync(r.connectionId, "link");
  app.revalidate(`/books/${input.bookId}/automations`, "layout");
  return { integrationId: r.integrationId };
});

/** The Link Account dialog's Book Accounts, fetched when it opens: the same permission as Link Account (EDITOR, an account the user may integrate). */
export const linkChoicesAction = bookAction("EDITOR", z.object({ bookId: bookIdSchema, institutionAccountId: idSchema }), async ({ input, user, db }) =>
  linkChoices(db, bookGatewayFor(db, user.id), { userId: user.id, bookId: input.bookId, institutionAccountId: input.institutionAccountId }),
);

const configInput = z.object({ bookId: bookIdSchema, integrationId: idSchema, period: z.string(), startDate: z.string().optional(), autoCheck: z.enum(["on"]).optional() }).transform((v, ctx) => {
  const p = period.safeParse({ period: v.period, startDate: v.startDate });
  if (!p.success) {
    for (const i of p.error.issues) ctx.addIssue({ code: "custom", path: i.path, message: i.message });
    return z.NEVER;
  }
  return { ...v, periodStart: p.data, autoCheck: v.autoCheck === "on" };
});

export const saveConfiguration = bookAction("EDITOR", configInput, async ({ input, user, db, app }) => {
  const integration = await db.integration.findUnique({ where: { id: input.integrationId }, select: { bookId: true, institutionAccountId: true } });
  if (!integration || integration.bookId !== input.bookId) throw new AppError("NOT_FOUND", msg("server.integrationNotFound"));
  const changed = await changePeriod(db, await providerOfAccount(app, db, integration.institutionAccountId), { userId: user.id, bookId: input.bookId, integrationId: input.integrationId, periodStart: input.periodStart, autoCheck: input.autoCheck });
  await app.requestSync(changed.connectionId, "save_configuration");
  app.revalidate(`/books/${input.bookId}/automations/integrations`);
  return { integrationId: input.integrationId, periodStart: input.periodStart };
});

export const removeIntegrationAction = bookAction("EDITOR", z.object({ bookId: bookIdSchema, integrationId: idSchema }), async ({ input, user, db, app }) => {
  await removeIntegration(db, { userId: user.id, bookId: input.bookId, integrationId: input.integrationId });
  app.revalidate(`/books/${input.bookId}/automations`, "layout");
  return { integrationId: input.integrationId };
});
