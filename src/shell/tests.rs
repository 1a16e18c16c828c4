//! Tests of the shell parser.

use super::*;

fn p(text: &str) -> Script {
    parse(text, &OffsetMap::contiguous(0))
}

#[test]
fn smoke() {
    for t in [
        "apt-get update && apt-get install -y curl | tee log; echo \"$(id -u)\" `whoami` ${A:-b} $((1+2))",
        "if a; then b; elif c; then d; else e; fi && f",
        "for x in a b $(ls); do echo $x; done",
        "case $x in a|b) echo a;; *) echo z;; esac",
        "sh -c 'apt-get install x && rm -rf /tmp' && bash -xc \"echo \\\"hi\\\" && id\"",
        "cat <<EOF > f\nrm -rf /\nEOF\necho done",
        "f() { echo in; }; function g { echo g; }",
        "[[ -f x && $y =~ ^(a|b)$ ]] && echo ok",
        "A=1 B=(1 2) cmd 2>&1 >/dev/null &> x <<< 'str'",
    ] {
        let s = p(t);
        eprintln!("=== {t:?} err={}", s.has_error);
        for c in &s.commands {
            eprintln!(
                "  {:?} a={:?} r={:?} pl={:?} next={:?} sub={} shc={} neg={} cond={} span={:?}",
                c.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(),
                c.assignments.iter().map(|a| (a.name.as_str(), a.value.text.as_str())).collect::<Vec<_>>(),
                c.redirects.iter().map(|r| (r.op.as_str(), r.target.as_ref().map(|w| w.text.as_str()))).collect::<Vec<_>>(),
                c.pipeline, c.next, c.in_substitution, c.via_shell_c, c.negated, c.condition, c.span.text(t)
            );
        }
    }
}
