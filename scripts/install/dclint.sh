# dclint (npm), a Compose linter the benchmark harness (bench/run) times
# dockward against, and whose schema validation tests/fix_corpus.rs runs on
# the Compose files `--fix` wrote. Installed under .tools/node_modules; its command is
# .tools/node_modules/.bin/dclint (on PATH in scripts/test).
DCLINT_VERSION=3.1.0
if ! .tools/node_modules/.bin/dclint --version 2>/dev/null | grep -q "$DCLINT_VERSION"; then
  if command -v npm >/dev/null 2>&1; then
    npm install --silent --no-audit --no-fund --prefix .tools "dclint@$DCLINT_VERSION" >/dev/null 2>&1 ||
      echo "warning: could not install dclint" >&2
  fi
fi
