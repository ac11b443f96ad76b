// Build step (npm run build, after tsc): writes dist/generator/emit/docs/templates-compiled.cjs, the
// docs templates precompiled, so the CLI neither loads the Handlebars compiler nor compiles at start.
import { writePrecompiledTemplates } from "../dist/generator/emit/docs/templates.js";

writePrecompiledTemplates();
