import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { readNotificationSettings, type NotificationSettings } from "./notifications/settings.js";
import { readWorkspaceSettings, type WorkspaceSettings } from "./workspace/settings.js";

/** Settings read from the environment once at start; see README "Configuration". */
export interface Config {
  /** TCP port the HTTP server listens on. */
  port: number;
  /** Address the HTTP server binds to. */
  host: string;
  /** Folder of the embedded database, stored files and the process lock. */
  dataDir: string;
  /** PostgreSQL server to use instead of the embedded database, when given. */
  databaseUrl: string | undefined;
  /** Path or http(s) URL of the OC4IDS project schema used to validate imports. */
  oc4idsSchema: string;
  /** Map tile URL template with {z}/{x}/{y}; without it the map shows markers only. */
  mapTileUrl: string | undefined;
  /** Attribution text the tile server requires. */
  mapTileAttribution: string | undefined;
  /** Public base URL of this server, used in exported package URIs. */
  publicUrl: string | undefined;
  /**
   * Reverse proxies in front of the server whose X-Forwarded-For entries are trusted; 0 reads
   * the client's address from the socket.
   */
  trustedProxyHops: number;
  /** Whether an empty database gets the demo jurisdiction at start. */
  loadDemo: boolean;
  /** pino log level. */
  logLevel: string;
  /** Sign-in limits, session and token lifetimes, project-mode thresholds, first administrator. */
  workspace: WorkspaceSettings;
  /** The bank that direct payments go through. */
  bank: BankSettings;
  /** SMTP relay, SMS file, dispatch interval and the payee self-check's limits. */
  notifications: NotificationSettings;
}

/**
 * Bank settings: the simulated bank (for demonstrations and tests; its record is kept in a
 * file in the data folder) or the payment-file bank, which writes ISO 20022 pain.001 files to
 * an outbox folder for the agency's bank channel to collect.
 */
export type BankSettings =
  { kind: "simulated"; stateFile: string } | { kind: "payment-file"; outbox: string };

/** Raised when the environment holds a setting that cannot be used. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Schema published by the OC4IDS project; used when OC4IDS_SCHEMA is not set. */
export const OFFICIAL_OC4IDS_SCHEMA_URL =
  "https://standard.open-contracting.org/infrastructure/schema/0__9__5/project-schema.json";

const booleanText = z
  .enum(["1", "0", "true", "false", "yes", "no"])
  .transform((value) => ["1", "true", "yes"].includes(value));

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//.test(value), "must start with http:// or https://");

const environmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\//.test(value), "must start with postgres://")
    .optional(),
  OC4IDS_SCHEMA: z.string().min(1).optional(),
  MAP_TILE_URL: httpUrl
    .refine((value) => value.includes("{z}"), "must contain {z}, {x} and {y}")
    .optional(),
  MAP_TILE_ATTRIBUTION: z.string().optional(),
  PUBLIC_URL: httpUrl.optional(),
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  LOAD_DEMO: booleanText.default(true),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  BANK: z.enum(["simulated", "payment-file"]).default("simulated"),
  BANK_OUTBOX: z.string().min(1).optional(),
});

/**
 * Reads and checks the configuration from `environment`.
 *
 * Empty variables count as unset. Throws ConfigError naming every bad variable and why.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = environmentSchema.safeParse(present);
  const workspace = readWorkspaceSettings(present);
  const notifications = readNotificationSettings(
    present,
    path.resolve(parsed.data?.DATA_DIR ?? "./data"),
  );
  if (!parsed.success || !workspace.settings || !notifications.settings) {
    const problems = [
      ...(parsed.error?.issues ?? []).map((issue) => `${issue.path.join(".")}: ${issue.message}`),
      ...workspace.problems,
      ...notifications.problems,
    ];
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }

  const values = parsed.data;
  const dataDir = path.resolve(values.DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir,
    databaseUrl: values.DATABASE_URL,
    oc4idsSchema: values.OC4IDS_SCHEMA ?? defaultSchemaLocation(),
    mapTileUrl: values.MAP_TILE_URL,
    mapTileAttribution: values.MAP_TILE_ATTRIBUTION,
    publicUrl: values.PUBLIC_URL,
    trustedProxyHops: values.TRUSTED_PROXY_HOPS,
    loadDemo: values.LOAD_DEMO,
    logLevel: values.LOG_LEVEL,
    workspace: workspace.settings,
    bank:
      values.BANK === "payment-file"
        ? {
            kind: "payment-file",
            outbox: path.resolve(values.BANK_OUTBOX ?? path.join(dataDir, "bank-outbox")),
          }
        : { kind: "simulated", stateFile: path.join(dataDir, "simulated-bank.jsonl") },
    notifications: notifications.settings,
  };
}

/** Project root: the folder holding package.json. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Picks the OC4IDS schema of a standards checkout beside the project (`../shared/standards`)
 * when there is one, so that validation works offline, and the official URL otherwise.
 */
function defaultSchemaLocation(): string {
  const besideProject = path.resolve(
    PROJECT_ROOT,
    "../shared/standards/oc4ids/project-schema.json",
  );
  return existsSync(besideProject) ? besideProject : OFFICIAL_OC4IDS_SCHEMA_URL;
}
