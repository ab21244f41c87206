import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One problem with a request or an input file: where it is and what is wrong. */
export interface Problem {
  /** JSON pointer or dotted field path of the bad value, "" for the whole input. */
  path: string;
  /** What is wrong, in a sentence. */
  message: string;
}

/**
 * An error with a stable code and a message safe to show to the caller. Every error the
 * application raises on purpose is one of these; anything else is reported as "internal".
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: ContentfulStatusCode,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The catalogue of named errors. */
export const errors = {
  /** Input that fails validation; each problem names the field and the reason. */
  invalidInput: (problems: Problem[], message = "The request is invalid.") =>
    new AppError("invalid_input", 400, message, problems),
  notFound: (what: string) => new AppError("not_found", 404, `${what} was not found.`),
  unauthenticated: () => new AppError("unauthenticated", 401, "Sign in to do this."),
  forbidden: () => new AppError("forbidden", 403, "You may not do this."),
  conflict: (message: string) => new AppError("conflict", 409, message),
  payloadTooLarge: (limitBytes: number) =>
    new AppError("payload_too_large", 413, `The input is larger than ${limitBytes} bytes.`),
};
