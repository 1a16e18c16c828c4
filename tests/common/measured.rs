//! Running the binary on hostile input with a deadline, measuring its wall
//! time, CPU time and peak memory (`wait4`'s resource usage of the child).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Measured {
    /// The exit code; `None` when a signal ended the process (a stack
    /// overflow aborts with SIGABRT).
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub elapsed: Duration,
    /// User plus system CPU time.
    pub cpu: Duration,
    /// Peak resident memory in MiB.
    pub rss_mib: u64,
}

impl Measured {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "invalid JSON ({e}), exit {:?}: {}\nstderr: {}",
                self.code,
                String::from_utf8_lossy(&self.stdout[..self.stdout.len().min(500)]),
                self.stderr()
            )
        })
    }
}

/// What to write to the child's standard input, on a thread of its own.
/// Large input is written as it is made: pages the test process holds when
/// it spawns the child count in the child's peak RSS.
pub type Feed = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send>;

/// Runs `cmd` (its stdout and stderr are piped here), feeding `stdin`,
/// killing it after `limit`.
pub fn run_command(mut cmd: Command, stdin: Option<Feed>, limit: Duration) -> Measured {
    let start = Instant::now();
    // The child is reaped by `wait4` below, which also reports its peak RSS.
    #[allow(clippy::zombie_processes)]
    let mut child = cmd
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let feeder = stdin.map(|feed| {
        let mut input = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = feed(&mut input);
        })
    });
    // Read the pipes on threads so a large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        out.read_to_end(&mut buf).unwrap();
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        err.read_to_end(&mut buf).unwrap();
        buf
    });
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: wait4 on our own child with valid out-pointers.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("dockward did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let elapsed = start.elapsed();
    if let Some(f) = feeder {
        let _ = f.join();
    }
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    Measured {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
        elapsed,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        rss_mib: usage.ru_maxrss as u64 / 1024,
    }
}

/// Runs dockward in `dir` with `args`, within 120 s.
pub fn run(dir: &Path, args: &[&str]) -> Measured {
    let mut cmd = Command::new(super::dockward());
    cmd.current_dir(dir).args(args);
    run_command(cmd, None, Duration::from_secs(120))
}

/// Runs dockward in `dir` with `args`, bounded by CPU time: fails when the
/// run uses `cpu` or more (user and system), or ten times that in wall
/// time (a hang). CPU time, not wall time: on a shared machine a loaded
/// scheduler stretches the wall time of a bounded run without limit.
pub fn run_cpu_bounded(dir: &Path, args: &[&str], cpu: Duration) -> Measured {
    let mut cmd = Command::new(super::dockward());
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    let m = run_command(cmd, None, cpu * 10);
    eprintln!(
        "{args:?}: {:?} CPU, {:?} wall, peak RSS {} MiB",
        m.cpu, m.elapsed, m.rss_mib
    );
    assert!(
        m.cpu < cpu,
        "dockward used {:?} of CPU (bound {cpu:?}) on hostile input",
        m.cpu
    );
    m
}
