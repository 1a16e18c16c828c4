# Neovim (Debian's), the real editor client of tests/lsp_neovim.rs and the
# quickfix reader of `--format gnu` in tests/adopt.rs.
if ! command -v nvim >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/install/neovim.sh: installing neovim" >&2
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim; } >/dev/null 2>&1 \
      || echo "scripts/install/neovim.sh: apt-get install neovim failed" >&2
  else
    echo "scripts/install/neovim.sh: nvim not found; install Neovim to run tests/lsp_neovim.rs" >&2
  fi
fi
