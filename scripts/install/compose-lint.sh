# compose-lint (PyPI), for tests/compose_lint_diff.rs. Sourced by scripts/test
# with the working directory at the repository root; installs into
# .tools/venv and links the command into .tools/bin.
COMPOSE_LINT_VERSION=0.36.2
if ! .tools/bin/compose-lint --version 2>/dev/null | grep -q "$COMPOSE_LINT_VERSION"; then
  if [ ! -x .tools/venv/bin/python ]; then
    python3 -m venv .tools/venv
  fi
  .tools/venv/bin/pip install --quiet --disable-pip-version-check "compose-lint==$COMPOSE_LINT_VERSION"
  ln -sf ../venv/bin/compose-lint .tools/bin/compose-lint
fi
