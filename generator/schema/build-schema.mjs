// Writes spec/hcgen.schema.json. The schema is authored here as a JS object (comments, shared
// pieces) and committed as JSON so editors and ajv read the same file. Run: node generator/schema/build-schema.mjs
import { writeFileSync } from "node:fs";

const d = (description, s) => ({ description, ...s });
const str = (description) => d(description, { type: "string" });
const ident = (description) => d(description, { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" });
const list = (items, description) => d(description, { type: "array", items });
const ref = (name) => ({ $ref: `#/$defs/${name}` });
const obj = (properties, required = [], description = undefined) => ({
  ...(description ? { description } : {}), type: "object", properties, required, additionalProperties: false,
});

const ARCHES = ["x86_64", "i386", "aarch64", "arm", "riscv64", "riscv32", "ppc64", "ppc64le", "ppc", "s390x", "mips64", "mips64el", "mips", "mipsel", "loongarch64"];
const MODES = ["user", "kernel", "hypervisor", "firmware"];

const $defs = {
  integer: d("An exact integer: 42, 0x84000008, -1000 (read as a 64-bit-exact bigint).", { type: "integer" }),
  value: d("An integer, or {ascii: \"TIME\"}: up to 16 ASCII bytes packed big-endian (first character most significant).", {
    oneOf: [ref("integer"), obj({ ascii: d("printable ASCII text, 1 to 16 characters", { type: "string", minLength: 1, maxLength: 16, pattern: "^[ -~]+$" }) }, ["ascii"])],
  }),
  bits: d("A bit range \"hi:lo\" or a single bit \"n\" (bit 0 is the least significant).", {
    oneOf: [{ type: "string", pattern: "^[0-9]{1,2}(:[0-9]{1,2})?$" }, { type: "integer", minimum: 0, maximum: 63 }],
  }),
  arch: d("An hcgen architecture name.", { enum: ARCHES }),
  mode: d("A guest privilege mode.", { enum: MODES }),
  cite: list({ type: "string" }, "Keys of `sources` that support these facts."),
  register: str("A register name of the arch (canonical or alias)."),
  source: {
    type: "object", additionalProperties: false,
    description: "A primary source: a repository file (repo + path + commit) or a document (document + section).",
    properties: {
      repo: str("owner/name on GitHub"), path: str("file path in the repository"),
      commit: str("commit hash or tag that was read"), document: str("document title"),
      version: str("document version"), section: str("section or table"), url: str("where to read it"),
    },
    // if/then/else rather than oneOf, so a half-written source gets one clear "missing key" error.
    if: { required: ["repo"] }, then: { required: ["repo", "path", "commit"] }, else: { required: ["document", "section"] },
  },
  selectPart: {
    type: "object", additionalProperties: false,
    description: "A bit range of a selector register: filled from an identity field, a constant, or an argument.",
    properties: { bits: ref("bits"), field: ident("identity field"), const: ref("value"), arg: ident("argument name"), doc: str("meaning") },
    required: ["bits"],
    oneOf: [{ required: ["field"] }, { required: ["const"] }, { required: ["arg"] }],
  },
  select: d("How the call identity is carried: source (register or @operand) -> field name, or a bit layout.", {
    type: "object", minProperties: 1,
    additionalProperties: { oneOf: [ident("identity field that fills the whole register"), list(ref("selectPart"), "bit layout")] },
  }),
  result: obj({
    name: ident("result name"), register: ref("register"), status: d("this register (or bits) carries the status/error", { type: "boolean" }),
    bits: ref("bits"), doc: str("meaning"),
  }, ["name", "register"]),
  convention: obj({
    select: ref("select"), args: list(ref("register"), "argument registers in order"),
    results: list(ref("result"), "return registers in order"), clobbers: list(ref("register"), "registers the call may change"),
    preserves: d("`all` other registers, or a list", { oneOf: [{ const: "all" }, { type: "array", items: ref("register") }] }),
    doc: str("what this convention is for"),
  }),
  seqInsn: obj({ mnemonic: str("assembly"), insn: ref("integer"), trap: { type: "boolean" } }, ["mnemonic", "insn"]),
  trap: {
    type: "object", additionalProperties: false,
    properties: {
      name: ident("trap name, unique per arch"), mnemonic: str("assembly as a programmer writes it"),
      insn: d("instruction word (fixed-width ISAs)", ref("integer")),
      bytes: d("bytes in memory order, hex pairs separated by spaces", { type: "string", pattern: "^[0-9a-fA-F]{2}( [0-9a-fA-F]{2})*$" }),
      operand: obj({ bits: ref("bits") }, ["bits"], "variable operand bits of the instruction; their value is @operand"),
      vendor: { enum: ["intel", "amd"] }, conduit: { enum: ["hvc", "smc"] }, mode: ref("mode"),
      via: d("`insn` (the guest executes it) or `page` (a hypercall page the hypervisor fills)", { enum: ["insn", "page"] }),
      stride: d("bytes per call in a hypercall page", { type: "integer", minimum: 1 }),
      sequence: list(ref("seqInsn"), "instructions issued together; one has trap: true"),
      magic: list(ident("magic name"), "magic values that must be in their registers at this trap"),
      doc: str("notes"),
    },
    required: ["name", "mnemonic"],
    oneOf: [{ required: ["insn"] }, { required: ["bytes"] }, { required: ["sequence"] }],
  },
  outcome: {
    description: "What a call from a mode that may not call gets.",
    oneOf: [obj({ error: ident("error name") }, ["error"]), obj({ fault: str("fault name, e.g. #UD") }, ["fault"]),
      obj({ reflect: ref("mode") }, ["reflect"])],
  },
  privilege: obj({ allowed: list(ref("mode"), "modes that may call"), otherwise: ref("outcome"), doc: str("notes"), cite: ref("cite") }, ["allowed", "otherwise"]),
  archDef: {
    type: "object", additionalProperties: false,
    properties: {
      like: d("copy every key of this arch, then apply the keys given here", ref("arch")),
      word: { enum: [32, 64] }, endian: { enum: ["big", "little"] }, cite: ref("cite"),
      traps: list(ref("trap"), "trap instructions; the first is the default"),
      other_vendor: d("x86: what the other vendor's instruction does", { oneOf: [{ const: "patch" }, obj({ fault: str("fault") }, ["fault"])] }),
      pair_order: { enum: ["high-first", "low-first"] },
      select: ref("select"), args: list(ref("register"), "argument registers in order"),
      results: list(ref("result"), "return registers in order"), clobbers: list(ref("register"), "registers the call may change"),
      preserves: { oneOf: [{ const: "all" }, { type: "array", items: ref("register") }] },
      conventions: d("named alternative conventions", { type: "object", additionalProperties: ref("convention") }),
      privilege: ref("privilege"), doc: str("notes"),
    },
  },
  arches: { type: "object", minProperties: 1, propertyNames: ref("arch"), additionalProperties: ref("archEntry") },
  archEntry: ref("archDef"),
  lifecycleDeprecated: obj({ since: str("version"), reason: str("why"), replacement: ident("call to use instead") }, ["reason"]),
  lifecycleRemoved: obj({ since: str("version"), reason: str("why") }, ["reason"]),
  argument: obj({
    name: ident("argument name"), type: d("u8..u64, i8..i64; ulong/long are word-sized (C unsigned long/long); gpa/gva/ptr are word-sized addresses", { enum: ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "ulong", "long", "bool", "gpa", "gva", "ptr"] }),
    dir: { enum: ["in", "out", "inout"] }, register: ref("register"), doc: str("meaning"),
  }, ["name", "type"]),
  idMap: d("identity field values", { type: "object", additionalProperties: ref("value") }),
  callCommon: {
    id: { oneOf: [ref("value"), ref("idMap")] }, arches: list(ref("arch"), "arches that provide it"),
    args: list(ref("argument"), "arguments in order"), results: list(ref("argument"), "result values besides the status"),
    errors: list(ident("error name"), "errors the call documents"), since: str("version"),
    deprecated: ref("lifecycleDeprecated"), removed: ref("lifecycleRemoved"), gates: list({ type: "string" }, "features or capabilities required"),
    callers: list(ident("caller kind"), "who may call"), cite: ref("cite"), doc: str("Markdown"), convention: ident("named convention"), trap: ident("trap name"),
  },
};
$defs.override = obj({ ...$defs.callCommon }, [], "per-arch differences");
$defs.call = obj({ name: ident("call name (C and TS identifier)"), ...$defs.callCommon,
  overrides: { type: "object", propertyNames: ref("arch"), additionalProperties: ref("override") } }, ["name"]);
$defs.group = obj({
  name: ident("group name"), title: str("title"), id: ref("idMap"),
  number_space: d("this group's calls share numbers with other files of this number space", { type: "string", pattern: "^[a-z][a-z0-9-]*$" }), since: str("version"), convention: ident("named convention"),
  trap: ident("trap name"), arches: list(ref("arch"), "default arches"), doc: str("Markdown"), callers: list(ident("caller"), "who may call"),
  deprecated: ref("lifecycleDeprecated"), removed: ref("lifecycleRemoved"), gates: list({ type: "string" }, "features"), cite: ref("cite"),
  calls: list(ref("call"), "calls of the group"),
}, ["name", "calls"]);
delete $defs.callCommon;
// Not per arch: whether any source shows the register use is a fact about the call.
$defs.layout = d("`unknown`: no cited source shows which registers the call reads or writes; stubs then pass the raw argument registers and return the raw result registers. Default `known` (the args/results given, possibly none).", { enum: ["known", "unknown"] });
$defs.call.properties.layout = ref("layout");
$defs.group.properties.layout = ref("layout");

const schema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://hcgen.dev/schema/hcgen.schema.json",
  title: "hcgen hypercall ABI spec",
  description: "One hypercall ABI. The language reference is LANGUAGE.md, next to this schema in the hcgen package (spec/).",
  ...obj({
    hcgen: d("spec language version", { const: 1 }),
    id: d("ABI id", { type: "string", pattern: "^[a-z][a-z0-9-]*$" }),
    title: str("human title"), version: { type: ["string"], description: "the ABI's own version" },
    description: str("Markdown"), number_space: d("files sharing a number space share call numbers", { type: "string", pattern: "^[a-z][a-z0-9-]*$" }),
    sources: { type: "object", minProperties: 1, additionalProperties: ref("source"), description: "primary sources by key" },
    notes: list({ type: "string" }, "where sources disagree or are unclear"),
    arches: ref("arches"),
    errors: obj({
      sign: { enum: ["negated", "as-is"] }, success: ident("the success code"),
      roles: obj({ not_supported: ident("error"), failed: ident("error"), invalid_address: ident("error"), denied: ident("error") }),
      codes: list({
        ...obj({ name: ident("error name"), value: ref("integer"),
          alias: ident("another code of this table whose value this name shares (EWOULDBLOCK = EAGAIN); `value` may then be omitted"),
          doc: str("meaning"), cite: ref("cite") }, ["name"]),
        anyOf: [{ required: ["value"] }, { required: ["alias"] }],
      }, "error codes"),
      cite: ref("cite"), doc: str("notes"),
    }, ["sign", "codes"]),
    magic: list(obj({
      name: ident("magic name"), value: ref("value"), register: ref("register"), location: str("where it is found"),
      arches: list(ref("arch"), "arches it applies to"), doc: str("meaning"), cite: ref("cite"),
    }, ["name", "value"]), "magic values"),
    ranges: list(obj({
      name: ident("range name"), field: ident("identity field"), from: ref("value"), to: ref("value"),
      use: { enum: ["reserved", "vendor", "experimental", "platform", "firmware", "arch", "legacy"] }, doc: str("meaning"), cite: ref("cite"),
    }, ["name", "field", "from", "to", "use"]), "number ranges"),
    privilege: ref("privilege"),
    callers: list(ident("caller kind"), "guest kinds that may call (Xen: pv32 pv64 hvm32 hvm64 arm)"),
    groups: list(ref("group"), "groups of calls"),
    calls: list(ref("call"), "calls outside groups"),
    acknowledged_breaks: list(obj({
      rule: d("the `hcgen diff` rule being acknowledged", { enum: ["call-renumbered", "call-removed", "number-reused", "args-changed", "convention-changed", "trap-changed", "error-changed", "magic-changed", "arch-dropped"] }),
      name: str("the call, error, magic value or arch it is about (default: every change of the rule)"),
      reason: str("why the break is acceptable"),
    }, ["rule", "reason"]), "breaking changes made on purpose; `hcgen diff` reports them without failing"),
  }, ["hcgen", "id", "title", "version", "sources", "arches"]),
  $defs,
};
writeFileSync(new URL("../../spec/hcgen.schema.json", import.meta.url), JSON.stringify(schema, null, 2) + "\n");
