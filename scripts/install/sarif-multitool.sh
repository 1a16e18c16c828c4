# SARIF Multitool (npm @microsoft/sarif-multitool), for tests/formats.rs.
# Installed under .tools/node_modules. Sourced by scripts/test.
if [ ! -x .tools/node_modules/.bin/sarif-multitool ]; then
  npm install --silent --no-audit --no-fund --prefix .tools '@microsoft/sarif-multitool@5'
fi
