//! The check every fixed file passes before it is kept: parsed again, it
//! has no syntax error or Compose specification problem that the text
//! before the fix did not have.

use crate::compose::model::ProblemKind;
use crate::compose::validate::validate_document;
use crate::source::FileKind;
use crate::yaml::{self, Limits};

/// `Err(message)` when `after` has a problem that `before` did not have.
pub fn check(kind: FileKind, before: &str, after: &str) -> Result<(), String> {
    let mut old = problems(kind, before);
    for p in problems(kind, after) {
        match old.iter().position(|o| *o == p) {
            Some(i) => {
                old.swap_remove(i);
            }
            None => return Err(p),
        }
    }
    Ok(())
}

/// The syntax errors of a Dockerfile (with its shell scripts), or the YAML errors and specification
/// problems (unknown key, wrong type, invalid value) of a Compose file, as
/// messages (positions left out, since fixes move text).
pub fn problems(kind: FileKind, text: &str) -> Vec<String> {
    match kind {
        FileKind::Dockerfile => {
            let df = crate::dockerfile::parse(text);
            // Shell scripts too: the shell parser flags an unterminated
            // quote, an unbalanced parenthesis or keyword.
            let model = crate::dockerfile::Model::new(&df);
            let broken_scripts = model.scripts.iter().filter(|s| s.script.has_error).count();
            let mut out: Vec<String> = df.errors.into_iter().map(|e| e.message).collect();
            out.extend((0..broken_scripts).map(|_| "a shell script does not parse".to_string()));
            out
        }
        FileKind::Compose => {
            let loaded = match yaml::load_with_warnings(text, &Limits::default()) {
                Ok(l) => l,
                Err(e) => return vec![e.message],
            };
            let mut out: Vec<String> = loaded.warnings.iter().map(|w| w.message.clone()).collect();
            let mut found = Vec::new();
            // Variables are left unset: values that use them are not judged,
            // before or after.
            let env = |_: &str| None;
            for doc in &loaded.docs {
                validate_document(doc, &env, false, &mut found);
            }
            // The model's own checks: ports, volumes, values it reads.
            if let Ok(model) = crate::compose::model::model_documents(loaded.clone(), &env) {
                found.extend(model.problems);
            }
            out.extend(
                found
                    .into_iter()
                    .filter(|p| {
                        matches!(
                            p.kind,
                            ProblemKind::Syntax
                                | ProblemKind::DuplicateKey
                                | ProblemKind::UnknownKey
                                | ProblemKind::Type
                                | ProblemKind::Value
                                | ProblemKind::Port
                                | ProblemKind::Volume
                                | ProblemKind::Interpolation
                        )
                    })
                    .map(|p| p.message),
            );
            out
        }
    }
}
