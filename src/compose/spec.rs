//! A model of the Compose specification: which keys exist where, and what
//! their values may be. Written here from the specification (compose-spec's
//! `spec.md` and the JSON schema compose-go validates with), not generated
//! from or bundled with the schema; [`crate::compose::validate`] walks a
//! file with it.
//!
//! The model is what `docker compose` (compose-go) accepts today. Keys of
//! the old formats that Compose no longer knows are listed in
//! [`OBSOLETE_SERVICE_KEYS`] so that a report can say where they went; the
//! legacy v1 format (services at the top level) accepts them.

/// The kinds of scalar a value may be: a set of [`kind`] bits.
pub type Kinds = u8;

/// Scalar kinds, as YAML's core schema resolves a scalar.
pub mod kind {
    use super::Kinds;
    pub const NULL: Kinds = 1;
    pub const BOOL: Kinds = 2;
    pub const INT: Kinds = 4;
    pub const FLOAT: Kinds = 8;
    pub const STR: Kinds = 16;
    pub const NUMBER: Kinds = INT | FLOAT;
    pub const ANY: Kinds = NULL | BOOL | INT | FLOAT | STR;
}

use kind::*;

/// What a value may be.
#[derive(Clone, Copy, Debug)]
pub enum Ty {
    /// Anything (extension values, free-form options).
    Any,
    /// A scalar of one of these kinds.
    Scalar(Kinds),
    /// A scalar of these kinds whose (interpolated) text must pass a check.
    Checked(Kinds, Check),
    /// A list of items.
    List(&'static Ty),
    /// A mapping with the keys of an object.
    Object(&'static Obj),
    /// A mapping with free keys (names) and values of one type.
    Dict(&'static Ty),
    /// One of several shapes; the value's shape (scalar, list, mapping)
    /// picks the alternative.
    OneOf(&'static [Ty]),
}

/// A mapping with known keys.
#[derive(Debug)]
pub struct Obj {
    pub keys: &'static [(&'static str, Ty)],
}

impl Obj {
    pub fn get(&self, key: &str) -> Option<&Ty> {
        self.keys.iter().find(|(k, _)| *k == key).map(|(_, t)| t)
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.keys.iter().map(|(k, _)| *k)
    }
}

/// A check of a scalar's text.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    /// One of these words.
    Words(&'static [&'static str]),
    /// `no`, `always`, `on-failure[:N]`, `unless-stopped`.
    Restart,
    /// `always`, `never`, `missing`, `build`, `if_not_present`, `refresh`,
    /// `daily`, `weekly`, `every_<duration>`.
    PullPolicy,
    /// A Go duration: `30s`, `1m30s`, `1.5h`, `0`.
    Duration,
    /// A byte size as Docker reads one (`512m`, `1.5g`, `2GiB`, `1024`).
    Bytes,
    /// A decimal number (`0.5`, `2`).
    Number,
    /// An integer (`100`, `-1`).
    Integer,
}

