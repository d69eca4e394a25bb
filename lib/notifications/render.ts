import type { ConnectionProblem } from "./problems";
import type { Recipient } from "./recipients";

/** The e-mail about a connection's problem: plain text, no tokens, a link to User Connections. */
export type RenderedMail = { to: string; subject: string; text: string };

export function renderProblemMail(problem: ConnectionProblem, r: Recipient, appUrl: string): RenderedMail {
  const link = r.bookId ? `${appUrl}/books/${r.bookId}/automations/connections` : `${appUrl}/books`;
  const hello = r.name ? `Hello ${r.name},` : "Hello,";
  const why = r.owner ? "You own this bank connection." : "This bank connection is shared with a Book you keep.";
  return {
    to: r.email,
    subject: problem.title,
    text: [hello, "", `${problem.title}.`, problem.action, why, "", `Open User Connections: ${link}`, "", "— Bank Connections"].join("\n"),
  };
}
