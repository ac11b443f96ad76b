// Hostile spec text (test/fixtures/injection/docs-injection.yaml: `*/`, backticks, `${`, `</script>`,
// `{{`, quotes, `|`, `<img onerror>`, newlines, U+2028, javascript: URLs) must not break out of a
// Markdown table or code span, the HTML page, an SVG or the search index, and must still be shown.
import { describe, expect, it } from "vitest";
import { content, emitMap, htmlLinks, loadFixture, mdTables, rowCells, searchIndex, unescapeHtml, xmlProblems } from "./helpers.js";

const model = loadFixture("injection/docs-injection.yaml");
const abi = model.abis[0]!;
const files = emitMap(model);
const md = content(files, "docs/docs-injection.md");
const html = content(files, "site/docs-injection.html");
const pages = [...files].filter(([p]) => p.endsWith(".html")).map(([p, f]) => [p, f.content] as const);

describe("docs injection fixture", () => {
  it("really is hostile (the fixture loads with its text intact)", () => {
    expect(abi.title).toContain("</script><script>");
    expect(abi.calls[0]!.doc).toContain("separator"); // U+2028 itself is now refused at validation (HC130)
    expect(abi.errors.codes[0]!.doc).toContain("\\|");
  });

  it("Markdown: every table row keeps its header's column count", () => {
    const tables = mdTables(md);
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const t of tables) for (const r of t.rows) expect(r.width, r.line).toBe(t.width);
    const errors = tables.find((t) => t.header.startsWith("| Name | Value | Register value"))!;
    expect(errors.rows).toHaveLength(abi.errors.codes.length);
  });

  it("Markdown: no raw HTML from the spec, no unbalanced code spans, and the text is still there", () => {
    // Code spans show their content literally (CommonMark), so only text outside them is checked.
    const prose = md.replace(/(`+)(?:[^`]|`(?!\1))*?\1(?!`)/g, "");
    expect(prose).not.toMatch(/<img|<script|<\/script|<b>|<\/td>|<i>|<!--/i);
    expect(md).toContain("``1.0 | `v` </script>``");
    expect(md).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(md).toContain("&lt;/script&gt;&lt;script&gt;alert(5)&lt;/script&gt;");
    // The unpaired backtick of the description is escaped, so it cannot pair with a later one.
    expect(md).toContain("an unpaired \\` backtick");
    // Code with a pipe inside a table cell becomes an entity-escaped <code>, not a splittable span.
    expect(md).toContain("<code>a&#124;b</code>");
    // Mustache syntax in data is data: Handlebars never sees it as a template.
    expect(md).toContain("{{title}}");
    expect(md).toContain("{{&gt; partial}}");
  });

  it("Markdown: the description's newline stays a line, but in cells newlines become <br>", () => {
    const perm = md.split("\n").find((l) => l.includes("`EVIL_EPERM`") && l.startsWith("|"))!;
    expect(rowCells(perm)[4]).toContain("denied<br>second line \\| &lt;b&gt;bold&lt;/b&gt;");
  });

  it("HTML: exactly the two script tags of the layout, and no markup from the spec", () => {
    for (const [p, text] of pages) {
      expect(text.match(/<script\b/gi), p).toHaveLength(2);
      expect(text.match(/<\/script>/gi), p).toHaveLength(2);
      expect(text, p).not.toMatch(/<img src=x|onerror=alert|<b>bold|<\/textarea>|<i>/);
    }
    expect(html).toContain("Evil &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("HTML: the text survives escaping (unescaped, the page says what the spec says)", () => {
    const text = unescapeHtml(html);
    expect(text).toContain(abi.title);
    expect(text).toContain(abi.calls[0]!.args[0]!.doc.split("\n")[0]!);
    expect(text).toContain("res | ${y} \" ' </textarea>");
  });

  it("HTML: a javascript: URL is shown as text, never as a link; GitHub paths are percent-encoded", () => {
    for (const [p, text] of pages) for (const link of htmlLinks(text)) expect(link, p).not.toMatch(/^\s*javascript:/i);
    expect(html).toContain("https://github.com/torvalds/linux/blob/0123456789abcdef0123456789abcdef01234567/include/a%20b/%3Cc%3E.h");
    expect(md).not.toContain("](javascript:");
  });

  it("search index: evaluates to the calls, with no '<' anywhere in the file", () => {
    const js = content(files, "site/search-index.js");
    expect(js).not.toMatch(/[<\u2028\u2029]/);
    const index = searchIndex(js);
    expect(index.map((e) => e.n)).toEqual(abi.calls.map((c) => c.name));
    expect(index[0]!.d).toContain("</script><script>alert(5)</script>");
  });

  it("SVG: the pictures stay well-formed XML", () => {
    const svgs = [...files.keys()].filter((p) => p.endsWith(".svg"));
    expect(svgs.length).toBeGreaterThan(0);
    for (const p of svgs) expect(xmlProblems(content(files, p)), p).toEqual([]);
  });
});
