// Register-convention pictures as SVG views: a bit-field diagram for selectors with a bit layout
// (SMCCC function ID, ePAPR token, Hyper-V control word) and a register strip per convention
// (selector, argument and result registers). Geometry is computed here; the template only draws
// boxes and texts, escaping every text (spec names end up inside these files).
import type { Abi, ArchAbi, Convention, SelectorSource } from "../../model.js";
import { bits } from "./format.js";

export interface SvgBox { readonly x: number; readonly y: number; readonly w: number; readonly h: number; readonly cls: string; readonly tip: string }
export interface SvgText { readonly x: number; readonly y: number; readonly cls: string; readonly anchor: "start" | "middle" | "end"; readonly text: string }
export interface SvgView { readonly title: string; readonly width: number; readonly height: number; readonly boxes: readonly SvgBox[]; readonly texts: readonly SvgText[] }

const fileSafe = (s: string): string => s.replace(/^@/, "").replace(/[^A-Za-z0-9_-]/g, "_");

/** Site-relative path of a picture: svg/<abi>/<arch>-<convention>-<source>-<kind>.svg */
export function svgName(abi: string, arch: string, conv: string, source: string, kind: "bits" | "strip"): string {
  return `svg/${fileSafe(abi)}/${fileSafe(arch)}-${fileSafe(conv)}-${fileSafe(source)}-${kind}.svg`;
}

/** A selector gets a bit-field picture unless one field fills the whole register. */
export function hasBitLayout(arch: ArchAbi, s: SelectorSource): boolean {
  const p = s.parts[0];
  return !(s.parts.length === 1 && p !== undefined && p.kind === "field" && p.lo === 0 && p.hi >= arch.word - 1 && s.source !== "@operand");
}

/** Text cut to what fits in `w` pixels (the full text stays in the box's <title> tooltip). */
function fit(text: string, w: number): string {
  const max = Math.max(1, Math.floor((w - 6) / 6.6));
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function width(arch: ArchAbi, abi: Abi, s: SelectorSource): number {
  if (s.source !== "@operand") return arch.word;
  const op = arch.traps.find((t) => t.operand !== null)?.operand;
  const top = Math.max(...s.parts.map((p) => p.hi));
  return (op ? op.hi : top) + 1 || abi.fields.length;
}

export function bitfieldSvg(abi: Abi, arch: ArchAbi, conv: Convention, s: SelectorSource): SvgView {
  const w = width(arch, abi, s);
  const unit = Math.max(9, Math.floor(576 / w));
  const parts = [...s.parts].sort((a, b) => b.lo - a.lo);
  const segs: { hi: number; lo: number; cls: string; label: string }[] = [];
  let next = w - 1;
  for (const p of parts) {
    if (p.hi < next) segs.push({ hi: next, lo: p.hi + 1, cls: "gap", label: "unused" });
    const label = p.kind === "field" ? p.field : p.kind === "arg" ? `arg ${p.arg}` : `= 0x${p.value.toString(16)}`;
    segs.push({ hi: p.hi, lo: p.lo, cls: p.kind, label });
    next = p.lo - 1;
  }
  if (next >= 0) segs.push({ hi: next, lo: 0, cls: "gap", label: "unused" });
  const boxes: SvgBox[] = [];
  const texts: SvgText[] = [{ x: 4, y: 14, cls: "title", anchor: "start", text: `${arch.arch} ${s.source} (${conv.name})` }];
  let x = 4;
  for (const seg of segs) {
    const bw = Math.max((seg.hi - seg.lo + 1) * unit, 40);
    boxes.push({ x, y: 36, w: bw, h: 30, cls: seg.cls, tip: `bits ${bits(seg.hi, seg.lo)}: ${seg.label}` });
    texts.push({ x: x + 2, y: 32, cls: "bit", anchor: "start", text: `${seg.hi}` });
    if (seg.hi !== seg.lo) texts.push({ x: x + bw - 2, y: 32, cls: "bit", anchor: "end", text: `${seg.lo}` });
    texts.push({ x: x + bw / 2, y: 56, cls: "label", anchor: "middle", text: fit(seg.label, bw) });
    x += bw;
  }
  return { title: `${abi.id} ${arch.arch} ${s.source} bit layout`, width: x + 4, height: 72, boxes, texts };
}

export function stripSvg(abi: Abi, arch: ArchAbi, conv: Convention): SvgView {
  const rows: { label: string; cls: string; items: { reg: string; role: string }[] }[] = [
    { label: "selector", cls: "sel", items: conv.select.map((s) => ({ reg: s.source, role: s.parts.length === 1 && s.parts[0]!.kind === "field" ? s.parts[0]!.field : "bit layout" })) },
    { label: "arguments", cls: "arg", items: conv.args.map((r, i) => ({ reg: r, role: `arg ${i}` })) },
    { label: "results", cls: "res", items: conv.results.map((r) => ({ reg: r.bits ? `${r.register}[${bits(r.bits.hi, r.bits.lo)}]` : r.register, role: r.status ? `${r.name} (status)` : r.name })) },
  ];
  const boxes: SvgBox[] = [];
  const texts: SvgText[] = [{ x: 4, y: 14, cls: "title", anchor: "start", text: `${arch.arch} registers (${conv.name})` }];
  let maxX = 200;
  rows.forEach((row, ri) => {
    const y = 24 + ri * 44;
    texts.push({ x: 4, y: y + 24, cls: "label", anchor: "start", text: row.label });
    if (row.items.length === 0) texts.push({ x: 84, y: y + 24, cls: "label", anchor: "start", text: "none" });
    row.items.forEach((it, i) => {
      const x = 84 + i * 92;
      boxes.push({ x, y, w: 88, h: 38, cls: row.cls, tip: `${it.reg}: ${it.role}` });
      texts.push({ x: x + 44, y: y + 16, cls: "reg", anchor: "middle", text: fit(it.reg, 88) });
      texts.push({ x: x + 44, y: y + 31, cls: "role", anchor: "middle", text: fit(it.role, 88) });
      maxX = Math.max(maxX, x + 92);
    });
  });
  return { title: `${abi.id} ${arch.arch} ${conv.name} register use`, width: maxX, height: 24 + rows.length * 44, boxes, texts };
}

/** Every picture of an ABI, keyed by its site-relative path (the same paths view.ts links to). */
export function abiSvgs(abi: Abi): { path: string; view: SvgView }[] {
  const out: { path: string; view: SvgView }[] = [];
  for (const arch of abi.arches) {
    for (const conv of arch.conventions) {
      out.push({ path: svgName(abi.id, arch.arch, conv.name, "regs", "strip"), view: stripSvg(abi, arch, conv) });
      for (const s of conv.select) {
        if (hasBitLayout(arch, s)) out.push({ path: svgName(abi.id, arch.arch, conv.name, s.source, "bits"), view: bitfieldSvg(abi, arch, conv, s) });
      }
    }
  }
  return out;
}
