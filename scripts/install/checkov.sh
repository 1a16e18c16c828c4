# Checkov (PyPI `checkov`), for tests/checkov_diff.rs. Sourced by scripts/test
# with the working directory at the repository root. Checkov pulls in a large
# dependency tree, so it gets its own venv (.tools/checkov-venv) and is
# linked into .tools/bin. Measured on the 2-core CI machine: see
# docs/notes/accuracy-df.md.
CHECKOV_VERSION=3.3.30
if ! .tools/bin/checkov --version 2>/dev/null | grep -qx "$CHECKOV_VERSION"; then
  if [ ! -x .tools/checkov-venv/bin/python ]; then
    python3 -m venv .tools/checkov-venv
  fi
  .tools/checkov-venv/bin/pip install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  ln -sf ../checkov-venv/bin/checkov .tools/bin/checkov
fi