impl Check {
    /// `Err(expected)` when the text does not pass.
    pub fn check(self, text: &str) -> Result<(), String> {
        match self {
            Check::Words(words) => {
                if words.contains(&text) {
                    Ok(())
                } else {
                    Err(one_of(words))
                }
            }
            Check::Restart => {
                let ok = matches!(text, "no" | "always" | "unless-stopped" | "on-failure")
                    || text
                        .strip_prefix("on-failure:")
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
                if ok {
                    Ok(())
                } else {
                    Err("`no`, `always`, `on-failure[:N]` or `unless-stopped`".into())
                }
            }
            Check::PullPolicy => {
                const WORDS: [&str; 8] = [
                    "always",
                    "never",
                    "missing",
                    "build",
                    "if_not_present",
                    "refresh",
                    "daily",
                    "weekly",
                ];
                let every = text.strip_prefix("every_").is_some_and(|d| {
                    !d.is_empty()
                        && d.bytes().all(|b| {
                            b.is_ascii_digit() || matches!(b, b'w' | b'd' | b'h' | b'm' | b's')
                        })
                });
                if WORDS.contains(&text) || every {
                    Ok(())
                } else {
                    let words: Vec<String> = WORDS.iter().map(|w| format!("`{w}`")).collect();
                    Err(format!("{} or `every_<duration>`", words.join(", ")))
                }
            }
            Check::Duration => {
                if is_duration(text) {
                    Ok(())
                } else {
                    Err("a duration with a unit, such as `30s`, `1m30s` or `500ms`".into())
                }
            }
            Check::Bytes => {
                if is_byte_size(text) {
                    Ok(())
                } else {
                    Err("a byte size, such as `512m`, `1.5g` or `1073741824`".into())
                }
            }
            Check::Number => {
                if text.parse::<f64>().is_ok() {
                    Ok(())
                } else {
                    Err("a number, such as `0.5` or `2`".into())
                }
            }
            Check::Integer => {
                if is_integer(text) {
                    Ok(())
                } else {
                    Err("an integer, such as `100`".into())
                }
            }
        }
    }

    /// The check reads a number out of a string: YAML numbers pass as they
    /// are, only strings are converted (and can fail to convert).
    pub fn numeric(self) -> bool {
        matches!(self, Check::Bytes | Check::Number | Check::Integer)
    }

    /// The accepted words, for "did you mean" suggestions.
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Check::Words(w) => w,
            Check::Restart => &["no", "always", "on-failure", "unless-stopped"],
            Check::PullPolicy => &[
                "always",
                "never",
                "missing",
                "build",
                "if_not_present",
                "refresh",
                "daily",
                "weekly",
            ],
            Check::Duration | Check::Bytes | Check::Number | Check::Integer => &[],
        }
    }
}

/// "`a`, `b` or `c`".
fn one_of(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// A Go `time.ParseDuration` duration: `[-+]?(number unit)+` or `0`.
pub fn is_duration(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    if s == "0" {
        return true;
    }
    if s.is_empty() {
        return false;
    }
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let start = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        if i == start
            || s[start..i].chars().filter(|c| *c == '.').count() > 1
            || &s[start..i] == "."
        {
            return false;
        }
        let unit_start = i;
        while i < b.len() && !(b[i].is_ascii_digit() || b[i] == b'.') {
            i += 1;
        }
        if !matches!(
            &s[unit_start..i],
            "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h"
        ) {
            return false;
        }
    }
    true
}

/// A size as Docker's `RAMInBytes` reads it: a decimal number, an optional
/// space, an optional `k`/`m`/`g`/`t`/`p` (any case), an optional `i` and an
/// optional `b` (`512m`, `1.5 GB`, `2GiB`, `100`). `-1` (unlimited, for
/// `memswap_limit`) is accepted too.
pub fn is_byte_size(s: &str) -> bool {
    if s == "-1" {
        return true;
    }
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return false;
    }
    while i < b.len() && b[i] == b'.' {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i < b.len() && b"kKmMgGtTpP".contains(&b[i]) {
        i += 1;
    }
    if i < b.len() && (b[i] == b'i' || b[i] == b'I') {
        i += 1;
    }
    if i < b.len() && (b[i] == b'b' || b[i] == b'B') {
        i += 1;
    }
    i == b.len()
}

/// An integer as Go's `strconv.ParseInt(s, 0, 64)` reads one: an optional
/// sign, then decimal digits, or `0x`/`0o`/`0b` digits, or a leading-zero
/// octal number; `_` may separate digits after a prefix.
pub fn is_integer(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let lower = s.to_ascii_lowercase();
    let (digits, radix) = if let Some(r) = lower.strip_prefix("0x") {
        (r, 16)
    } else if let Some(r) = lower.strip_prefix("0o") {
        (r, 8)
    } else if let Some(r) = lower.strip_prefix("0b") {
        (r, 2)
    } else {
        return !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    };
    let digits = digits.replace('_', "");
    !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix))
}

