// A committed switch replaces a target only while it still holds what the journal says it replaces
// (journal.ts carryOut). That is checked on the bytes first (no decode, no re-encode of what may be
// tens of MB), and on the text as read for a whole-string file: both hashes a run records must
// still be honoured, and a target changed since the commit must still be left alone.
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { JOURNAL_FORMAT, recover } from "../../generator/pipeline/journal.js";
import { JOURNAL_NAME, TEMP_PREFIX } from "../../generator/pipeline/names.js";

const made: string[] = [];
afterAll(() => { for (const d of made) rmSync(d, { recursive: true, force: true }); });
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

/** An output directory with a target holding `old`, a staged temp holding "new", and a journal whose move replaces `replaces`. */
function interrupted(old: Buffer | null, replaces: string | null): { dir: string; target: string; temp: string } {
  const dir = mkdtempSync(join(tmpdir(), "hcgen-journal-"));
  made.push(dir);
  const target = join(dir, "out.txt"), tempName = `${TEMP_PREFIX}out.txt-1-abcd`;
  if (old !== null) writeFileSync(target, old);
  writeFileSync(join(dir, tempName), "new\n");
  writeFileSync(join(dir, JOURNAL_NAME), JSON.stringify({ format: JOURNAL_FORMAT, moves: [{ path: "out.txt", temp: tempName, replaces }], removals: [] }));
  return { dir, target, temp: join(dir, tempName) };
}

describe("completing a committed switch", () => {
  // Not valid UTF-8: the text as read (U+FFFD for the stray bytes) hashes differently from the bytes.
  const odd = Buffer.from([0x61, 0xff, 0xfe, 0x0a]);

  it("replaces a target that holds the bytes it replaces (a streamed file's hash)", () => {
    expect(sha(odd)).not.toBe(sha(odd.toString("utf8")));
    const s = interrupted(odd, sha(odd));
    expect(recover(s.dir).completed).toBe(true);
    expect(readFileSync(s.target, "utf8")).toBe("new\n");
    expect(existsSync(s.temp)).toBe(false);
  });

  it("replaces a target whose text as read is what it replaces (a whole-string file's hash)", () => {
    const s = interrupted(odd, sha(odd.toString("utf8")));
    recover(s.dir);
    expect(readFileSync(s.target, "utf8")).toBe("new\n");
  });

  it("creates a target that was absent, and leaves alone one that appeared or changed since", () => {
    const created = interrupted(null, null);
    recover(created.dir);
    expect(readFileSync(created.target, "utf8")).toBe("new\n");
    const appeared = interrupted(Buffer.from("someone's\n"), null);
    recover(appeared.dir);
    expect(readFileSync(appeared.target, "utf8")).toBe("someone's\n");
    const changed = interrupted(Buffer.from("edited\n"), sha("old\n"));
    recover(changed.dir);
    expect(readFileSync(changed.target, "utf8")).toBe("edited\n");
    expect(existsSync(changed.temp)).toBe(false);
    expect(existsSync(join(changed.dir, JOURNAL_NAME))).toBe(false);
  });
});
