//! Structure-aware: deep nesting from a few bytes. The byte-level targets
//! never reached the stack overflow of `${a:-${a:-...}}` 30,000 deep: it
//! takes 180 KB of input, far past any `-max_len` that fuzzes well. Here
//! the input is a recipe: up to four (construct, depth) pairs, nested one
//! inside the other, around a tail of fuzzer bytes. Each construct is one
//! of the recursive shapes of the grammars dockward parses (variable
//! expansion in every instruction that expands, shell substitutions and
//! compound commands, JSON arrays, YAML collections, Compose interpolation,
//! `extends` chains). The text is linted as a Dockerfile and as a Compose
//! file with every rule on but `shellcheck`
//! (`dockward::invariants::fuzz_config`), on a thread with the stack every
//! linting thread has (`dockward::lint::STACK_SIZE`), asserting the
//! invariants of `lint_file`: no crash, no internal error, spans in bounds,
//! every format renders with its special characters escaped.
#![no_main]

use std::sync::OnceLock;

use dockward::config::Config;
use dockward::source::FileKind;
use libfuzzer_sys::fuzz_target;

/// Text before, the opening repeated `depth` times, the closing repeated as
/// often, text after.
struct Shape {
    before: &'static str,
    open: &'static str,
    close: &'static str,
    after: &'static str,
}

const SHAPES: &[Shape] = &[
    // Dockerfile: BuildKit's expansion, in each instruction that expands.
    shape("FROM alpine\nENV a=", "${a:-", "}", "\nUSER 1\n"),
    shape("FROM alpine\nARG a=", "${a:+", "}", "\n"),
    shape("FROM alpine\nLABEL a=\"", "${a:-", "}", "\"\n"),
    shape("FROM alpine\nWORKDIR /", "${a-", "}", "\n"),
    shape("FROM alpine\nUSER ", "${a:-", "}", "\n"),
    shape("FROM alpine\nEXPOSE ", "${a:-", "}", "\n"),
    shape("FROM alpine\nCOPY ", "${a:-", "}", " /x\n"),
    shape("FROM alpine\nCOPY --chown=", "${a:-", "}", " a /x\n"),
    shape("FROM alpine\nVOLUME ", "${a+", "}", "\n"),
    shape("FROM alpine\nSTOPSIGNAL ", "${a:-", "}", "\n"),
    shape("ARG b=alpine\nFROM ", "${b:-", "}", "\n"),
    shape("FROM alpine\nONBUILD ENV a=", "${a:-", "}", "\n"),
    // The shell parser: substitutions, subshells, groups, compound commands.
    shape("FROM alpine\nRUN ", "$(", ")", "\n"),
    shape("FROM alpine\nRUN echo ", "\"$(", ")\"", "\n"),
    shape("FROM alpine\nRUN ", "(", ")", "\n"),
    shape("FROM alpine\nRUN ", "{ ", "; }", "\n"),
    shape("FROM alpine\nRUN ", "if true; then ", "; fi", "\n"),
    shape("FROM alpine\nRUN ", "while x; do ", "; done", "\n"),
    shape("FROM alpine\nRUN ", "case x in x) ", ";; esac", "\n"),
    shape("FROM alpine\nRUN echo ", "${x:-", "}", "\n"),
    shape("FROM alpine\nRUN echo ", "$((", "))", "\n"),
    shape("FROM alpine\nRUN cat ", "<(", ")", "\n"),
    shape("FROM alpine\nRUN ", "sh -c '", "'", "\n"),
    shape("FROM alpine\nCMD ", "[", "]", "\n"),
    shape("FROM alpine\nHEALTHCHECK CMD ", "$(", ")", "\n"),
    // YAML and Compose.
    shape("services:\n  a:\n    image: x\n    labels: ", "[", "]", "\n"),
    shape("services:\n  a:\n    image: x\n    x-a: ", "{a: ", "}", "\n"),
    shape("services:\n  a:\n    image: x\n    labels:\n      ", "- ", "", "1\n"),
    shape("services:\n  a:\n    image: \"", "${a:-", "}", "\"\n"),
    shape("services:\n  a:\n    image: x\n    command: \"", "$(", ")", "\"\n"),
    shape(
        "services:\n  a:\n    image: x\n    environment:\n      - \"B=",
        "${a:+",
        "}",
        "\"\n",
    ),
];

const fn shape(
    before: &'static str,
    open: &'static str,
    close: &'static str,
    after: &'static str,
) -> Shape {
    Shape {
        before,
        open,
        close,
        after,
    }
}

/// The most text one input may make.
const MAX_TEXT: usize = 4 << 20;

static CONFIG: OnceLock<Config> = OnceLock::new();

/// Builds the text: `recipe` is up to four (shape, depth) pairs of three
/// bytes; the shapes nest, the first outermost. A shape's `before` and
/// `after` are used only for the outermost one.
fn build(data: &[u8]) -> Option<String> {
    let (&count, rest) = data.split_first()?;
    let count = 1 + usize::from(count % 4);
    if rest.len() < 3 * count {
        return None;
    }
    let (recipe, tail) = rest.split_at(3 * count);
    let layers: Vec<(&Shape, usize)> = recipe
        .chunks(3)
        .map(|c| {
            let shape = &SHAPES[usize::from(c[0]) % SHAPES.len()];
            let depth = usize::from(u16::from_le_bytes([c[1], c[2]]));
            (shape, depth)
        })
        .collect();
    let size: usize = layers
        .iter()
        .map(|(s, d)| (s.open.len() + s.close.len()) * d)
        .sum::<usize>()
        + tail.len()
        + 256;
    if size > MAX_TEXT {
        return None;
    }
    let mut text = String::with_capacity(size);
    text.push_str(layers[0].0.before);
    for (s, d) in &layers {
        for _ in 0..*d {
            text.push_str(s.open);
        }
    }
    text.push_str(&String::from_utf8_lossy(tail).replace('\0', " "));
    for (s, d) in layers.iter().rev() {
        for _ in 0..*d {
            text.push_str(s.close);
        }
    }
    text.push_str(layers[0].0.after);
    Some(text)
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = build(data) else {
        return;
    };
    let config = CONFIG.get_or_init(dockward::invariants::fuzz_config);
    // The stack every linting thread has in the binary.
    let result = std::thread::Builder::new()
        .stack_size(dockward::lint::STACK_SIZE)
        .spawn(move || {
            for kind in [FileKind::Dockerfile, FileKind::Compose] {
                let rendering = dockward::invariants::Rendering::InputDependent;
                if let Err(e) = dockward::invariants::lint_rendering(&text, kind, config, rendering)
                {
                    return Err(format!(
                        "{kind:?}: {e}\ninput ({} bytes): {:?}",
                        text.len(),
                        &text[..text.len().min(400)]
                    ));
                }
            }
            Ok(())
        })
        .expect("spawn")
        .join();
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => panic!("{e}"),
        Err(p) => std::panic::resume_unwind(p),
    }
});
