import { z } from "zod";

/** Settings of the project workspace: sign-in limits, lifetimes and project-mode thresholds. */
export interface WorkspaceSettings {
  /** Failed sign-ins in a row that lock an account. */
  loginMaxFailures: number;
  /** How long a locked account stays locked, in minutes. */
  loginLockoutMinutes: number;
  /** Sign-in attempts one client address may make per window before it is refused. */
  loginAttemptsPerAddress: number;
  /** Length of the per-address window, in minutes. */
  loginAddressWindowMinutes: number;
  /** Lifetime of a web session, in hours. */
  sessionHours: number;
  /** Lifetime of an API token, in days. */
  apiTokenDays: number;
  /**
   * Contract amount, in minor units per ISO 4217 currency, that a long-term project must
   * exceed.
   */
  longTermMinAmount: Record<string, number>;
  /** Contract duration, in months, that a long-term project must exceed. */
  longTermMinMonths: number;
  /** Start of the OC4IDS id of a project registered in the workspace: "<prefix>-<random>". */
  projectIdPrefix: string;
  /** Subcontract price over prime price below which a subcontract is flagged (Korea: 0.82). */
  subcontractRatioFloor: number;
  /** Days from the agency's approval of a claim to payment of the prime's share. */
  paymentAgencyDays: number;
  /** Days from the prime's receipt to payment of subcontractors, suppliers and workers. */
  paymentPayeeDays: number;
  /** Percentage points actual progress may lag the plan before a project is behind plan. */
  behindPlanPoints: number;
  /** Days a review or approval may wait before it counts as overdue. */
  approvalDays: number;
  /** The first administrator to create at start when none exists. */
  firstAdmin: { email: string; name: string; password: string } | undefined;
}

const positiveInteger = z.coerce.number().int().min(1);

const amountList = z
  .string()
  .regex(
    /^[A-Z]{3}:\d+(,[A-Z]{3}:\d+)*$/,
    "must be CURRENCY:AMOUNT pairs separated by commas, e.g. KRW:1000000000",
  )
  .transform((text) =>
    Object.fromEntries(
      text.split(",").map((pair) => {
        const [currency = "", amount = "0"] = pair.split(":");
        return [currency, Number(amount)];
      }),
    ),
  );

const workspaceEnvironment = z.object({
  LOGIN_MAX_FAILURES: positiveInteger.default(5),
  LOGIN_LOCKOUT_MINUTES: positiveInteger.default(15),
  LOGIN_ATTEMPTS_PER_ADDRESS: positiveInteger.default(30),
  LOGIN_ADDRESS_WINDOW_MINUTES: positiveInteger.default(15),
  SESSION_HOURS: positiveInteger.default(12),
  API_TOKEN_DAYS: positiveInteger.default(30),
  // Seoul's One-PMIS runs a project in long-term mode when its contract is worth more than
  // KRW 1 billion and lasts more than 12 months. KRW has no minor unit, so the amount is won.
  LONG_TERM_MIN_AMOUNT: amountList.default({ KRW: 1_000_000_000 }),
  LONG_TERM_MIN_MONTHS: positiveInteger.default(12),
  // OC4IDS ids start with the publisher's registered prefix, such as "oc4ids-bu3kcz".
  PROJECT_ID_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "must be letters, digits and hyphens")
    .default("ccs"),
  // Korean public works review a subcontract priced under 82% of the prime's price for the
  // same work.
  SUBCONTRACT_RATIO_FLOOR: z.coerce
    .number()
    .min(0, "must be a ratio from 0 to 1")
    .max(1, "must be a ratio from 0 to 1")
    .default(0.82),
  // Legal payment periods differ by jurisdiction; set them to the law that binds the agency.
  // The defaults are examples: an agency paying within 30 days of approval, and Korea's
  // 15 days from the prime's receipt to its subcontractors.
  PAYMENT_AGENCY_DAYS: positiveInteger.default(30),
  PAYMENT_PAYEE_DAYS: positiveInteger.default(15),
  // How far behind the planned S-curve a project may fall before the agency's overview flags
  // it, and how long a decision may wait before it counts as overdue. Both are local policy.
  BEHIND_PLAN_POINTS: z.coerce
    .number()
    .min(0, "must be percentage points from 0 to 100")
    .max(100, "must be percentage points from 0 to 100")
    .default(10),
  APPROVAL_DAYS: positiveInteger.default(7),
  CCS_ADMIN_EMAIL: z.string().email("must be an e-mail address").optional(),
  CCS_ADMIN_NAME: z.string().min(1).optional(),
  CCS_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters long").optional(),
});

/**
 * Reads the workspace settings from environment variables that are set and not empty.
 * Returns the settings, or the problems as "VARIABLE: reason" lines.
 */
export function readWorkspaceSettings(
  present: Record<string, string | undefined>,
): { settings: WorkspaceSettings; problems: [] } | { settings: undefined; problems: string[] } {
  const parsed = workspaceEnvironment.safeParse(present);
  if (!parsed.success) {
    return {
      settings: undefined,
      problems: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`),
    };
  }

  const values = parsed.data;
  const adminGiven = [values.CCS_ADMIN_EMAIL, values.CCS_ADMIN_PASSWORD].filter(Boolean).length;
  if (adminGiven === 1) {
    return {
      settings: undefined,
      problems: ["CCS_ADMIN_EMAIL: must be set together with CCS_ADMIN_PASSWORD"],
    };
  }

  const firstAdmin =
    values.CCS_ADMIN_EMAIL && values.CCS_ADMIN_PASSWORD
      ? {
          email: values.CCS_ADMIN_EMAIL,
          name: values.CCS_ADMIN_NAME ?? "Administrator",
          password: values.CCS_ADMIN_PASSWORD,
        }
      : undefined;
  return {
    problems: [],
    settings: {
      loginMaxFailures: values.LOGIN_MAX_FAILURES,
      loginLockoutMinutes: values.LOGIN_LOCKOUT_MINUTES,
      loginAttemptsPerAddress: values.LOGIN_ATTEMPTS_PER_ADDRESS,
      loginAddressWindowMinutes: values.LOGIN_ADDRESS_WINDOW_MINUTES,
      sessionHours: values.SESSION_HOURS,
      apiTokenDays: values.API_TOKEN_DAYS,
      longTermMinAmount: values.LONG_TERM_MIN_AMOUNT,
      longTermMinMonths: values.LONG_TERM_MIN_MONTHS,
      projectIdPrefix: values.PROJECT_ID_PREFIX,
      subcontractRatioFloor: values.SUBCONTRACT_RATIO_FLOOR,
      paymentAgencyDays: values.PAYMENT_AGENCY_DAYS,
      paymentPayeeDays: values.PAYMENT_PAYEE_DAYS,
      behindPlanPoints: values.BEHIND_PLAN_POINTS,
      approvalDays: values.APPROVAL_DAYS,
      firstAdmin,
    },
  };
}
