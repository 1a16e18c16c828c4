# What tests/ci_formats.rs validates the CI formats with, from npm, under
# .tools/node_modules:
# - codeclimate-types: the Code Climate issue spec as TypeScript types,
#   checked by typescript's compiler (codeclimate, gitlab);
# - @umbrelladocs/rdformat-validator: reviewdog's Diagnostic Format (rdjson);
# - ajv: JSON Schema, for tests/consumers/sonarqube-generic-issues.schema.json,
#   written from SonarQube's documentation of the format (sonarqube);
# - azure-pipelines-task-lib: its logging command parser (azure).
# Installed again only when a version below changes.
FORMAT_CONSUMERS="codeclimate-types@0.3.1 typescript@5.9.3 @umbrelladocs/rdformat-validator@1.0.1 ajv@8.17.1 azure-pipelines-task-lib@5.281.0"
stamp=.tools/node_modules/.dockward-format-consumers
if [ "$(cat "$stamp" 2>/dev/null)" != "$FORMAT_CONSUMERS" ]; then
  if command -v npm >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    if npm install --silent --no-audit --no-fund --prefix .tools $FORMAT_CONSUMERS >/dev/null 2>&1; then
      echo "$FORMAT_CONSUMERS" >"$stamp"
    else
      echo "warning: could not install the format consumers ($FORMAT_CONSUMERS)" >&2
    fi
  else
    echo "scripts/install/format-consumers.sh: npm not found; scripts/test skips the tests of tests/ci_formats.rs that need them" >&2
  fi
fi
