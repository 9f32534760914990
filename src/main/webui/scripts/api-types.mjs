// Writes src/lib/openapi.d.ts, the API's types, from the OpenAPI document with openapi-typescript
// (types only, nothing at run time). The document is the one the Maven build writes after compile
// (target/openapi/openapi.json, smallrye-open-api-maven-plugin in pom.xml); TASKMILL_OPENAPI
// names another file or a running service's /q/openapi URL.
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const source = process.env.TASKMILL_OPENAPI ?? here('../../../../target/openapi/openapi.json');
const out = here('../src/lib/openapi.d.ts');

const url = /^https?:\/\//.test(source) ? new URL(source) : pathToFileURL(source);
if (url.protocol === 'file:' && !existsSync(url)) {
  console.error(
    `api-types: no OpenAPI document at ${source}.\n` +
      'Write it with `./mvnw process-classes` at the repository root (it compiles the service and ' +
      'writes target/openapi/openapi.json), or set TASKMILL_OPENAPI to a file or to ' +
      'http://127.0.0.1:8080/q/openapi of a running service.',
  );
  process.exit(1);
}
const header = `// Generated from ${url.protocol === 'file:' ? 'the OpenAPI document' : source} by scripts/api-types.mjs; do not edit, not committed.\n\n`;
writeFileSync(out, header + astToString(await openapiTS(url)));
