//! The store benchmark: the real release `docket` binary on real generated
//! stores of 10k, 100k and 1M cases. See docs/performance.md.
//!
//!     cargo bench --bench store                       # 10k, 100k and 1m
//!     DOCKET_BENCH_SIZES=10k,100k cargo bench --bench store
//!     cargo bench --bench store -- 10k                # the same, as an argument
//!
//! Other settings (environment): DOCKET_BENCH_RUNS (warm runs per command,
//! default 40), DOCKET_BENCH_COLD_RUNS (cold runs, default 5),
//! DOCKET_BENCH_WRITE_SECS (length of the write test, default 5).
//!
//! Stores are kept in target/bench-stores/<size> and reused by later runs;
//! delete that directory to measure generation again. The figures are
//! printed and written as markdown to target/bench-results.md.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use docket::api;
use docket::client::Client;
use docket::domain::case::CaseNo;
use docket::store::Store;

const EXE: &str = env!("CARGO_BIN_EXE_docket");
const TODAY: &str = "2026-11-26";
const SEED: &str = "1";
/// A file in each generated store: how many cases it was made with, and
/// the store format (a store of another format is made again).
const MARKER: &str = "bench-cases";
/// The argument that makes this program a launcher (see `launch`).
const LAUNCH: &str = "--launch";
/// Concurrent writers in the write test.
const WRITERS: usize = 8;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(LAUNCH) {
        launch(&args[1..]);
        return;
    }
    // `cargo bench` passes --bench; anything else (such as `cargo test
    // --all-targets`) must not start a benchmark that runs for minutes.
    if !args.iter().any(|a| a == "--bench") {
        println!("the store benchmark runs with `cargo bench --bench store`");
        return;
    }
    // Servers started by this benchmark (through the client library as well
    // as by commands) stay up until stopped: this is read by `docket serve
    // --auto`. Set before any thread exists.
    unsafe { std::env::set_var("DOCKET_SERVER_IDLE", "3600") };

    let sizes_arg = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .cloned()
        .or_else(|| std::env::var("DOCKET_BENCH_SIZES").ok())
        .unwrap_or_else(|| "10k,100k,1m".into());
    let sizes: Vec<(String, usize)> = sizes_arg.split(',').map(parse_size).collect();
    let cfg = Config {
        runs: env_number("DOCKET_BENCH_RUNS", 40),
        cold_runs: env_number("DOCKET_BENCH_COLD_RUNS", 5),
        write_secs: env_number("DOCKET_BENCH_WRITE_SECS", 5),
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target");
    let stores = root.join("bench-stores");
    std::fs::create_dir_all(&stores).expect("create target/bench-stores");

    let mut report = Report::new(sizes.iter().map(|(l, _)| l.clone()).collect());
    report.note(format!("started {}, load average {}", now(), loadavg()));

    let mut start_rss = 0;
    let start = Timings::of(cfg.runs, || {
        let r = run(Command::new(EXE).arg("--version"));
        start_rss = start_rss.max(r.max_rss_kb);
        r.wall
    });
    report.other(
        "process start: `docket --version`",
        format!(
            "{} (peak RSS {:.1} MB)",
            start.ms(),
            start_rss as f64 / 1024.0
        ),
    );

    for (label, cases) in &sizes {
        println!("== {label} ({cases} cases)");
        let dir = stores.join(label);
        ensure_store(&mut report, label, *cases, &dir);
        report.note(format!(
            "{label}: measured from {}, load average {}",
            now(),
            loadavg()
        ));
        bench_size(&mut report, &cfg, label, *cases, &dir);
    }
    report.note(format!(
        "import and writes: from {}, load average {}",
        now(),
        loadavg()
    ));
    if sizes.iter().any(|(_, n)| *n == 100_000) {
        bench_import(&mut report, &stores);
    } else {
        report.note("import test skipped: it imports the export of the 100k store".into());
    }
    let smallest = sizes.iter().min_by_key(|(_, n)| *n).expect("a size");
    bench_writes(&mut report, &cfg, &stores, &smallest.0);

    report.note(format!("finished {}, load average {}", now(), loadavg()));
    let text = report.text();
    println!("\n{text}");
    let out = root.join("bench-results.md");
    std::fs::write(&out, report.markdown()).expect("write bench-results.md");
    println!("written to {}", out.display());
}

