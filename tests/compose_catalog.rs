//! The Compose rule catalog covers the peers' Compose checks: counted from
//! `dockward rules --format json`, against the lists in
//! `../shared/reference/compose-linters.md` (KICS §2.2, compose-lint §3.5,
//! dclint §1.2, Semgrep §3.3), written out here so the test does not depend
//! on the reference being present.

use std::collections::BTreeSet;
use std::process::Command;

/// KICS's 22 Docker Compose queries: folder name and query id.
const KICS: [(&str, &str); 22] = [
    ("cgroup_not_default", "4d9f44c6-2f4a-4317-9bb5-267adbea0232"),
    (
        "container_capabilities_unrestricted",
        "ce76b7d0-9e77-464d-b86f-c5c48e03e22d",
    ),
    (
        "container_traffic_not_bound_to_host_interface",
        "451d79dc-0588-476a-ad03-3c7f0320abb3",
    ),
    ("cpus_not_limited", "6b610c50-99fb-4ef0-a5f3-e312fd945bc3"),
    (
        "default_seccomp_profile_disabled",
        "404fde2c-bc4b-4371-9747-7054132ac953",
    ),
    (
        "docker_socket_mounted_in_container",
        "d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b",
    ),
    (
        "healthcheck_not_set",
        "698ed579-b239-4f8f-a388-baa4bcb13ef8",
    ),
    (
        "host_namespace_is_shared",
        "4f31dd9f-2cc3-4751-9b53-67e4af83dac0",
    ),
    ("memory_not_limited", "bb9ac4f7-e13b-423d-a010-c74a1bfbe492"),
    ("networks_not_set", "ce14a68b-1668-41a0-ab7d-facd9f784742"),
    (
        "no_new_privileges_not_set",
        "27fcc7d6-c49b-46e0-98f1-6c082a6a2750",
    ),
    ("pids_limit_not_set", "221e0658-cb2a-44e3-b08a-db96a341d6fa"),
    (
        "privileged_containers_enabled",
        "ae5b6871-7f45-42e0-bb4c-ab300c4d2026",
    ),
    (
        "privileged_ports_mapped_in_container",
        "bc2908f3-f73c-40a9-8793-c1b7d5544f79",
    ),
    (
        "restart_policy_on_failure_not_set_to_5",
        "2fc99041-ddad-49d5-853f-e35e70a48391",
    ),
    (
        "security_opt_not_set",
        "610e266e-6c12-4bca-9925-1ed0cd29742b",
    ),
    (
        "shared_host_ipc_namespace",
        "baa3890f-bed7-46f5-ab8f-1da8fc91c729",
    ),
    (
        "shared_host_network_namespace",
        "071a71ff-f868-47a4-ac0b-3c59e4ab5443",
    ),
    (
        "shared_host_user_namespace",
        "8af7162d-6c98-482f-868e-0d33fb675ca8",
    ),
    (
        "shared_volumes_between_containers",
        "8c978947-0ff6-485c-b0c2-0bfca6026466",
    ),
    (
        "volume_has_sensitive_host_directory",
        "1c1325ff-831d-43a1-973e-839ae57dfcc0",
    ),
    (
        "volume_mounted_in_multiple_containers",
        "baa452f0-1f21-4a25-ace5-844e7a5f410d",
    ),
];

const COMPOSE_LINT: [&str; 27] = [
    "CL-0001", "CL-0002", "CL-0003", "CL-0004", "CL-0005", "CL-0006", "CL-0007", "CL-0008",
    "CL-0009", "CL-0010", "CL-0011", "CL-0013", "CL-0014", "CL-0016", "CL-0017", "CL-0018",
    "CL-0019", "CL-0020", "CL-0021", "CL-0022", "CL-0024", "CL-0025", "CL-0026", "CL-0027",
    "CL-0028", "CL-0029", "CL-0030",
];

const DCLINT: [&str; 15] = [
    "no-build-and-image",
    "no-duplicate-container-names",
    "no-duplicate-exported-ports",
    "no-quotes-in-volumes",
    "no-unbound-port-interfaces",
    "no-version-field",
    "require-project-name-field",
    "require-quotes-in-ports",
    "service-container-name-regex",
    "service-dependencies-alphabetical-order",
    "service-image-require-explicit-tag",
    "service-keys-order",
    "service-ports-alphabetical-order",
    "services-alphabetical-order",
    "top-level-properties-order",
];

