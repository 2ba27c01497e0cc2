// Validates OpenAPI / Swagger files with @apidevtools/swagger-parser, all in one node process (starting node per
// file would dominate the test's time). Prints "ok FILE" or "error FILE: message" per file; exits 1 if any failed.
//
//     node tools/validate-openapi.cjs FILE...
//     node tools/validate-openapi.cjs --list FILE_WITH_ONE_PATH_PER_LINE
'use strict';

const fs = require('fs');
const path = require('path');

const npm = process.env.PORTICO_NPM_DIR || path.join(__dirname, 'npm', 'node_modules');
const SwaggerParser = require(path.join(npm, '@apidevtools', 'swagger-parser'));
// The same module instance swagger-parser validates with (npm hoists it next to swagger-parser).
const { openapi } = require(path.join(npm, '@apidevtools', 'openapi-schemas'));

// swagger-parser 12 bundles an OpenAPI 3.1 schema with two known bugs (see ../shared/TOOLING.md): it names the
// server variable field `descriptions` instead of `description`, and it demands `identifier` or `url` in a
// license, where the specification makes both optional and only mutually exclusive. Correct the schema, not the
// documents under test, so everything else it checks still applies.
const defs = openapi.v31.$defs;
const variable = defs['server-variable'];
delete variable.properties.descriptions;
variable.properties.description = { type: 'string' };
const license = defs.license;
delete license.oneOf;
license.dependentSchemas = { identifier: { not: { required: ['url'] } } };

async function main() {
  let files = process.argv.slice(2);
  if (files[0] === '--list') {
    files = fs.readFileSync(files[1], 'utf8').split('\n').filter((line) => line.trim() !== '');
  }
  if (files.length === 0) {
    console.error('usage: node validate-openapi.cjs FILE... | --list LISTFILE');
    process.exit(2);
  }
  let failures = 0;
  for (const file of files) {
    try {
      await SwaggerParser.validate(file);
      console.log(`ok ${file}`);
    } catch (error) {
      failures++;
      console.log(`error ${file}: ${String(error.message).replace(/\n/g, '\n    ')}`);
    }
  }
  process.exit(failures > 0 ? 1 : 0);
}

main();
