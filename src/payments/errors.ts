/**
 * Named errors of direct payment. Each is an AppError, so the one HTTP error handler answers
 * it with its status and stable code.
 */
import { AppError, errors, type Problem } from "../http/errors.js";

export const paymentErrors = {
  /** Input that fails validation; each problem names the field and the reason. */
  invalidInput: (problems: Problem[]) =>
    errors.invalidInput(problems, "The payment request is invalid."),

  notFound: (what: string) => errors.notFound(what),

  /** An entry would take an account that may not go negative below zero. */
  insufficientFunds: (accountCode: string, balance: number, currency: string) =>
    new AppError(
      "insufficient_funds",
      409,
      `Account ${accountCode} holds ${balance} ${currency} (minor units), too little for this movement.`,
    ),

  /** A payment would take a share past its approved amount. */
  overApproved: (shareId: string, approved: number, committed: number, requested: number) =>
    new AppError(
      "over_approved",
      409,
      `Share ${shareId} is approved for ${approved}, ${committed} is already paid or in payment, ` +
        `so ${requested} more cannot be paid (minor units).`,
    ),

  /** An idempotency key was used before for a different request. */
  idempotencyConflict: (key: string) =>
    new AppError(
      "idempotency_conflict",
      409,
      `Idempotency key ${key} was already used for a different request; use a new key.`,
    ),

  /** The request conflicts with the stored state. */
  conflict: (message: string) => errors.conflict(message),
};
