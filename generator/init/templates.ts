// What `hcgen init` writes: a first spec that teaches the language in its comments, and the project
// config. Kept as code (not files copied from disk) so the published package needs nothing beyond
// dist/ to scaffold. Both must validate and generate as written (test/package/init.test.ts).
import type { InitArch } from "./arches.js";

export interface SpecTemplateInput {
  readonly id: string;
  readonly arch: string;
  readonly conv: InitArch;
  /** Where the editor finds the JSON Schema, relative to the spec file (or a URL). */
  readonly schema: string;
}

/** `my-abi` -> `my_abi` (calls) and `MY_ABI` (error names): ids may contain '-', identifiers may not. */
export function identPrefix(id: string): { lower: string; upper: string } {
  const lower = id.replace(/-/g, "_");
  return { lower, upper: lower.toUpperCase() };
}

export function specTemplate({ id, arch, conv, schema }: SpecTemplateInput): string {
  const { lower, upper } = identPrefix(id);
  return `# yaml-language-server: $schema=${schema}
# The spec of the ${id} hypercall ABI: the single source of truth hcgen generates from.
# Language reference: ${schema.replace(/hcgen\.schema\.json$/, "LANGUAGE.md")}
# Check it with \`npx hcgen validate\`, generate with \`npx hcgen generate\`.
hcgen: 1                      # spec language version
# The id is lower-case letters, digits and "-"; it names the generated files (${id}.ts, ...).
id: ${id}
title: ${id} hypercalls
version: "0.1"                # your ABI's own version, free text
description: |
  What this interface is for, in Markdown; it heads the generated docs.

# Every fact group may cite these keys (\`cite: [design]\`). A document needs \`document\` and
# \`section\`; source code needs \`repo\`, \`path\` and \`commit\`.
sources:
  design:
    document: ${id} design notes
    section: "1. Calls"

arches:
  ${arch}:
    # The instruction the guest executes (the first trap is the default);
    # ${conv.trapNote}.
    traps:
      - ${conv.trap}
    # Which register carries the call identity: here the whole register is the field \`number\`.
    select:
      ${conv.number}: number
    # Argument registers, in order.
    args: [${conv.args.join(", ")}]
    # Return registers, in order; one of them is the status.
    results:
      - { name: status, register: ${conv.status}, status: true }
      - { name: value, register: ${conv.value} }
  # Another arch: add its key with its own traps/select/args/results, or \`like: ${arch}\`
  # to copy this one and override only what differs. Arch names: see LANGUAGE.md.

errors:
  sign: negated               # the status register holds -value (as Linux errno); or \`as-is\`
  success: ${upper}_SUCCESS
  # What the emulator runtime answers for its own outcomes (here: an unknown call, or a call
  # without a registered handler).
  roles:
    not_supported: ${upper}_ENOSYS
  codes:
    - { name: ${upper}_SUCCESS, value: 0 }
    - { name: ${upper}_EINVAL, value: 22, doc: An argument is out of range. }
    - { name: ${upper}_ENOSYS, value: 38, doc: No such call. }

calls:
  # The name is a C and TypeScript identifier, unique in the file. The id fills the \`number\`
  # field: the guest puts 1 in ${conv.number}. Argument types: u8..u64 i8..i64 ulong long bool gpa gva ptr.
  - name: ${lower}_echo
    id: 1
    args:
      - { name: value, type: ulong, doc: Any value. }
    results:
      - { name: value, type: ulong, doc: The same value. }
    errors: [${upper}_EINVAL]
    cite: [design]
    doc: Returns its argument. Replace it with your first real call.
`;
}

export function configTemplate(id: string): string {
  return `# hcgen project configuration: every hcgen command (generate, check, validate, diff, allocate,
# decode, ...) reads it from the current directory (or --config FILE). Paths are relative to this
# file; specs, --out and --only on the command line override the values here.
spec: [spec]                  # spec files or directories (every *.yaml in them)
out: generated                # output directory; hcgen owns only the files it writes there
outputs: [ts, c, docs, json]  # which generators run: ts, c, docs, json
# runtimeImport: hcgen/runtime   # module the generated TypeScript imports the runtime from
#
# This project's ABI: spec/${id}.yaml
`;
}