// Shorthands for the tables below.
const S: Ty = Ty::Scalar(STR);
/// `["boolean", "string"]`
const SB: Ty = Ty::Scalar(BOOL | STR);
/// `["number", "string"]`
const SN: Ty = Ty::Scalar(NUMBER | STR);
/// `["integer", "string"]`
const SI: Ty = Ty::Scalar(INT | STR);
const SCALAR: Ty = Ty::Scalar(ANY);
const DURATION: Ty = Ty::Checked(STR, Check::Duration);
/// A byte size: an integer or a string such as `512m`.
const BYTES: Ty = Ty::Checked(NUMBER | STR, Check::Bytes);
/// A number, or a string holding one.
const NUM: Ty = Ty::Checked(NUMBER | STR, Check::Number);
/// An integer, or a string holding one.
const INTEGER: Ty = Ty::Checked(INT | STR, Check::Integer);
const LIST_OF_STRINGS: Ty = Ty::List(&S);
const STRING_OR_LIST: Ty = Ty::OneOf(&[S, LIST_OF_STRINGS]);
const LIST_OR_DICT: Ty = Ty::OneOf(&[Ty::Dict(&SCALAR), LIST_OF_STRINGS]);
const STR_OR_NUM_DICT: Ty = Ty::Dict(&Ty::Scalar(STR | NUMBER));
const COMMAND: Ty = Ty::OneOf(&[Ty::Scalar(STR | NULL), LIST_OF_STRINGS]);
const EXTRA_HOSTS: Ty = Ty::OneOf(&[Ty::Dict(&STRING_OR_LIST), LIST_OF_STRINGS]);
const EXTERNAL: Ty = Ty::OneOf(&[
    SB,
    Ty::Object(&Obj {
        keys: &[("name", S)],
    }),
]);

const ULIMITS: Ty = Ty::Dict(&Ty::OneOf(&[
    INTEGER,
    Ty::Object(&Obj {
        keys: &[("hard", INTEGER), ("soft", INTEGER)],
    }),
]));

const SERVICE_CONFIG_OR_SECRET: Ty = Ty::List(&Ty::OneOf(&[
    S,
    Ty::Object(&Obj {
        keys: &[
            ("source", S),
            ("target", S),
            ("uid", S),
            ("gid", S),
            ("mode", SN),
        ],
    }),
]));

const HOOK: Obj = Obj {
    keys: &[
        ("command", COMMAND),
        ("user", S),
        ("privileged", SB),
        ("working_dir", S),
        ("environment", LIST_OR_DICT),
    ],
};

const BUILD: Obj = Obj {
    keys: &[
        ("context", S),
        ("dockerfile", S),
        ("dockerfile_inline", S),
        ("entitlements", LIST_OF_STRINGS),
        ("args", LIST_OR_DICT),
        ("ssh", LIST_OR_DICT),
        ("labels", LIST_OR_DICT),
        ("cache_from", LIST_OF_STRINGS),
        ("cache_to", LIST_OF_STRINGS),
        ("no_cache", SB),
        ("additional_contexts", LIST_OR_DICT),
        ("network", S),
        ("provenance", SB),
        ("sbom", SB),
        ("pull", SB),
        ("target", S),
        ("shm_size", BYTES),
        ("extra_hosts", EXTRA_HOSTS),
        ("isolation", S),
        ("privileged", SB),
        ("secrets", SERVICE_CONFIG_OR_SECRET),
        ("tags", LIST_OF_STRINGS),
        ("ulimits", ULIMITS),
        ("platforms", LIST_OF_STRINGS),
    ],
};

const BLKIO_LIMITS: Ty = Ty::List(&Ty::Object(&Obj {
    keys: &[("path", S), ("rate", BYTES)],
}));

