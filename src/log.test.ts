import { describe, expect, it } from "vitest";
import { createLogger } from "./log.js";

/** Logs one entry through a logger that writes into a string, and returns the entry. */
function logOnce(write: (logger: ReturnType<typeof createLogger>) => void): string {
  let output = "";
  const logger = createLogger("info", {
    write(line: string) {
      output += line;
    },
  });
  write(logger);
  return output;
}

describe("log redaction", () => {
  it("hides a failed statement's parameters and detail", () => {
    const error = Object.assign(new Error("duplicate key value violates unique constraint"), {
      code: "23505",
      params: ["worker:6", "Park Jiwoo", "555-666-777888"],
      detail: "Key (project_id, reference)=(p-1, W-001) already exists.",
    });

    const line = logOnce((logger) => logger.error({ err: error, path: "/x" }, "request failed"));

    expect(line).toContain("23505");
    expect(line).toContain("request failed");
    expect(line).not.toContain("Park Jiwoo");
    expect(line).not.toContain("555-666-777888");
    expect(line).not.toContain("W-001");
  });

  it("hides passwords, phones and bank accounts", () => {
    const line = logOnce((logger) =>
      logger.info(
        { body: { password: "hunter2", phone: "+82 10 1234 5678", bankAccount: "110-234" } },
        "received",
      ),
    );

    expect(line).not.toContain("hunter2");
    expect(line).not.toContain("1234 5678");
    expect(line).not.toContain("110-234");
  });
});
