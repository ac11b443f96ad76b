// The identity of this build of the generator, part of every incremental-generation key
// (emission.ts): a changed emitter, template or any other generator code must re-emit everything.
// `npm run build` ends with scripts/build-id.mjs, which replaces the placeholder below in
// dist/generator/pipeline/build-id.js with a hash of every file of the built generator. tsc run on
// its own writes the placeholder back, so a partial build is never mistaken for the last full one:
// it only turns incremental generation off (generator-id.ts).
export const UNBUILT = "hcgen-build-id:unbuilt";
export const BUILD_ID: string = "hcgen-build-id:unbuilt";
