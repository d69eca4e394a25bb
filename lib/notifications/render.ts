import { DICTIONARIES } from "@/lib/i18n/dictionaries";
import { createTranslator, msg, type Translate } from "@/lib/i18n/translate";
import type { ConnectionProblem } from "./problems";
import type { Recipient } from "./recipients";

/** The e-mail about a connection's problem: plain text, no tokens, a link to User Connections. */
export type RenderedMail = { to: string; subject: string; text: string };

const english = createTranslator("en", DICTIONARIES.en);

/** In `t`'s language (English unless a recipient's language is known). */
export function renderProblemMail(problem: ConnectionProblem, r: Recipient, appUrl: string, t: Translate = english): RenderedMail {
  const link = r.bookId ? `${appUrl}/books/${r.bookId}/automations/connections` : `${appUrl}/books`;
  const subject = t.msg(problem.title);
  return {
    to: r.email,
    subject,
    text: [
      r.name ? t("mail.helloName", { name: r.name }) : t("mail.hello"),
      "",
      t.msg(msg("mail.title", { title: { msg: problem.title } })),
      t.msg(problem.action),
      t(r.owner ? "mail.youOwn" : "mail.sharedWithYou"),
      "",
      t("mail.open", { link }),
      "",
      t("mail.signature"),
    ].join("\n"),
  };
}
