# hyperfine (Debian package), for the benchmark harness (bench/run, whose
# --short mode scripts/test runs). Installed with apt-get when missing.
if ! command -v hyperfine >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq hyperfine >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq hyperfine >/dev/null 2>&1; } ||
      echo "warning: could not install hyperfine" >&2
  fi
fi