const BLKIO: Obj = Obj {
    keys: &[
        ("device_read_bps", BLKIO_LIMITS),
        ("device_read_iops", BLKIO_LIMITS),
        ("device_write_bps", BLKIO_LIMITS),
        ("device_write_iops", BLKIO_LIMITS),
        ("weight", INTEGER),
        (
            "weight_device",
            Ty::List(&Ty::Object(&Obj {
                keys: &[("path", S), ("weight", INTEGER)],
            })),
        ),
    ],
};

const HEALTHCHECK: Obj = Obj {
    keys: &[
        ("disable", SB),
        ("interval", DURATION),
        ("retries", NUM),
        ("test", STRING_OR_LIST),
        ("timeout", DURATION),
        ("start_period", DURATION),
        ("start_interval", DURATION),
    ],
};

const DEVELOP: Obj = Obj {
    keys: &[(
        "watch",
        Ty::List(&Ty::Object(&Obj {
            keys: &[
                ("ignore", STRING_OR_LIST),
                ("include", STRING_OR_LIST),
                ("path", S),
                (
                    "action",
                    Ty::Checked(
                        STR,
                        Check::Words(&["rebuild", "sync", "restart", "sync+restart", "sync+exec"]),
                    ),
                ),
                ("target", S),
                ("exec", Ty::Object(&HOOK)),
            ],
        })),
    )],
};

const UPDATE_CONFIG: Obj = Obj {
    keys: &[
        ("parallelism", INTEGER),
        ("delay", DURATION),
        (
            "failure_action",
            Ty::Checked(STR, Check::Words(&["continue", "pause", "rollback"])),
        ),
        ("monitor", DURATION),
        ("max_failure_ratio", NUM),
        (
            "order",
            Ty::Checked(STR, Check::Words(&["start-first", "stop-first"])),
        ),
    ],
};

const DEVICE_REQUEST: Obj = Obj {
    keys: &[
        ("capabilities", LIST_OF_STRINGS),
        ("count", SI),
        ("device_ids", LIST_OF_STRINGS),
        ("driver", S),
        ("options", LIST_OR_DICT),
    ],
};

const DEPLOY: Obj = Obj {
    keys: &[
        (
            "mode",
            Ty::Checked(
                STR,
                Check::Words(&["replicated", "global", "replicated-job", "global-job"]),
            ),
        ),
        (
            "endpoint_mode",
            Ty::Checked(STR, Check::Words(&["vip", "dnsrr"])),
        ),
        ("replicas", INTEGER),
        ("labels", LIST_OR_DICT),
        ("rollback_config", Ty::Object(&UPDATE_CONFIG)),
        ("update_config", Ty::Object(&UPDATE_CONFIG)),
        (
            "resources",
            Ty::Object(&Obj {
                keys: &[
                    (
                        "limits",
                        Ty::Object(&Obj {
                            keys: &[("cpus", NUM), ("memory", BYTES), ("pids", INTEGER)],
                        }),
                    ),
                    (
                        "reservations",
                        Ty::Object(&Obj {
                            keys: &[
                                ("cpus", NUM),
                                ("memory", BYTES),
                                (
                                    "generic_resources",
                                    Ty::List(&Ty::Object(&Obj {
                                        keys: &[(
                                            "discrete_resource_spec",
                                            Ty::Object(&Obj {
                                                keys: &[("kind", S), ("value", SN)],
                                            }),
                                        )],
                                    })),
                                ),
                                ("devices", Ty::List(&Ty::Object(&DEVICE_REQUEST))),
                            ],
                        }),
                    ),
                ],
            }),
        ),
        (
            "restart_policy",
            Ty::Object(&Obj {
                keys: &[
                    (
                        "condition",
                        Ty::Checked(STR, Check::Words(&["none", "on-failure", "any"])),
                    ),
                    ("delay", DURATION),
                    ("max_attempts", INTEGER),
                    ("window", DURATION),
                ],
            }),
        ),
        (
            "placement",
            Ty::Object(&Obj {
                keys: &[
                    ("constraints", LIST_OF_STRINGS),
                    (
                        "preferences",
                        Ty::List(&Ty::Object(&Obj {
                            keys: &[("spread", S)],
                        })),
                    ),
                    ("max_replicas_per_node", INTEGER),
                ],
            }),
        ),
    ],
};

