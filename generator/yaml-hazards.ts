// YAML that would silently change what a spec says, found after parsing and reported with positions:
//  - a `%YAML 1.1` (or any non-1.2) directive switches the schema: 010 becomes 8, 15:0 becomes 900
//    (base 60), `on` becomes true (HC143);
//  - floats: hcgen reads integers and strings only, and 1e20 or 9007199254740993.0 are not the integers
//    they look like; .inf and .nan are no numbers at all; 0x1p3 (a hex float) is not hex (HC144);
//  - a lone surrogate ("\ud800") is text no output encoding can carry: written as UTF-8 it turns into
//    U+FFFD, so `hcgen check` would never match what generate wrote (HC145).
import type { Document, LineCounter, Scalar } from "yaml";
import { yaml } from "./yaml-lib.js";
import type { Diagnostic } from "./diagnostics.js";

export const HEX_FLOAT = /^[-+]?0x[0-9a-f]*\.?[0-9a-f]*p[-+]?\d+$/i;
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function yamlHazards(text: string, doc: Document.Parsed, lines: LineCounter, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (offset: number, code: Diagnostic["code"], message: string, hint: string) => {
    const p = lines.linePos(offset);
    out.push({ file, line: p.line, col: p.col, severity: "error", code, message, path: "", hint });
  };
  const version = doc.directives?.yaml;
  if (version?.explicit && version.version !== "1.2") {
    const m = /^%YAML[ \t]+\S+/m.exec(text);
    at(m?.index ?? 0, "HC143", `%YAML ${version.version}: hcgen reads YAML 1.2 only (YAML 1.1 reads 010 as 8, 15:0 as 900 and on as true)`,
      "remove the %YAML line (and the --- after it if nothing else needs it)");
    return out; // every value below was read with the other schema
  }
  yaml().visit(doc, {
    Scalar(_, node: Scalar) {
      const offset = node.range?.[0] ?? 0;
      const v = node.value;
      if (typeof v === "number") {
        const src = node.source ?? String(v);
        at(offset, "HC144", `'${src}' is a floating-point number; hcgen reads exact integers and strings`,
          Number.isFinite(v) && Number.isInteger(v) ? `write the integer exactly (e.g. ${BigInt(v) <= 0xffffn ? String(v) : `0x${BigInt(v).toString(16)}`}), or quote it for text` : "write an integer such as 42 or 0x2a, or quote it for text");
      } else if (typeof v === "string") {
        if (node.type === yaml().Scalar.PLAIN && HEX_FLOAT.test(v)) at(offset, "HC144", `'${v}' is a hex float, not an integer`, "write the integer in hex (0x8) or decimal, or quote it for text");
        else if (LONE_SURROGATE.test(v)) at(offset, "HC145", "text contains a lone UTF-16 surrogate (an escape such as \\ud800 without its pair), which no output file can hold",
          "write the character itself, or escape a whole pair (\\ud83d\\ude00) or use \\U0001F600");
      }
    },
  });
  return out;
}
