import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

/** Raised when another live process already holds the data folder. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by process ${holderPid}. ` +
        `Stop that process first, or use a PostgreSQL server (DATABASE_URL), ` +
        `which many processes can share.`,
    );
    this.name = "DataDirLockedError";
  }
}

/** A held lock on a data folder; `release` removes it. */
export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the embedded database's data folder for this process.
 *
 * The embedded database is one process's memory over files: two processes writing the same
 * folder would corrupt it. The lock is a file created with O_EXCL holding the owner's pid; a
 * lock left by a process that no longer runs is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "ccs.lock");

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { release: () => rmSync(lockPath, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }

    const holderPid = Number(readFileSync(lockPath, "utf8").trim());
    if (Number.isInteger(holderPid) && holderPid > 0 && isAlive(holderPid)) {
      throw new DataDirLockedError(dataDir, holderPid);
    }
    rmSync(lockPath, { force: true });
  }
  throw new Error(`Could not lock the data folder ${dataDir}: the lock file keeps reappearing`);
}