const PORT: Obj = Obj {
    keys: &[
        ("name", S),
        ("mode", Ty::Checked(STR, Check::Words(&["host", "ingress"]))),
        ("host_ip", S),
        ("target", SI),
        ("published", SI),
        ("protocol", S),
        ("app_protocol", S),
    ],
};

const SERVICE_VOLUME: Obj = Obj {
    keys: &[
        (
            "type",
            Ty::Checked(
                STR,
                Check::Words(&["bind", "volume", "tmpfs", "cluster", "npipe", "image"]),
            ),
        ),
        ("source", S),
        ("target", S),
        ("read_only", SB),
        ("consistency", S),
        (
            "bind",
            Ty::Object(&Obj {
                keys: &[
                    (
                        "propagation",
                        Ty::Checked(
                            STR,
                            Check::Words(&[
                                "shared", "slave", "private", "rshared", "rslave", "rprivate",
                            ]),
                        ),
                    ),
                    ("create_host_path", SB),
                    (
                        "recursive",
                        Ty::Checked(
                            STR,
                            Check::Words(&["enabled", "disabled", "writable", "readonly"]),
                        ),
                    ),
                    ("selinux", Ty::Checked(STR, Check::Words(&["z", "Z"]))),
                ],
            }),
        ),
        (
            "volume",
            Ty::Object(&Obj {
                keys: &[("labels", LIST_OR_DICT), ("nocopy", SB), ("subpath", S)],
            }),
        ),
        (
            "tmpfs",
            Ty::Object(&Obj {
                keys: &[("size", BYTES), ("mode", NUM)],
            }),
        ),
        (
            "image",
            Ty::Object(&Obj {
                keys: &[("subpath", S)],
            }),
        ),
    ],
};

const SERVICE_NETWORK: Obj = Obj {
    keys: &[
        ("aliases", LIST_OF_STRINGS),
        ("interface_name", S),
        ("ipv4_address", S),
        ("ipv6_address", S),
        ("link_local_ips", LIST_OF_STRINGS),
        ("mac_address", S),
        ("driver_opts", STR_OR_NUM_DICT),
        ("priority", Ty::Scalar(NUMBER | STR)),
        ("gw_priority", Ty::Scalar(NUMBER | STR)),
    ],
};

