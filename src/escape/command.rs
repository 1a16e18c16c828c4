//! CI log commands: the GitHub Actions runner and the Azure Pipelines agent
//! read a line of a step's output as a command (`::error file=...::msg`,
//! `##vso[task.logissue file=...]msg`) and percent-decode its parts. A
//! value from the input must decode to exactly itself and never end the
//! command early or start another, so each part encodes the characters its
//! CI system gives a meaning there. The two systems differ only in their
//! tables: Azure writes `%` as `%AZP25` (its agent decodes that before
//! `%25`), and each separates properties with its own characters.

/// One CI system's encoding of a command's parts: each table maps a
/// character to what is written in its place.
pub struct Encoding {
    data: &'static [(char, &'static str)],
    property: &'static [(char, &'static str)],
}

/// GitHub Actions workflow commands: `,` separates properties and `:`
/// ends them (`::error file=a,line=1::message`).
pub const GITHUB: Encoding = Encoding {
    data: &[('%', "%25"), ('\r', "%0D"), ('\n', "%0A")],
    property: &[
        ('%', "%25"),
        ('\r', "%0D"),
        ('\n', "%0A"),
        (':', "%3A"),
        (',', "%2C"),
    ],
};

/// Azure Pipelines logging commands: `;` separates properties and `]`
/// ends them (`##vso[task.logissue type=error;sourcepath=a]message`).
pub const AZURE: Encoding = Encoding {
    data: &[('%', "%AZP25"), ('\r', "%0D"), ('\n', "%0A")],
    property: &[
        ('%', "%AZP25"),
        ('\r', "%0D"),
        ('\n', "%0A"),
        (';', "%3B"),
        (']', "%5D"),
    ],
};

impl Encoding {
    /// Encodes a command's message (what follows the properties).
    pub fn data(&self, s: &str) -> String {
        encode(s, self.data)
    }

    /// Encodes a property value (file, title, code).
    pub fn property(&self, s: &str) -> String {
        encode(s, self.property)
    }
}

fn encode(s: &str, table: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match table.iter().find(|(from, _)| *from == c) {
            Some((_, to)) => out.push_str(to),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_encodes_its_separators_in_properties_only() {
        assert_eq!(GITHUB.data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(GITHUB.property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        assert_eq!(GITHUB.property("a;b]"), "a;b]");
    }

    #[test]
    fn azure_encodes_its_separators_in_properties_only() {
        assert_eq!(AZURE.data("50% a;b]\r\nd"), "50%AZP25 a;b]%0D%0Ad");
        assert_eq!(AZURE.property("50% a;b]\r\nd"), "50%AZP25 a%3Bb%5D%0D%0Ad");
        assert_eq!(AZURE.property("a:b,c"), "a:b,c");
    }
}