/// dclint's two mandatory pre-checks: not rules, but ids its comments and
/// reports use, mapped by the structure rules (DC020-DC022).
const DCLINT_PRECHECKS: [&str; 2] = ["invalid-yaml", "invalid-schema"];

/// dclint's rules about style, which dockward keeps off by default.
const DCLINT_STYLE: [&str; 7] = [
    "no-quotes-in-volumes",
    "require-quotes-in-ports",
    "service-dependencies-alphabetical-order",
    "service-keys-order",
    "service-ports-alphabetical-order",
    "services-alphabetical-order",
    "top-level-properties-order",
];

const SEMGREP: [&str; 6] = [
    "exposing-docker-socket-volume",
    "no-new-privileges",
    "privileged-service",
    "seccomp-confinement-disabled",
    "selinux-separation-disabled",
    "writable-filesystem-service",
];

fn rules() -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_dockward"))
        .args(["rules", "--format", "json"])
        .output()
        .expect("run dockward rules");
    assert!(out.status.success());
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout).expect("rules JSON")
}

/// Every origin id of `tool` over the Compose rules.
fn origins(rules: &[serde_json::Value], tool: &str) -> BTreeSet<String> {
    rules
        .iter()
        .filter(|r| r["kind"] == "compose")
        .flat_map(|r| r["origins"][tool].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

#[test]
fn the_catalog_maps_the_peers_compose_checks() {
    let rules = rules();
    let kics = origins(&rules, "kics");
    let kics_mapped: Vec<_> = KICS
        .iter()
        .filter(|(name, id)| kics.contains(*name) && kics.contains(*id))
        .collect();
    let cl = origins(&rules, "compose-lint");
    let cl_mapped: Vec<_> = COMPOSE_LINT.iter().filter(|id| cl.contains(**id)).collect();
    let dclint = origins(&rules, "dclint");
    let dclint_mapped: Vec<_> = DCLINT.iter().filter(|id| dclint.contains(**id)).collect();
    let semgrep = origins(&rules, "semgrep");
    let semgrep_mapped: Vec<_> = SEMGREP.iter().filter(|id| semgrep.contains(**id)).collect();
    eprintln!(
        "mapped: KICS {}/22, compose-lint {}/27, dclint {}/15, Semgrep {}/6",
        kics_mapped.len(),
        cl_mapped.len(),
        dclint_mapped.len(),
        semgrep_mapped.len()
    );
    assert!(kics_mapped.len() >= 20, "KICS: {kics_mapped:?}");
    assert!(cl_mapped.len() >= 25, "compose-lint: {cl_mapped:?}");
    assert!(dclint_mapped.len() >= 14, "dclint: {dclint_mapped:?}");
    assert_eq!(semgrep_mapped.len(), 6, "Semgrep: {semgrep_mapped:?}");
    // No origin id names a check that does not exist (a typo maps nothing).
    for id in &kics {
        assert!(
            KICS.iter().any(|(n, u)| n == id || u == id),
            "unknown KICS id {id}"
        );
    }
    for id in &cl {
        assert!(
            COMPOSE_LINT.contains(&id.as_str()),
            "unknown compose-lint id {id}"
        );
    }
    for id in &dclint {
        assert!(
            DCLINT.contains(&id.as_str()) || DCLINT_PRECHECKS.contains(&id.as_str()),
            "unknown dclint id {id}"
        );
    }
}

#[test]
fn style_rules_are_off_by_default() {
    for r in rules() {
        let Some(ids) = r["origins"]["dclint"].as_array() else {
            continue;
        };
        let style = ids
            .iter()
            .any(|id| DCLINT_STYLE.contains(&id.as_str().unwrap_or("")));
        if style {
            assert_eq!(r["severity"], "style", "{}", r["name"]);
            assert_eq!(r["default_enabled"], false, "{}", r["name"]);
        }
    }
}