struct Config {
    runs: usize,
    cold_runs: usize,
    write_secs: u64,
}

fn env_number<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// "10k" → ("10k", 10_000), "1m" → ("1m", 1_000_000), "2500" → ("2500", 2500).
fn parse_size(s: &str) -> (String, usize) {
    let s = s.trim().to_lowercase();
    let (digits, factor) = match s.strip_suffix('k') {
        Some(d) => (d, 1_000),
        None => match s.strip_suffix('m') {
            Some(d) => (d, 1_000_000),
            None => (s.as_str(), 1),
        },
    };
    let n: usize = digits
        .parse()
        .unwrap_or_else(|_| panic!("'{s}' is not a size such as 10k, 100k or 1m"));
    (s.clone(), n * factor)
}

// ---------------------------------------------------------------------------
// The phases

/// Reuses the store in `dir` if it was made with `cases` cases; otherwise
/// generates it and records the rate.
fn ensure_store(report: &mut Report, label: &str, cases: usize, dir: &Path) {
    let metric = "generation (cases/s)";
    // A store made by a docket with another store format is made again.
    let marker = format!(
        "{cases} cases, store format {}",
        docket::store::STORE_FORMAT
    );
    let made = std::fs::read_to_string(dir.join(MARKER)).unwrap_or_default();
    if made.trim() == marker {
        println!("reusing {}", dir.display());
        report.row(metric, label, "reused store".into());
        return;
    }
    stop_server(dir);
    let _ = std::fs::remove_dir_all(dir);
    println!("generating {cases} cases in {} ...", dir.display());
    let t = run(docket(dir).args(["demo", "--cases", &cases.to_string(), "--seed", SEED]));
    assert_eq!(t.code, 0, "docket demo failed");
    let hwm = server_pid(dir).map(vm_hwm_kb).unwrap_or(0);
    stop_server(dir);
    let how = format!(
        "`docket demo`, server peak {:.1} GB",
        hwm as f64 / 1024.0 / 1024.0
    );
    let wall = t.wall;
    std::fs::write(dir.join(MARKER), marker).expect("write the marker");
    let rate = cases as f64 / wall.as_secs_f64();
    println!(
        "generated in {:.1} s: {} cases/s ({how})",
        wall.as_secs_f64(),
        thousands(rate)
    );
    report.row(
        metric,
        label,
        format!("{} ({:.1} s; {how})", thousands(rate), wall.as_secs_f64()),
    );
}

