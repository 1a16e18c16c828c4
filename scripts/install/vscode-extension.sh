# The VS Code extension's npm dependencies (TypeScript, vscode-languageclient,
# @vscode/vsce) in editors/vscode/node_modules, for tests/lsp_vscode.rs,
# which compiles the extension and packages it into a .vsix.
# Reinstalled only when package-lock.json changes.
if command -v npm >/dev/null 2>&1; then
  (
    cd editors/vscode
    stamp=node_modules/.dockward-lock
    if ! cmp -s package-lock.json "$stamp" 2>/dev/null; then
      echo "scripts/install/vscode-extension.sh: npm ci in editors/vscode" >&2
      if npm ci --ignore-scripts --no-audit --no-fund --omit=optional --loglevel=error >/dev/null; then
        cp package-lock.json "$stamp"
      else
        echo "scripts/install/vscode-extension.sh: npm ci failed" >&2
      fi
    fi
  )
else
  echo "scripts/install/vscode-extension.sh: npm not found; scripts/test skips tests/lsp_vscode.rs" >&2
fi
