//! A real editor as the client: headless Neovim (Debian's), configured with
//! the snippet that `editors/README.md` documents, opens a bad Dockerfile
//! and a bad Compose file; the test reads back the diagnostics and code
//! actions Neovim received from `dockward server`.
//!
//! Needs `nvim` (`scripts/install/neovim.sh` installs it): ignored with
//! `needs `nvim``, run by scripts/test (tests/common).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The Lua block the README marks as tested.
fn documented_config() -> String {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/README.md"))
            .unwrap();
    let after = readme
        .split("<!-- tested: neovim -->")
        .nth(1)
        .expect("editors/README.md marks the tested Neovim snippet");
    let body = after
        .split("```lua\n")
        .nth(1)
        .expect("a lua block after the marker");
    body.split("\n```").next().unwrap().to_string()
}

/// Waits for the diagnostics of the current buffer, then appends them (and
/// the code actions at the first one) to the output file.
const PROBE: &str = r#"
local out = assert(io.open(os.getenv('DOCKWARD_PROBE_OUT'), 'a'))
local function record(name)
  vim.cmd('edit ' .. name)
  local buf = vim.api.nvim_get_current_buf()
  local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  out:write('file ' .. name .. ' filetype=' .. vim.bo[buf].filetype .. (ok and '' or ' TIMEOUT') .. '\n')
  local diags = vim.diagnostic.get(buf)
  table.sort(diags, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  for _, d in ipairs(diags) do
    out:write(string.format('diag %s %d %d:%d %s\n', tostring(d.code), d.severity, d.lnum, d.col, tostring(d.source)))
  end
  local last = diags[#diags]
  if last then
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = { line = last.lnum, character = last.col }, ['end'] = { line = last.lnum, character = last.col } },
      context = { diagnostics = {} },
    }
    local results = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}
    for _, r in pairs(results) do
      for _, a in ipairs(r.result or {}) do
        out:write('action ' .. a.title .. '\n')
      end
    end
  end
end
record('Dockerfile')
record('compose.yaml')
out:close()
vim.cmd('qa!')
"#;

#[test]
#[ignore = "needs `nvim` (scripts/install/neovim.sh); scripts/test runs it"]
fn neovim_shows_dockward_diagnostics() {
    assert!(
        Command::new("nvim")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success()),
        "`nvim` is not installed: scripts/install/neovim.sh installs it"
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("Dockerfile"), "FROM alpine:3.20\nEXPOSE 22\n").unwrap();
    std::fs::write(
        d.join("compose.yaml"),
        "services:\n  web:\n    image: nginx\n    privileged: true\n",
    )
    .unwrap();
    std::fs::write(d.join("init.lua"), documented_config()).unwrap();
    std::fs::write(d.join("probe.lua"), PROBE).unwrap();
    let out = d.join("out.txt");
    let bin = Path::new(env!("CARGO_BIN_EXE_dockward")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "init.lua", "-i", "NONE", "-n"])
        .args(["-c", "luafile probe.lua"])
        .current_dir(d)
        .env("PATH", path)
        .env("XDG_CONFIG_HOME", d.join("config"))
        .env("XDG_DATA_HOME", d.join("data"))
        .env("XDG_STATE_HOME", d.join("state"))
        .env("XDG_CACHE_HOME", d.join("cache"))
        .env("DOCKWARD_PROBE_OUT", &out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let got = std::fs::read_to_string(&out).unwrap_or_default();
    let lines: Vec<&str> = got.lines().collect();
    // Severities: 1 error, 2 warning.
    for expected in [
        "file Dockerfile filetype=dockerfile",
        "diag DF001 2 0:0 dockward",
        "diag DF004 1 1:7 dockward",
        "action Suppress `ssh-port-exposed` for this instruction",
        "action Suppress `ssh-port-exposed` in this file",
        "file compose.yaml filetype=yaml",
        "diag DC001 1 3:16 dockward",
        "action Suppress `privileged-service` for this key",
    ] {
        assert!(lines.contains(&expected), "missing {expected:?} in:\n{got}");
    }
    assert!(!got.contains("TIMEOUT"), "{got}");
}
