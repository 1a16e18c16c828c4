//! Text that a script writes into files: `echo ... > f`, `printf ... >> f`,
//! `echo ... | tee -a f`, `cat > f <<EOF ... EOF`.

use crate::dockerfile::Model;
use crate::shell::{Script, Word};
use crate::source::Span;

/// The commands [`file_write`] recognises.
const WRITERS: [&str; 3] = ["echo", "printf", "cat"];

/// Whether some script of the file may write a file [`file_write`] sees:
/// `false` is certain. Three rules ask for every command otherwise, and
/// most Dockerfiles run none of these (934 of the corpus's 3,182 name
/// one).
pub fn may_write_files(model: &Model) -> bool {
    model.may_run(&WRITERS)
}

/// One write of literal text into one or more files.
#[derive(Clone, Debug)]
pub struct FileWrite<'a> {
    /// The text written (echo's arguments joined by spaces, or the heredoc
    /// body), expansions kept as written.
    pub text: String,
    /// Where the text comes from in the file: the first argument or the
    /// heredoc body.
    pub span: Span,
    /// The files written to.
    pub targets: Vec<&'a Word>,
}

fn redirect_targets<'a>(c: &'a crate::shell::Command) -> impl Iterator<Item = &'a Word> + 'a {
    c.redirects
        .iter()
        .filter(|r| {
            matches!(
                r.op.as_str(),
                ">" | ">>" | ">|" | "&>" | "&>>" | "1>" | "1>>"
            )
        })
        .filter_map(|r| r.target.as_ref())
}

/// The write done by command `idx` of a script, if it is `echo`, `printf` or
/// `cat <<EOF` into a file (directly or through `tee`).
pub fn file_write<'a>(script: &'a Script, idx: usize, file_text: &str) -> Option<FileWrite<'a>> {
    let c = script.commands.get(idx)?;
    let v = c.effective();
    let name = v.name_str()?;
    if !WRITERS.contains(&name) {
        return None;
    }
    // Where it writes, before building any text: most echos print to the log.
    let mut targets: Vec<&Word> = redirect_targets(c).collect();
    if let Some(next) = script.next_in_pipeline(idx) {
        let nv = next.effective();
        if nv.name_str() == Some("tee") {
            targets.extend(nv.positional());
        }
    }
    if targets.is_empty() {
        return None;
    }
    let (text, span) = if name == "cat" {
        let body = c.redirects.iter().find_map(|r| {
            matches!(r.op.as_str(), "<<" | "<<-")
                .then_some(r.body)
                .flatten()
        })?;
        (file_text.get(body.range())?.to_string(), body)
    } else {
        let args: Vec<&Word> = v
            .args
            .iter()
            .skip_while(|w| name == "echo" && w.text.starts_with('-') && w.text.len() > 1)
            .collect();
        let (first, last) = (args.first()?, args.last()?);
        let text = args
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        // `printf 'a\nb'` and `echo -e`: written lines, not a backslash.
        let text = if text.contains("\\n") {
            text.replace("\\n", "\n")
        } else {
            text
        };
        (text, first.span.cover(last.span))
    };
    Some(FileWrite {
        text,
        span,
        targets,
    })
}

impl FileWrite<'_> {
    /// Whether one of the targets' file names ends with `suffix` (or is it).
    pub fn writes_to(&self, suffixes: &[&str]) -> bool {
        self.targets
            .iter()
            .any(|t| suffixes.iter().any(|s| t.text.ends_with(s)))
    }
}
