// Plain-text formatting of model values for the docs (numbers, bytes, arch groups, links). Output
// here is unescaped text: the Markdown and HTML templates escape it through the helpers, so this
// file never has to know which format it ends up in.
import { ARCHES } from "../../arches.js";
import type { ArchName, Mode, Outcome, Source } from "../../model.js";
import { hex, hexBytes } from "../../spec-values.js";

export { hex, hexBytes };

const TWO_64 = 1n << 64n;

/** "0x10 (16)": the docs always show both, so readers can match either a header or a debugger. */
export function hexDec(v: bigint): string {
  return `${hex(v)} (${v.toString()})`;
}

/** A two's-complement 64-bit register value as unsigned hex (what a debugger shows). */
export function regHex(v: bigint): string {
  return `0x${(((v % TWO_64) + TWO_64) % TWO_64).toString(16)}`;
}

/** An instruction word padded to its length ("0x00000073"), as disassemblers print it. */
export function insnHex(v: bigint, lengthBytes: number): string {
  return `0x${v.toString(16).padStart(lengthBytes * 2, "0")}`;
}

/** Bit range "31:16", or "31" for a single bit. */
export function bits(hi: number, lo: number): string {
  return hi === lo ? `${hi}` : `${hi}:${lo}`;
}

/** The arch's own name for a privilege mode ("kernel" -> "S-mode ..." on RISC-V). */
export function modeName(arch: ArchName, mode: Mode): string {
  return ARCHES.get(arch)?.modeNames[mode] ?? mode;
}

export function outcomeText(o: Outcome, arch: ArchName | null): string {
  if (o.kind === "error") return `error ${o.error}`;
  if (o.kind === "fault") return `fault ${o.fault}`;
  return `reflected to ${o.to}${arch ? ` (${modeName(arch, o.to)})` : ""}`;
}

/**
 * Groups arches whose rendering of something is identical ("riscv32, riscv64"), so tables stay short
 * when most arches agree. Keys keep first-seen order; arch lists stay in model order (sorted).
 */
export function groupByText<T extends { arch: ArchName }>(items: readonly T[], text: (t: T) => string): { arches: string; text: string }[] {
  // `items` are one call's arches (a handful): a list searched with === is cheaper than a Map,
  // which hashes every text.
  const texts: string[] = [];
  const arches: ArchName[][] = [];
  for (const it of items) {
    const t = text(it);
    const k = texts.indexOf(t);
    if (k < 0) { texts.push(t); arches.push([it.arch]); } else arches[k]!.push(it.arch);
  }
  // When every arch agrees the arch list is left out: the call's own arch list says which they are.
  if (texts.length === 1) return [{ arches: "", text: texts[0]! }];
  return texts.map((t, k) => ({ arches: arches[k]!.join(", "), text: t }));
}

/** Only http(s) URLs become links; anything else (javascript:, data:) is shown as text. */
export function safeUrl(url: string): string | null {
  return /^https?:\/\/[^\s<>"'`]+$/i.test(url) ? url : null;
}

/** GitHub link for a repo/path/commit source (path segments percent-encoded). */
export function sourceUrl(s: Source): string | null {
  if (s.url !== undefined) return safeUrl(s.url);
  if (s.repo === undefined || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(s.repo)) return null;
  const ref = encodeURIComponent(s.commit ?? "HEAD");
  if (s.path === undefined) return `https://github.com/${s.repo}/tree/${ref}`;
  const path = s.path.split("/").map(encodeURIComponent).join("/");
  return `https://github.com/${s.repo}/blob/${ref}/${path}`;
}

/** Text of a source for humans: "torvalds/linux include/x.h @ 0123abc" or "Doc, v3.0, section 3". */
export function sourceText(s: Source): string {
  const parts: string[] = [];
  if (s.repo !== undefined) parts.push(`${s.repo}${s.path !== undefined ? ` ${s.path}` : ""}${s.commit !== undefined ? ` @ ${s.commit.slice(0, 12)}` : ""}`);
  if (s.document !== undefined) parts.push(s.document);
  if (s.version !== undefined) parts.push(s.version);
  if (s.section !== undefined) parts.push(`section: ${s.section}`);
  return parts.join(", ");
}

/** "DEMO" for the value 0x44454d4f when it was written as ASCII; null otherwise. */
export function asciiText(ascii: string | null): string | null {
  return ascii === null ? null : `"${ascii}"`;
}

export function bytesText(b: Uint8Array): string {
  return hexBytes(b);
}
