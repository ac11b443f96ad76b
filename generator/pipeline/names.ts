// File names the pipeline reserves inside the output directory.

/** The list of files hcgen owns in an output directory (see manifest.ts). */
export const MANIFEST_NAME = ".hcgen-manifest.json";

/** Prefix of temporary files during atomic writes (also in .gitignore, in case a run is killed). */
export const TEMP_PREFIX = ".hcgen-tmp-";
