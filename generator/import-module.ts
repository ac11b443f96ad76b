// import() of a user's module (an absolute file URL), wherever the CLI runs. The module tree uses
// Node's own import(). The bundle is compiled by bin/bundle-loader.cjs with vm.Script, where a bare
// import() would need an experimental Node option (or print an experimental-feature warning), so
// the loader passes its own import() in (a parameter of the bundle's wrapper).
declare const __hcgenImport: ((url: string) => Promise<unknown>) | undefined;

export function importModule(url: string): Promise<unknown> {
  return typeof __hcgenImport === "function" ? __hcgenImport(url) : import(url);
}
