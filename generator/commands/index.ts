// The command table. Each command lives in its own module; add new ones here.
import type { Command } from "./command.js";
import { model } from "./model.js";
import { validate } from "./validate.js";
import { generate } from "./generate.js";
import { check } from "./check.js";
import { watch } from "./watch.js";
import { allocate } from "./allocate.js";
import { diff } from "./diff.js";
import { init } from "./init.js";
import { decode } from "./decode.js";
import { trace } from "./trace.js";
import { serve } from "./serve.js";
import { conform } from "./conform.js";

export const COMMANDS: Readonly<Record<string, Command>> = Object.fromEntries(
  [init, validate, model, generate, check, watch, allocate, diff, decode, trace, serve, conform].map((c) => [c.name, c]),
);
