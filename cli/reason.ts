/** Why a command-line step failed, in words for the user: a missing file is "no such file". */
export function reason(e: unknown): string {
  if (e && typeof e === "object" && "code" in e && (e as { code: unknown }).code === "ENOENT") return "no such file";
  return e instanceof Error ? e.message : String(e);
}
