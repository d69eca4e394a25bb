import nodemailer from "nodemailer";

/**
 * Sends one plain-text e-mail. The SMTP transport in production; tests may pass their own.
 * Its timeouts stay well under the claim's staleness (STALE_CLAIM_MS in claims.ts): a send still
 * going is never taken for a dead one.
 */
export type Mailer = { send(mail: { to: string; subject: string; text: string }): Promise<void>; close(): void };

export function smtpMailer(settings: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport({ url: settings.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    send: async (mail) => {
      await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
