// Building a bare-metal conformance guest: write the generated guest.c and headers, compile them
// and the machine's start code with clang, link with ld.lld and the machine's linker script.
// Shared by `hcgen conform` and test/qemu; every argument is an argv element (no shell).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { exec, FREESTANDING } from "./tools.js";

export interface GuestBuild {
  /** Generated files (guest.c and the headers it includes), written flat into `out`. */
  readonly files: readonly { readonly path: string; readonly content: string }[];
  /** An existing, empty (or hcgen-owned) directory. */
  readonly out: string;
  /** Target flags (--target, -march, ...). */
  readonly cflags: readonly string[];
  /** The directory with start.S and link.ld. */
  readonly boot: string;
  /** The directory with platform.h (console, init, exit). */
  readonly platform: string;
  /** Extra ld.lld flags (e.g. --defsym=GUEST_BASE=...). */
  readonly ldflags?: readonly string[];
}

/** Builds `out`/guest.elf; returns null, or the failing command with its output. */
export async function buildGuest(b: GuestBuild): Promise<string | null> {
  for (const f of b.files) writeFileSync(join(b.out, f.path), f.content);
  const flags = [...b.cflags, ...FREESTANDING, `-I${b.out}`, `-I${b.platform}`];
  return (await exec("clang", [...flags, "-c", join(b.boot, "start.S"), "-o", "start.o"], b.out))
    ?? (await exec("clang", [...flags, "-c", "guest.c", "-o", "guest.o"], b.out))
    ?? (await exec("ld.lld", ["-T", join(b.boot, "link.ld"), "-nostdlib", "-static", ...(b.ldflags ?? []), "start.o", "guest.o", "-o", "guest.elf"], b.out));
}
