import { mkdirSync } from "node:fs";
import path from "node:path";
import type { BankSettings } from "../../config.js";
import type { BankAdapter } from "./adapter.js";
import { PaymentFileBank } from "./payment-file.js";
import { SimulatedBank } from "./simulated.js";

/**
 * Creates the bank the settings name. The simulated bank keeps its record in its state file,
 * so a payment sent before a restart is still known to it after, and a retry is not paid twice.
 */
export function createConfiguredBank(settings: BankSettings): BankAdapter {
  if (settings.kind === "payment-file") {
    mkdirSync(settings.outbox, { recursive: true, mode: 0o700 });
    return new PaymentFileBank({ outbox: settings.outbox });
  }
  mkdirSync(path.dirname(settings.stateFile), { recursive: true });
  return new SimulatedBank({ stateFile: settings.stateFile });
}