fn bench_size(report: &mut Report, cfg: &Config, label: &str, cases: usize, dir: &Path) {
    stop_server(dir);

    // Size on disk, with no server running.
    let (allocated, apparent) = disk_usage(dir);
    report.row(
        "store on disk (du)",
        label,
        format!("{:.0} MB", allocated as f64 / 1e6),
    );
    report.row(
        "bytes on disk per case (du / apparent)",
        label,
        format!(
            "{} / {}",
            thousands(allocated as f64 / cases as f64),
            thousands(apparent as f64 / cases as f64)
        ),
    );

    // Opening sled: in this process through the library, then a whole
    // `docket serve` until its socket answers. The first open after a
    // generation may replay sled's whole log to make a snapshot: shown apart.
    let t = Instant::now();
    drop(Store::open(dir).expect("open the store"));
    report.row(
        "sled open: first in this run (may replay the log)",
        label,
        format!("{:.0} ms", t.elapsed().as_secs_f64() * 1e3),
    );
    live_data_rows(report, label, cases, dir);
    let open = Timings::of(cfg.cold_runs, || {
        let t = Instant::now();
        let store = Store::open(dir).expect("open the store");
        let wall = t.elapsed();
        drop(store);
        wall
    });
    report.row("sled open: `Store::open` in process", label, open.ms());
    let serve = Timings::of(cfg.cold_runs, || time_serve_start(dir));
    report.row(
        "server start: `docket serve` until the socket answers",
        label,
        serve.ms(),
    );

    // Cold: no server runs, so each command starts one (the file cache is warm).
    let case = pick_case(dir, cases);
    let case_arg = case.to_string();
    let cold_show = Timings::of(cfg.cold_runs, || {
        stop_server(dir);
        run(docket(dir).args(["show", &case_arg])).wall
    });
    report.row(
        "cold `show CASE` (starts the server)",
        label,
        cold_show.ms(),
    );
    let cold_due = Timings::of(cfg.cold_runs, || {
        stop_server(dir);
        run(docket(dir).args(["due", "--login"])).wall
    });
    report.row(
        "cold `due --login` (starts the server)",
        label,
        cold_due.ms(),
    );

    // Warm: the server from the last cold run keeps running.
    for _ in 0..5 {
        run(docket(dir).args(["show", &case_arg]));
    }
    let status = Timings::of(cfg.runs, || run(docket(dir).arg("status")).wall);
    report.row(
        "warm `status` (start + connect + 1 request)",
        label,
        status.ms(),
    );
    let mut show_rss = 0;
    let show = Timings::of(cfg.runs, || {
        let r = run(docket(dir).args(["show", &case_arg]));
        assert_eq!(r.code, 0, "docket show {case_arg} failed");
        show_rss = show_rss.max(r.max_rss_kb);
        r.wall
    });
    report.row("warm `show CASE`", label, show.ms());
    report.measured(&format!("show {label}"), show.median_ms());
    let mut due_rss = 0;
    let due = Timings::of(cfg.runs, || {
        let r = run(docket(dir).args(["due", "--login"]));
        assert!([0, 3, 4].contains(&r.code), "docket due --login failed");
        due_rss = due_rss.max(r.max_rss_kb);
        r.wall
    });
    report.row("warm `due --login`", label, due.ms());
    report.measured(&format!("due login {label}"), due.median_ms());
    let due_json = Timings::of(cfg.runs, || {
        let r = run(docket(dir).args(["due", "--json"]));
        assert!([0, 3, 4].contains(&r.code), "docket due --json failed");
        r.wall
    });
    report.row("warm `due --json`", label, due_json.ms());
    // The director's yearly table: counters of twelve months, never the cases.
    let yearly = Timings::of(cfg.runs, || {
        let r = run(docket(dir).args(["report", "yearly", "--format", "json"]));
        assert_eq!(r.code, 0, "docket report yearly failed");
        r.wall
    });
    report.row("warm `report yearly --format json`", label, yearly.ms());
    report.measured(&format!("report yearly {label}"), yearly.median_ms());

    // What `due` carries: entries in the window and the bytes printed.
    let json = docket(dir)
        .args(["due", "--json"])
        .output()
        .expect("run docket due --json");
    let items = serde_json::from_slice::<Vec<serde_json::Value>>(&json.stdout)
        .map(|v| v.len())
        .unwrap_or(0);
    report.row(
        "`due --json`: items / bytes",
        label,
        format!(
            "{} / {}",
            thousands(items as f64),
            thousands(json.stdout.len() as f64)
        ),
    );

    report.row(
        "client max RSS: `show`",
        label,
        format!("{:.1} MB", show_rss as f64 / 1024.0),
    );
    report.row(
        "client max RSS: `due --login`",
        label,
        format!("{:.1} MB", due_rss as f64 / 1024.0),
    );
    report.measured(&format!("due rss {label}"), due_rss as f64 / 1024.0);

    // Round trips through the client library on one connection.
    let mut client = Client::connect_with(dir, "bench", Path::new(EXE)).expect("connect");
    for _ in 0..100 {
        client.call(api::GetCase { no: case }).expect("case");
    }
    let calls = cfg.runs * 50;
    let rt_case = Timings::of(calls, || {
        let t = Instant::now();
        client.call(api::GetCase { no: case }).expect("case");
        t.elapsed()
    });
    report.row("library round trip: `client.case(no)`", label, rt_case.us());
    report.measured(&format!("round trip {label}"), rt_case.median_ms());
    let rt_policy = Timings::of(calls, || {
        let t = Instant::now();
        client.call(api::GetPolicy {}).expect("policy");
        t.elapsed()
    });
    report.row(
        "library round trip: `client.policy()`",
        label,
        rt_policy.us(),
    );
    let connect = Timings::of(cfg.runs, || {
        let t = Instant::now();
        let c = Client::connect_with(dir, "bench", Path::new(EXE)).expect("connect");
        let wall = t.elapsed();
        drop(c);
        wall
    });
    report.row(
        "library connect + hello (server running)",
        label,
        connect.us(),
    );

    // The server's peak memory over all of the above.
    let pid = client.call(api::Status {}).expect("status").pid;
    drop(client);
    let hwm = vm_hwm_kb(pid);
    report.row(
        "server peak RSS (VmHWM) after the runs",
        label,
        format!("{:.0} MB", hwm as f64 / 1024.0),
    );
    stop_server(dir);
}

