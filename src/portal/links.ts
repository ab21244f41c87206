/**
 * Returns `url` when it is safe to put in an href or src attribute: an absolute http(s) URL or
 * a path on this server. Anything else (javascript:, data:, protocol-relative "//host")
 * returns undefined, because published data is not trusted.
 */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  const trimmed = url.trim();
  if (trimmed.startsWith("/") && !trimmed.startsWith("//")) return trimmed;
  try {
    const parsed = new URL(trimmed);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Returns the URL of a stored file, or its published URL when it is not held here. */
export function fileUrl(url: string | null, sha256: string | null): string | undefined {
  if (sha256 && /^[0-9a-f]{64}$/.test(sha256)) return `/files/${sha256}`;
  return safeUrl(url);
}

/** Returns the portal path of a project. */
export function projectPath(id: string): string {
  return `/projects/${encodeURIComponent(id)}`;
}

/** Returns the portal path of an organisation. */
export function organisationPath(id: string): string {
  return `/organisations/${encodeURIComponent(id)}`;
}
