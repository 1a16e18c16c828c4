// Validates a JSON document against a JSON Schema with ajv (all errors):
// node json-schema.js SCHEMA DOCUMENT. Prints the errors and exits 1 when
// the document does not match.
const fs = require('fs');
const Ajv = require('ajv');
const [schemaPath, docPath] = process.argv.slice(2);
// Strict, except that `required` may name a property defined by a $ref.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
if (!validate(JSON.parse(fs.readFileSync(docPath, 'utf8')))) {
  process.stdout.write(JSON.stringify(validate.errors, null, 1));
  process.exit(1);
}