/// What the store holds per case, by key prefix (see src/store/keys.rs),
/// read with sled directly: keys per case and bytes (key + value) per case.
fn live_data_rows(report: &mut Report, label: &str, cases: usize, dir: &Path) {
    let db = sled::Config::new()
        .path(dir.join("db"))
        .cache_capacity(64 * 1024 * 1024)
        .open()
        .expect("open sled");
    let mut by_prefix: BTreeMap<u8, (u64, u64)> = BTreeMap::new();
    for item in db.iter() {
        let (k, v) = item.expect("read sled");
        let e = by_prefix
            .entry(k.first().copied().unwrap_or(0))
            .or_default();
        e.0 += 1;
        e.1 += (k.len() + v.len()) as u64;
    }
    drop(db);
    let n = cases as f64;
    let total: u64 = by_prefix.values().map(|(_, b)| b).sum();
    let keys: u64 = by_prefix.values().map(|(k, _)| k).sum();
    report.row(
        "live data per case: keys / bytes (key + value)",
        label,
        format!("{:.1} / {}", keys as f64 / n, thousands(total as f64 / n)),
    );
    for (prefix, (k, b)) in by_prefix {
        let name = match prefix {
            b'M' => "meta",
            b'Y' => "year counters",
            b'C' => "cases",
            b'E' => "events",
            b'H' => "history index",
            b'D' => "due index",
            b'S' => "status index",
            b'N' => "search index",
            b'B' => "board index",
            b'K' => "board counts",
            b'R' => "drafts",
            b'U' => "users",
            b'P' => "providers",
            b'A' => "provider open cases",
            b'Q' => "provider clients",
            b'G' => "index runs (search, history, provider clients)",
            _ => "other",
        };
        report.row(
            &format!("  `{}` {name}: keys / bytes per case", prefix as char),
            label,
            format!("{:.2} / {:.0}", k as f64 / n, b as f64 / n),
        );
    }
}

/// `docket export` of the 100k store into a file, then `docket import FILE`
/// of that file into an empty store.
fn bench_import(report: &mut Report, stores: &Path) {
    println!("== import");
    let source = stores.join("100k");
    let file = stores.join("export-100k.jsonl");
    let t = run_to(docket(&source).arg("export"), &file);
    assert_eq!(t.code, 0, "docket export failed");
    let lines = BufReader::new(std::fs::File::open(&file).expect("read the export"))
        .lines()
        .count();
    stop_server(&source);
    let rate = lines as f64 / t.wall.as_secs_f64();
    report.other(
        "`docket export` of the 100k store (cases/s)",
        format!(
            "{} ({:.1} s, {:.0} MB, client RSS {:.0} MB)",
            thousands(rate),
            t.wall.as_secs_f64(),
            file.metadata().map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
            t.max_rss_kb as f64 / 1024.0
        ),
    );

    let target = stores.join("import-100k");
    stop_server(&target);
    let _ = std::fs::remove_dir_all(&target);
    let t = run(docket(&target).arg("import").arg(&file));
    assert_eq!(t.code, 0, "docket import failed");
    let rate = lines as f64 / t.wall.as_secs_f64();
    let server_hwm = server_pid(&target).map(vm_hwm_kb).unwrap_or(0);
    stop_server(&target);
    let (allocated, _) = disk_usage(&target);
    report.other(
        "`docket import` of that file into an empty store (cases/s)",
        format!(
            "{} ({} cases in {:.1} s; client RSS {:.0} MB, server peak {:.0} MB, {:.0} MB on disk)",
            thousands(rate),
            thousands(lines as f64),
            t.wall.as_secs_f64(),
            t.max_rss_kb as f64 / 1024.0,
            server_hwm as f64 / 1024.0,
            allocated as f64 / 1e6
        ),
    );
    report.measured("import rate", rate);
    let _ = std::fs::remove_dir_all(&target);
    let _ = std::fs::remove_file(&file);
}

