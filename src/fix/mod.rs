//! The fix engine: applies the fixes that rules attach to diagnostics.
//!
//! A run of `--fix` is a bounded loop of passes. Each pass lints every file
//! (reading fixed text from an in-memory overlay instead of the disk),
//! chooses the fixes to apply, applies them per file and checks the result:
//!
//! - **Choice.** A fix is applied when its applicability is allowed
//!   (`Safe`, or `Unsafe` with `--unsafe-fixes`; `DisplayOnly` never), its
//!   rule's fix is not turned off (`[rules.NAME] fix = false`) and every
//!   file it edits may be written (inside the repository root, not a
//!   symbolic link). Fixes are taken in a fixed order (file, position,
//!   rule code); a fix whose edits overlap edits already taken waits for
//!   the next pass, when it is recomputed on the new text. An edit
//!   identical to one already taken is shared (one anchor fixed for every
//!   service that merges it), and insertions at one point that declare
//!   themselves joinable ([`Edit::join`]) are concatenated unless they
//!   create the same key.
//! - **Check.** Each changed file is parsed again. A fix that introduces a
//!   syntax error, or a Compose specification problem (unknown key, wrong
//!   type, invalid value), is dropped and reported, and the file keeps its
//!   previous text; the fix is not tried again.
//! - **End.** The loop stops when a pass has nothing to apply, or after
//!   [`MAX_PASSES`]; that last lint is the report of what remains.
//!
//! Nothing is written here: the caller gets every changed file with its
//! original and fixed text and writes them (`outfile::write`, where
//! `outfile::Roots` allows) or prints a diff.

pub mod diff;
pub mod verify;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{ConfigResolver, rule_index};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::lint::{self, Overlay, RunOptions, RunReport};
use crate::paths::normalize;
use crate::rules::RuleMeta;
use crate::source::{FileKind, SourceFile};

/// The most passes one run makes. Fixes that depend on another fix's
/// result (a second limit in a `deploy.resources.limits` block the first
/// one created) need a pass each; real files settle in two or three.
pub const MAX_PASSES: usize = 10;

/// The most fixes of one file tried one by one when their combination
/// breaks the file.
const MAX_SUSPECTS: usize = 64;

/// Which fixes a run applies.
#[derive(Clone, Copy, Debug, Default)]
pub struct FixOptions {
    /// Apply `Unsafe` fixes too.
    pub unsafe_fixes: bool,
}

impl FixOptions {
    /// Whether a fix of this applicability is applied.
    pub fn allows(&self, a: Applicability) -> bool {
        match a {
            Applicability::Safe => true,
            Applicability::Unsafe => self.unsafe_fixes,
            Applicability::DisplayOnly => false,
        }
    }
}

/// A file changed by the run.
#[derive(Clone, Debug)]
pub struct FixedFile {
    pub path: PathBuf,
    pub kind: FileKind,
    pub original: Arc<str>,
    pub fixed: Arc<str>,
}

/// A fix that was not applied, and why.
#[derive(Clone, Debug)]
pub struct Refusal {
    /// The file of the diagnostic.
    pub path: PathBuf,
    pub rule: &'static RuleMeta,
    /// Lowercase, no trailing period.
    pub reason: String,
}

