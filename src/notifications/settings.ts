import path from "node:path";
import { z } from "zod";
import type { SmtpSettings } from "./smtp.js";

/** Settings of notifications and of the payee self-check. */
export interface NotificationSettings {
  /** The SMTP relay for e-mail; without SMTP_HOST, e-mail messages wait in the outbox. */
  smtp: SmtpSettings | undefined;
  /** The JSON-lines file the file SMS adapter appends to. */
  smsFile: string;
  /** Seconds between two runs of the outbox dispatcher in the server. */
  dispatchIntervalSeconds: number;
  /** Minutes a self-check code stays valid. */
  selfcheckCodeMinutes: number;
  /** Wrong entries that lock a self-check code. */
  selfcheckMaxAttempts: number;
  /** Minutes a self-check session lasts. */
  selfcheckSessionMinutes: number;
  /** Code requests per phone number per hour. */
  selfcheckRequestsPerPhone: number;
  /** Self-check requests (codes and code entries) per client address per hour. */
  selfcheckRequestsPerAddress: number;
}

const positiveInteger = z.coerce.number().int().min(1);

const notificationEnvironment = z.object({
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  SMTP_FROM: z.string().email().optional(),
  SMTP_STARTTLS: z
    .enum(["1", "0", "true", "false", "yes", "no"])
    .transform((value) => ["1", "true", "yes"].includes(value))
    .default(false),
  SMTP_HELO_NAME: z.string().min(1).default("localhost"),
  SMS_FILE: z.string().min(1).optional(),
  NOTIFY_INTERVAL_SECONDS: positiveInteger.default(30),
  SELFCHECK_CODE_MINUTES: positiveInteger.default(10),
  SELFCHECK_MAX_ATTEMPTS: positiveInteger.default(5),
  SELFCHECK_SESSION_MINUTES: positiveInteger.default(15),
  SELFCHECK_REQUESTS_PER_PHONE: positiveInteger.default(3),
  SELFCHECK_REQUESTS_PER_ADDRESS: positiveInteger.default(20),
});

/**
 * Reads the notification settings from the environment (empty variables already removed).
 * Returns the settings, or the problems naming each bad variable.
 */
export function readNotificationSettings(
  environment: Record<string, string | undefined>,
  dataDir: string,
): { settings: NotificationSettings | undefined; problems: string[] } {
  const parsed = notificationEnvironment.safeParse(environment);
  if (!parsed.success) {
    return {
      settings: undefined,
      problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    };
  }
  const values = parsed.data;
  if (values.SMTP_HOST && !values.SMTP_FROM) {
    return { settings: undefined, problems: ["SMTP_FROM: is required when SMTP_HOST is set"] };
  }
  return {
    settings: {
      smtp:
        values.SMTP_HOST && values.SMTP_FROM
          ? {
              host: values.SMTP_HOST,
              port: values.SMTP_PORT,
              from: values.SMTP_FROM,
              startTls: values.SMTP_STARTTLS,
              heloName: values.SMTP_HELO_NAME,
              timeoutMs: 30_000,
            }
          : undefined,
      smsFile: path.resolve(values.SMS_FILE ?? path.join(dataDir, "sms-outbox.jsonl")),
      dispatchIntervalSeconds: values.NOTIFY_INTERVAL_SECONDS,
      selfcheckCodeMinutes: values.SELFCHECK_CODE_MINUTES,
      selfcheckMaxAttempts: values.SELFCHECK_MAX_ATTEMPTS,
      selfcheckSessionMinutes: values.SELFCHECK_SESSION_MINUTES,
      selfcheckRequestsPerPhone: values.SELFCHECK_REQUESTS_PER_PHONE,
      selfcheckRequestsPerAddress: values.SELFCHECK_REQUESTS_PER_ADDRESS,
    },
    problems: [],
  };
}
