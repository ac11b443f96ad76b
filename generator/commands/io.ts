// Output channels for commands, injectable so tests can capture what a command prints.
export interface Io {
  out(s: string): void;
  err(s: string): void;
  readonly isTTY: boolean;
  readonly cwd: string;
  /** The environment (NO_COLOR, FORCE_COLOR); absent in tests that capture output. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Colour diagnostics (decided once in main from --color, the environment and isTTY). */
  readonly color?: boolean;
}

export function stdio(): Io {
  return {
    out: (s) => { process.stdout.write(s); },
    err: (s) => { process.stderr.write(s); },
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
  };
}

export function captureIo(cwd = process.cwd()): Io & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", isTTY: false, cwd,
    out(s: string) { io.stdout += s; }, err(s: string) { io.stderr += s; } };
  return io;
}
