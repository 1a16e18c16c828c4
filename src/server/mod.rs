//! `dockward server`: a language server over stdio.
//!
//! One thread handles every message in order (`lsp-server` types, our own
//! tolerant stdio transport). Linting a file takes well under a millisecond,
//! so it runs on that thread too: a document is linted when it is opened or
//! saved, and after a short quiet period when it changes (debounce), and the
//! result always matches the version it is published with.
//!
//! A Compose file is linted with the Dockerfiles its services build read
//! from the editor's buffers when they are open (unsaved text wins over
//! disk), and re-linted when one of them changes. The nearest
//! `dockward.toml` applies to each document; configuration changes (a
//! watched file event, or a configuration buffer saved) re-lint everything.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::Value;

use crate::config::{CONFIG_NAMES, ConfigError, ConfigResolver, Overrides};
use crate::discover::classify;
use crate::lint::{self, DockerfileCache, FileReport};
use crate::source::{FileKind, LineIndex};

mod actions;
mod convert;
mod hover;
pub mod transport;
pub mod uri;

use convert::{Encoding, Text};
use transport::Incoming;

/// How long a document must stay unchanged before it is linted.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Runs the server on stdin/stdout until `exit`; returns the exit code the
/// protocol asks for (0 after `shutdown`, 1 otherwise).
pub fn run() -> i32 {
    lint::install_panic_hook();
    let (out, incoming, writer) = transport::stdio();
    let code = serve(&out, &incoming);
    drop(out);
    // The writer ends when every sender is gone, after flushing what is
    // queued. The reader may be blocked on stdin; it ends with the process.
    let _ = writer.join();
    code
}

/// The message loop, over any pair of channels (tests use memory ones).
pub fn serve(out: &Sender<Message>, incoming: &Receiver<Incoming>) -> i32 {
    let Some((id, params)) = wait_for_initialize(out, incoming) else {
        return 1;
    };
    let mut server = Server::new(out.clone(), &params);
    let caps = server.capabilities();
    let result = serde_json::json!({
        "capabilities": caps,
        "serverInfo": {"name": "dockward", "version": env!("CARGO_PKG_VERSION")},
    });
    let _ = out.send(Response::new_ok(id, result).into());
    let mut shutdown = false;
    loop {
        let next = match server.next_due() {
            Some(due) => {
                let wait = due.saturating_duration_since(Instant::now());
                match incoming.recv_timeout(wait) {
                    Ok(m) => Some(m),
                    Err(e) if e.is_timeout() => None,
                    Err(_) => return 1,
                }
            }
            None => match incoming.recv() {
                Ok(m) => Some(m),
                Err(_) => return 1,
            },
        };
        match next {
            None => {}
            Some(Incoming::Malformed { id, why }) => {
                crate::escape::stderr_line(&format!(
                    "dockward server: ignored a malformed message: {why}"
                ));
                if let Some(id) = id {
                    server.respond_err(id, ErrorCode::InvalidRequest, why);
                }
            }
            Some(Incoming::Message(Message::Request(req))) => {
                if req.method == "shutdown" {
                    shutdown = true;
                    let _ = out.send(Response::new_ok(req.id, Value::Null).into());
                    continue;
                }
                if shutdown {
                    server.respond_err(
                        req.id,
                        ErrorCode::InvalidRequest,
                        "the server is shutting down".into(),
                    );
                    continue;
                }
                server.guarded_request(req);
            }
            Some(Incoming::Message(Message::Notification(n))) => {
                if n.method == "exit" {
                    return if shutdown { 0 } else { 1 };
                }
                if !shutdown {
                    server.guarded_notification(n);
                }
            }
            Some(Incoming::Message(Message::Response(_))) => {}
        }
        if !shutdown {
            server.lint_due();
        }
    }
}

