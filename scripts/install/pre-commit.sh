# pre-commit (PyPI), for tests/pre_commit.rs and tests/ship.rs (the hook that
# installs the wheel), and junitparser (PyPI), the JUnit
# reader of tests/formats.rs, in a venv under .tools/venv. Sourced by scripts/test.
if ! .tools/venv/bin/python -c 'import pre_commit, junitparser' 2>/dev/null; then
  python3 -m venv .tools/venv
  .tools/venv/bin/python -m pip install --quiet --disable-pip-version-check \
    'pre-commit>=4,<5' 'junitparser>=3,<6'
fi
ln -sf ../venv/bin/pre-commit .tools/bin/pre-commit
