// `hcgen` command-line entry: dispatches to one module per command (generator/commands/*.ts).
// User errors print a message and exit 1 (invalid spec) or 2 (usage); never a stack trace.
import { COMMAND_NAMES, loadAllCommands, loadCommand } from "./commands/index.js";
import { UsageError } from "./diagnostics.js";
import { stdio, type Io } from "./commands/io.js";
import { closest } from "./suggest.js";
import { colorWanted } from "./commands/report.js";
import { ConfigError } from "./config.js";
import { languageReference } from "./package-root.js";
import { renderDiagnostic, sourceLines } from "./render-diagnostic.js";

const VERSION = "0.1.0";

async function overview(cwd = process.cwd()): Promise<string> {
  const width = Math.max(...COMMAND_NAMES.map((n) => n.length));
  const lines = (await loadAllCommands()).map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "hcgen: one YAML spec as the single source of truth for hypercall ABIs.",
    "",
    "usage: hcgen <command> [options]",
    "",
    "commands:",
    ...lines,
    "",
    `Run \`hcgen <command> --help\` for a command's options. Spec language: ${languageReference(cwd)}.`,
    "Every command takes --color auto|always|never (default auto: colour on a terminal, none with",
    "NO_COLOR set, always with FORCE_COLOR set and not 0), listed under \"global options\" in each",
    "command's --help. JSON output is never coloured.",
    "Exit status: 0 success, 1 invalid spec or failed check, 2 usage error.",
  ].join("\n");
}

/** The options main takes out before a command parses, appended to every command's --help. */
export const GLOBAL_HELP = `

global options (every command):
  --color WHEN            colour diagnostics: auto (default), always or never; auto colours on a
                          terminal, never with NO_COLOR set, always with FORCE_COLOR set (not 0)`;

/** `--color WHEN` / `--color=WHEN`, an option of every command: taken out before the command parses. */
function takeColor(args: readonly string[]): { flag: string | undefined; args: string[] } {
  let flag: string | undefined;
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") { out.push(...args.slice(i)); break; }
    if (a.startsWith("--color=")) flag = a.slice("--color=".length);
    else if (a === "--color") { flag = args[++i]; if (flag === undefined) throw new UsageError("--color needs a value (--color auto|always|never)"); }
    else out.push(a);
  }
  return { flag, args: out };
}

export async function main(argv: readonly string[], io: Io = stdio()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    const topic = name === "help" ? rest[0] : undefined;
    const about = topic === undefined ? undefined : await loadCommand(topic);
    if (about) { io.out(about.help + GLOBAL_HELP + "\n"); return 0; }
    if (topic !== undefined) {   // `hcgen help genrate`: the same answer as `hcgen genrate`
      const near = closest(topic, COMMAND_NAMES);
      io.err(`hcgen help: unknown command '${topic}'${near ? ` (did you mean '${near}'?)` : ""}\n\n${await overview(io.cwd)}\n`);
      return 2;
    }
    io.out(await overview(io.cwd) + "\n");
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-V") { io.out(`hcgen ${VERSION}\n`); return 0; }
  const command = await loadCommand(name);
  if (!command) {
    const near = closest(name, COMMAND_NAMES);
    io.err(`hcgen: unknown command '${name}'${near ? ` (did you mean '${near}'?)` : ""}\n\n${await overview(io.cwd)}\n`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) { io.out(command.help + GLOBAL_HELP + "\n"); return 0; }
  let color = false;
  try {
    const { flag, args } = takeColor(rest);
    color = colorWanted(flag, io);
    return await command.run(args, { ...io, color });
  } catch (e) {
    if (e instanceof ConfigError) {
      // Positioned like a spec's diagnostics: the config line, a caret, the same colour rules.
      const lines = sourceLines(io.cwd);
      const shown = e.diagnostics.map((d) => renderDiagnostic(d, { color, lines }) + "\n").join("");
      io.err(`hcgen ${name}: invalid configuration:\n${shown}Run \`hcgen ${name} --help\` for usage.\n`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`hcgen ${name}: ${(e as Error).message}\nRun \`hcgen ${name} --help\` for usage.\n`);
      return 2;
    }
    // An internal error is a bug in hcgen, not in the user's input: say so, with the stack.
    io.err(`hcgen ${name}: internal error (please report it): ${(e as Error).stack ?? String(e)}\n`);
    return 70;
  }
}

/** A render helper's entry (pipeline/render-helper.ts starts it in a worker thread): loaded only there. */
export async function renderWorkerMain(): Promise<void> {
  const { runRenderWorker } = await import("./pipeline/render-worker.js");
  await runRenderWorker();
}