/// Waits for `initialize`, answering other requests with an error.
fn wait_for_initialize(
    out: &Sender<Message>,
    incoming: &Receiver<Incoming>,
) -> Option<(RequestId, Value)> {
    loop {
        match incoming.recv().ok()? {
            Incoming::Message(Message::Request(req)) if req.method == "initialize" => {
                return Some((req.id, req.params));
            }
            Incoming::Message(Message::Request(req)) => {
                let _ = out.send(
                    Response::new_err(
                        req.id,
                        ErrorCode::ServerNotInitialized as i32,
                        "the server is not initialized yet".into(),
                    )
                    .into(),
                );
            }
            Incoming::Message(Message::Notification(n)) if n.method == "exit" => return None,
            Incoming::Malformed { id: Some(id), why } => {
                let _ =
                    out.send(Response::new_err(id, ErrorCode::InvalidRequest as i32, why).into());
            }
            _ => {}
        }
    }
}

/// An open document.
struct Document {
    uri: lsp::Uri,
    /// The normalized absolute path of a `file:` document.
    path: Option<PathBuf>,
    /// The file name, for choosing what to lint it as.
    name: String,
    kind: Option<FileKind>,
    version: i32,
    text: String,
    index: LineIndex,
    /// When to lint it next.
    due: Option<Instant>,
    /// The last lint, of `version`.
    linted: Option<Linted>,
    /// What the last lint read besides the document (the Dockerfiles a
    /// Compose file builds).
    deps: Vec<PathBuf>,
    /// Diagnostics were published for it (so clearing them means something).
    published: bool,
}

struct Linted {
    version: i32,
    report: FileReport,
}

impl Document {
    /// The path the document is linted under: its own, or its name in the
    /// workspace root for a document that is not a file yet.
    fn lint_path(&self, root: Option<&Path>) -> PathBuf {
        match (&self.path, root) {
            (Some(p), _) => p.clone(),
            (None, Some(r)) => r.join(&self.name),
            (None, None) => {
                std::path::absolute(&self.name).unwrap_or_else(|_| PathBuf::from(&self.name))
            }
        }
    }

    fn text(&self) -> Text<'_> {
        Text {
            text: &self.text,
            index: &self.index,
        }
    }
}

/// What a document is linted as: by file name, then by the editor's
/// language id for names dockward does not know.
fn kind_for(name: &str, language: &str) -> Option<FileKind> {
    classify(name).or(match language {
        "dockerfile" | "containerfile" => Some(FileKind::Dockerfile),
        "dockercompose" | "docker-compose" | "yaml.docker-compose" | "compose" => {
            Some(FileKind::Compose)
        }
        _ => None,
    })
}

fn is_config_name(name: &str) -> bool {
    CONFIG_NAMES.contains(&name)
}

struct Server {
    out: Sender<Message>,
    enc: Encoding,
    root: Option<PathBuf>,
    configs: ConfigResolver,
    docs: HashMap<String, Document>,
    /// The client can register file watchers dynamically.
    can_watch: bool,
    next_id: i32,
    /// Configuration errors reported since the last reload, by file.
    config_errors: HashMap<PathBuf, Vec<String>>,
    /// The open Dockerfiles' texts by path, for linting Compose files.
    overlay: Arc<HashMap<PathBuf, Arc<str>>>,
}

impl Server {
    fn new(out: Sender<Message>, params: &Value) -> Server {
        let caps: lsp::ClientCapabilities = params
            .get("capabilities")
            .and_then(|c| serde_json::from_value(c.clone()).ok())
            .unwrap_or_default();
        let root = params
            .get("workspaceFolders")
            .and_then(|f| f.get(0))
            .and_then(|f| f.get("uri"))
            .or_else(|| params.get("rootUri"))
            .and_then(|u| serde_json::from_value::<lsp::Uri>(u.clone()).ok())
            .and_then(|u| uri::to_path(&u));
        let can_watch = caps
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        Server {
            out,
            enc: Encoding::negotiate(&caps),
            root,
            configs: new_resolver(),
            docs: HashMap::new(),
            can_watch,
            next_id: 0,
            config_errors: HashMap::new(),
            overlay: Arc::default(),
        }
    }

