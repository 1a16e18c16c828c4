#!/usr/bin/env bash
# The shell steps of the dockward GitHub Action (action.yml), one
# subcommand per step:
#
#   run.sh resolve   which release `version` means, and where it is cached
#   run.sh install   put dockward on PATH (for the next steps, via GITHUB_PATH):
#                    a release is downloaded, its SHA-256 checked against the
#                    release's checksum file (fail closed), and cached
#   run.sh check     lint; annotations, job summary, step outputs; never fails
#                    the step on findings (so the SARIF upload still runs)
#   run.sh finish    fail the job when `check` found problems at or above
#                    fail-on, or could not run
#
# Inputs come as INPUT_* environment variables (action.yml maps them).
# tests/action.rs runs these steps locally with a simulated GITHUB_* runner.
set -euo pipefail

# To stderr, which the runner reads for workflow commands too, so that a
# failure inside $(...) is still seen.
die() {
  echo "::error title=dockward::$*" >&2
  exit 2
}

output() {
  [ -n "${GITHUB_OUTPUT:-}" ] && printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"
  return 0
}

add_path() {
  if [ -n "${GITHUB_PATH:-}" ]; then
    printf '%s\n' "$1" >>"$GITHUB_PATH"
  fi
}

# The version the Action's own ref stands for: a tag such as `v0.1.0`, or
# else the version in the Cargo.toml of the Action's checkout (a branch or
# a commit of the Action installs the release it was cut from).
default_version() {
  local action_path="$1"
  local ref="${GITHUB_ACTION_REF:-}"
  if [[ "$ref" =~ ^v?([0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?)$ ]]; then
    printf '%s\n' "${BASH_REMATCH[1]}"
    return
  fi
  sed -n 's/^version = "\(.*\)"$/\1/p' "$action_path/Cargo.toml" | head -n 1
}

# The cargo-dist target of the runner: its OS and architecture, and on Linux
# its C library (a musl container such as Alpine gets the musl build).
release_target() {
  local os="${RUNNER_OS:-$(uname -s)}" arch="${RUNNER_ARCH:-$(uname -m)}"
  case "$arch" in
    X64 | x86_64 | amd64) arch=x86_64 ;;
    ARM64 | aarch64 | arm64) arch=aarch64 ;;
    *) die "no dockward release for the runner architecture \`$arch\`; use \`version: source\`" ;;
  esac
  case "$os" in
    Linux)
      if ldd --version 2>&1 | grep -qi musl; then
        echo "$arch-unknown-linux-musl"
      else
        echo "$arch-unknown-linux-gnu"
      fi
      ;;
    macOS | Darwin) echo "$arch-apple-darwin" ;;
    Windows | MINGW* | MSYS* | CYGWIN*)
      [ "$arch" = x86_64 ] || die "no dockward release for Windows on \`$arch\`; use \`version: source\`"
      echo "x86_64-pc-windows-msvc"
      ;;
    *) die "no dockward release for the runner OS \`$os\`; use \`version: source\`" ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

fetch() {
  curl --fail --silent --show-error --location --retry 3 --proto '=https,http' \
    --output "$2" "$1"
}

# Downloads the release archive for this runner, checks its SHA-256 against
# the release's checksum file (any mismatch, or no checksum, stops the job:
# nothing unverified is ever run), and unpacks the binary into $dir. The
# releases come from DOCKWARD_RELEASE_URL (default: this repository's GitHub
# releases; tests/action.rs points it at a local server).
install_release() {
  local version="$1" dir="$2"
  local target exe archive base tmp want got
  target="$(release_target)"
  exe=dockward
  archive="dockward-$target.tar.gz"
  if [[ "$target" == *windows* ]]; then
    exe=dockward.exe
    archive="dockward-$target.zip"
  fi
  base="${DOCKWARD_RELEASE_URL:-https://github.com/dockward/dockward/releases/download}/v$version"
  tmp="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/dockward-install.XXXXXX")"
  echo "::group::install dockward $version ($target)"
  fetch "$base/$archive" "$tmp/$archive" ||
    die "cannot download $base/$archive (is $version released? \`version: source\` builds from source)"
  fetch "$base/$archive.sha256" "$tmp/$archive.sha256" ||
    die "cannot download the checksum $base/$archive.sha256: refusing an unverified binary"
  want="$(cut -d' ' -f1 <"$tmp/$archive.sha256" | tr -d '\r\n' | tr 'A-F' 'a-f')"
  [[ "$want" =~ ^[0-9a-f]{64}$ ]] || die "the checksum file of $archive is not a SHA-256: refusing an unverified binary"
  got="$(sha256_of "$tmp/$archive")"
  if [ "$got" != "$want" ]; then
    rm -rf "$tmp"
    die "SHA-256 mismatch for $archive: expected $want, got $got; refusing to install"
  fi
  echo "verified $archive: sha256 $got"
  mkdir -p "$tmp/unpacked"
  if [[ "$archive" == *.zip ]]; then
    if command -v unzip >/dev/null; then
      unzip -q "$tmp/$archive" -d "$tmp/unpacked"
    else
      pwsh -NoProfile -Command "Expand-Archive -LiteralPath '$tmp/$archive' -DestinationPath '$tmp/unpacked'"
    fi
  else
    tar -xzf "$tmp/$archive" -C "$tmp/unpacked"
  fi
  local found
  found="$(find "$tmp/unpacked" -type f -name "$exe" | head -n 1)"
  [ -n "$found" ] || die "$archive holds no $exe"
  mkdir -p "$dir"
  cp "$found" "$dir/$exe.partial"
  chmod +x "$dir/$exe.partial"
  # The binary's own hash, checked again when the cache hands it back.
  sha256_of "$dir/$exe.partial" >"$dir/$exe.sha256"
  mv "$dir/$exe.partial" "$dir/$exe"
  rm -rf "$tmp"
  echo "::endgroup::"
}

