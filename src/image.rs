//! Image references: `[registry/]repository[:tag][@digest]`.

/// The parts of an image reference. Borrowed from the text it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageRef<'a> {
    /// The registry host (`ghcr.io`, `localhost:5000`), when one is named.
    pub registry: Option<&'a str>,
    /// The path without registry, tag or digest (`library/nginx` is
    /// written `nginx`).
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    pub fn parse(s: &'a str) -> ImageRef<'a> {
        // Byte scans: the separators are ASCII, and on strings this short
        // `str`'s searchers cost several times more (a reference is parsed
        // for every base image by several rules).
        let find = |t: &str, c: u8| t.bytes().position(|b| b == c);
        let rfind = |t: &str, c: u8| t.bytes().rposition(|b| b == c);
        let (rest, digest) = match find(s, b'@') {
            Some(i) => (&s[..i], Some(&s[i + 1..])),
            None => (s, None),
        };
        // A `:` after the last `/` separates the tag; one before it belongs
        // to a registry port.
        let slash = rfind(rest, b'/').map_or(0, |i| i + 1);
        let (name, tag) = match rfind(&rest[slash..], b':') {
            Some(i) => (&rest[..slash + i], Some(&rest[slash + i + 1..])),
            None => (rest, None),
        };
        let (registry, repository) = match find(name, b'/') {
            Some(i)
                if find(&name[..i], b'.').is_some()
                    || find(&name[..i], b':').is_some()
                    || &name[..i] == "localhost" =>
            {
                (Some(&name[..i]), &name[i + 1..])
            }
            _ => (None, name),
        };
        ImageRef {
            registry,
            repository,
            tag,
            digest,
        }
    }

    /// The registry, with Docker Hub's name when none is written.
    pub fn registry_or_default(&self) -> &'a str {
        self.registry.unwrap_or("docker.io")
    }

    pub fn is_scratch(&self) -> bool {
        self.registry.is_none() && self.repository.eq_ignore_ascii_case("scratch")
    }

    /// The last path component of the repository (`nginx` for `library/nginx`).
    pub fn short_name(&self) -> &'a str {
        self.repository
            .rsplit('/')
            .next()
            .unwrap_or(self.repository)
    }

    /// A Windows base image, whose default shell is `cmd`.
    pub fn is_windows(&self) -> bool {
        let r = self.repository.to_ascii_lowercase();
        let t = self.tag.unwrap_or("").to_ascii_lowercase();
        r.contains("windows")
            || r.contains("nanoserver")
            || r.contains("servercore")
            || r.starts_with("dotnet/framework")
            || t.contains("windowsservercore")
            || t.contains("nanoserver")
            || t.contains("ltsc20")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references() {
        let r = ImageRef::parse("localhost:5000/team/app:1.2@sha256:abc");
        assert_eq!(r.registry, Some("localhost:5000"));
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag, Some("1.2"));
        assert_eq!(r.digest, Some("sha256:abc"));
        let r = ImageRef::parse("nginx");
        assert_eq!((r.registry, r.repository, r.tag), (None, "nginx", None));
        let r = ImageRef::parse("library/nginx:latest");
        assert_eq!(r.short_name(), "nginx");
        assert!(ImageRef::parse("mcr.microsoft.com/windows/servercore:ltsc2022").is_windows());
        assert!(ImageRef::parse("golang:1.22-windowsservercore-ltsc2022").is_windows());
        assert!(!ImageRef::parse("debian").is_windows());
    }
}
