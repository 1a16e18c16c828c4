//! Where fixes may write: files inside the repository root of a linted
//! path, that are regular files and not symbolic links.

use std::path::{Path, PathBuf};

/// The repository roots of the paths a run lints: the top of the git work
/// tree holding each path, or the directory itself without git. Stored
/// with symbolic links resolved.
#[derive(Clone, Debug, Default)]
pub struct Roots {
    roots: Vec<PathBuf>,
}

impl Roots {
    pub fn of_paths(paths: &[PathBuf]) -> Roots {
        let mut roots = Vec::new();
        for p in paths {
            let dir = if p.is_dir() {
                p.clone()
            } else {
                match p.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                    _ => PathBuf::from("."),
                }
            };
            let Ok(real) = std::fs::canonicalize(&dir) else {
                continue;
            };
            let root = real
                .ancestors()
                .find(|a| a.join(".git").exists())
                .map_or_else(|| real.clone(), Path::to_path_buf);
            if !roots.contains(&root) {
                roots.push(root);
            }
        }
        Roots { roots }
    }

    /// `Err(reason)` when a fix may not write `path`.
    pub fn writable(&self, path: &Path) -> Result<(), String> {
        let meta = std::fs::symlink_metadata(path).map_err(|e| crate::discover::io_message(&e))?;
        if meta.file_type().is_symlink() {
            return Err("it is a symbolic link".into());
        }
        if !meta.is_file() {
            return Err("it is not a regular file".into());
        }
        let parent = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let real = std::fs::canonicalize(parent).map_err(|e| crate::discover::io_message(&e))?;
        if self.roots.iter().any(|r| real.starts_with(r)) {
            Ok(())
        } else {
            Err("it is outside the repository".into())
        }
    }
}
