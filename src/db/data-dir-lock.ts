import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import path from "node:path";

/** Raised when another live process already uses the data folder. */
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

/** Raised when the data folder cannot be created or is not a folder. */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataDirError";
  }
}

/**
 * Creates `folder` and its missing parents one level at a time.
 *
 * NOTE: Node 20's `mkdirSync(path, { recursive: true })` never returns for some paths under
 * /proc (seen with /proc/missing), so the recursion is done here.
 */
export function ensureDirectory(folder: string): void {
  const absolute = path.resolve(folder);
  const missing: string[] = [];
  for (let current = absolute; !existsSync(current); current = path.dirname(current)) {
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  try {
    for (const level of missing) mkdirSync(level);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DataDirError(
      `Cannot create the data folder ${absolute} (${reason}); set DATA_DIR to a writable folder.`,
    );
  }
  if (!statSync(absolute).isDirectory()) {
    throw new DataDirError(
      `The data folder ${absolute} is a file, not a folder; set DATA_DIR to a folder.`,
    );
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
  ensureDirectory(dataDir);
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
