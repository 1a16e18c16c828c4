//! Rule identity, the registry, and the contexts rules run in.
//!
//! A rule is a module with a `META` static and a `check` function, plus its
//! page in `lints/<CODE>-<name>.md`. Adding a rule means adding those two
//! files and one line to the `registry!` list below.

use std::any::Any;
use std::sync::Arc;

use crate::compose::ComposeFile;
use crate::diagnostic::Diagnostics;
use crate::dockerfile::{Dockerfile, Model};
use crate::source::{FileKind, SourceFile};

pub use crate::meta::{Origin, ParseOptions, RuleMeta, Status, Tool};

pub mod prelude;
pub mod support;

/// A parsed Dockerfile with its source and stage model.
#[derive(Debug)]
pub struct ParsedDockerfile {
    pub source: Arc<SourceFile>,
    pub df: Dockerfile,
    pub model: Model,
    /// Where the files beside it (its `.dockerignore`) are read from:
    /// `None` for text with no place on disk.
    pub files: Option<FileAccess>,
    /// The file modes it sets, found once for the rules that ask
    /// ([`support::modes::modes_set`]).
    pub modes: std::sync::OnceLock<Vec<support::modes::ModeSet>>,
    /// Its `.dockerignore`, looked up once for the rule and the check
    /// that ask ([`support::dockerignore::lookup`]).
    pub ignore: std::sync::OnceLock<support::dockerignore::Lookup>,
}

/// The reader and root through which a file's neighbours are read.
#[derive(Clone, Debug)]
pub struct FileAccess {
    pub reader: Arc<crate::reader::Reader>,
    pub root: Arc<crate::reader::Root>,
}

impl ParsedDockerfile {
    pub fn new(source: Arc<SourceFile>) -> ParsedDockerfile {
        let df = crate::dockerfile::parse(&source.text);
        let model = Model::new(&df);
        ParsedDockerfile {
            source,
            df,
            model,
            files: None,
            modes: std::sync::OnceLock::new(),
            ignore: std::sync::OnceLock::new(),
        }
    }

    /// The same, with its neighbours read through `files`.
    pub fn with_files(mut self, files: FileAccess) -> ParsedDockerfile {
        self.files = Some(files);
        self
    }
}

/// Per-rule options for one file, parsed from the configuration.
pub trait OptionsLookup: Sync {
    fn options(&self, rule: &'static RuleMeta) -> Option<&(dyn Any + Send + Sync)>;

    /// Whether comments in the input may suppress findings (the
    /// configuration's `inline-suppressions`): also decides whether the
    /// `shellcheck` rule lets ShellCheck read its own `# shellcheck`
    /// directives.
    fn inline_suppressions(&self) -> bool {
        true
    }
}

/// No options configured.
pub struct NoOptions;

impl OptionsLookup for NoOptions {
    fn options(&self, _: &'static RuleMeta) -> Option<&(dyn Any + Send + Sync)> {
        None
    }
}

/// What a Dockerfile rule sees.
pub struct DockerfileContext<'a> {
    pub file: &'a ParsedDockerfile,
    pub options: &'a dyn OptionsLookup,
}

impl<'a> DockerfileContext<'a> {
    pub fn text(&self) -> &'a str {
        &self.file.source.text
    }

    pub fn df(&self) -> &'a Dockerfile {
        &self.file.df
    }

    pub fn model(&self) -> &'a Model {
        &self.file.model
    }

    /// The rule's options, if configured.
    pub fn options<T: Any>(&self, rule: &'static RuleMeta) -> Option<&'a T> {
        self.options.options(rule)?.downcast_ref::<T>()
    }
}

/// The Dockerfile a Compose service builds, resolved and parsed.
#[derive(Clone, Debug)]
pub struct ServiceBuild {
    /// Index of the service in `ComposeFile::services`.
    pub service: usize,
    pub dockerfile: Arc<ParsedDockerfile>,
    /// The `build.target` stage, if given.
    pub target: Option<String>,
}

/// What a Compose rule sees.
///
/// `compose` is the model of the whole project (the file with its overrides,
/// `extends` and `include`s merged); its spans live in the project's shared
/// offset space, so a span may point into any file of the project. Report
/// spans as they are; the pipeline maps them to their files. To read the
/// text a span covers, use [`ComposeContext::text_at`].
pub struct ComposeContext<'a> {
    /// The project's first file (the base file).
    pub source: &'a Arc<SourceFile>,
    pub compose: &'a ComposeFile,
    /// The Dockerfiles that services build and that could be read.
    pub builds: &'a [ServiceBuild],
    pub options: &'a dyn OptionsLookup,
    /// Every file of the project, to map spans to files.
    pub project: &'a crate::compose::project::Project,
}

