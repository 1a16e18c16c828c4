//! JUnit XML for CI test reports: one `<testsuite>` per linted file, one
//! failing `<testcase>` per diagnostic, and one passing `<testcase>` for a
//! file without problems (so the report counts every file checked).

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::xml::{attr, clean};
use crate::lint::RunReport;

pub fn render(report: &RunReport, out: &mut dyn Write) -> io::Result<()> {
    let total: usize = report
        .files
        .iter()
        .map(|f| f.diagnostics.len().max(1))
        .sum();
    let failures: usize = report.files.iter().map(|f| f.diagnostics.len()).sum();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("testsuites")
        .with_attribute(("name", "dockward"))
        .with_attribute(("tests", total.to_string().as_str()))
        .with_attribute(("failures", failures.to_string().as_str()))
        .with_attribute(("errors", "0"))
        .write_inner_content(|w| {
            for f in &report.files {
                let path = f.source.display_path();
                let n = f.diagnostics.len();
                w.create_element("testsuite")
                    .with_attribute(attr("name", &path))
                    .with_attribute(("tests", n.max(1).to_string().as_str()))
                    .with_attribute(("failures", n.to_string().as_str()))
                    .with_attribute(("errors", "0"))
                    .with_attribute(("skipped", "0"))
                    .write_inner_content(|w| {
                        if n == 0 {
                            w.create_element("testcase")
                                .with_attribute(("name", "no problems"))
                                .with_attribute(attr("classname", &path))
                                .with_attribute(attr("file", &path))
                                .write_empty()?;
                        }
                        for d in &f.diagnostics {
                            let lc = f.source.line_col(d.span.start);
                            let name = format!(
                                "{} {} at {}:{}",
                                d.rule.code, d.rule.name, lc.line, lc.column
                            );
                            let mut body = format!(
                                "{path}:{}:{}: {}[{} {}] {}\n",
                                lc.line, lc.column, d.severity, d.rule.code, d.rule.name, d.message
                            );
                            if let Some(h) = &d.help {
                                body.push_str("help: ");
                                body.push_str(h);
                                body.push('\n');
                            }
                            body.push_str("see ");
                            body.push_str(&d.url());
                            w.create_element("testcase")
                                .with_attribute(attr("name", &name))
                                .with_attribute(attr("classname", &path))
                                .with_attribute(attr("file", &path))
                                .with_attribute(("line", lc.line.to_string().as_str()))
                                .write_inner_content(|w| {
                                    w.create_element("failure")
                                        .with_attribute(attr("message", &d.message))
                                        .with_attribute(("type", d.severity.as_str()))
                                        .write_text_content(BytesText::new(&clean(&body)))?;
                                    Ok(())
                                })?;
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
