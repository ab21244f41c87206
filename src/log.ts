import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Paths whose values never reach a log: credentials and the personal data of workers and
 * complainants.
 */
const REDACTED_PATHS = [
  "password",
  "*.password",
  "password_hash",
  "*.password_hash",
  "passwordHash",
  "*.passwordHash",
  "sessionId",
  "*.sessionId",
  "csrfToken",
  "*.csrfToken",
  "email",
  "*.email",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.cookie",
  "*.headers.cookie",
  'headers["set-cookie"]',
  '*.headers["set-cookie"]',
  "workspace.firstAdmin",
  "*.workspace.firstAdmin",
  "databaseUrl",
  "*.databaseUrl",
  "phone",
  "*.phone",
  "bankAccount",
  "*.bankAccount",
  // A failed statement's error carries its parameter values, and PostgreSQL's detail repeats
  // a conflicting key's value: either can be a worker's name, phone or bank account.
  "err.params",
  "err.parameters",
  "err.detail",
  "*.err.params",
  "*.err.parameters",
  "*.err.detail",
];

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * Creates the process logger: JSON lines on standard error (or `destination`), secrets redacted. An unknown level
 * falls back to "info", so that the configuration check can report it by name.
 */
export function createLogger(
  level = process.env.LOG_LEVEL ?? "info",
  destination: DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level: LEVELS.includes(level) ? level : "info",
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

/** The one logger of the process. */
export const log: Logger = createLogger();