impl<'a> ComposeContext<'a> {
    /// The base file's text (spans of other files do not index it; see
    /// [`ComposeContext::text_at`]).
    /// The text a span of the model covers, in whichever file it is. (Model
    /// spans are project-global: never index the base file's text with them.)
    pub fn text_at(&self, span: crate::source::Span) -> &'a str {
        self.project.text(span)
    }

    pub fn build_of(&self, service: usize) -> Option<&'a ServiceBuild> {
        self.builds.iter().find(|b| b.service == service)
    }

    pub fn options<T: Any>(&self, rule: &'static RuleMeta) -> Option<&'a T> {
        self.options.options(rule)?.downcast_ref::<T>()
    }
}

/// How a rule checks a file.
#[derive(Clone, Copy)]
pub enum Check {
    Dockerfile(fn(&DockerfileContext, &mut Diagnostics)),
    Compose(fn(&ComposeContext, &mut Diagnostics)),
    /// Reported by the linter itself (syntax errors, suppressions).
    Builtin,
}

/// A registered rule.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

macro_rules! registry {
    (
        builtin { $($b:ident),* $(,)? }
        dockerfile { $($d:ident),* $(,)? }
        compose { $($c:ident),* $(,)? }
    ) => {
        pub mod builtin {
            $(pub mod $b;)*
        }
        pub mod dockerfile {
            $(pub mod $d;)*
        }
        pub mod compose {
            $(pub mod $c;)*
        }
        /// Every rule, in registry order.
        pub static RULES: &[Rule] = &[
            $(Rule { meta: &builtin::$b::META, check: Check::Builtin },)*
            $(Rule { meta: &dockerfile::$d::META, check: Check::Dockerfile(dockerfile::$d::check) },)*
            $(Rule { meta: &compose::$c::META, check: Check::Compose(compose::$c::check) },)*
        ];
    };
}

registry! {
    builtin {
        dockerfile_syntax_error,
        compose_syntax_error,
        unused_suppression,
        unused_compose_suppression,
        too_many_diagnostics,
        too_many_compose_diagnostics,
    }
    dockerfile {
        missing_user,
        root_user,
        sshd_installed,
        ssh_port_exposed,
        privileged_port_exposed,
        unapproved_port_exposed,
        setuid_bit,
        world_writable_path,
        docker_daemon_tcp,
        // Dockerfile instruction, stage and BuildKit rules (df-stage), DF200-DF399.
        untagged_base_image,
        latest_base_image,
        base_image_without_digest,
        untrusted_registry,
        constant_platform_flag,
        redundant_target_platform,
        undefined_arg_in_from,
        invalid_default_arg_in_from,
        instruction_before_from,
        duplicate_stage_name,
        reserved_stage_name,
        uppercase_stage_name,
        inconsistent_as_casing,
        inconsistent_instruction_casing,
        empty_continuation_line,
        overridden_instruction,
        shell_form_cmd,
        maintainer_instruction,
        relative_workdir,
        system_dir_workdir,
        invalid_expose_port,
        expose_host_mapping,
        uppercase_expose_protocol,
        add_instead_of_copy,
        remote_add_without_checksum,
        copy_dest_without_slash,
        undefined_copy_from_stage,
        self_referencing_copy_from,
        whole_filesystem_copy,
        relative_copy_without_workdir,
        invalid_onbuild_instruction,
        env_self_reference,
        invalid_label_key,
        missing_healthcheck,
        legacy_key_value_format,
        secret_in_arg_or_env,
        non_numeric_user,
        undefined_variable,
        copy_ignored_file,
        invalid_definition_description,
        inline_suppression,
        label_schema_violation,
        // What RUN does: shell commands and package managers (DF100-DF199).
        sudo_used,
        cd_in_run,
        pointless_command_in_run,
        remote_script_executed,
        tls_verification_disabled,
        package_signature_check_skipped,
        secret_in_run,
        account_password_set,
        os_packages_upgraded,
        lone_package_index_update,
        unpinned_apt_package,
        apt_lists_kept,
        apt_install_without_yes,
        apt_recommends_installed,
        apt_cli_used,
        unpinned_apk_package,
        apk_cache_kept,
        yum_install_without_yes,
        yum_cache_kept,
        unpinned_yum_package,
        dnf_install_without_yes,
        dnf_cache_kept,
        unpinned_dnf_package,
        zypper_without_non_interactive,
        zypper_cache_kept,
        unpinned_zypper_package,
        unpinned_pip_package,
        pip_cache_kept,
        unpinned_npm_package,
        yarn_cache_kept,
        unpinned_gem,
        unpinned_go_module,
        useradd_without_no_log_init,
        wget_progress_bar,
        curl_and_wget_mixed,
        bin_sh_replaced,
        pipe_without_pipefail,
        consecutive_run_instructions,
        copied_archive_extracted,
        shellcheck,
    }
    compose {
        privileged_service,
        low_host_port,
        unapproved_port_published,
        missing_memory_limit,
        missing_cpu_limit,
        missing_pids_limit,
        writable_rootfs,
        service_root_user,
        service_missing_user,
        docker_socket_mount,
        host_network_mode,
        default_bridge_network,
        ssh_port_published,
        service_docker_daemon_tcp,
        // Compose rule catalog (DC100-DC199): KICS, compose-lint, dclint,
        // Semgrep, CIS runtime checks and keys nobody else checks.
        host_pid_namespace,
        host_ipc_namespace,
        host_uts_namespace,
        host_user_namespace,
        host_cgroup_namespace,
        cgroup_parent_set,
        host_exec_capability,
        host_adjacent_capability,
        host_reaching_capability,
        host_availability_capability,
        host_disclosure_capability,
        bounded_grant_capability,
        non_default_capability,
        missing_cap_drop,
        missing_no_new_privileges,
        seccomp_unconfined,
        apparmor_unconfined,
        selinux_disabled,
        unconfined_system_paths,
        unbound_port_interface,
        control_socket_mount,
        writable_host_system_mount,
        sensitive_host_mount,
        shared_mount_propagation,
        dangerous_host_device,
        device_cgroup_rule_grant,
        gpu_access,
        logging_disabled,
        insecure_tmpfs_options,
        unpinned_image_tag,
        image_without_digest,
        hardcoded_secret,
        credentials_in_url,
        service_missing_healthcheck,
        healthcheck_disabled,
        unbounded_restart_retries,
        shared_named_volume,
        privileged_hook,
        root_hook,
        privileged_build,
        insecure_build_entitlement,
        non_namespaced_sysctl,
        oom_kill_disabled,
        build_and_image,
        duplicate_container_name,
        duplicate_host_port,
        invalid_container_name,
        obsolete_version_field,
        missing_project_name,
        quoted_volume,
        unquoted_port,
        unsorted_dependencies,
        unsorted_service_keys,
        unsorted_ports,
        unsorted_services,
        unsorted_top_level_keys,
        unlimited_ulimit,
        // Compose structure and project semantics (DC020-DC049).
        unknown_key,
        invalid_value_type,
        invalid_value,
        invalid_interpolation,
        missing_referenced_file,
        circular_reference,
        reference_outside_repository,
        undefined_service,
        undefined_resource,
        unset_variable,
    }
}

