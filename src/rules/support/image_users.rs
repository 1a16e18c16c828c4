//! Well-known base images whose documented default user is not root, so a
//! stage built on one runs unprivileged without a `USER` of its own.
//!
//! The table is data: each entry names the image, the tags it covers, the
//! user, and where that user is documented. An image that is not listed
//! keeps the rules' usual answer (no `USER` means root). Entries are added
//! only with a source: a base whose user cannot be checked is never assumed
//! to be non-root.

use crate::dockerfile::{Model, StageBase};
use crate::image::ImageRef;

/// Which tags of a repository an entry covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tags {
    /// Every tag (and no tag).
    All,
    /// Tags with this `-`-separated part (`nonroot` matches `nonroot`,
    /// `debug-nonroot`, `nonroot-arm64`).
    WithPart(&'static str),
    /// Tags containing this text (`chiseled` in `8.0-jammy-chiseled`).
    Containing(&'static str),
}

/// Which repositories an entry covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repository {
    Exact(&'static str),
    /// Every repository under this path (`distroless/` covers
    /// `distroless/static-debian12`).
    Under(&'static str),
}

/// A base image whose default user is not root.
#[derive(Clone, Copy, Debug)]
pub struct ImageUser {
    /// The registry host; `docker.io` for Docker Hub.
    pub registry: &'static str,
    pub repository: Repository,
    pub tags: Tags,
    /// The user the image runs as, as documented.
    pub user: &'static str,
    /// Where the default user is documented.
    pub source: &'static str,
}

/// The table. Keep it small and sourced.
pub const NON_ROOT_IMAGES: &[ImageUser] = &[
    ImageUser {
        registry: "gcr.io",
        repository: Repository::Under("distroless/"),
        tags: Tags::WithPart("nonroot"),
        user: "nonroot (65532)",
        source: "https://github.com/GoogleContainerTools/distroless#debug-images (the `nonroot` and `debug-nonroot` tags run as uid 65532)",
    },
    ImageUser {
        registry: "cgr.dev",
        repository: Repository::Exact("chainguard/static"),
        tags: Tags::All,
        user: "nonroot (65532)",
        source: "https://images.chainguard.dev/directory/image/static/overview (runs as the nonroot user, uid 65532)",
    },
    ImageUser {
        registry: "docker.io",
        repository: Repository::Exact("nginxinc/nginx-unprivileged"),
        tags: Tags::All,
        user: "nginx (101)",
        source: "https://github.com/nginxinc/docker-nginx-unprivileged#readme (runs as the unprivileged nginx user, uid 101)",
    },
    ImageUser {
        registry: "mcr.microsoft.com",
        repository: Repository::Under("dotnet/"),
        tags: Tags::Containing("chiseled"),
        user: "app (1654)",
        source: "https://github.com/dotnet/dotnet-docker/blob/main/documentation/ubuntu-chiseled.md (chiseled images run as the non-root app user)",
    },
    ImageUser {
        registry: "docker.io",
        repository: Repository::Exact("grafana/grafana"),
        tags: Tags::All,
        user: "grafana (472)",
        source: "https://grafana.com/docs/grafana/latest/setup-grafana/installation/docker/ (the container runs as user 472)",
    },
    ImageUser {
        registry: "docker.io",
        repository: Repository::Exact("prom/prometheus"),
        tags: Tags::All,
        user: "nobody (65534)",
        source: "https://github.com/prometheus/prometheus/blob/main/Dockerfile (`USER nobody`)",
    },
    ImageUser {
        registry: "docker.io",
        repository: Repository::Exact("jenkins/jenkins"),
        tags: Tags::All,
        user: "jenkins (1000)",
        source: "https://github.com/jenkinsci/docker#readme (the image runs as the jenkins user, uid 1000)",
    },
    ImageUser {
        registry: "docker.io",
        repository: Repository::Exact("apache/airflow"),
        tags: Tags::All,
        user: "airflow (50000)",
        source: "https://airflow.apache.org/docs/docker-stack/index.html (the image runs as the airflow user, uid 50000)",
    },
    ImageUser {
        registry: "docker.elastic.co",
        repository: Repository::Exact("elasticsearch/elasticsearch"),
        tags: Tags::All,
        user: "elasticsearch (1000)",
        source: "https://www.elastic.co/guide/en/elasticsearch/reference/current/docker.html (the container runs as user elasticsearch, uid 1000)",
    },
];

fn tag_matches(tags: Tags, tag: Option<&str>) -> bool {
    match tags {
        Tags::All => true,
        Tags::WithPart(p) => tag.is_some_and(|t| t.split('-').any(|x| x.eq_ignore_ascii_case(p))),
        Tags::Containing(p) => tag.is_some_and(|t| t.to_ascii_lowercase().contains(p)),
    }
}

/// The table entry for an image reference, if its default user is a
/// documented non-root user.
pub fn non_root_image(reference: &str) -> Option<&'static ImageUser> {
    let r = ImageRef::parse(reference);
    let registry = match r.registry_or_default() {
        "index.docker.io" | "registry-1.docker.io" => "docker.io",
        other => other,
    };
    let repository = r
        .repository
        .strip_prefix("library/")
        .unwrap_or(r.repository);
    NON_ROOT_IMAGES.iter().find(|e| {
        e.registry.eq_ignore_ascii_case(registry)
            && match e.repository {
                Repository::Exact(x) => x == repository,
                Repository::Under(x) => repository.starts_with(x),
            }
            && tag_matches(e.tags, r.tag)
    })
}

/// The non-root image a stage is built on (through the stages it
/// inherits), when it is in the table.
pub fn stage_non_root_base(model: &Model, stage: usize) -> Option<(&'static ImageUser, &str)> {
    match &model.chain(stage).last()?.base {
        StageBase::Image {
            resolved,
            unknown: false,
            ..
        } => non_root_image(resolved).map(|e| (e, resolved.as_str())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup() {
        for r in [
            "gcr.io/distroless/static-debian12:nonroot",
            "gcr.io/distroless/base:debug-nonroot",
            "gcr.io/distroless/java17-debian12:nonroot-arm64",
            "gcr.io/distroless/static:nonroot@sha256:0123",
            "nginxinc/nginx-unprivileged:1.27-alpine",
            "docker.io/nginxinc/nginx-unprivileged",
            "mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled",
            "cgr.dev/chainguard/static:latest",
        ] {
            assert!(non_root_image(r).is_some(), "{r}");
        }
        for r in [
            "gcr.io/distroless/static-debian12",
            "gcr.io/distroless/static-debian12:latest",
            "gcr.io/distroless/base:debug",
            "nginx:1.27",
            "mcr.microsoft.com/dotnet/aspnet:8.0",
            "example.com/distroless/static:nonroot",
            "cgr.dev/chainguard/wolfi-base",
        ] {
            assert!(non_root_image(r).is_none(), "{r}");
        }
    }

    #[test]
    fn every_entry_has_a_source_and_is_on_the_page() {
        let page = include_str!("../../../lints/DF001-missing-user.md");
        for e in NON_ROOT_IMAGES {
            assert!(e.source.starts_with("https://"), "{e:?}");
            let repo = match e.repository {
                Repository::Exact(r) | Repository::Under(r) => r,
            };
            assert!(page.contains(repo), "{repo} is not in missing-user's table");
            assert!(
                page.contains(e.user),
                "{} is not in missing-user's table",
                e.user
            );
        }
    }
}