    fn capabilities(&self) -> lsp::ServerCapabilities {
        lsp::ServerCapabilities {
            position_encoding: Some(self.enc.kind()),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                lsp::TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                    save: Some(lsp::TextDocumentSyncSaveOptions::SaveOptions(
                        lsp::SaveOptions {
                            include_text: Some(false),
                        },
                    )),
                    ..Default::default()
                },
            )),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                lsp::CodeActionOptions {
                    code_action_kinds: Some(vec![
                        lsp::CodeActionKind::QUICKFIX,
                        lsp::CodeActionKind::new(actions::FIX_ALL),
                    ]),
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                },
            )),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            ..Default::default()
        }
    }

    fn send_notification(&self, method: &str, params: impl serde::Serialize) {
        let _ = self
            .out
            .send(Notification::new(method.to_string(), params).into());
    }

    fn respond_err(&self, id: RequestId, code: ErrorCode, message: String) {
        let _ = self
            .out
            .send(Response::new_err(id, code as i32, message).into());
    }

    fn log(&self, typ: lsp::MessageType, message: String) {
        self.send_notification("window/logMessage", lsp::LogMessageParams { typ, message });
    }

    fn guarded_request(&mut self, req: Request) {
        let id = req.id.clone();
        let method = req.method.clone();
        let result = catch_unwind(AssertUnwindSafe(|| self.request(req)));
        let response = match result {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("internal error while handling `{method}`; this is a bug in dockward"),
            ),
        };
        let _ = self.out.send(response.into());
    }

    fn guarded_notification(&mut self, n: Notification) {
        let method = n.method.clone();
        if catch_unwind(AssertUnwindSafe(|| self.notification(n))).is_err() {
            self.log(
                lsp::MessageType::ERROR,
                format!("internal error while handling `{method}`; this is a bug in dockward"),
            );
        }
    }

    fn request(&mut self, req: Request) -> Result<Value, (ErrorCode, String)> {
        match req.method.as_str() {
            "textDocument/codeAction" => {
                let p: lsp::CodeActionParams = params(&req.method, req.params)?;
                Ok(serde_json::to_value(self.code_actions(p)).unwrap_or(Value::Null))
            }
            "textDocument/hover" => {
                let p: lsp::HoverParams = params(&req.method, req.params)?;
                Ok(serde_json::to_value(self.hover(p)).unwrap_or(Value::Null))
            }
            m => Err((
                ErrorCode::MethodNotFound,
                format!("dockward does not handle `{m}`"),
            )),
        }
    }

    fn notification(&mut self, n: Notification) {
        let result = match n.method.as_str() {
            "initialized" => {
                self.register_watchers();
                Ok(())
            }
            "textDocument/didOpen" => params(&n.method, n.params).map(|p| self.did_open(p)),
            "textDocument/didChange" => params(&n.method, n.params).map(|p| self.did_change(p)),
            "textDocument/didSave" => params(&n.method, n.params).map(|p| self.did_save(p)),
            "textDocument/didClose" => params(&n.method, n.params).map(|p| self.did_close(p)),
            "workspace/didChangeWatchedFiles" => {
                params(&n.method, n.params).map(|p| self.watched_files_changed(p))
            }
            "workspace/didChangeConfiguration" => {
                self.reload_configs();
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err((_, message)) = result {
            self.log(lsp::MessageType::WARNING, message);
        }
    }

    /// Asks the client to report changes to configuration files and to
    /// Dockerfiles on disk (which Compose files build).
    fn register_watchers(&mut self) {
        if !self.can_watch {
            return;
        }
        let globs = [
            "**/dockward.toml",
            "**/.dockward.toml",
            "**/*{Dockerfile,dockerfile,Containerfile,containerfile}*",
        ];
        let watchers: Vec<lsp::FileSystemWatcher> = globs
            .iter()
            .map(|g| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(g.to_string()),
                kind: None,
            })
            .collect();
        let params = lsp::RegistrationParams {
            registrations: vec![lsp::Registration {
                id: "dockward-watched-files".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(
                    lsp::DidChangeWatchedFilesRegistrationOptions { watchers },
                )
                .ok(),
            }],
        };
        self.next_id += 1;
        let id = RequestId::from(format!("dockward-{}", self.next_id));
        let _ = self
            .out
            .send(Request::new(id, "client/registerCapability".into(), params).into());
    }

    fn did_open(&mut self, p: lsp::DidOpenTextDocumentParams) {
        let d = p.text_document;
        let path = uri::to_path(&d.uri).map(|p| crate::paths::normalize(&absolute(&p)));
        let name = path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .or_else(|| uri::file_name(&d.uri))
            .unwrap_or_default();
        let kind = kind_for(&name, &d.language_id);
        let key = d.uri.as_str().to_string();
        let doc = Document {
            index: LineIndex::new(&d.text),
            uri: d.uri,
            path,
            name,
            kind,
            version: d.version,
            text: d.text,
            due: None,
            linted: None,
            deps: Vec::new(),
            published: false,
        };
        let dockerfile = doc
            .path
            .clone()
            .filter(|_| kind == Some(FileKind::Dockerfile));
        if let Some(p) = &dockerfile {
            self.set_overlay(p, Some(&doc.text));
        }
        self.docs.insert(key.clone(), doc);
        self.lint(&key);
        if let Some(p) = dockerfile {
            self.schedule_dependents(&p, Instant::now());
        }
    }

    fn did_change(&mut self, p: lsp::DidChangeTextDocumentParams) {
        let key = p.text_document.uri.as_str().to_string();
        let enc = self.enc;
        let Some(doc) = self.docs.get_mut(&key) else {
            self.log(
                lsp::MessageType::WARNING,
                format!("change to a document that is not open: {key}"),
            );
            return;
        };
        for change in p.content_changes {
            match change.range {
                None => doc.text = change.text,
                Some(range) => {
                    let span = doc.text().span(range, enc);
                    doc.text.replace_range(span.range(), &change.text);
                }
            }
            doc.index = LineIndex::new(&doc.text);
        }
        doc.version = p.text_document.version;
        let due = Instant::now() + DEBOUNCE;
        doc.due = Some(due);
        if doc.kind == Some(FileKind::Dockerfile)
            && let Some(path) = doc.path.clone()
        {
            let text = Arc::from(doc.text.as_str());
            Arc::make_mut(&mut self.overlay).insert(path.clone(), text);
            self.schedule_dependents(&path, due);
        }
    }

    fn did_save(&mut self, p: lsp::DidSaveTextDocumentParams) {
        let key = p.text_document.uri.as_str().to_string();
        let Some(doc) = self.docs.get(&key) else {
            // A configuration file saved without being open as a document.
            if uri::file_name(&p.text_document.uri).is_some_and(|n| is_config_name(&n)) {
                self.reload_configs();
            }
            return;
        };
        if is_config_name(&doc.name) {
            self.reload_configs();
            return;
        }
        let dockerfile = doc
            .path
            .clone()
            .filter(|_| doc.kind == Some(FileKind::Dockerfile));
        self.lint(&key);
        if let Some(path) = dockerfile {
            self.schedule_dependents(&path, Instant::now());
        }
    }

    fn did_close(&mut self, p: lsp::DidCloseTextDocumentParams) {
        let key = p.text_document.uri.as_str().to_string();
        let Some(doc) = self.docs.remove(&key) else {
            return;
        };
        if doc.published {
            self.publish(&doc.uri, None, Vec::new());
        }
        // The file on disk takes the closed buffer's place.
        if doc.kind == Some(FileKind::Dockerfile)
            && let Some(path) = doc.path
        {
            self.set_overlay(&path, None);
            self.schedule_dependents(&path, Instant::now());
        }
    }

    fn watched_files_changed(&mut self, p: lsp::DidChangeWatchedFilesParams) {
        let mut reload = false;
        for change in p.changes {
            let name = uri::file_name(&change.uri).unwrap_or_default();
            if is_config_name(&name) {
                reload = true;
            } else if let Some(path) = uri::to_path(&change.uri) {
                let path = crate::paths::normalize(&absolute(&path));
                self.schedule_dependents(&path, Instant::now());
            }
        }
        if reload {
            self.reload_configs();
        }
    }

    /// Drops every cached configuration and re-lints every document.
    fn reload_configs(&mut self) {
        self.configs = new_resolver();
        for (path, _) in std::mem::take(&mut self.config_errors) {
            if let Some(u) = uri::from_path(&path) {
                self.publish(&u, None, Vec::new());
            }
        }
        let now = Instant::now();
        for doc in self.docs.values_mut() {
            doc.due = Some(now);
        }
    }

    /// Schedules the Compose documents that build the Dockerfile at `path`.
    fn schedule_dependents(&mut self, path: &Path, when: Instant) {
        for doc in self.docs.values_mut() {
            if doc.kind == Some(FileKind::Compose) && doc.deps.iter().any(|d| d == path) {
                doc.due = Some(doc.due.map_or(when, |d| d.min(when)));
            }
        }
    }

    fn next_due(&self) -> Option<Instant> {
        self.docs.values().filter_map(|d| d.due).min()
    }

    /// Lints every document whose time has come.
    fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(k, _)| k.clone())
            .collect();
        for key in due {
            self.lint(&key);
        }
    }

    /// Records an open Dockerfile's text (or, with `None`, that it was
    /// closed) for the Compose files that build it.
    fn set_overlay(&mut self, path: &Path, text: Option<&str>) {
        let map = Arc::make_mut(&mut self.overlay);
        match text {
            Some(t) => {
                map.insert(path.to_path_buf(), Arc::from(t));
            }
            None => {
                map.remove(path);
            }
        }
    }

    /// A cache for linting a document of this kind.
    fn cache_for(&self, kind: FileKind) -> DockerfileCache {
        match kind {
            FileKind::Compose => DockerfileCache::with_overlay(self.overlay.clone()),
            FileKind::Dockerfile => DockerfileCache::default(),
        }
    }

    /// Lints a document now and publishes its diagnostics.
    fn lint(&mut self, key: &str) {
        let root = self.root.clone();
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        doc.due = None;
        let Some(kind) = doc.kind else {
            if doc.published {
                doc.published = false;
                let u = doc.uri.clone();
                self.publish(&u, None, Vec::new());
            }
            return;
        };
        let path = doc.lint_path(root.as_deref());
        let config = self.configs.for_file(&path);
        let excluded = config.is_excluded(&path);
        let cache = if excluded {
            DockerfileCache::default()
        } else {
            self.cache_for(kind)
        };
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        if excluded {
            doc.linted = None;
            doc.deps.clear();
            doc.published = false;
            let u = doc.uri.clone();
            self.publish(&u, Some(0), Vec::new());
            return;
        }
        let report = lint::lint_text_with(&path, kind, doc.text.clone(), &config, &cache);
        doc.deps = if kind == FileKind::Compose {
            cache.paths()
        } else {
            Vec::new()
        };
        let diagnostics: Vec<lsp::Diagnostic> = report
            .diagnostics
            .iter()
            .map(|d| convert::diagnostic(d, &report.source, &doc.uri, self.enc))
            .collect();
        doc.linted = Some(Linted {
            version: doc.version,
            report,
        });
        doc.published = true;
        let (u, v) = (doc.uri.clone(), doc.version);
        self.publish(&u, Some(v), diagnostics);
        self.report_config_errors();
    }

    fn publish(&self, uri: &lsp::Uri, version: Option<i32>, diagnostics: Vec<lsp::Diagnostic>) {
        self.send_notification(
            "textDocument/publishDiagnostics",
            lsp::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics,
                version,
            },
        );
    }

    /// Shows configuration files that failed to load, once per reload: a
    /// message, and a diagnostic in the file itself.
    fn report_config_errors(&mut self) {
        let errors = self.configs.take_errors();
        if errors.is_empty() {
            return;
        }
        let mut touched = HashSet::new();
        for ConfigError { path, message } in errors {
            self.send_notification(
                "window/showMessage",
                lsp::ShowMessageParams {
                    typ: lsp::MessageType::ERROR,
                    message: match &path {
                        Some(p) => crate::escape::text(&format!(
                            "dockward: {}: {message}",
                            crate::source::display_path(p)
                        ))
                        .into_owned(),
                        None => crate::escape::text(&format!("dockward: {message}")).into_owned(),
                    },
                },
            );
            if let Some(p) = path {
                let list = self.config_errors.entry(p.clone()).or_default();
                if !list.contains(&message) {
                    list.push(message);
                }
                touched.insert(p);
            }
        }
        for p in touched {
            self.publish_config_errors(&p);
        }
    }

    fn publish_config_errors(&self, path: &Path) {
        let Some(u) = uri::from_path(path) else {
            return;
        };
        // The error is of the file on disk; an open buffer is the fallback.
        let reader = self.configs.reader();
        let root = reader.root_of(path);
        let text = reader
            .read_string(&root, path, crate::reader::SMALL_FILE_LIMIT)
            .ok()
            .or_else(|| self.docs.get(u.as_str()).map(|d| d.text.clone()))
            .unwrap_or_default();
        let index = LineIndex::new(&text);
        let t = Text {
            text: &text,
            index: &index,
        };
        let diagnostics = self.config_errors[path]
            .iter()
            .map(|m| {
                // Point at the first value the message quotes, when the file
                // has it; else at the start.
                let at = m
                    .split('`')
                    .nth(1)
                    .filter(|q| !q.is_empty())
                    .and_then(|q| text.find(q).map(|i| (i, q.len())));
                let span = match at {
                    Some((i, n)) => crate::source::Span::new(i as u32, (i + n) as u32),
                    None => crate::source::Span::empty(0),
                };
                lsp::Diagnostic {
                    range: t.range(span, self.enc),
                    severity: Some(lsp::DiagnosticSeverity::ERROR),
                    source: Some("dockward".into()),
                    message: m.clone(),
                    ..Default::default()
                }
            })
            .collect();
        self.publish(&u, None, diagnostics);
    }

    /// Lints a document now if its diagnostics are not of its current text.
    fn ensure_fresh(&mut self, key: &str) {
        let stale = self.docs.get(key).is_some_and(|d| {
            d.due.is_some() || d.linted.as_ref().is_none_or(|l| l.version != d.version)
        });
        if stale {
            self.lint(key);
        }
    }

    fn code_actions(&mut self, p: lsp::CodeActionParams) -> Vec<lsp::CodeActionOrCommand> {
        let key = p.text_document.uri.as_str().to_string();
        self.ensure_fresh(&key);
        let Some(doc) = self.docs.get(&key) else {
            return Vec::new();
        };
        let (Some(kind), Some(linted)) = (doc.kind, &doc.linted) else {
            return Vec::new();
        };
        let path = doc.lint_path(self.root.as_deref());
        let config = self.configs.for_file(&path);
        let cache = self.cache_for(kind);
        let cx = actions::Context {
            uri: &doc.uri,
            path: &path,
            report: &linted.report,
            config: &config,
            cache: &cache,
            enc: self.enc,
        };
        let range = doc.text().span(p.range, self.enc);
        actions::code_actions(&cx, range, p.context.only.as_deref())
    }

    fn hover(&mut self, p: lsp::HoverParams) -> Option<lsp::Hover> {
        let pp = p.text_document_position_params;
        let doc = self.docs.get(pp.text_document.uri.as_str())?;
        let t = doc.text();
        let offset = t.offset(pp.position, self.enc);
        let (span, markdown) = hover::at(&doc.text, &doc.index, offset)?;
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(t.range(span, self.enc)),
        })
    }
}

fn new_resolver() -> ConfigResolver {
    // Without `--config` and overrides, creating a resolver cannot fail.
    ConfigResolver::new(None, Overrides::default()).expect("default configuration")
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Deserializes a message's parameters, or says why they are invalid.
fn params<T: serde::de::DeserializeOwned>(
    method: &str,
    value: Value,
) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(value).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("invalid parameters for `{method}`: {e}"),
        )
    })
}
