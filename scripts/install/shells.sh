# zsh, fish and elvish (Debian packages), and groff for rendering man
# pages, for tests/completions.rs. Sourced by scripts/test.
_dockward_missing=()
for _dockward_tool in zsh fish elvish groff; do
  command -v "$_dockward_tool" >/dev/null || _dockward_missing+=("$_dockward_tool")
done
if [ ${#_dockward_missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    _dockward_pkgs=("${_dockward_missing[@]/groff/groff-base}")
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${_dockward_pkgs[@]}" >/dev/null
  else
    echo "scripts/install/shells.sh: install ${_dockward_missing[*]} to test shell completions" >&2
  fi
fi
unset _dockward_missing _dockward_tool _dockward_pkgs
