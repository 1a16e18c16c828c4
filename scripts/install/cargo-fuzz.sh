# cargo-fuzz (crates.io), for the fuzz smoke pass (scripts/fuzz-smoke). Sourced
# by scripts/test with the working directory at the repository root;
# installs into .tools/bin. libFuzzer needs nightly flags: scripts/lib/fuzz.sh
# (the build step of scripts/fuzz-smoke, scripts/fuzz-corpus and
# scripts/fuzz-seeds) sets RUSTC_BOOTSTRAP=1 so the stable toolchain accepts
# them.
CARGO_FUZZ_VERSION=0.13.2
if ! .tools/bin/cargo-fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  cargo install --quiet --locked --root .tools --version "$CARGO_FUZZ_VERSION" cargo-fuzz
fi