# `version`: `source`, `installed`, or a release (empty: the Action's own).
# A release is kept in RUNNER_TOOL_CACHE/dockward/<version>/<target>, which
# the Action also saves with actions/cache keyed by version and target.
install() {
  local version="${INPUT_VERSION:-}"
  local action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"
  case "$version" in
    installed)
      command -v dockward >/dev/null || die "version: installed, but no dockward on PATH"
      ;;
    source)
      command -v cargo >/dev/null || die "building from source needs cargo (actions-rust-lang/setup-rust-toolchain, or the runner's rustup)"
      local target="${CARGO_TARGET_DIR:-$action_path/target}"
      echo "::group::build dockward from $action_path"
      cargo build --release --locked --bin dockward \
        --manifest-path "$action_path/Cargo.toml" --target-dir "$target"
      echo "::endgroup::"
      add_path "$target/release"
      export PATH="$target/release:$PATH"
      ;;
    *)
      [ -n "$version" ] || version="$(default_version "$action_path")"
      version="${version#v}"
      [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] ||
        die "version must be \`source\`, \`installed\` or a release such as 0.1.0"
      local dir
      dir="$(install_dir "$version")"
      local exe=dockward
      [[ "$dir" == *windows* ]] && exe=dockward.exe
      if [ -x "$dir/$exe" ] && [ -f "$dir/$exe.sha256" ] &&
        [ "$(sha256_of "$dir/$exe")" = "$(cat "$dir/$exe.sha256")" ]; then
        echo "dockward $version from the cache ($dir)"
      else
        rm -rf "$dir"
        install_release "$version" "$dir"
      fi
      add_path "$dir"
      export PATH="$dir:$PATH"
      ;;
  esac
  dockward --version
}

install_dir() {
  printf '%s/dockward/%s/%s\n' "${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}" "$1" "$(release_target)"
}

# For the cache step: the version and the directory a release goes to.
resolve() {
  local version="${INPUT_VERSION:-}"
  local action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"
  case "$version" in
    source | installed)
      output version "$version"
      output cache-dir ""
      ;;
    *)
      [ -n "$version" ] || version="$(default_version "$action_path")"
      version="${version#v}"
      output version "$version"
      output cache-dir "$(install_dir "$version")"
      output cache-key "dockward-$version-$(release_target)"
      ;;
  esac
}

# Words of a space- or newline-separated input, without glob expansion.
words() {
  local IFS=$' \t\n'
  set -f
  # shellcheck disable=SC2086
  printf '%s\n' $1
  set +f
}

check() {
  command -v dockward >/dev/null || die "dockward is not on PATH: run the install step first"
  local args=(check)
  local temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
  local human="$temp/dockward-report.txt"
  if [ "${INPUT_ANNOTATIONS:-true}" = "true" ]; then
    args+=(--format github)
  else
    # The github format also writes the summary and the step outputs.
    args+=(--format concise --output "github=/dev/null")
  fi
  args+=(--output "human=$human")
  [ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
  [ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
  local sarif="${INPUT_SARIF_FILE:-}"
  if [ "${INPUT_UPLOAD_SARIF:-false}" = "true" ] && [ -z "$sarif" ]; then
    sarif="dockward.sarif"
  fi
  local f
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    case "$f" in
      *=*) ;;
      *) die "formats: expected FORMAT=FILE, got \`$f\`" ;;
    esac
    mkdir -p "$(dirname "${f#*=}")"
    args+=(--output "$f")
  done < <(words "${INPUT_FORMATS:-}")
  if [ -n "$sarif" ]; then
    mkdir -p "$(dirname "$sarif")"
    args+=(--output "sarif=$sarif")
  fi
  local paths=()
  while IFS= read -r f; do
    [ -n "$f" ] && paths+=("$f")
  done < <(words "${INPUT_PATHS:-.}")
  [ ${#paths[@]} -gt 0 ] || paths=(.)

  local summary="${GITHUB_STEP_SUMMARY:-}"
  [ "${INPUT_SUMMARY:-true}" = "true" ] || summary=""
  local code=0
  GITHUB_STEP_SUMMARY="$summary" dockward "${args[@]}" -- "${paths[@]}" || code=$?
  if [ -f "$human" ]; then
    # The report quotes the linted files, which a pull request's author
    # wrote: between these markers the runner runs no workflow command,
    # whatever a line of it says. The token is fresh for each run, so the
    # report cannot end the pause itself.
    local token
    token="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    echo "::group::dockward report"
    echo "::stop-commands::$token"
    cat "$human"
    echo "::$token::"
    echo "::endgroup::"
  fi
  output exit-code "$code"
  if [ -n "$sarif" ] && [ -f "$sarif" ]; then
    output sarif-file "$sarif"
  else
    output sarif-file ""
  fi
  return 0
}

finish() {
  case "${DOCKWARD_EXIT_CODE:-}" in
    0) echo "dockward: no problems at or above the fail-on level" ;;
    1)
      echo "::error title=dockward::dockward found problems at or above the fail-on level (see the annotations and the job summary)"
      exit 1
      ;;
    *)
      echo "::error title=dockward::dockward could not run (exit code ${DOCKWARD_EXIT_CODE:-none}); see the log of the check step"
      exit 2
      ;;
  esac
}

case "${1:-}" in
  resolve) resolve ;;
  install) install ;;
  check) check ;;
  finish) finish ;;
  *)
    echo "usage: $0 resolve|install|check|finish" >&2
    exit 2
    ;;
esac
