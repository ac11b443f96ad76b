// The escaping functions on their own: each is what keeps one kind of spec text from breaking out.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { htmlBlock, jsValue, mdBlock, mdCell, mdCellCode, mdCode, splitCode } from "../../generator/emit/docs/text.js";
import { rowCells } from "./helpers.js";

describe("docs text escaping", () => {
  it("pairs backticks like CommonMark (equal-length runs) and leaves unmatched runs as text", () => {
    expect(splitCode("a `b` c ``d`e`` `f")).toEqual([
      { code: false, text: "a " }, { code: true, text: "b" }, { code: false, text: " c " },
      { code: true, text: "d`e" }, { code: false, text: " `f" },
    ]);
  });

  it("fences a code span longer than any backtick run inside it", () => {
    expect(mdCode("a`b")).toBe("``a`b``");
    expect(mdCode("``x")).toBe("``` ``x ```");
    expect(mdCode("two\nlines")).toBe("`two lines`");
  });

  it("keeps a table cell one cell: pipes escaped, newlines as <br>, backslashes cannot unescape", () => {
    for (const text of ["a | b", "a \\| b", "x\ny | z", "ends with \\", "`code | pipe`", "`a\\|b` | c", "un`paired | x"]) {
      const row = `| ${mdCell(text)} | ${mdCellCode(text)} |`;
      expect(rowCells(row), `${JSON.stringify(text)} -> ${row}`).toHaveLength(2);
      expect(row.includes("\n")).toBe(false);
    }
  });

  it("neutralizes raw HTML in Markdown prose but keeps code spans", () => {
    expect(mdBlock("<img src=x onerror=alert(1)> and `<b>`")).toBe("&lt;img src=x onerror=alert(1)&gt; and `<b>`");
  });

  it("escapes prose for HTML before adding <code> and <p>", () => {
    expect(htmlBlock("a <b> `c<d>`\n\nnext")).toBe("<p>a &lt;b&gt; <code>c&lt;d&gt;</code></p>\n<p>next</p>");
  });

  it("serializes search data without '<' so no </script> or <!-- can appear", () => {
    const js = jsValue({ d: "</script><!-- \u2028" });
    expect(js).not.toMatch(/[<>\u2028]/);
    expect(JSON.parse(js)).toEqual({ d: "</script><!-- \u2028" });
  });
});

describe("splitCode slices prose instead of building it a character at a time", () => {
  /** The character-at-a-time version it replaced: the reference for CommonMark backtick pairing. */
  function reference(text: string): { code: boolean; text: string }[] {
    const run = (from: number, n: number): number => {
      for (let i = from; i < text.length; i++) {
        if (text[i] !== "`") continue;
        let m = 0;
        while (text[i + m] === "`") m++;
        if (m === n) return i;
        i += m - 1;
      }
      return -1;
    };
    const out: { code: boolean; text: string }[] = [];
    let prose = "";
    let i = 0;
    while (i < text.length) {
      if (text[i] !== "`") { prose += text[i]; i++; continue; }
      let n = 0;
      while (text[i + n] === "`") n++;
      const close = run(i + n, n);
      if (close < 0) { prose += "`".repeat(n); i += n; continue; }
      if (prose !== "") out.push({ code: false, text: prose });
      prose = "";
      out.push({ code: true, text: text.slice(i + n, close) });
      i = close + n;
    }
    if (prose !== "") out.push({ code: false, text: prose });
    return out;
  }
  it("gives the same pieces as the reference on random backtick-heavy text", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom("`", "``", "```", "a", "b c", "\n", "|"), { maxLength: 40 }), (parts) => {
      const t = parts.join("");
      expect(splitCode(t)).toEqual(reference(t));
    }), { numRuns: 2000 });
    for (const t of ["", "`", "``a``", "a `b` c", "`a``b`", "``a`b``", "a ``` b", "`a` `b`"]) expect(splitCode(t), t).toEqual(reference(t));
  });
});
