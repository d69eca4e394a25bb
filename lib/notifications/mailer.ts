import nodemailer from "nodemailer";

/** Sends one plain-text e-mail. The SMTP transport in production; tests may pass their own. */
export type Mailer = { send(mail: { to: string; subject: string; text: string }): Promise<void>; close(): void };

export function smtpMailer(settings: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(settings.smtpUrl);
  return {
    send: async (mail) => {
      await transport.sendMail({ from: settings.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