/// What a fix run did.
#[derive(Debug, Default)]
pub struct FixRun {
    /// The lint of the fixed files: what remains.
    pub report: RunReport,
    /// Diagnostics whose fix was applied.
    pub fixed: usize,
    /// Fixed diagnostics per rule code, sorted by code.
    pub fixed_by_rule: Vec<(&'static str, usize)>,
    /// Changed files, sorted by path.
    pub files: Vec<FixedFile>,
    pub refused: Vec<Refusal>,
    /// Lints made (passes that applied fixes, plus the final one).
    pub passes: usize,
    /// Fixes were still pending after [`MAX_PASSES`].
    pub unsettled: bool,
}

/// Decides whether a file may be edited: `Err(reason)` when it may not
/// (outside the repository, a symbolic link).
pub type Writable<'a> = &'a (dyn Fn(&Path) -> Result<(), String> + Sync);

/// Lints `paths`, applies fixes pass after pass in memory, and returns the
/// changed files and the final lint.
pub fn fix_paths(
    paths: &[PathBuf],
    configs: &ConfigResolver,
    opts: &RunOptions,
    fix: FixOptions,
    writable: Writable<'_>,
) -> FixRun {
    let mut overlay: Overlay = HashMap::new();
    let mut originals: HashMap<PathBuf, (FileKind, Arc<str>)> = HashMap::new();
    let mut blocked: HashSet<Key> = HashSet::new();
    let mut run = FixRun::default();
    let mut by_rule: HashMap<&'static str, usize> = HashMap::new();
    let mut opts = opts.clone();
    opts.positions_only = false;
    loop {
        opts.overlay = Some(Arc::new(overlay.clone()));
        let report = lint::lint_paths(paths, configs, &opts);
        run.passes += 1;
        if run.passes > MAX_PASSES {
            run.unsettled = true;
            run.report = report;
            break;
        }
        let candidates = candidates(&report, configs, fix, writable, &blocked, &mut run.refused);
        if candidates.is_empty() {
            run.report = report;
            break;
        }
        let applied = apply_pass(&candidates, &mut blocked, &mut run.refused);
        if applied.files.is_empty() {
            run.report = report;
            break;
        }
        for (path, kind, before, after) in applied.files {
            originals.entry(path.clone()).or_insert((kind, before));
            overlay.insert(path, after);
        }
        run.fixed += applied.fixed.len();
        for rule in applied.fixed {
            *by_rule.entry(rule.code).or_default() += 1;
        }
        if run.passes == MAX_PASSES {
            // One more lint to report what remains (and whether fixes are
            // still pending).
            opts.overlay = Some(Arc::new(overlay.clone()));
            let report = lint::lint_paths(paths, configs, &opts);
            run.passes += 1;
            run.unsettled = !candidates_of(&report, configs, fix).is_empty();
            run.report = report;
            break;
        }
    }
    // A fix this run could apply but did not (refused, dropped for breaking
    // the file) is not offered again in its report.
    if !run.unsettled {
        for f in &mut run.report.files {
            for d in &mut f.diagnostics {
                if d.fix
                    .as_ref()
                    .is_some_and(|fx| fix.allows(fx.applicability))
                {
                    d.fix = None;
                }
            }
        }
    }
    let mut files: Vec<FixedFile> = originals
        .into_iter()
        .filter_map(|(path, (kind, original))| {
            let fixed = overlay.get(&path)?.clone();
            (fixed != original).then_some(FixedFile {
                path,
                kind,
                original,
                fixed,
            })
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    run.files = files;
    let mut by_rule: Vec<_> = by_rule.into_iter().collect();
    by_rule.sort();
    run.fixed_by_rule = by_rule;
    run.refused
        .sort_by(|a, b| (&a.path, a.rule.code, &a.reason).cmp(&(&b.path, b.rule.code, &b.reason)));
    run.refused
        .dedup_by(|a, b| a.path == b.path && a.rule.code == b.rule.code && a.reason == b.reason);
    run
}

/// A fix to try: the diagnostic's rule and file, the fix, and each edit
/// with the (normalized) path of the file it edits.
struct Candidate<'r> {
    rule: &'static RuleMeta,
    path: PathBuf,
    message: &'r str,
    edits: Vec<(PathBuf, Arc<SourceFile>, &'r Edit)>,
}

/// Identifies a fix across passes (spans move; the diagnostic does not).
type Key = (PathBuf, &'static str, String);

impl Candidate<'_> {
    fn key(&self) -> Key {
        (self.path.clone(), self.rule.code, self.message.to_string())
    }
}

/// The fixes of a report that this run may apply, in application order.
fn candidates_of<'r>(
    report: &'r RunReport,
    configs: &ConfigResolver,
    fix: FixOptions,
) -> Vec<(&'r lint::FileReport, &'r Diagnostic, &'r Fix)> {
    let mut out = Vec::new();
    for f in &report.files {
        let mut config = None;
        for d in &f.diagnostics {
            let Some(fx) = d.fix.as_deref() else { continue };
            if !fix.allows(fx.applicability) || fx.edits.is_empty() {
                continue;
            }
            let config = config.get_or_insert_with(|| configs.for_file(&f.source.path));
            if !config.fix_enabled(rule_index(d.rule)) {
                continue;
            }
            out.push((f, d, fx));
        }
    }
    out
}

fn candidates<'r>(
    report: &'r RunReport,
    configs: &ConfigResolver,
    fix: FixOptions,
    writable: Writable<'_>,
    blocked: &HashSet<Key>,
    refused: &mut Vec<Refusal>,
) -> Vec<Candidate<'r>> {
    let mut out = Vec::new();
    'fixes: for (f, d, fx) in candidates_of(report, configs, fix) {
        let path = normalize(&f.source.path);
        let mut edits = Vec::with_capacity(fx.edits.len());
        for e in &fx.edits {
            let source = e.file.as_ref().unwrap_or(&f.source);
            let target = normalize(&source.path);
            if let Err(reason) = writable(&target) {
                refused.push(Refusal {
                    path: path.clone(),
                    rule: d.rule,
                    reason: format!("it would edit `{}`: {reason}", target.display()),
                });
                continue 'fixes;
            }
            if source.text.len() < e.span.end as usize || source.text.get(e.span.range()).is_none()
            {
                continue 'fixes;
            }
            edits.push((target, source.clone(), e));
        }
        let c = Candidate {
            rule: d.rule,
            path,
            message: &d.message,
            edits,
        };
        if !blocked.contains(&c.key()) {
            out.push(c);
        }
    }
    out.sort_by(|a, b| {
        let first = |c: &Candidate| c.edits.first().map(|(p, _, e)| (p.clone(), e.span.start));
        (first(a), a.rule.code, a.message).cmp(&(first(b), b.rule.code, b.message))
    });
    out
}