/// WRITERS threads, each with its own connection, add deadlines to their
/// own cases for a few seconds, on a throwaway copy of a small store.
fn bench_writes(report: &mut Report, cfg: &Config, stores: &Path, size: &str) {
    println!("== concurrent writes");
    let source = stores.join(size);
    let dir = stores.join(format!("writes-{size}"));
    stop_server(&source);
    stop_server(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&source.join("db"), &dir.join("db"));

    let mut client = Client::connect_with(&dir, "bench", Path::new(EXE)).expect("connect");
    // Open cases: the ones with deadlines still to come.
    let far = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    let open: BTreeSet<CaseNo> = client
        .call(api::DueUntil { until: far })
        .expect("due")
        .into_iter()
        .map(|(_, case)| case.no)
        .collect();
    let open: Vec<CaseNo> = open.into_iter().collect();
    assert!(
        open.len() >= WRITERS,
        "too few open cases for the write test"
    );
    let date = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
    let run_for = Duration::from_secs(cfg.write_secs);

    let started = Instant::now();
    let threads: Vec<_> = (0..WRITERS)
        .map(|w| {
            let mine: Vec<CaseNo> = open.iter().skip(w).step_by(WRITERS).copied().collect();
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut c = Client::connect_with(&dir, "bench", Path::new(EXE)).expect("connect");
                let mut latencies = Vec::new();
                let mut i = 0;
                while started.elapsed() < run_for {
                    let t = Instant::now();
                    c.call(api::AddDeadline {
                        case: mine[i % mine.len()],
                        expected_revision: None,
                        date,
                        label: "bench hearing".into(),
                    })
                    .expect("add_deadline");
                    latencies.push(t.elapsed());
                    i += 1;
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = Vec::new();
    for t in threads {
        latencies.extend(t.join().expect("writer thread"));
    }
    let elapsed = started.elapsed();
    let rate = latencies.len() as f64 / elapsed.as_secs_f64();
    let lat = Timings::from(latencies);
    report.other(
        &format!("{WRITERS} concurrent writers, `add_deadline` on a copy of the {size} store (commands/s)"),
        format!(
            "{} ({} commands in {:.1} s over {} cases)",
            thousands(rate),
            thousands(lat.samples.len() as f64),
            elapsed.as_secs_f64(),
            open.len()
        ),
    );
    report.other("  latency of one write under that load", lat.ms());
    report.measured("write rate", rate);

    // One writer alone: the cost of a flushed command without company.
    let t0 = Instant::now();
    let mut single = Vec::new();
    while t0.elapsed() < Duration::from_secs(2) {
        let t = Instant::now();
        client
            .call(api::AddDeadline {
                case: open[0],
                expected_revision: None,
                date,
                label: "bench hearing".into(),
            })
            .expect("add_deadline");
        single.push(t.elapsed());
    }
    let single = Timings::from(single);
    report.other("1 writer alone: latency of one write", single.ms());

    drop(client);
    stop_server(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------
// Processes

/// `docket --store DIR` with a fixed date and language.
fn docket(dir: &Path) -> Command {
    let mut cmd = Command::new(EXE);
    cmd.arg("--store")
        .arg(dir)
        .args(["--today", TODAY, "--lang", "en"])
        .env_remove("DOCKET_STORE")
        .env_remove("DOCKET_TODAY");
    cmd
}

/// One finished process: wall time, peak memory, exit code.
struct Run {
    wall: Duration,
    max_rss_kb: i64,
    code: i32,
}

/// Runs the command (through a launcher), its output discarded.
fn run(cmd: &mut Command) -> Run {
    run_via_launcher(cmd, Stdio::null())
}

/// Like `run`, with standard output into `file`.
fn run_to(cmd: &mut Command, file: &Path) -> Run {
    let f = std::fs::File::create(file).expect("create the output file");
    run_via_launcher(cmd, f.into())
}

/// The peak RSS that wait4 reports for a child also counts the memory of
/// the process that started it (at exec the kernel keeps the peak of the
/// image being replaced), and this benchmark grows to a gigabyte. So every
/// command is started by a fresh, small copy of this program (`launch`),
/// which times it and reports its figures.
fn run_via_launcher(cmd: &Command, stdout: Stdio) -> Run {
    let mut launcher = Command::new(std::env::current_exe().expect("the benchmark program"));
    launcher
        .arg(LAUNCH)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(v) => launcher.env(key, v),
            None => launcher.env_remove(key),
        };
    }
    let out = launcher
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("run the launcher");
    let report = String::from_utf8_lossy(&out.stderr);
    let fields: Vec<i64> = report
        .split_whitespace()
        .map(|f| f.parse().expect("a launcher figure"))
        .collect();
    let [micros, max_rss_kb, code] = fields[..] else {
        panic!("the launcher said: {report}");
    };
    Run {
        wall: Duration::from_micros(micros as u64),
        max_rss_kb,
        code: code as i32,
    }
}

/// The launcher: runs PROGRAM ARGS... with standard output inherited and
/// reports "<wall µs> <peak RSS kB> <exit code>" on standard error.
fn launch(args: &[String]) {
    let mut cmd = Command::new(&args[0]);
    cmd.args(&args[1..])
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    let r = spawn_and_wait(&mut cmd);
    eprintln!("{} {} {}", r.wall.as_micros(), r.max_rss_kb, r.code);
}

/// Spawns and reaps the process with wait4, which reports its peak RSS
/// (clippy cannot see that wait4 reaps it).
#[allow(clippy::zombie_processes)]
fn spawn_and_wait(cmd: &mut Command) -> Run {
    let t = Instant::now();
    let child = cmd.spawn().expect("start the program");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child; `usage` and `status` outlive the call.
    let rc = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let wall = t.elapsed();
    assert_eq!(rc, child.id() as libc::pid_t, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Run {
        wall,
        max_rss_kb: usage.ru_maxrss,
        code,
    }
}

/// Starts `docket serve` in the foreground and times it until a client's
/// hello is answered; then stops it.
fn time_serve_start(dir: &Path) -> Duration {
    stop_server(dir);
    let t = Instant::now();
    let mut child = docket(dir)
        .arg("serve")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start docket serve");
    loop {
        if let Ok(Some(_)) = Client::connect_running(dir, "bench") {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "docket serve did not answer"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    let wall = t.elapsed();
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let _ = child.wait();
    wall
}

fn server_pid(dir: &Path) -> Option<u32> {
    let mut client = Client::connect_running(dir, "bench").ok()??;
    client.call(api::Status {}).ok().map(|s| s.pid)
}

/// Stops the store's server, if one runs, and waits until it is gone.
fn stop_server(dir: &Path) {
    let Some(pid) = server_pid(dir) else {
        return;
    };
    // SAFETY: a signal to the server's pid, which `docket status` gave.
    unsafe { libc::kill(pid as libc::pid_t, libc::SIGTERM) };
    // The process may look dead (a zombie leader) while its other threads
    // still hold the store's locks: wait for the server lock itself.
    let t = Instant::now();
    while !lock_free(dir) {
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "server {pid} did not stop"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Whether no process holds the server lock (`server.lock`, see src/server).
fn lock_free(dir: &Path) -> bool {
    use std::os::unix::io::AsRawFd;
    let Ok(file) = std::fs::File::open(dir.join("server.lock")) else {
        return true;
    };
    // SAFETY: flock on a file we opened; closing it releases the lock.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

/// A process's peak resident set size, from /proc/<pid>/status.
fn vm_hwm_kb(pid: u32) -> i64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A case to show: one from the middle of 2025 (about a quarter into the
/// store), closed by now and so with a full history.
fn pick_case(dir: &Path, cases: usize) -> CaseNo {
    let mut client = Client::connect_with(dir, "bench", Path::new(EXE)).expect("connect");
    let want = CaseNo::new(2025, (cases / 4).max(1) as u32);
    let no = match client.call(api::GetCase { no: want }).expect("case") {
        Some(_) => want,
        None => client
            .call(api::ExportPage {
                after: None,
                limit: docket::server::EXPORT_PAGE,
            })
            .expect("export page")
            .first()
            .map(|(c, _)| c.no)
            .expect("a case in the store"),
    };
    let history = client
        .call(api::GetHistory { no })
        .map(|h| h.len())
        .unwrap_or(0);
    println!("showing case {no} ({history} events)");
    drop(client);
    stop_server(dir);
    no
}

// ---------------------------------------------------------------------------
// Files

/// (allocated as du counts it, apparent size) of every file under `dir`.
fn disk_usage(dir: &Path) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    let mut total = (0, 0);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            let (a, b) = disk_usage(&entry.path());
            total.0 += a;
            total.1 += b;
        } else {
            total.0 += meta.blocks() * 512;
            total.1 += meta.len();
        }
    }
    total
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for entry in std::fs::read_dir(from).expect("read the store").flatten() {
        let dest = to.join(entry.file_name());
        if entry.file_type().map(|t| t.is_dir()).unwrap_or(false) {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy a store file");
        }
    }
}

// ---------------------------------------------------------------------------
// Figures

struct Timings {
    /// Sorted.
    samples: Vec<Duration>,
}

impl Timings {
    fn of(n: usize, mut f: impl FnMut() -> Duration) -> Timings {
        Timings::from((0..n.max(1)).map(|_| f()).collect())
    }

    fn from(mut samples: Vec<Duration>) -> Timings {
        samples.sort();
        Timings { samples }
    }

    fn median(&self) -> Duration {
        self.samples[self.samples.len() / 2]
    }

    /// The nearest-rank 95th percentile.
    fn p95(&self) -> Duration {
        let rank = (self.samples.len() as f64 * 0.95).ceil() as usize;
        self.samples[rank.clamp(1, self.samples.len()) - 1]
    }

    fn median_ms(&self) -> f64 {
        self.median().as_secs_f64() * 1e3
    }

    /// "median / p95 ms (n runs)".
    fn ms(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let digits = if ms(self.p95()) < 100.0 { 1 } else { 0 };
        format!(
            "{:.*} / {:.*} ms (n={})",
            digits,
            ms(self.median()),
            digits,
            ms(self.p95()),
            self.samples.len()
        )
    }

    fn us(&self) -> String {
        let us = |d: Duration| d.as_secs_f64() * 1e6;
        format!(
            "{:.0} / {:.0} µs (n={})",
            us(self.median()),
            us(self.p95()),
            self.samples.len()
        )
    }
}

fn thousands(x: f64) -> String {
    let s = format!("{:.0}", x);
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn now() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M").to_string()
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| format!("{:.0} GB RAM", kb / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!("{cpu}, {cores} cores, {mem}")
}

/// The figures: a table per store size, a list of the rest, and the targets.
struct Report {
    sizes: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
    others: Vec<(String, String)>,
    /// Raw numbers for judging the targets, by name.
    numbers: Vec<(String, f64)>,
    notes: Vec<String>,
}

impl Report {
    fn new(sizes: Vec<String>) -> Report {
        Report {
            sizes,
            rows: Vec::new(),
            others: Vec::new(),
            numbers: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn row(&mut self, metric: &str, size: &str, value: String) {
        let col = self.sizes.iter().position(|s| s == size).expect("a size");
        let n = self.sizes.len();
        let i = match self.rows.iter().position(|(m, _)| m == metric) {
            Some(i) => i,
            None => {
                self.rows.push((metric.to_string(), vec!["-".into(); n]));
                self.rows.len() - 1
            }
        };
        self.rows[i].1[col] = value;
    }

    fn other(&mut self, metric: &str, value: String) {
        println!("{metric}: {value}");
        self.others.push((metric.to_string(), value));
    }

    fn measured(&mut self, name: &str, value: f64) {
        self.numbers.push((name.to_string(), value));
    }

    fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    fn number(&self, name: &str) -> Option<f64> {
        self.numbers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }

    /// (target, measured, verdict) for each target whose figure was measured.
    fn targets(&self) -> Vec<[String; 3]> {
        // The memory target is for 1M; without a 1M run, judge the largest size.
        let largest = self.sizes.last().cloned().unwrap_or_default();
        let rss_size = if self.sizes.iter().any(|s| s == "1m") {
            "1m".into()
        } else {
            largest
        };
        // (target, figure, limit, at least (true) or below (false), unit)
        let checks = [
            (
                "`show` < 30 ms at 100k (warm, median)".into(),
                "show 100k".into(),
                30.0,
                false,
                "ms",
            ),
            (
                "`show` < 120 ms at 1M (warm, median)".into(),
                "show 1m".into(),
                120.0,
                false,
                "ms",
            ),
            (
                "`report yearly` < 50 ms at 1M (warm, median)".into(),
                "report yearly 1m".into(),
                50.0,
                false,
                "ms",
            ),
            (
                "`due --login` < 10 ms at 1M (warm, median)".into(),
                "due login 1m".into(),
                10.0,
                false,
                "ms",
            ),
            (
                format!("`due --login` client RSS < 50 MB at {rss_size}"),
                format!("due rss {rss_size}"),
                50.0,
                false,
                "MB",
            ),
            (
                "library round trip < 2 ms at 1M (median)".into(),
                "round trip 1m".into(),
                2.0,
                false,
                "ms",
            ),
            (
                "import ≥ 20,000 cases/s".into(),
                "import rate".into(),
                20_000.0,
                true,
                "cases/s",
            ),
            (
                "8 writers ≥ 2,000 commands/s".into(),
                "write rate".into(),
                2_000.0,
                true,
                "commands/s",
            ),
        ];
        let mut out = Vec::new();
        for (what, name, limit, at_least, unit) in checks {
            let what: String = what;
            let name: String = name;
            let Some(v) = self.number(&name) else {
                continue;
            };
            let met = if at_least { v >= limit } else { v < limit };
            let value = if v >= 100.0 {
                format!("{} {unit}", thousands(v))
            } else {
                format!("{v:.2} {unit}")
            };
            out.push([what, value, if met { "met" } else { "MISSED" }.into()]);
        }
        out
    }

    fn text(&self) -> String {
        let mut s = String::new();
        let w0 = self.rows.iter().map(|(m, _)| width(m)).max().unwrap_or(0);
        let widths: Vec<usize> = (0..self.sizes.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|(_, v)| width(&v[i]))
                    .chain([width(&self.sizes[i])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let _ = write!(s, "{}", pad("", w0));
        for (size, w) in self.sizes.iter().zip(&widths) {
            let _ = write!(s, " | {}", pad(size, *w));
        }
        s.push('\n');
        for (metric, values) in &self.rows {
            let _ = write!(s, "{}", pad(metric, w0));
            for (v, w) in values.iter().zip(&widths) {
                let _ = write!(s, " | {}", pad(v, *w));
            }
            s.push('\n');
        }
        s.push('\n');
        for (metric, value) in &self.others {
            let _ = writeln!(s, "{metric}: {value}");
        }
        s.push_str("\ntargets:\n");
        for [what, value, verdict] in self.targets() {
            let _ = writeln!(s, "  {verdict:<6} {what}: {value}");
        }
        s
    }

    fn markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# docket store benchmark\n");
        let _ = writeln!(s, "Machine: {}  ", machine());
        for n in &self.notes {
            let _ = writeln!(s, "{n}  ");
        }
        let _ = writeln!(
            s,
            "\nTimes are median / p95 of whole processes unless marked µs (n = runs).\n"
        );
        let _ = write!(s, "| measure |");
        for size in &self.sizes {
            let _ = write!(s, " {size} |");
        }
        let _ = write!(s, "\n|---|");
        for _ in &self.sizes {
            let _ = write!(s, "---|");
        }
        s.push('\n');
        for (metric, values) in &self.rows {
            let _ = writeln!(s, "| {metric} | {} |", values.join(" | "));
        }
        let _ = writeln!(s, "\n| measure | figure |\n|---|---|");
        for (metric, value) in &self.others {
            let _ = writeln!(s, "| {metric} | {value} |");
        }
        let _ = writeln!(s, "\n| target | measured | |\n|---|---|---|");
        for [what, value, verdict] in self.targets() {
            let _ = writeln!(s, "| {what} | {value} | {verdict} |");
        }
        s
    }
}

fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}
