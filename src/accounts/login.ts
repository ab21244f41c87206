import { sql, type Kysely } from "kysely";
import type { DB } from "../db/types.js";
import { AppError } from "../http/errors.js";
import type { WorkspaceSettings } from "../workspace/settings.js";
import { recordAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import { hashForUnknownAccounts, verifyPassword } from "./password.js";
import { FixedWindowLimiter } from "./rate-limit.js";

/**
 * The one answer to every failed sign-in. Unknown e-mail, wrong password, a locked and a
 * disabled account read the same, so the answer does not tell which addresses have accounts.
 */
export function invalidCredentials(lockoutMinutes: number): AppError {
  return new AppError(
    "invalid_credentials",
    401,
    "The e-mail address or password is wrong, or the account is locked after too many " +
      `failed sign-ins. Check both and try again, or wait ${lockoutMinutes} minutes.`,
  );
}

/** The answer when one client address has made too many sign-in attempts. */
export function tooManyAttempts(windowMinutes: number): AppError {
  return new AppError(
    "too_many_requests",
    429,
    `Too many sign-in attempts from this address. Wait ${windowMinutes} minutes and try again.`,
  );
}

/** Checks e-mail and password, with lockout and a per-address limit on failed attempts. */
export class PasswordSignIn {
  private readonly perAddress: FixedWindowLimiter;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: WorkspaceSettings,
    private readonly clock: Clock,
  ) {
    this.perAddress = new FixedWindowLimiter(
      settings.loginAttemptsPerAddress,
      settings.loginAddressWindowMinutes * 60_000,
      clock,
    );
  }

  /**
   * Returns the id of the user whose e-mail and password match. Every attempt goes to the audit
   * trail. After `loginMaxFailures` wrong passwords in a row the account is locked for
   * `loginLockoutMinutes`. Throws invalid_credentials (401) or too_many_requests (429).
   */
  async verify(email: string, password: string, clientAddress: string | null): Promise<number> {
    const now = this.clock();
    const audit = (
      actorUserId: number | null,
      action: string,
      outcome: "success" | "failure",
      details: Record<string, unknown>,
    ) =>
      recordAudit(this.db, {
        actorUserId,
        action,
        subject: actorUserId === null ? null : `user:${actorUserId}`,
        outcome,
        clientAddress,
        details,
        occurredAt: now,
      });

    const addressKey = clientAddress ?? "unknown";
    if (!this.perAddress.take(addressKey)) {
      await audit(null, "auth.login", "failure", { reason: "rate_limited" });
      throw tooManyAttempts(this.settings.loginAddressWindowMinutes);
    }

    const user = await this.db
      .selectFrom("users")
      .select(["id", "password_hash", "locked_until", "disabled"])
      .where(sql<string>`lower(email)`, "=", email.trim().toLowerCase())
      .executeTakeFirst();
    // The hash is checked in every case, so that each failure takes about as long.
    const matches = await verifyPassword(
      password,
      user?.password_hash ?? (await hashForUnknownAccounts()),
    );
    const failed = invalidCredentials(this.settings.loginLockoutMinutes);

    if (!user) {
      await audit(null, "auth.login", "failure", { reason: "unknown_email" });
      throw failed;
    }
    if (user.disabled) {
      await audit(user.id, "auth.login", "failure", { reason: "disabled" });
      throw failed;
    }
    if (user.locked_until && user.locked_until > now) {
      await audit(user.id, "auth.login", "failure", { reason: "locked" });
      throw failed;
    }
    if (!matches) {
      await this.recordWrongPassword(user.id, now, audit);
      throw failed;
    }

    await this.db
      .updateTable("users")
      .set({ failed_login_count: 0, locked_until: null })
      .where("id", "=", user.id)
      .execute();
    // Only failures count against the address, so that people signing in from one office
    // (or behind one proxy) do not use up each other's attempts.
    this.perAddress.release(addressKey);
    await audit(user.id, "auth.login", "success", {});
    return user.id;
  }

  private async recordWrongPassword(
    userId: number,
    now: Date,
    audit: (
      userId: number,
      action: string,
      outcome: "failure",
      details: Record<string, unknown>,
    ) => Promise<void>,
  ): Promise<void> {
    const counted = await this.db
      .updateTable("users")
      .set((eb) => ({ failed_login_count: eb("failed_login_count", "+", 1) }))
      .where("id", "=", userId)
      .returning("failed_login_count")
      .executeTakeFirstOrThrow();
    await audit(userId, "auth.login", "failure", {
      reason: "wrong_password",
      failuresInARow: counted.failed_login_count,
    });
    if (counted.failed_login_count < this.settings.loginMaxFailures) return;

    const lockedUntil = new Date(now.getTime() + this.settings.loginLockoutMinutes * 60_000);
    await this.db
      .updateTable("users")
      .set({ failed_login_count: 0, locked_until: lockedUntil })
      .where("id", "=", userId)
      .execute();
    await audit(userId, "auth.lockout", "failure", { lockedUntil: lockedUntil.toISOString() });
  }
}