/// Looks a rule up by code, name or another tool's id.
pub fn find(selector: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.meta.code.eq_ignore_ascii_case(selector) || r.meta.name == selector)
        .or_else(|| RULES.iter().find(|r| r.meta.matches(selector)))
}

/// The error for a selector that names no rule, with the nearest name.
pub fn unknown_rule(name: &str) -> String {
    let names = RULES.iter().map(|r| r.meta.name);
    match crate::suggest::did_you_mean(name, names) {
        Some(s) => format!("unknown rule `{name}`; did you mean `{s}`?"),
        None => format!("unknown rule `{name}`; `dockward rules` lists them"),
    }
}

/// Every rule a selector names; a selector may be a code, a name, another
/// tool's id (which can map to several rules), a code prefix (`DF`, `DC0`)
/// or `all`.
pub fn select(selector: &str) -> Vec<&'static Rule> {
    if selector.eq_ignore_ascii_case("all") {
        return RULES.iter().collect();
    }
    let exact: Vec<_> = RULES.iter().filter(|r| r.meta.matches(selector)).collect();
    if !exact.is_empty() {
        return exact;
    }
    let upper = selector.to_ascii_uppercase();
    if upper.len() >= 2 && (upper.starts_with("DF") || upper.starts_with("DC")) {
        return RULES
            .iter()
            .filter(|r| r.meta.code.starts_with(&upper))
            .collect();
    }
    Vec::new()
}

/// The meta of a built-in rule, for the linter's own diagnostics.
pub fn syntax_rule(kind: FileKind) -> &'static RuleMeta {
    match kind {
        FileKind::Dockerfile => &builtin::dockerfile_syntax_error::META,
        FileKind::Compose => &builtin::compose_syntax_error::META,
    }
}

/// The rule whose `allowed` option is the project's list of approved
/// ports: `unapproved-port-published` for Compose, `unapproved-port-exposed`
/// for Dockerfiles. Other port rules read the same list.
pub fn approved_ports_rule(kind: FileKind) -> &'static RuleMeta {
    match kind {
        FileKind::Dockerfile => &dockerfile::unapproved_port_exposed::META,
        FileKind::Compose => &compose::unapproved_port_published::META,
    }
}

/// The rule of the summary the per-file cap adds (`crate::lint::cap`).
pub fn too_many_diagnostics_rule(kind: FileKind) -> &'static RuleMeta {
    match kind {
        FileKind::Dockerfile => &builtin::too_many_diagnostics::META,
        FileKind::Compose => &builtin::too_many_compose_diagnostics::META,
    }
}

pub fn unused_suppression_rule(kind: FileKind) -> &'static RuleMeta {
    match kind {
        FileKind::Dockerfile => &builtin::unused_suppression::META,
        FileKind::Compose => &builtin::unused_compose_suppression::META,
    }
}
