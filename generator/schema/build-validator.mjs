// Build step (npm run build, after tsc): writes dist/generator/schema-validator.cjs, ajv's standalone
// code for spec/hcgen.schema.json, so the CLI does not compile the schema at every start.
import { writeStandaloneValidator } from "../../dist/generator/schema-check.js";

writeStandaloneValidator();