/// A service definition.
pub const SERVICE: Obj = Obj {
    keys: &[
        (
            "develop",
            Ty::OneOf(&[Ty::Object(&DEVELOP), Ty::Scalar(NULL)]),
        ),
        (
            "deploy",
            Ty::OneOf(&[Ty::Object(&DEPLOY), Ty::Scalar(NULL)]),
        ),
        ("annotations", LIST_OR_DICT),
        ("attach", SB),
        ("build", Ty::OneOf(&[S, Ty::Object(&BUILD)])),
        ("blkio_config", Ty::Object(&BLKIO)),
        ("cap_add", LIST_OF_STRINGS),
        ("cap_drop", LIST_OF_STRINGS),
        (
            "cgroup",
            Ty::Checked(STR, Check::Words(&["host", "private"])),
        ),
        ("cgroup_parent", S),
        ("command", COMMAND),
        ("configs", SERVICE_CONFIG_OR_SECRET),
        ("container_name", S),
        ("cpu_count", INTEGER),
        ("cpu_percent", INTEGER),
        ("cpu_shares", NUM),
        ("cpu_quota", NUM),
        ("cpu_period", NUM),
        ("cpu_rt_period", SN),
        ("cpu_rt_runtime", SN),
        ("cpus", NUM),
        ("cpuset", S),
        (
            "credential_spec",
            Ty::Object(&Obj {
                keys: &[("config", S), ("file", S), ("registry", S)],
            }),
        ),
        (
            "depends_on",
            Ty::OneOf(&[
                LIST_OF_STRINGS,
                Ty::Dict(&Ty::Object(&Obj {
                    keys: &[
                        ("restart", SB),
                        ("required", SB),
                        (
                            "condition",
                            Ty::Checked(
                                STR,
                                Check::Words(&[
                                    "service_started",
                                    "service_healthy",
                                    "service_completed_successfully",
                                ]),
                            ),
                        ),
                    ],
                })),
            ]),
        ),
        ("device_cgroup_rules", LIST_OF_STRINGS),
        (
            "devices",
            Ty::List(&Ty::OneOf(&[
                S,
                Ty::Object(&Obj {
                    keys: &[("source", S), ("target", S), ("permissions", S)],
                }),
            ])),
        ),
        ("dns", STRING_OR_LIST),
        ("dns_opt", LIST_OF_STRINGS),
        ("dns_search", STRING_OR_LIST),
        ("domainname", S),
        ("entrypoint", COMMAND),
        (
            "env_file",
            Ty::OneOf(&[
                S,
                Ty::List(&Ty::OneOf(&[
                    S,
                    Ty::Object(&Obj {
                        keys: &[("path", S), ("format", S), ("required", SB)],
                    }),
                ])),
            ]),
        ),
        ("label_file", STRING_OR_LIST),
        ("environment", LIST_OR_DICT),
        ("expose", Ty::List(&Ty::Scalar(STR | NUMBER))),
        (
            "extends",
            Ty::OneOf(&[
                S,
                Ty::Object(&Obj {
                    keys: &[("service", S), ("file", S)],
                }),
            ]),
        ),
        (
            "provider",
            Ty::Object(&Obj {
                keys: &[("type", S), ("options", Ty::Dict(&Ty::Any))],
            }),
        ),
        ("external_links", LIST_OF_STRINGS),
        ("extra_hosts", EXTRA_HOSTS),
        (
            "gpus",
            Ty::OneOf(&[
                Ty::Checked(STR, Check::Words(&["all"])),
                Ty::List(&Ty::Object(&DEVICE_REQUEST)),
            ]),
        ),
        ("group_add", Ty::List(&Ty::Scalar(STR | NUMBER))),
        ("healthcheck", Ty::Object(&HEALTHCHECK)),
        ("hostname", S),
        ("image", S),
        ("init", SB),
        ("ipc", S),
        ("isolation", S),
        ("labels", LIST_OR_DICT),
        ("links", LIST_OF_STRINGS),
        (
            "logging",
            Ty::Object(&Obj {
                keys: &[
                    ("driver", S),
                    ("options", Ty::Dict(&Ty::Scalar(STR | NUMBER | NULL))),
                ],
            }),
        ),
        ("mac_address", S),
        ("mem_limit", BYTES),
        ("mem_reservation", BYTES),
        ("mem_swappiness", INTEGER),
        ("memswap_limit", BYTES),
        ("network_mode", S),
        (
            "models",
            Ty::OneOf(&[
                LIST_OF_STRINGS,
                Ty::Dict(&Ty::Object(&Obj {
                    keys: &[("endpoint_var", S), ("model_var", S)],
                })),
            ]),
        ),
        (
            "networks",
            Ty::OneOf(&[
                LIST_OF_STRINGS,
                Ty::Dict(&Ty::OneOf(&[
                    Ty::Object(&SERVICE_NETWORK),
                    Ty::Scalar(NULL),
                ])),
            ]),
        ),
        ("oom_kill_disable", SB),
        ("oom_score_adj", INTEGER),
        ("pid", Ty::Scalar(STR | NULL)),
        ("pids_limit", NUM),
        ("platform", S),
        (
            "ports",
            Ty::List(&Ty::OneOf(&[Ty::Scalar(STR | NUMBER), Ty::Object(&PORT)])),
        ),
        ("post_start", Ty::List(&Ty::Object(&HOOK))),
        ("pre_stop", Ty::List(&Ty::Object(&HOOK))),
        ("privileged", SB),
        ("profiles", LIST_OF_STRINGS),
        ("pull_policy", Ty::Checked(STR, Check::PullPolicy)),
        ("pull_refresh_after", S),
        ("read_only", SB),
        ("restart", Ty::Checked(STR, Check::Restart)),
        ("runtime", S),
        ("scale", INTEGER),
        ("security_opt", LIST_OF_STRINGS),
        ("shm_size", BYTES),
        ("secrets", SERVICE_CONFIG_OR_SECRET),
        ("sysctls", LIST_OR_DICT),
        ("stdin_open", SB),
        ("stop_grace_period", DURATION),
        ("stop_signal", S),
        ("storage_opt", Ty::Dict(&Ty::Any)),
        ("tmpfs", STRING_OR_LIST),
        ("tty", SB),
        ("ulimits", ULIMITS),
        ("use_api_socket", SB),
        ("user", S),
        ("uts", S),
        ("userns_mode", S),
        (
            "volumes",
            Ty::List(&Ty::OneOf(&[S, Ty::Object(&SERVICE_VOLUME)])),
        ),
        ("volumes_from", LIST_OF_STRINGS),
        ("working_dir", S),
    ],
};

