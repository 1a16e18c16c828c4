//! Shared pieces of the XML formats (checkstyle, JUnit), written with
//! quick-xml.

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::name::QName;

/// Text that XML 1.0 can hold: characters it forbids (most C0 controls,
/// lone surrogates cannot occur in `str`, U+FFFE/U+FFFF) become U+FFFD.
pub fn clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if s.chars().any(bad) {
        Cow::Owned(
            s.chars()
                .map(|c| if bad(c) { '\u{fffd}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// An attribute with its value fully escaped, line breaks and tabs included
/// (a parser would otherwise normalize them to spaces).
pub fn attr<'a>(key: &'a str, value: &str) -> Attribute<'a> {
    let value = clean(value);
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    Attribute {
        key: QName(key),
        value: Cow::Owned(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_a_parser_would_change() {
        let a = attr("m", "a<b>&\"'\n\t\u{1}");
        assert_eq!(a.value, "a&lt;b&gt;&amp;&quot;&apos;&#10;&#9;\u{fffd}");
    }
}
