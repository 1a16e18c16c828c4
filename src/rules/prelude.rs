//! What every rule file needs.

pub use super::{
    Check, ComposeContext, DockerfileContext, Origin, RuleMeta, ServiceBuild, Status, Tool,
};
pub use crate::diagnostic::{Applicability, Diagnostics, Edit, Fix, Severity};
pub use crate::source::{FileKind, Span, Spanned};

pub const fn hadolint(id: &'static str) -> Origin {
    Origin {
        tool: Tool::Hadolint,
        id,
    }
}

pub const fn buildkit(id: &'static str) -> Origin {
    Origin {
        tool: Tool::Buildkit,
        id,
    }
}

pub const fn trivy(id: &'static str) -> Origin {
    Origin {
        tool: Tool::Trivy,
        id,
    }
}

pub const fn checkov(id: &'static str) -> Origin {
    Origin {
        tool: Tool::Checkov,
        id,
    }
}

pub const fn kics(id: &'static str) -> Origin {
    Origin {
        tool: Tool::Kics,
        id,
    }
}

pub const fn compose_lint(id: &'static str) -> Origin {
    Origin {
        tool: Tool::ComposeLint,
        id,
    }
}

pub const fn dclint(id: &'static str) -> Origin {
    Origin {
        tool: Tool::Dclint,
        id,
    }
}

pub const fn semgrep(id: &'static str) -> Origin {
    Origin {
        tool: Tool::Semgrep,
        id,
    }
}

/// A `RuleMeta` with the common defaults: stable, enabled, no fix, no options.
#[macro_export]
macro_rules! rule_meta {
    (
        code: $code:literal,
        name: $name:literal,
        $(aliases: [$($alias:literal),* $(,)?],)?
        kind: $kind:ident,
        severity: $sev:ident,
        summary: $summary:literal,
        origins: [$($origin:expr),* $(,)?]
        $(, $field:ident: $value:expr)* $(,)?
    ) => {
        $crate::meta::RuleMeta {
            code: $code,
            name: $name,
            $(aliases: &[$($alias),*],)?
            kind: $crate::source::FileKind::$kind,
            severity: $crate::meta::Severity::$sev,
            summary: $summary,
            origins: &[$($origin),*],
            doc: include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/lints/", $code, "-", $name, ".md")),
            $($field: $value,)*
            ..$crate::meta::RuleMeta::DEFAULT
        }
    };
}