/// Service keys of the old formats that Compose no longer accepts, and what
/// replaced them. The legacy v1 format (services at the top level) accepts
/// them; elsewhere they are unknown keys with this hint.
pub const OBSOLETE_SERVICE_KEYS: &[(&str, &str)] = &[
    ("dockerfile", "`build.dockerfile`"),
    ("log_driver", "`logging.driver`"),
    ("log_opt", "`logging.options`"),
    ("net", "`network_mode`"),
    ("volume_driver", "`driver` on the top-level volume"),
];

const NETWORK: Obj = Obj {
    keys: &[
        ("name", S),
        ("driver", S),
        ("driver_opts", STR_OR_NUM_DICT),
        (
            "ipam",
            Ty::Object(&Obj {
                keys: &[
                    ("driver", S),
                    (
                        "config",
                        Ty::List(&Ty::Object(&Obj {
                            keys: &[
                                ("subnet", S),
                                ("ip_range", S),
                                ("gateway", S),
                                ("aux_addresses", Ty::Dict(&S)),
                            ],
                        })),
                    ),
                    ("options", Ty::Dict(&S)),
                ],
            }),
        ),
        ("external", EXTERNAL),
        ("internal", SB),
        ("enable_ipv4", SB),
        ("enable_ipv6", SB),
        ("attachable", SB),
        ("labels", LIST_OR_DICT),
    ],
};

const VOLUME: Obj = Obj {
    keys: &[
        ("name", S),
        ("driver", S),
        ("driver_opts", STR_OR_NUM_DICT),
        ("external", EXTERNAL),
        ("labels", LIST_OR_DICT),
    ],
};

const SECRET: Obj = Obj {
    keys: &[
        ("name", S),
        ("environment", S),
        ("file", S),
        ("external", EXTERNAL),
        ("labels", LIST_OR_DICT),
        ("driver", S),
        ("driver_opts", STR_OR_NUM_DICT),
        ("template_driver", S),
    ],
};

const CONFIG: Obj = Obj {
    keys: &[
        ("name", S),
        ("content", S),
        ("environment", S),
        ("file", S),
        ("external", EXTERNAL),
        ("labels", LIST_OR_DICT),
        ("template_driver", S),
    ],
};

const MODEL: Obj = Obj {
    keys: &[
        ("name", S),
        ("model", S),
        ("context_size", Ty::Scalar(INT | STR)),
        ("runtime_flags", LIST_OF_STRINGS),
    ],
};