/// The result of one pass.
#[derive(Default)]
struct Pass {
    /// (path, kind, text before, text after) per changed file.
    files: Vec<(PathBuf, FileKind, Arc<str>, Arc<str>)>,
    /// The rule of each applied fix.
    fixed: Vec<&'static RuleMeta>,
}

/// Edits taken for one file.
#[derive(Default)]
struct Taken<'r> {
    source: Option<Arc<SourceFile>>,
    edits: EditSet<'r>,
}

/// The edits taken for one file, indexed so that each new edit is checked
/// against its neighbours only (a file can get thousands of fixes).
#[derive(Default)]
struct EditSet<'r> {
    /// Replacements and deletions by start; they never overlap each other.
    ranges: std::collections::BTreeMap<u32, (&'r Edit, usize)>,
    /// Insertions by offset, in the order taken.
    inserts: std::collections::BTreeMap<u32, Vec<(&'r Edit, usize)>>,
}

impl<'r> EditSet<'r> {
    /// Whether `e` can join the edits taken; `Ok(true)` when an identical
    /// edit is already there (it is then shared, not applied twice).
    ///
    /// Ranges that share text conflict, and so does an insertion strictly
    /// inside a replaced range. Touching ranges do not: an insertion at the
    /// edge of a replacement goes before or after it by position.
    /// Insertions at one point conflict unless both are joinable and
    /// create different things.
    fn check(&self, e: &Edit) -> Result<bool, ()> {
        let (s, t) = (e.span.start, e.span.end);
        if e.span.is_empty() {
            if let Some(here) = self.inserts.get(&s) {
                for (x, _) in here {
                    if x.content == e.content {
                        return Ok(true);
                    }
                    match (&x.join, &e.join) {
                        (Some(a), Some(b)) if a != b => {}
                        _ => return Err(()),
                    }
                }
            }
            // A replacement that starts before and ends after `s`.
            if let Some((_, (x, _))) = self.ranges.range(..s).next_back()
                && x.span.end > s
            {
                return Err(());
            }
            return Ok(false);
        }
        if let Some((x, _)) = self.ranges.get(&s)
            && x.span == e.span
            && x.content == e.content
        {
            return Ok(true);
        }
        if let Some((_, (x, _))) = self.ranges.range(..t).next_back()
            && x.span.end > s
        {
            return Err(());
        }
        if self.inserts.range(s + 1..t).next().is_some() {
            return Err(());
        }
        Ok(false)
    }

    fn add(&mut self, e: &'r Edit, owner: usize) {
        if e.span.is_empty() {
            self.inserts
                .entry(e.span.start)
                .or_default()
                .push((e, owner));
        } else {
            self.ranges.insert(e.span.start, (e, owner));
        }
    }

    /// Every edit with the candidate that brought it, in position order.
    fn all(&self) -> Vec<(&'r Edit, usize)> {
        let mut out: Vec<(&'r Edit, usize)> = self
            .inserts
            .values()
            .flatten()
            .copied()
            .chain(self.ranges.values().copied())
            .collect();
        // Stable: insertions at one point keep the order they were taken.
        out.sort_by_key(|(e, _)| (e.span.start, e.span.end));
        out
    }
}

/// Chooses non-conflicting fixes, applies them per file and checks each
/// file; a fix that breaks a file is blocked and reported, and the choice
/// is made again without it.
fn apply_pass(
    candidates: &[Candidate],
    blocked: &mut HashSet<Key>,
    refused: &mut Vec<Refusal>,
) -> Pass {
    let mut excluded: HashSet<usize> = HashSet::new();
    // Each round either succeeds or excludes at least one candidate.
    loop {
        let mut taken: HashMap<&Path, Taken> = HashMap::new();
        let mut chosen: Vec<usize> = Vec::new();
        for (i, c) in candidates.iter().enumerate() {
            if excluded.contains(&i) {
                continue;
            }
            let ok = c.edits.iter().all(|(p, _, e)| {
                taken
                    .get(p.as_path())
                    .is_none_or(|t| t.edits.check(e).is_ok())
            });
            // Two edits of one fix in the same file must not conflict
            // either; rules produce disjoint edits, so this only guards.
            if !ok {
                continue;
            }
            for (p, source, e) in &c.edits {
                let t = taken.entry(p.as_path()).or_default();
                t.source.get_or_insert_with(|| source.clone());
                if !matches!(t.edits.check(e), Ok(true)) {
                    t.edits.add(e, i);
                }
            }
            chosen.push(i);
        }
        let mut results = Vec::new();
        let mut broken: Vec<(usize, String)> = Vec::new();
        for (path, t) in &taken {
            let Some(source) = &t.source else {
                continue;
            };
            let (kind, text) = (source.kind, source.text.as_str());
            let edits = t.edits.all();
            let fixed = apply_edits(text, edits.iter().map(|(e, _)| *e));
            if fixed == text {
                continue;
            }
            match verify::check(kind, text, &fixed) {
                Ok(()) => results.push((path.to_path_buf(), kind, Arc::from(text), fixed)),
                Err(problem) => {
                    // Find the fixes that break the file on their own.
                    let mut culprits: Vec<usize> = Vec::new();
                    let mut owners: Vec<usize> = edits.iter().map(|(_, i)| *i).collect();
                    owners.sort_unstable();
                    owners.dedup();
                    // Trying each fix alone costs a parse per fix: past a
                    // bound, the file moves one fix a pass instead.
                    let suspects: &[usize] = if owners.len() <= MAX_SUSPECTS {
                        &owners
                    } else {
                        &[]
                    };
                    for &i in suspects {
                        let own = candidates[i]
                            .edits
                            .iter()
                            .filter(|(p, ..)| p.as_path() == *path)
                            .map(|(_, _, e)| *e);
                        let alone = apply_edits(text, own);
                        if let Err(p) = verify::check(kind, text, &alone) {
                            broken.push((i, p));
                            culprits.push(i);
                        }
                    }
                    if culprits.is_empty() {
                        // Only the combination breaks: keep the first fix
                        // for this pass and let the others wait.
                        for &i in owners.iter().skip(1) {
                            excluded.insert(i);
                        }
                        broken.push((usize::MAX, problem));
                    }
                }
            }
        }
        if broken.is_empty() {
            let mut pass = Pass::default();
            for i in chosen {
                pass.fixed.push(candidates[i].rule);
            }
            pass.files = results
                .into_iter()
                .map(|(p, k, before, after)| (p, k, before, Arc::from(after)))
                .collect();
            pass.files.sort_by(|a, b| a.0.cmp(&b.0));
            return pass;
        }
        for (i, problem) in broken {
            if i == usize::MAX {
                continue;
            }
            let c = &candidates[i];
            excluded.insert(i);
            blocked.insert(c.key());
            refused.push(Refusal {
                path: c.path.clone(),
                rule: c.rule,
                reason: format!("the fixed file would not be valid: {problem}"),
            });
        }
    }
}

pub use crate::diagnostic::apply_edits;

/// Fixes a single text in memory (an editor buffer, standard input):
/// passes until it settles, with the fixes `fix` allows. The text is
/// linted with `lint` each pass; edits to other files are not applied.
/// Returns the fixed text and the number of fixes applied.
pub fn fix_text(
    kind: FileKind,
    text: &str,
    fix: FixOptions,
    fix_enabled: &dyn Fn(&'static RuleMeta) -> bool,
    lint: &dyn Fn(&str) -> Vec<Diagnostic>,
) -> (String, usize) {
    let mut current = text.to_string();
    let mut fixed = 0;
    let mut blocked: HashSet<(&'static str, String)> = HashSet::new();
    for _ in 0..MAX_PASSES {
        let diags = lint(&current);
        let mut set = EditSet::default();
        let mut chosen: Vec<&Edit> = Vec::new();
        let mut rules = Vec::new();
        let mut owners: Vec<(&Diagnostic, Vec<&Edit>)> = Vec::new();
        for d in &diags {
            let Some(fx) = d.fix.as_deref() else { continue };
            if !fix.allows(fx.applicability)
                || fx.edits.is_empty()
                || !fix_enabled(d.rule)
                || fx.edits.iter().any(|e| e.file.is_some())
                || blocked.contains(&(d.rule.code, d.message.clone()))
            {
                continue;
            }
            if fx.edits.iter().any(|e| set.check(e).is_err()) {
                continue;
            }
            for e in &fx.edits {
                if !matches!(set.check(e), Ok(true)) {
                    set.add(e, owners.len());
                    chosen.push(e);
                }
            }
            rules.push(d.rule);
            owners.push((d, fx.edits.iter().collect()));
        }
        if chosen.is_empty() {
            break;
        }
        let next = apply_edits(&current, chosen.iter().copied());
        if verify::check(kind, &current, &next).is_err() {
            // Keep the fixes that are valid alone for the next pass.
            let mut any = false;
            let suspects = if owners.len() <= MAX_SUSPECTS {
                &owners[..]
            } else {
                &[]
            };
            for (d, edits) in suspects {
                let alone = apply_edits(&current, edits.iter().copied());
                if verify::check(kind, &current, &alone).is_err() {
                    blocked.insert((d.rule.code, d.message.clone()));
                    any = true;
                }
            }
            if !any {
                // Only the combination breaks: apply the first fix alone.
                if let Some((d, edits)) = owners.first() {
                    let alone = apply_edits(&current, edits.iter().copied());
                    if alone != current && verify::check(kind, &current, &alone).is_ok() {
                        current = alone;
                        fixed += 1;
                    } else {
                        blocked.insert((d.rule.code, d.message.clone()));
                    }
                }
            }
            continue;
        }
        if next == current {
            break;
        }
        current = next;
        fixed += rules.len();
    }
    (current, fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn meta(name: &str) -> &'static RuleMeta {
        crate::rules::find(name).unwrap().meta
    }

    fn candidate<'r>(
        rule: &'static RuleMeta,
        source: &Arc<SourceFile>,
        message: &'r str,
        edits: &'r [Edit],
    ) -> Candidate<'r> {
        Candidate {
            rule,
            path: source.path.clone(),
            message,
            edits: edits
                .iter()
                .map(|e| (source.path.clone(), source.clone(), e))
                .collect(),
        }
    }

    #[test]
    fn a_fix_that_breaks_the_file_is_dropped_and_reported() {
        let text = "services:\n  web:\n    image: x\n";
        let source = Arc::new(SourceFile::new(
            "compose.yaml",
            FileKind::Compose,
            text.to_string(),
        ));
        // One good fix, one that writes an unknown key, one that breaks YAML.
        let good = [Edit::insert(text.len() as u32, "    read_only: true\n")];
        let unknown = [Edit::insert(0, "servics: {}\n")];
        let broken = [Edit::insert(9, " [")];
        let candidates = [
            candidate(meta("writable-rootfs"), &source, "a", &good),
            candidate(meta("obsolete-version-field"), &source, "b", &unknown),
            candidate(meta("privileged-service"), &source, "c", &broken),
        ];
        let mut blocked = HashSet::new();
        let mut refused = Vec::new();
        let pass = apply_pass(&candidates, &mut blocked, &mut refused);
        assert_eq!(pass.files.len(), 1);
        assert_eq!(
            &*pass.files[0].3,
            "services:\n  web:\n    image: x\n    read_only: true\n"
        );
        assert_eq!(pass.fixed.len(), 1);
        let mut reasons: Vec<String> = refused
            .iter()
            .map(|r| format!("{} {}", r.rule.name, r.reason))
            .collect();
        reasons.sort();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(
            reasons[0].starts_with("obsolete-version-field the fixed file would not be valid: "),
            "{reasons:?}"
        );
        assert!(reasons[0].contains("servics"), "{reasons:?}");
        assert!(
            reasons[1].starts_with("privileged-service the fixed file would not be valid: "),
            "{reasons:?}"
        );
        assert_eq!(blocked.len(), 2);
    }

    #[test]
    fn overlapping_fixes_wait_and_joinable_insertions_join() {
        let text = "FROM a\nRUN apt-get install x\n";
        let source = Arc::new(SourceFile::new(
            "Dockerfile",
            FileKind::Dockerfile,
            text.to_string(),
        ));
        let at = text.find("install").unwrap() as u32 + 7;
        let yes = [Edit::insert(at, " -y").joinable("word -y")];
        let rec = [
            Edit::insert(at, " --no-install-recommends").joinable("word --no-install-recommends")
        ];
        // Overlaps the insertion point: waits for the next pass.
        let replace = [Edit::replace(Span::new(at - 7, at + 2), "reinstall x")];
        let candidates = [
            candidate(meta("apt-install-without-yes"), &source, "a", &yes),
            candidate(meta("apt-recommends-installed"), &source, "b", &rec),
            candidate(meta("apt-cli-used"), &source, "c", &replace),
        ];
        let mut blocked = HashSet::new();
        let mut refused = Vec::new();
        let pass = apply_pass(&candidates, &mut blocked, &mut refused);
        assert_eq!(
            &*pass.files[0].3,
            "FROM a\nRUN apt-get install -y --no-install-recommends x\n"
        );
        assert_eq!(pass.fixed.len(), 2);
        assert!(refused.is_empty());
    }
}
