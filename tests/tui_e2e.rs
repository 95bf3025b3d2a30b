//! The real binary in a pseudo-terminal, its screen read through a terminal
//! emulator: what a caseworker sees and types.

mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::pty::{Tui, demo_store};
use tempfile::TempDir;

fn store_with_demo(cases: usize) -> (TempDir, String) {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("s");
    demo_store(&store, cases);
    let s = store.to_str().unwrap().to_string();
    (tmp, s)
}

fn open(store: &str, extra: &[&str], cols: u16, rows: u16) -> Tui {
    let mut args = vec!["--store", store, "--today", "2026-11-26", "--lang", "en"];
    args.extend_from_slice(extra);
    Tui::start(&args, &[], cols, rows)
}

#[test]
fn panes_case_detail_help_and_quit() {
    let (_tmp, store) = store_with_demo(300);
    let mut t = open(&store, &[], 120, 40);
    t.wait_for("Intake queue");
    // The first frame may reach the emulator in several reads: wait for
    // each part of it.
    for pane in [
        "Eligibility",
        "Assignment board",
        "Deadlines",
        "as of 2026-11-26",
    ] {
        t.wait_for(pane);
    }
    // Tab moves the focus marker to the next pane.
    t.send("\t");
    t.wait_for("▶ 2 Eligibility");
    t.send("3");
    t.wait_for("▶ 3 Assignment board");
    t.send("1");
    t.wait_for("▶ 1 Intake queue");
    // Enter opens the selected case; Esc returns.
    t.send("\r");
    let s = t.wait_for("History");
    assert!(s.contains("▶ Case 2026-"), "{s}");
    assert!(s.contains("created (demo)"), "{s}");
    t.send("\x1b");
    t.wait_for("Intake queue");
    // Help, then quit.
    std::thread::sleep(Duration::from_millis(100));
    t.send("?");
    t.wait_for("Quit docket");
    t.send("\x1b");
    t.wait_gone("Quit docket");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn a_user_keymap_remaps_quit_and_help_shows_it() {
    let (tmp, store) = store_with_demo(50);
    let keymap = tmp.path().join("keymap.toml");
    std::fs::write(&keymap, "[global]\nquit = [\"x\"]\n").unwrap();
    let mut t = open(&store, &["--keymap", keymap.to_str().unwrap()], 120, 40);
    t.wait_for("Intake queue");
    t.send("?");
    let s = t.wait_for("Quit docket");
    let line = s.lines().find(|l| l.contains("Quit docket")).unwrap();
    assert!(line.contains(" x ") && !line.contains(" q"), "{line}");
    t.send("\x1b");
    t.wait_gone("Quit docket");
    // q no longer quits; x does.
    t.send("q");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(t.wait_exit(Duration::from_millis(10)), None);
    t.send("x");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

/// Issue 16, 18: a keymap with mistakes never stops docket: every problem
/// is reported at once, with file, line and column; the bad entries keep
/// their defaults, and the app says so on its status line.
#[test]
fn a_broken_keymap_reports_every_problem_and_docket_starts_with_the_defaults() {
    let tmp = TempDir::new().unwrap();
    let keymap = tmp.path().join("keymap.toml");
    std::fs::write(
        &keymap,
        "[global]\nquit = [\"q\"]\nquitt = [\"x\"]\n[list]\ndown = [\"j\", \"dwn\"]\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["keymap", "check", keymap.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:3:1", keymap.display())), "{err}");
    assert!(err.contains("quitt"), "{err}");
    assert!(
        err.contains(&format!("{}:5:", keymap.display())),
        "both: {err}"
    );
    assert!(err.contains("dwn"), "{err}");
    // The app starts, with the defaults for those keys, and says why.
    let (_s, store) = store_with_demo(5);
    let t = open(&store, &["--keymap", keymap.to_str().unwrap()], 120, 40);
    t.wait_for("Keymap: 2 problem(s)");
    // j still moves down (the default), q still quits.
    let mut t = t;
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn resizing_re_lays_out_at_once() {
    let (_tmp, store) = store_with_demo(100);
    let mut t = open(&store, &[], 120, 40);
    t.wait_for("Intake queue");
    t.wait_for("Deadlines");
    t.wait_for("Assignment board");
    t.resize(80, 24);
    // One pane at a time, with a tab bar naming the others.
    let s = t.wait_for("[1 Intake queue");
    assert!(s.contains("2 Eligibility"), "{s}");
    t.resize(60, 20);
    t.wait_for("needs at least 80x24");
    t.resize(120, 40);
    t.wait_for("4 Deadlines");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn sighup_ends_docket_within_a_second() {
    let (_tmp, store) = store_with_demo(50);
    let mut t = open(&store, &[], 100, 30);
    t.wait_for("Intake queue");
    let started = Instant::now();
    // SAFETY: signalling our own child.
    unsafe { libc::kill(t.pid(), libc::SIGHUP) };
    assert!(
        t.wait_exit(Duration::from_secs(1)).is_some(),
        "still running after 1 s"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[test]
fn a_change_shows_in_another_tui_within_a_second() {
    let (_tmp, store) = store_with_demo(50);
    let one = open(&store, &[], 120, 40);
    let two = open(&store, &[], 120, 40);
    one.wait_for("Deadlines");
    two.wait_for("Deadlines");
    // A command adds a matter date due tomorrow to an open case: it joins
    // the deadline warnings of both screens without a keypress.
    let case = String::from_utf8(
        Command::new(env!("CARGO_BIN_EXE_docket"))
            .args([
                "--store",
                &store,
                "--today",
                "2026-11-26",
                "due",
                "--json",
                "--within",
                "30",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let v: serde_json::Value = serde_json::from_str(&case).unwrap();
    let no = v[0]["case_no"].as_str().unwrap().to_string();
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args([
            "--store",
            &store,
            "deadline",
            "add",
            &no,
            "--date",
            "2026-11-27",
            "--label",
            "紧急开庭",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    one.wait_for("紧急开庭");
    two.wait_for("紧急开庭");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn chinese_interface_lines_up() {
    let (_tmp, store) = store_with_demo(100);
    let mut t = Tui::start(
        &[
            "--store",
            &store,
            "--today",
            "2026-11-26",
            "--lang",
            "zh-Hans",
        ],
        &[],
        120,
        40,
    );
    t.wait_for("受理");
    // The frame may reach the emulator in several reads.
    t.wait_for("期限");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

/// The state letter of a process (R, S, T for stopped, ...).
fn proc_state(pid: i32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The state follows the parenthesised command name.
    stat.rsplit_once(") ")
        .and_then(|(_, rest)| rest.chars().next())
        .unwrap_or('?')
}

#[test]
fn ctrl_z_suspends_and_continuing_redraws() {
    let (_tmp, store) = store_with_demo(50);
    // Under a shell with job control, as a caseworker runs it (a process
    // alone in its session would have SIGTSTP discarded by the kernel).
    let command = format!(
        "set -m; {} --store {store} --today 2026-11-26 --lang en; sleep 1; fg; true",
        env!("CARGO_BIN_EXE_docket")
    );
    let mut t = Tui::start_program("bash", &["-c", &command], 100, 30);
    t.wait_for("Intake queue");
    let shell = t.pid();
    let children = format!("/proc/{shell}/task/{shell}/children");
    let docket: i32 = std::fs::read_to_string(children)
        .unwrap()
        .split_whitespace()
        .next()
        .expect("docket runs under the shell")
        .parse()
        .unwrap();
    t.send("\x1a");
    let deadline = Instant::now() + Duration::from_secs(5);
    while proc_state(docket) != 'T' {
        assert!(
            Instant::now() < deadline,
            "not stopped: {}",
            proc_state(docket)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // The terminal was given back to the shell, which says so.
    t.wait_for("Stopped");
    // The shell's `fg` continues it: the screen is drawn again.
    t.wait_for("Intake queue");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn the_app_asks_before_making_a_store_where_there_is_none() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("misspelt");
    let path = store.to_str().unwrap().to_string();
    // No: nothing is made, and it says how to point at the center's store.
    let mut t = open(&path, &[], 120, 40);
    t.wait_for("There is no docket store at");
    t.send("n\r");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(5));
    assert!(!store.exists());
    // Yes: a new, empty store, and the app on it.
    let mut t = open(&path, &[], 120, 40);
    t.wait_for("Make a new, empty one there?");
    t.send("y\r");
    t.wait_for("Intake queue");
    assert!(store.join("db").exists());
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

/// `docket report … --format json` on the store the app has open.
fn report_json(store: &str, args: &[&str]) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args([
            "--store",
            store,
            "--today",
            "2026-11-26",
            "--lang",
            "en",
            "report",
        ])
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn five_shows_the_statistics_and_a_number_opens_to_its_cases() {
    let (_tmp, store) = store_with_demo(300);
    let mut t = open(&store, &[], 120, 40);
    t.wait_for("Intake queue");
    t.send("5");
    t.wait_for("Statistics · monthly report 2026-11");
    let nov = report_json(&store, &["monthly", "--period", "2026-11"]);
    let cases = nov["columns"]["cases"].as_u64().unwrap();
    let year = nov["targets"]["cases_year_to_date"].as_u64().unwrap();
    t.wait_for(&format!("cases this year {year} / target 120"));
    let s = t.wait_for("legal aid cases");
    let line = s
        .lines()
        .find(|l| l.contains("legal aid cases"))
        .unwrap()
        .to_string();
    assert!(
        line.trim_end_matches('┃')
            .trim_end()
            .ends_with(&cases.to_string()),
        "{line}"
    );
    // The month before.
    t.send("[");
    t.wait_for("Statistics · monthly report 2026-10");
    let oct = report_json(
        &store,
        &["monthly", "--period", "2026-10", "--cases", "cases"],
    );
    let listed: Vec<String> = oct["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert!(!listed.is_empty(), "October has cases");
    // Down to "legal aid cases", Enter: its cases, the first of them on screen.
    t.send("j");
    t.send("\r");
    let s = t.wait_for("legal aid cases · 2026-10");
    let s = if s.contains(&listed[0]) {
        s
    } else {
        t.wait_for(&listed[0])
    };
    assert!(s.contains(&listed.len().to_string()), "{s}");
    // Esc back to the table, the same line selected; Esc again to the panes.
    t.send("\x1b");
    let s = t.wait_gone("legal aid cases · 2026-10");
    assert!(s.contains("▶ legal aid cases"), "{s}");
    t.send("\x1b");
    t.wait_gone("Statistics ·");
    t.wait_for("Intake queue");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn a_hotline_consultation_is_recorded_in_a_few_keys() {
    let (_tmp, store) = store_with_demo(50);
    let mut t = open(&store, &[], 100, 30);
    t.wait_for("Intake queue");
    // C, then: 12348 hotline, civil, wages, migrant worker; the note; Ctrl-S.
    t.send("C");
    t.wait_for("Record a consultation");
    t.send("3243\t");
    t.wait_for("▶ note");
    t.send("欠薪三个月，告知可申请法律援助");
    t.send("\x13");
    t.wait_for("Consultation 1 recorded.");
    t.wait_gone("Record a consultation");
    // F3: a second one that becomes an application, prefilled.
    t.send("C");
    t.wait_for("Record a consultation");
    t.send("12");
    t.send("4\t\t");
    t.send("王小二");
    t.send("\t13812345678");
    t.send("\x1bOR");
    t.wait_for("Consultation 2 recorded.");
    let s = t.wait_for("王小二");
    assert!(s.contains("13812345678"), "{s}");
    // Registered as it is: the consultation names the new case.
    t.send("\x13");
    let s = t.wait_for("Registered 2026-");
    let at = s.find("Registered ").unwrap() + "Registered ".len();
    let no: String = s[at..].chars().take(9).collect();
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
    // The store has both, as typed.
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args([
            "--store",
            &store,
            "--today",
            "2026-11-26",
            "consult",
            "list",
            "--period",
            "2026-11",
            "--json",
        ])
        .output()
        .unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0]["case"], serde_json::Value::Null);
    assert_eq!(lines[1]["case"], no.as_str(), "{lines:?}");
    assert_eq!(lines[0]["channel"], "hotline_12348");
    assert_eq!(lines[0]["topic"], "wages");
    assert_eq!(lines[0]["groups"], serde_json::json!(["migrant_worker"]));
    assert_eq!(lines[0]["note"], "欠薪三个月，告知可申请法律援助");
    assert_eq!(lines[1]["channel"], "visit");
    assert_eq!(lines[1]["name"], "王小二");
    assert_eq!(lines[1]["phone"], "13812345678");
}
