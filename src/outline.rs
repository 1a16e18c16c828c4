//! Where an offset sits in a Compose file: the mapping keys above it
//! (`services`, `web`, `ports`). The human report groups findings by the
//! service this names, and baseline fingerprints use it as context, so
//! neither depends on line numbers or on how the file is formatted.

use crate::yaml::{Limits, Node, Value};

/// The parsed documents of one Compose file, kept only to answer
/// [`ComposeOutline::key_path`].
pub struct ComposeOutline {
    docs: Vec<Node>,
}

impl ComposeOutline {
    /// `None` when the text is not YAML (a syntax error was reported; there
    /// is no structure to name).
    pub fn parse(text: &str) -> Option<ComposeOutline> {
        let docs = crate::yaml::load(text, &Limits::default()).ok()?;
        Some(ComposeOutline { docs })
    }

    /// The keys of the mappings that contain `offset`, outermost first.
    /// Sequence items add nothing (an index changes when an item is added
    /// above), and entries a merge key copied in are skipped: their spans
    /// are where the anchor is written, which the walk reaches on its own.
    pub fn key_path(&self, offset: u32) -> Vec<&str> {
        let mut path = Vec::new();
        let Some(mut node) = self.docs.iter().find(|d| contains(d.span, offset)) else {
            return path;
        };
        // The loader bounds nesting depth, so this loop is bounded too.
        loop {
            match &node.value {
                Value::Map(m) => {
                    let Some(e) = m
                        .iter()
                        .filter(|e| e.merged_from.is_none())
                        .find(|e| contains(e.span(), offset))
                    else {
                        break;
                    };
                    path.push(e.key.as_str().unwrap_or("?"));
                    if !contains(e.value.span, offset) {
                        break;
                    }
                    node = &e.value;
                }
                Value::Seq(items) => {
                    let Some(item) = items.iter().find(|i| contains(i.span, offset)) else {
                        break;
                    };
                    node = item;
                }
                _ => break,
            }
        }
        path
    }

    /// The service whose definition holds `offset`, if any.
    pub fn service(&self, offset: u32) -> Option<&str> {
        self.service_key(offset).map(|(name, _)| name)
    }

    /// The service whose definition holds `offset`, with where its key is
    /// written (so services can be listed in file order).
    pub fn service_key(&self, offset: u32) -> Option<(&str, u32)> {
        let doc = self.docs.iter().find(|d| contains(d.span, offset))?;
        let services = doc.as_map()?.get("services")?;
        if !contains(services.value.span, offset) {
            return None;
        }
        let e = services
            .value
            .as_map()?
            .iter()
            .filter(|e| e.merged_from.is_none())
            .find(|e| contains(e.span(), offset))?;
        Some((e.key.as_str().unwrap_or("?"), e.key.span.start))
    }
}

fn contains(span: crate::source::Span, offset: u32) -> bool {
    span.start <= offset && offset <= span.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_name_services_and_keys() {
        let text = "x-base: &b\n  read_only: true\nservices:\n  web:\n    <<: *b\n    image: nginx\n    ports:\n      - \"80:80\"\n  db:\n    image: postgres\n";
        let o = ComposeOutline::parse(text).unwrap();
        let at = |s: &str| text.find(s).unwrap() as u32;
        assert_eq!(o.key_path(at("80:80")), ["services", "web", "ports"]);
        assert_eq!(o.service(at("web")), Some("web"));
        assert_eq!(o.service(at("postgres")), Some("db"));
        assert_eq!(o.service_key(at("postgres")), Some(("db", at("db"))));
        assert_eq!(o.key_path(at("read_only")), ["x-base", "read_only"]);
        assert_eq!(o.service(at("x-base")), None);
        assert!(ComposeOutline::parse("a: [").is_none());
    }
}