/// The top level of a Compose file.
pub const TOP_LEVEL: Obj = Obj {
    keys: &[
        ("version", SCALAR),
        ("name", S),
        (
            "include",
            Ty::List(&Ty::OneOf(&[
                S,
                Ty::Object(&Obj {
                    keys: &[
                        ("path", STRING_OR_LIST),
                        ("env_file", STRING_OR_LIST),
                        ("project_directory", S),
                    ],
                }),
            ])),
        ),
        (
            "services",
            Ty::Dict(&Ty::OneOf(&[Ty::Object(&SERVICE), Ty::Scalar(NULL)])),
        ),
        ("models", Ty::Dict(&Ty::Object(&MODEL))),
        (
            "networks",
            Ty::Dict(&Ty::OneOf(&[Ty::Object(&NETWORK), Ty::Scalar(NULL)])),
        ),
        (
            "volumes",
            Ty::Dict(&Ty::OneOf(&[Ty::Object(&VOLUME), Ty::Scalar(NULL)])),
        ),
        ("secrets", Ty::Dict(&Ty::Object(&SECRET))),
        ("configs", Ty::Dict(&Ty::Object(&CONFIG))),
    ],
};

/// How a type reads in a message: "a string", "a list or a mapping", ...
pub fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Any => "any value".into(),
        Ty::Scalar(k) | Ty::Checked(k, _) => describe_kinds(*k),
        Ty::List(item) => match item {
            Ty::Scalar(STR) => "a list of strings".into(),
            _ => "a list".into(),
        },
        Ty::Object(_) | Ty::Dict(_) => "a mapping".into(),
        Ty::OneOf(alts) => {
            let mut parts: Vec<String> = Vec::new();
            for a in *alts {
                if matches!(a, Ty::Scalar(NULL)) {
                    continue;
                }
                let d = describe(a);
                if !parts.contains(&d) {
                    parts.push(d);
                }
            }
            match parts.split_last() {
                None => String::new(),
                Some((last, [])) => last.clone(),
                Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            }
        }
    }
}

/// "a string", "a boolean or a string", "a number or a string", ...
pub fn describe_kinds(k: Kinds) -> String {
    let mut parts = Vec::new();
    if k & BOOL != 0 {
        parts.push("a boolean");
    }
    if k & NUMBER == NUMBER {
        parts.push("a number");
    } else if k & INT != 0 {
        parts.push("an integer");
    } else if k & FLOAT != 0 {
        parts.push("a number");
    }
    if k & STR != 0 {
        parts.push("a string");
    }
    if k & NULL != 0 && parts.is_empty() {
        parts.push("null");
    }
    match parts.split_last() {
        None => "a scalar".into(),
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_go() {
        for ok in ["0", "30s", "1m30s", "1.5h", "500ms", "-1s", "10us", "2h45m"] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in ["30", "", "s", "1x", "1.2.3s", "1m 30s", ".s", "10 s"] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn checks_explain_what_they_expect() {
        assert!(Check::Restart.check("on-failure:3").is_ok());
        assert!(Check::Restart.check("on-failure:").is_err());
        assert_eq!(
            Check::Restart.check("alwayz").unwrap_err(),
            "`no`, `always`, `on-failure[:N]` or `unless-stopped`"
        );
        assert!(Check::PullPolicy.check("every_12h").is_ok());
        assert!(Check::PullPolicy.check("sometimes").is_err());
        assert_eq!(
            Check::Words(&["a", "b", "c"]).check("d").unwrap_err(),
            "`a`, `b` or `c`"
        );
    }

    #[test]
    fn keys_are_unique_and_sorted_where_it_matters() {
        let mut seen = foldhash::HashSet::default();
        for (k, _) in SERVICE.keys {
            assert!(seen.insert(*k), "duplicate service key {k}");
        }
        assert!(SERVICE.get("image").is_some());
        assert!(SERVICE.get("imgae").is_none());
        assert_eq!(describe(&STRING_OR_LIST), "a string or a list of strings");
        assert_eq!(describe(&LIST_OR_DICT), "a mapping or a list of strings");
        assert_eq!(describe(&SB), "a boolean or a string");
    }
}
