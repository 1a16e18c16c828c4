//! Checkstyle XML: `<checkstyle><file name><error line column severity
//! message source/></file></checkstyle>`, as Jenkins, reviewdog and most
//! code review tools read it. Every linted file is listed, clean ones with
//! no `<error>`, so a consumer knows they were checked.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};

use super::xml::attr;
use crate::diagnostic::Severity;
use crate::lint::RunReport;

/// Checkstyle knows `error`, `warning`, `info` and `ignore`.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "info",
    }
}

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("checkstyle")
        .with_attribute(("version", "4.3"))
        .write_inner_content(|w| {
            for f in &report.files {
                let path = f.source.display_path();
                let el = w.create_element("file").with_attribute(attr("name", &path));
                if f.diagnostics.is_empty() {
                    el.write_empty()?;
                    continue;
                }
                el.write_inner_content(|w| {
                    for d in &f.diagnostics {
                        let lc = f.source.line_col(d.span.start);
                        let mut message = d.message.clone();
                        if let Some(h) = &d.help {
                            message.push_str(" (help: ");
                            message.push_str(h);
                            message.push(')');
                        }
                        w.create_element("error")
                            .with_attribute(("line", lc.line.to_string().as_str()))
                            .with_attribute(("column", lc.column.to_string().as_str()))
                            .with_attribute(("severity", severity(d.severity)))
                            .with_attribute(attr("message", &message))
                            .with_attribute(attr(
                                "source",
                                &format!("dockward.{}.{}", d.rule.code, d.rule.name),
                            ))
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        })?;
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    out.write_all(&bytes)
}
