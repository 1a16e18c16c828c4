//! GitLab Code Quality JSON: Code Climate issues with line locations
//! (`codeclimate` with `Locations::Lines`), which is what GitLab reads.

use std::io::{self, Write};

use super::Style;
use super::codeclimate::{self, Locations};
use crate::lint::RunReport;

pub fn render(report: &RunReport, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    codeclimate::render(report, style, Locations::Lines, out)
}
