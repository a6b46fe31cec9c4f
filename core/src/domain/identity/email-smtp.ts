import nodemailer from 'nodemailer';
import type { Mailer } from './email.js';

/** SMTP settings as configuration parses them (`SMTP_URL`, or `SMTP_HOST/PORT/USER/PASS`, and `SMTP_FROM`). */
export interface SmtpSettings { url: string; from: string }

/**
 * The SMTP mailer (nodemailer). STARTTLS is used when the server offers it; `smtps://` URLs use TLS from
 * the first byte.
 *
 * @example
 * const mailer = createSmtpMailer({ url: 'smtp://user:pass@mail.school.edu:587', from: 'TutorGraph <no-reply@school.edu>' });
 */
export function createSmtpMailer(settings: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport(settings.url);
  return {
    async send(message) {
      await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    },
  };
}
