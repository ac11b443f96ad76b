// Text helpers for the C header: comments that spec text cannot break out of, and integer literals
// that keep 64-bit values exact (bigint in, C literal out; never a JavaScript number).

/**
 * Spec text (docs, titles, mnemonics) as the lines of a block comment. The text cannot close the
 * comment (`*\/`), open a nested one (`/*`, which -Wcomment turns into an error) or carry control
 * characters; everything else is kept so docs stay readable. A line may end with a backslash: in a
 * block comment the line splice only joins comment text (the closing `*\/` stays whole), and gcc and
 * clang accept it under -Wall -Wextra -Wcomment -Werror (test/emit-c/c-text.test.ts compiles one).
 */
export function commentLines(text: string): string[] {
  // Most text has nothing to replace: one test instead of six replace passes (same result).
  const clean = !COMMENT_UNSAFE.test(text) ? text : text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, " ")
    .replace(/\t/g, "  ")
    .replace(/\*\//g, "* /")
    .replace(/\/\*/g, "/ *")
    .replace(/\?\?/g, "? ?"); // trigraphs (??/ is a backslash under -std=c11)
  return clean.split("\n").map((l) => l.trimEnd());
}

/** What commentLines replaces: CR, control characters (tab included), U+2028/9, comment delimiters and ??. */
const COMMENT_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f\u2028\u2029]|\*\/|\/\*|\?\?/;

/** A block comment at `indent`, one ` * ` line per text line; empty text gives no comment. */
export function blockComment(text: string, indent = ""): string[] {
  const lines = commentLines(text.trim());
  if (lines.length === 1 && lines[0] === "") return [];
  if (lines.length === 1) return [`${indent}/* ${lines[0]} */`];
  return [`${indent}/*`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`];
}

/** One-line comment text (newlines folded). */
export function inlineComment(text: string): string {
  return `/* ${commentLines(text).join(" ").replace(/\s+/g, " ").trim()} */`;
}

const TWO_64 = 1n << 64n;

/** An unsigned 64-bit value as a C literal: 0x84000008ULL. */
export function u64Literal(v: bigint): string {
  const u = ((v % TWO_64) + TWO_64) % TWO_64;
  return `0x${u.toString(16)}ULL`;
}

/** A two's-complement 64-bit register value as a signed long long literal: (-1000LL), (5LL). */
export function s64Literal(v: bigint): string {
  const u = ((v % TWO_64) + TWO_64) % TWO_64;
  const s = u >= 1n << 63n ? u - TWO_64 : u;
  if (s === -(1n << 63n)) return "(-0x7fffffffffffffffLL - 1)";
  return s < 0n ? `(-${(-s).toString()}LL)` : `(${s.toString()}LL)`;
}

/** A mask of `width` low bits as an unsigned long long literal. */
export function maskLiteral(width: number): string {
  return u64Literal((1n << BigInt(width)) - 1n);
}

/** C string literal (asm text, arch and trap names): \n and \t escaped, anything else non-printable -> ?. */
export function cString(s: string): string {
  if (C_STRING_PLAIN.test(s)) return `"${s}"`; // nothing to escape (most asm and names): no replace passes
  const body = s
    .replace(/["\\]/g, (c) => `\\${c}`)
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t")
    .replace(/[^\x20-\x7e]/g, "?")
    .replace(/\?/g, "\\?"); // every ? escaped: "\??=" would still hold the trigraph ??= (phase 1 comes first)
  return `"${body}"`;
}

/** Printable ASCII without `"`, `\\` and `?`: what cString keeps as is. */
const C_STRING_PLAIN = /^[\x20\x21\x23-\x3e\x40-\x5b\x5d-\x7e]*$/;
