//! `docket due` and the commands that feed it (`deadline`, `policy`,
//! `calendar`), through the real binary on an imported store in a temporary
//! directory at a fixed `--today`. Each test has its own store; the store
//! server the binary starts by itself ends when the directory goes.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;
use tempfile::TempDir;

/// A Thursday. The built-in calendar covers 2024 to 2026.
const TODAY: &str = "2026-11-26";

/// A store of its own, in a temporary directory.
struct Store {
    tmp: TempDir,
    /// The day the store's server was started for: its calendar.
    day: std::cell::RefCell<String>,
}

impl Store {
    /// An empty store (created by an import of nothing: read-only
    /// commands never create one).
    fn new() -> Store {
        let s = Store {
            tmp: TempDir::new().unwrap(),
            day: std::cell::RefCell::new(TODAY.to_string()),
        };
        let none = s.file("none.jsonl", "");
        let out = s.run(&["import", none.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        s
    }

    fn dir(&self) -> PathBuf {
        self.tmp.path().join("store")
    }

    fn stop_server(&self) {
        let sock = self.dir().join("docket.sock");
        let since = std::time::Instant::now();
        while sock.exists() && since.elapsed() < std::time::Duration::from_secs(10) {
            if let Ok(Some(mut c)) = docket::client::Client::connect_running(&self.dir(), "test") {
                let _ = c.shutdown();
            }
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
    }

    /// A file beside the store.
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.tmp.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `docket --store DIR --today TODAY --lang en ARGS`.
    fn run(&self, args: &[&str]) -> Output {
        self.run_at(TODAY, args)
    }

    fn run_at(&self, today: &str, args: &[&str]) -> Output {
        // The server keeps the calendar of the day it started: another day
        // is another server (as a new morning is).
        if *self.day.borrow() != today {
            self.stop_server();
            *self.day.borrow_mut() = today.to_string();
        }
        Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--store")
            .arg(self.dir())
            .args(["--today", today, "--lang", "en"])
            .args(args)
            .env_remove("DOCKET_STORE")
            // The store's server keeps the calendar of the day it started.
            .env("DOCKET_TODAY", today)
            .env("DOCKET_SERVER_IDLE", "2")
            .output()
            .expect("the docket binary runs")
    }

    /// Imports JSON Lines as of `today`; the import must succeed.
    fn import_at(&self, today: &str, lines: &[String]) {
        let file = self.file("cases.jsonl", &(lines.join("\n") + "\n"));
        let out = self.run_at(today, &["import", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "import: {}", stderr(&out));
    }

    fn import(&self, lines: &[String]) {
        self.import_at(TODAY, lines)
    }

    /// `docket due --json ARGS` as of `today`: the exit status and the array.
    fn due_json_at(&self, today: &str, args: &[&str]) -> (i32, Vec<Value>) {
        let mut all = vec!["due", "--json"];
        all.extend_from_slice(args);
        let out = self.run_at(today, &all);
        let code = out.status.code().expect("an exit status");
        assert!(
            matches!(code, 0 | 3 | 4),
            "due --json exited {code}: {}",
            stderr(&out)
        );
        let v: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(&out)));
        (code, v.as_array().expect("a JSON array").clone())
    }

    fn due_json(&self, args: &[&str]) -> (i32, Vec<Value>) {
        self.due_json_at(TODAY, args)
    }

    /// `docket show CASE` as text; it must succeed.
    fn show_at(&self, today: &str, case: &str) -> String {
        let out = self.run_at(today, &["show", case]);
        assert_eq!(out.status.code(), Some(0), "show: {}", stderr(&out));
        stdout(&out)
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("an exit status")
}

/// A civil wages application received on `received`, with extra fields
/// (a JSON fragment starting with a comma, or empty).
fn case(received: &str, name: &str, extra: &str) -> String {
    format!(
        r#"{{"received":"{received}","kind":"civil","matter":"wages","channel":"walk_in","applicant":{{"name":"{name}"}}{extra}}}"#
    )
}

/// The login name docket sees for the user running the tests.
fn current_user() -> String {
    let name = Command::new("id").arg("-un").output().ok();
    if let Some(o) = name.filter(|o| o.status.success()) {
        let n = String::from_utf8_lossy(&o.stdout).trim().to_string();
        if !n.is_empty() {
            return n;
        }
    }
    // No entry in the password database: docket uses the uid.
    let o = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// (case_no, deadline, due, days_left, state) of each item, in order.
fn summary(items: &[Value]) -> Vec<(String, String, String, i64, String)> {
    items
        .iter()
        .map(|i| {
            (
                i["case_no"].as_str().unwrap().to_string(),
                i["deadline"].as_str().unwrap().to_string(),
                i["due"].as_str().unwrap().to_string(),
                i["days_left"].as_i64().unwrap(),
                i["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn row(
    no: &str,
    deadline: &str,
    due: &str,
    left: i64,
    state: &str,
) -> (String, String, String, i64, String) {
    (no.into(), deadline.into(), due.into(), left, state.into())
}

/// Reviews (7 days, default policy) overdue by 3, due today, due tomorrow,
/// and due in 6 days (outside the default 3-day window).
fn four_reviews() -> Vec<String> {
    vec![
        case("2026-11-16", "甲", r#","caseworker":"liwei""#), // due 11-23
        case("2026-11-19", "乙", ""),                         // due 11-26
        case("2026-11-20", "丙", r#","provider":"王律师""#),  // due 11-27
        case("2026-11-25", "丁", ""),                         // due 12-02
    ]
}

#[test]
fn each_state_appears_with_its_days_left() {
    let s = Store::new();
    s.import(&four_reviews());

    let (status, items) = s.due_json(&[]);
    assert_eq!(status, 4, "something is overdue");
    assert_eq!(
        summary(&items),
        [
            row("2026-0001", "review", "2026-11-23", -3, "overdue"),
            row("2026-0002", "review", "2026-11-26", 0, "today"),
            row("2026-0003", "review", "2026-11-27", 1, "soon"),
        ],
        "most urgent first; 2026-0004 (6 days) is outside the window"
    );
    for i in &items {
        assert_eq!(i["applicant"].as_str().map(|a| !a.is_empty()), Some(true));
        assert_eq!(i["label"], "review decision");
        assert!(
            i["basis"]
                .as_str()
                .unwrap()
                .contains("Legal Aid Law Art. 43"),
            "{i}"
        );
        assert_eq!(i["calendar_missing_years"], serde_json::json!([]));
    }
    assert_eq!(items[0]["holder"], "liwei");
    assert_eq!(items[1]["holder"], Value::Null);
    assert_eq!(
        items[2]["holder"], "王律师",
        "the provider holds an assigned case"
    );

    // The text table says the same.
    let out = s.run(&["due"]);
    assert_eq!(code(&out), 4);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "a header and three rows:\n{text}");
    assert!(lines[0].starts_with("CASE"), "{text}");
    for (line, (no, due, left)) in lines[1..].iter().zip([
        ("2026-0001", "2026-11-23", "-3"),
        ("2026-0002", "2026-11-26", "0"),
        ("2026-0003", "2026-11-27", "1"),
    ]) {
        assert!(line.starts_with(no), "{line}");
        assert!(line.contains("review decision"), "{line}");
        assert!(
            line.contains(&format!("{due} ")) && line.split_whitespace().any(|w| w == left),
            "{line}"
        );
    }
    assert!(!text.contains("2026-0004"));

    // A wider window takes in the fourth, as `soon`.
    let (_, items) = s.due_json(&["--within", "6"]);
    assert_eq!(
        summary(&items)[3],
        row("2026-0004", "review", "2026-12-02", 6, "soon")
    );
    let (_, items) = s.due_json(&["--within", "5"]);
    assert_eq!(items.len(), 3);
    // --within 0: overdue and today only.
    let (_, items) = s.due_json(&["--within", "0"]);
    assert_eq!(items.len(), 2);
}

#[test]
fn the_default_window_is_the_policys() {
    let s = Store::new();
    s.import(&four_reviews()[3..]);
    assert_eq!(code(&s.run(&["due"])), 0, "due in 6 days, window 3");
    let policy = s.file("policy.toml", "warning_days = 6\n");
    let out = s.run(&["policy", "import", policy.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (status, items) = s.due_json(&[]);
    assert_eq!(status, 3);
    assert_eq!(
        summary(&items),
        [row("2026-0001", "review", "2026-12-02", 6, "soon")]
    );
    let out = s.run(&["due", "--login"]);
    assert!(
        stdout(&out).contains("due within 6 days"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn each_exit_status() {
    // 0: an empty store.
    let s = Store::new();
    let out = s.run(&["due"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "Nothing due within 3 days.");
    let (status, items) = s.due_json(&[]);
    assert_eq!((status, items.len()), (0, 0));

    // 0: deadlines exist, but none within the window.
    let s = Store::new();
    s.import(&four_reviews()[3..]);
    assert_eq!(code(&s.run(&["due"])), 0);

    // 3: due soon only.
    let s = Store::new();
    s.import(&four_reviews()[2..]);
    assert_eq!(code(&s.run(&["due"])), 3);
    assert_eq!(code(&s.run(&["due", "--json"])), 3);
    assert_eq!(code(&s.run(&["due", "--login"])), 3);

    // 3: due today (and soon), nothing overdue.
    let s = Store::new();
    s.import(&four_reviews()[1..]);
    assert_eq!(code(&s.run(&["due"])), 3);

    // 4: something overdue, in every output form.
    let s = Store::new();
    s.import(&four_reviews());
    for args in [&["due"][..], &["due", "--json"], &["due", "--login"]] {
        assert_eq!(code(&s.run(args)), 4, "{args:?}");
    }

    // 2: usage errors, with nothing on standard output.
    for args in [
        &["due", "--within", "x"][..],
        &["due", "--within", "-1"],
        &["due", "--within"],
        &["due", "--soon"],
        &["due", "extra"],
    ] {
        let out = s.run(args);
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}");
        assert!(!stderr(&out).is_empty(), "{args:?}");
    }
    let out = s.run_at("2026-11-31", &["due"]);
    assert_eq!(code(&out), 2, "a bad --today is a usage error");

    // 5: no store there; 1: a store that cannot be opened. Each with a
    // message, and nothing created.
    let tmp = TempDir::new().unwrap();
    let not_a_dir = tmp.path().join("file");
    std::fs::write(&not_a_dir, "").unwrap();
    for store in [
        not_a_dir.clone(),
        not_a_dir.join("store"),
        tmp.path().join("none"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--store")
            .arg(&store)
            .args(["--today", TODAY, "--lang", "en", "due", "--login"])
            .output()
            .unwrap();
        assert_eq!(code(&out), 5, "{}", stderr(&out));
        assert!(
            stderr(&out).starts_with("docket: no docket store at"),
            "{}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "");
    }
    assert!(!tmp.path().join("none").exists());
    let broken = tmp.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(broken.join("db"), "not sled").unwrap();
    {
        let store = broken;
        let out = Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--store")
            .arg(&store)
            .args(["--today", TODAY, "--lang", "en", "due", "--login"])
            .env("DOCKET_SERVER_IDLE", "2")
            .output()
            .unwrap();
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert!(stderr(&out).starts_with("docket: "), "{}", stderr(&out));
        assert_eq!(stdout(&out), "");
    }
}

#[test]
fn help_documents_the_exit_statuses() {
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["due", "--help"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0);
    // clap wraps the help text to the terminal: compare words, not lines.
    let text = stdout(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "0 nothing due",
        "3 something due within the window and nothing overdue",
        "4 something overdue",
        "5 no store at the path",
        "1 an error",
        "2 a usage error",
        "~/.profile",
        "docket due --login --mine",
        "--within",
        "--json",
        "--login",
        "--mine",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
}

#[test]
fn login_is_silent_when_nothing_is_due() {
    // An empty store.
    let s = Store::new();
    let out = s.run(&["due", "--login"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "nothing at all");
    assert_eq!(stderr(&out), "");

    // Deadlines outside the window only.
    s.import(&four_reviews()[3..]);
    let out = s.run(&["due", "--login", "--mine"]);
    assert_eq!((code(&out), stdout(&out)), (0, String::new()));
    let out = s.run(&["due", "--login"]);
    assert_eq!((code(&out), stdout(&out)), (0, String::new()));

    // In a year the calendar does not cover, nothing is due but the
    // missing calendar is said: deadlines would be counted without it.
    let s = Store::new();
    s.import_at("2030-06-01", &[case("2030-05-31", "戊", "")]); // due 06-07
    let out = s.run_at("2030-06-01", &["due", "--login"]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        stdout(&out),
        "docket: no holiday data for 2030: counted weekends only\n"
    );
    // The full list still says the year is missing.
    let out = s.run_at("2030-06-01", &["due"]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("no holiday data for 2030"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn login_prints_at_most_five_lines() {
    // A few: a summary and every item.
    let s = Store::new();
    s.import(&four_reviews());
    let out = s.run(&["due", "--login"]);
    assert_eq!(code(&out), 4);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(
        lines[0],
        "docket: 1 overdue, 1 due today, 1 due within 3 days"
    );
    assert!(
        lines[1].contains("2026-0001") && lines[1].contains("(-3)"),
        "{text}"
    );
    assert!(
        lines[2].contains("2026-0002") && lines[2].contains("(0)"),
        "{text}"
    );
    assert!(
        lines[3].contains("2026-0003") && lines[3].contains("(1)"),
        "{text}"
    );

    // Many: still five lines, the last one says how many more.
    let s = Store::new();
    let many: Vec<String> = (2..=12)
        .map(|d| case(&format!("2026-11-{d:02}"), &format!("申请人{d}"), ""))
        .collect();
    s.import(&many);
    let out = s.run(&["due", "--login"]);
    assert_eq!(code(&out), 4);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert_eq!(
        lines[0],
        "docket: 11 overdue, 0 due today, 0 due within 3 days"
    );
    assert!(
        lines[4].contains("8 more") && lines[4].contains("docket due"),
        "{text}"
    );
    assert!(
        lines.iter().all(|l| l.chars().count() <= 80),
        "short lines:\n{text}"
    );

    // Old cases from years the calendar does not cover: the warning shares
    // the five lines and never pushes the summary out.
    let s = Store::new();
    let old: Vec<String> = (2019..=2023)
        .map(|y| case(&format!("{y}-03-02"), &format!("旧{y}"), ""))
        .collect();
    s.import(&old);
    let out = s.run(&["due", "--login"]);
    assert_eq!(code(&out), 4);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() <= 5, "{text}");
    assert!(
        lines.contains(&"docket: 5 overdue, 0 due today, 0 due within 3 days"),
        "the summary is shown:\n{text}"
    );
    let warning = lines
        .iter()
        .find(|l| l.contains("no holiday data"))
        .unwrap_or_else(|| panic!("no calendar warning in\n{text}"));
    for y in 2019..=2023 {
        assert!(
            warning.contains(&y.to_string()),
            "{y} missing from {warning}"
        );
    }
    assert!(lines.iter().any(|l| l.contains("2019-0001")), "{text}");
}

#[test]
fn json_has_every_field() {
    let s = Store::new();
    s.import(&four_reviews()[..1]);
    let out = s.run(&["due", "--json"]);
    assert_eq!(code(&out), 4);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let item = v[0].as_object().unwrap();
    for key in [
        "case_no",
        "applicant",
        "deadline",
        "label",
        "due",
        "days_left",
        "state",
        "basis",
        "holder",
        "calendar_missing_years",
    ] {
        assert!(item.contains_key(key), "{key} missing from {v}");
    }
    assert_eq!(v[0]["case_no"], "2026-0001");
    assert_eq!(v[0]["applicant"], "甲");
    assert_eq!(v[0]["deadline"], "review");
    assert_eq!(v[0]["due"], "2026-11-23");
    assert_eq!(v[0]["days_left"], -3);
    assert_eq!(v[0]["state"], "overdue");
    assert_eq!(v[0]["basis"], "Legal Aid Law Art. 43; MOJ rules 2023");
    assert_eq!(v[0]["holder"], "liwei");
    assert_eq!(v[0]["calendar_missing_years"], serde_json::json!([]));
    // Only the JSON on standard output.
    assert!(stdout(&out).trim_start().starts_with('['));
    assert!(stdout(&out).trim_end().ends_with(']'));
}

#[test]
fn every_computed_deadline_with_its_basis() {
    let s = Store::new();
    s.import(&[
        // Granted on 11-24: assign within 3 days.
        case(
            "2026-11-20",
            "准予",
            r#","status":"granted","decided":"2026-11-24""#,
        ),
        // Notified by a court on 11-24: assign within 3 days, no review.
        r#"{"received":"2026-11-24","kind":"criminal","matter":"defense","channel":"notified","applicant":{"name":"通知"}}"#.to_string(),
        // Assigned on 11-23: agreement within 5 days (11-28 is a Saturday).
        case(
            "2026-11-16",
            "指派",
            r#","status":"assigned","decided":"2026-11-18","assigned":"2026-11-23","provider":"赵律师""#,
        ),
        // Concluded on 11-02: case file within 30 days.
        case(
            "2026-09-01",
            "结案",
            r#","status":"concluded","decided":"2026-09-03","assigned":"2026-09-04","agreement_signed":"2026-09-07","concluded":"2026-11-02""#,
        ),
        // File submitted on 11-06: reviewed within 30 days (12-06 is a Sunday).
        case(
            "2026-09-01",
            "归档",
            r#","status":"concluded","decided":"2026-09-03","assigned":"2026-09-04","agreement_signed":"2026-09-07","concluded":"2026-11-02","file_submitted":"2026-11-06""#,
        ),
    ]);
    let (status, items) = s.due_json(&["--within", "14"]);
    assert_eq!(status, 3);
    assert_eq!(
        summary(&items),
        [
            row("2026-0001", "assign_after_grant", "2026-11-27", 1, "soon"),
            row("2026-0002", "assign_on_notice", "2026-11-27", 1, "soon"),
            row("2026-0003", "agreement", "2026-11-30", 4, "soon"),
            row("2026-0004", "case_file", "2026-12-02", 6, "soon"),
            row("2026-0005", "file_review", "2026-12-07", 11, "soon"),
        ]
    );
    let basis: Vec<&str> = items.iter().map(|i| i["basis"].as_str().unwrap()).collect();
    assert!(basis[0].contains("Art. 24"), "{}", basis[0]);
    assert!(basis[1].contains("Art. 36"), "{}", basis[1]);
    assert!(basis[2].contains("Art. 27"), "{}", basis[2]);
    assert!(basis[3].contains("configurable"), "{}", basis[3]);
    assert!(basis[4].contains("configurable"), "{}", basis[4]);
    assert_eq!(items[2]["holder"], "赵律师");
}

#[test]
fn mine_lists_only_my_cases() {
    let me = current_user();
    let s = Store::new();
    s.import(&[
        // Someone else's case, overdue.
        case("2026-11-16", "别人", r#","caseworker":"someone_else""#),
        // Mine, due tomorrow.
        case("2026-11-20", "我的", &format!(r#","caseworker":"{me}""#)),
        // Nobody's, due today.
        case("2026-11-19", "无人", ""),
    ]);
    let (status, items) = s.due_json(&["--mine"]);
    assert_eq!(status, 3, "only my case counts: due soon, nothing overdue");
    assert_eq!(
        summary(&items),
        [row("2026-0002", "review", "2026-11-27", 1, "soon")]
    );
    assert_eq!(items[0]["holder"], me.as_str());

    let (status, items) = s.due_json(&[]);
    assert_eq!((status, items.len()), (4, 3), "without --mine: everyone's");

    let out = s.run(&["due", "--login", "--mine"]);
    assert_eq!(code(&out), 3);
    let text = stdout(&out);
    assert!(text.contains("2026-0002"), "{text}");
    assert!(
        !text.contains("2026-0001") && !text.contains("2026-0003"),
        "{text}"
    );
    assert!(text.starts_with("docket: 0 overdue, 0 due today, 1 due within 3 days"));

    // Nothing of mine due: silence, even though others have deadlines.
    let s = Store::new();
    s.import(&[case(
        "2026-11-16",
        "别人",
        r#","caseworker":"someone_else""#,
    )]);
    let out = s.run(&["due", "--login", "--mine"]);
    assert_eq!((code(&out), stdout(&out)), (0, String::new()));
    assert_eq!(code(&s.run(&["due", "--login"])), 4);
}

#[test]
fn closed_cases_have_no_deadlines() {
    // Each would have an overdue review, a grant or a file due, and a
    // matter date due tomorrow, were it open.
    let lines = |status: &str| {
        let steps = match status {
            "denied" | "granted" => r#","decided":"2026-11-18""#,
            "withdrawn" => r#","documents_requested":"2026-11-17","documents_due":"2026-11-27""#,
            "terminated" => r#","decided":"2026-11-18","assigned":"2026-11-19""#,
            "archived" => {
                r#","decided":"2026-09-03","assigned":"2026-09-04","concluded":"2026-11-02","file_submitted":"2026-11-06","archived":"2026-11-20""#
            }
            other => panic!("{other}"),
        };
        let received = if status == "archived" {
            "2026-09-01"
        } else {
            "2026-11-16"
        };
        case(
            received,
            status,
            &format!(
                r#","status":"{status}"{steps},"deadlines":[{{"date":"2026-11-27","label":"开庭"}}]"#
            ),
        )
    };
    let s = Store::new();
    s.import(&[
        lines("denied"),
        lines("withdrawn"),
        lines("terminated"),
        lines("archived"),
        lines("granted"), // the control: open
    ]);
    let (status, items) = s.due_json(&["--within", "60"]);
    assert_eq!(status, 4, "the control's assignment is overdue");
    let cases: Vec<&str> = items
        .iter()
        .map(|i| i["case_no"].as_str().unwrap())
        .collect();
    assert_eq!(cases, ["2026-0005", "2026-0005"], "only the granted case");
    for no in ["2026-0001", "2026-0002", "2026-0003", "2026-0004"] {
        let text = s.show_at(TODAY, no);
        assert!(
            text.contains("Open deadlines\n  none\n"),
            "{no} has open deadlines:\n{text}"
        );
    }

    // Still none once the policy changes and every deadline is recomputed.
    let policy = s.file("policy.toml", "warning_days = 60\nclock_stop = false\n");
    let out = s.run(&["policy", "import", policy.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (_, items) = s.due_json(&[]);
    let cases: Vec<&str> = items
        .iter()
        .map(|i| i["case_no"].as_str().unwrap())
        .collect();
    assert_eq!(cases, ["2026-0005", "2026-0005"]);

    // Nor does a closed store make `--login` speak.
    let s = Store::new();
    s.import(&[lines("denied"), lines("archived")]);
    let out = s.run(&["due", "--login"]);
    assert_eq!((code(&out), stdout(&out)), (0, String::new()));
}

#[test]
fn national_day_example_and_working_days_policy() {
    let s = Store::new();
    s.import(&[case("2026-09-28", "国庆", "")]);

    // Calendar days: 10-05 is a day off (and 10-06, 10-07), so 10-08.
    let (status, items) = s.due_json(&["--within", "0"]);
    assert_eq!(status, 4);
    assert_eq!(
        summary(&items),
        [row("2026-0001", "review", "2026-10-08", -49, "overdue")]
    );
    assert!(
        s.show_at(TODAY, "2026-0001")
            .contains("2026-10-08  review decision")
    );

    // A bad policy file is refused with its line and what is allowed, and
    // nothing changes.
    let before = stdout(&s.run(&["policy", "show"]));
    let bad = s.file(
        "bad.toml",
        "# our center\nreview_days = 7\ncounting = \"weekly\"\n",
    );
    let out = s.run(&["policy", "import", bad.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("\"weekly\""), "{err}");
    assert!(
        err.contains(r#"allowed: "calendar_days" or "working_days""#),
        "{err}"
    );
    assert!(err.contains("the policy was not changed"), "{err}");

    let bad = s.file("bad2.toml", "review_days = 7\n\nwarning_days = -1\n");
    let out = s.run(&["policy", "import", bad.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("warning_days"), "{err}");
    assert!(err.contains("from 0 to 365"), "{err}");

    let bad = s.file("bad3.toml", "reveiw_days = 7\n");
    let out = s.run(&["policy", "import", bad.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("line 1") && err.contains("reveiw_days"),
        "{err}"
    );
    assert!(err.contains("review_days"), "names the allowed keys: {err}");

    assert_eq!(stdout(&s.run(&["policy", "show"])), before, "unchanged");
    let (_, items) = s.due_json(&["--within", "0"]);
    assert_eq!(items[0]["due"], "2026-10-08");

    // Working days: 09-29, 09-30, 10-08, 10-09, 10-10 (a make-up Saturday),
    // 10-12, 10-13.
    let good = s.file(
        "policy.toml",
        "# count working days, as the 2012 rules did\ncounting = \"working_days\"\n",
    );
    let out = s.run(&["policy", "import", good.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (status, items) = s.due_json(&["--within", "0"]);
    assert_eq!(status, 4);
    assert_eq!(
        summary(&items),
        [row("2026-0001", "review", "2026-10-13", -44, "overdue")]
    );
    assert!(
        s.show_at(TODAY, "2026-0001")
            .contains("2026-10-13  review decision")
    );
    let shown = stdout(&s.run(&["policy", "show"]));
    assert!(shown.contains("counting = \"working_days\"\n"), "{shown}");
    assert!(shown.contains("review_days = 7\n"), "{shown}");

    // What `policy show` prints imports as it is.
    let again = s.file("again.toml", &shown);
    let out = s.run(&["policy", "import", again.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&s.run(&["policy", "show"])), shown);
}

#[test]
fn policy_show_is_commented_toml_with_every_key() {
    let s = Store::new();
    let out = s.run(&["policy", "show"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let table: toml::Table = text.parse().expect("valid TOML");
    for (key, value) in [
        ("review_days", "7"),
        ("assign_after_grant_days", "3"),
        ("assign_on_notice_days", "3"),
        ("agreement_days", "5"),
        ("objection_days", "5"),
        ("case_file_days", "30"),
        ("file_review_days", "30"),
        ("emergency_days", "7"),
        ("warning_days", "3"),
        ("supplement_days", "15"),
        ("counting", "\"calendar_days\""),
        ("clock_stop", "true"),
        ("self_approval", "false"),
        ("center_name", "\"\""),
        ("cases_per_year", "120"),
        ("workstation_share_percent", "40"),
        ("half_year_from", "1"),
    ] {
        assert!(table.contains_key(key), "{key}");
        assert!(
            text.contains(&format!("\n{key} = {value}\n")),
            "{key}: {text}"
        );
    }
    // The rate tables and the peer review's rules replaced the amounts by kind.
    assert!(table.contains_key("subsidy_rates") && table.contains_key("quality"));
    assert!(!table.contains_key("subsidy_standards"));
    assert_eq!(table.len(), 23);
    assert!(text.contains("# Days to decide on an application (Legal Aid Law Art. 43"));
}

/// A made-up schedule for 2027 in the shape of the State Council's notice
/// (test data, not the real notice).
const CALENDAR_2027: &str = "\
# 2027 (test data in the shape of the State Council notice)
[years.2027]
off = [
  2027-01-01, 2027-01-02, 2027-01-03,  # 元旦
  2027-02-05, 2027-02-06, 2027-02-07, 2027-02-08, 2027-02-09,
  2027-02-10, 2027-02-11, 2027-02-12, 2027-02-13,  # 春节
  2027-04-03, 2027-04-04, 2027-04-05,  # 清明节
  2027-05-01, 2027-05-02, 2027-05-03, 2027-05-04, 2027-05-05,  # 劳动节
  2027-06-09,  # 端午节
  2027-09-15,  # 中秋节
  2027-10-01, 2027-10-02, 2027-10-03, 2027-10-04,
  2027-10-05, 2027-10-06, 2027-10-07,  # 国庆节
]
work = [
  2027-01-31, 2027-02-20,  # 春节
  2027-04-25, 2027-05-08,  # 劳动节
  2027-09-26, 2027-10-09,  # 国庆节
]
";

#[test]
fn calendar_show_and_import_of_next_year() {
    let s = Store::new();
    let out = s.run(&["calendar", "show", "2026"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("[years.2026]"), "{text}");
    assert!(text.contains("2026-10-05"), "National Day: {text}");
    assert!(text.contains("2026-10-10"), "the make-up Saturday: {text}");
    assert!(!text.contains("[years.2025]"), "one year only");
    let all = stdout(&s.run(&["calendar", "show"]));
    for y in ["[years.2024]", "[years.2025]", "[years.2026]"] {
        assert!(all.contains(y), "{y}");
    }

    let out = s.run(&["calendar", "show", "2027"]);
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("no data for 2027"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("calendar import"), "{}", stderr(&out));

    // Received Friday 2026-12-25: 7 days on is Friday 2027-01-01, a working
    // day as far as docket knows, and it says it does not know.
    let today = "2026-12-30";
    s.import_at(today, &[case("2026-12-25", "元旦", "")]);
    let (status, items) = s.due_json_at(today, &[]);
    assert_eq!(status, 3);
    assert_eq!(
        summary(&items),
        [row("2026-0001", "review", "2027-01-01", 2, "soon")]
    );
    assert_eq!(
        items[0]["calendar_missing_years"],
        serde_json::json!([2027])
    );
    let text = stdout(&s.run_at(today, &["due"]));
    assert!(
        text.contains("! no holiday data for 2027: counted weekends only"),
        "{text}"
    );
    let login = stdout(&s.run_at(today, &["due", "--login"]));
    assert!(login.contains("no holiday data for 2027"), "{login}");
    let shown = s.show_at(today, "2026-0001");
    assert!(shown.contains("! no holiday data for 2027"), "{shown}");

    // A bad file is refused with its line; nothing changes.
    let bad = s.file(
        "bad.toml",
        "[years.2027]\noff = [2027-01-01]\nwork = [2027-01-04]\n",
    );
    let out = s.run_at(today, &["calendar", "import", bad.to_str().unwrap()]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("Saturdays or Sundays"), "{err}");
    assert!(err.contains("the calendar was not changed"), "{err}");
    assert_eq!(code(&s.run(&["calendar", "show", "2027"])), 1);

    // Next year's notice: 01-01 to 01-03 are days off, so Monday 01-04.
    let file = s.file("cn-2027.toml", CALENDAR_2027);
    let out = s.run_at(today, &["calendar", "import", file.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("2027"), "{}", stdout(&out));
    let (status, items) = s.due_json_at(today, &["--within", "10"]);
    assert_eq!(status, 3);
    assert_eq!(
        summary(&items),
        [row("2026-0001", "review", "2027-01-04", 5, "soon")]
    );
    assert_eq!(items[0]["calendar_missing_years"], serde_json::json!([]));
    let text = stdout(&s.run_at(today, &["due", "--within", "10"]));
    assert!(!text.contains("no holiday data"), "{text}");
    let shown = s.show_at(today, "2026-0001");
    assert!(!shown.contains("no holiday data"), "{shown}");
    assert!(shown.contains("2027-01-04  review decision"), "{shown}");

    let out = s.run(&["calendar", "show", "2027"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("[years.2027]") && text.contains("2027-10-09"),
        "{text}"
    );
    assert!(!text.contains("[years.2026]"));
    // What `calendar show` prints imports again.
    let again = s.file("again.toml", &text);
    let out = s.run(&["calendar", "import", again.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&s.run(&["calendar", "show", "2027"])), text);
}

#[test]
fn an_uncovered_year_is_said_wherever_the_deadline_is_shown() {
    let today = "2030-06-01"; // a Saturday
    let s = Store::new();
    s.import_at(today, &[case("2030-05-28", "未来", "")]);

    let out = s.run_at(today, &["due"]);
    assert_eq!(code(&out), 3);
    let text = stdout(&out);
    assert!(
        text.starts_with("! no holiday data for 2030: counted weekends only\n"),
        "{text}"
    );
    assert!(
        text.contains("2030-0001") && text.contains("2030-06-04"),
        "{text}"
    );

    let (_, items) = s.due_json_at(today, &[]);
    assert_eq!(
        summary(&items),
        [row("2030-0001", "review", "2030-06-04", 3, "soon")]
    );
    assert_eq!(
        items[0]["calendar_missing_years"],
        serde_json::json!([2030])
    );

    let login = stdout(&s.run_at(today, &["due", "--login"]));
    assert!(
        login.starts_with("docket: no holiday data for 2030"),
        "{login}"
    );
    assert!(login.lines().count() <= 5, "{login}");

    let shown = s.show_at(today, "2030-0001");
    assert!(shown.contains("2030-06-04  review decision"), "{shown}");
    assert!(
        shown.contains("! no holiday data for 2030: counted weekends only"),
        "{shown}"
    );

    let out = s.run_at(today, &["show", "2030-0001", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["open_deadlines"][0]["calendar_missing_years"],
        serde_json::json!([2030])
    );
}

#[test]
fn deadline_add_then_done() {
    let s = Store::new();
    s.import(&[case("2026-11-25", "丁", "")]); // review 12-02: not yet
    assert_eq!(code(&s.run(&["due"])), 0);

    let out = s.run(&[
        "deadline",
        "add",
        "2026-0001",
        "--date",
        "2026-11-28",
        "--label",
        "开庭",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("#1"), "{}", stdout(&out));
    let (status, items) = s.due_json(&[]);
    assert_eq!(status, 3);
    assert_eq!(
        summary(&items),
        [row("2026-0001", "matter", "2026-11-28", 2, "soon")]
    );
    assert_eq!(items[0]["label"], "开庭");
    assert_eq!(items[0]["basis"], "entered by the caseworker");
    assert!(stdout(&s.run(&["due"])).contains("开庭"));

    // A second, overdue one.
    let out = s.run(&[
        "deadline",
        "add",
        "2026-0001",
        "--date",
        "2026-11-20",
        "--label",
        "举证期限",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("#2"), "{}", stdout(&out));
    let (status, items) = s.due_json(&[]);
    assert_eq!(status, 4);
    assert_eq!(
        summary(&items),
        [
            row("2026-0001", "matter", "2026-11-20", -6, "overdue"),
            row("2026-0001", "matter", "2026-11-28", 2, "soon"),
        ]
    );

    let out = s.run(&["deadline", "done", "2026-0001", "2"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (status, items) = s.due_json(&[]);
    assert_eq!((status, items.len()), (3, 1));
    assert_eq!(items[0]["label"], "开庭");

    let out = s.run(&["deadline", "done", "2026-0001", "1"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let out = s.run(&["due"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out).trim(), "Nothing due within 3 days.");
    assert_eq!(stdout(&s.run(&["due", "--login"])), "");

    // Done dates stay on the case.
    let shown = s.show_at(TODAY, "2026-0001");
    assert!(
        shown.contains("#1 2026-11-28  开庭  (done 2026-11-26)"),
        "{shown}"
    );

    // Errors: done twice, an unknown id, an unknown case, a bad date.
    let out = s.run(&["deadline", "done", "2026-0001", "1"]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("already done"), "{}", stderr(&out));
    assert_eq!(code(&s.run(&["deadline", "done", "2026-0001", "9"])), 1);
    let out = s.run(&[
        "deadline",
        "add",
        "2026-0099",
        "--date",
        "2026-12-01",
        "--label",
        "x",
    ]);
    assert_eq!(code(&out), 1);
    let out = s.run(&[
        "deadline",
        "add",
        "2026-0001",
        "--date",
        "2026-12-32",
        "--label",
        "x",
    ]);
    assert_eq!(code(&out), 2, "a bad date is a usage error");
    let out = s.run(&[
        "deadline",
        "add",
        "2026-0001",
        "--date",
        "2026-12-01",
        "--label",
        " ",
    ]);
    assert_eq!(code(&out), 1);
}

#[test]
fn imported_deadlines_feed_due() {
    let s = Store::new();
    s.import(&[case(
        "2026-11-25",
        "庚",
        r#","deadlines":[{"date":"2026-11-27","label":"仲裁时效届满"},{"date":"2026-11-24","label":"开庭","done":"2026-11-24"},{"date":"2027-03-01","label":"上诉期限"}]"#,
    )]);
    let (status, items) = s.due_json(&[]);
    assert_eq!(status, 3, "the done one is not overdue");
    assert_eq!(
        summary(&items),
        [row("2026-0001", "matter", "2026-11-27", 1, "soon")]
    );
    assert_eq!(items[0]["label"], "仲裁时效届满");

    // A date in a year the calendar does not cover is entered, not
    // computed: no warning for it.
    let (_, items) = s.due_json(&["--within", "100"]);
    let last = items.last().unwrap();
    assert_eq!(last["label"], "上诉期限");
    assert_eq!(last["days_left"], 95);

    // The next id follows the imported ones.
    let out = s.run(&[
        "deadline",
        "add",
        "2026-0001",
        "--date",
        "2026-11-29",
        "--label",
        "开庭",
    ]);
    assert!(stdout(&out).contains("#4"), "{}", stdout(&out));
    let out = s.run(&["deadline", "done", "2026-0001", "1"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (status, items) = s.due_json(&[]);
    assert_eq!(status, 3);
    assert_eq!(
        summary(&items),
        [row("2026-0001", "matter", "2026-11-29", 3, "soon")]
    );
}

#[test]
fn the_clock_stops_while_documents_are_awaited() {
    let s = Store::new();
    s.import(&[
        // Documents asked for on 11-12, due 11-27, not yet in: the review
        // clock stands still; only the supplement date is open.
        case(
            "2026-11-10",
            "等材料",
            r#","status":"awaiting_documents","documents_requested":"2026-11-12","documents_due":"2026-11-27""#,
        ),
        // Documents in on 11-20: 8 days stopped, review 11-17 + 8 = 11-25.
        case(
            "2026-11-10",
            "已补正",
            r#","documents_requested":"2026-11-12","documents_due":"2026-11-27","documents_received":"2026-11-20""#,
        ),
    ]);
    let (status, items) = s.due_json(&[]);
    assert_eq!(status, 4);
    assert_eq!(
        summary(&items),
        [
            row("2026-0002", "review", "2026-11-25", -1, "overdue"),
            row("2026-0001", "supplement", "2026-11-27", 1, "soon"),
        ]
    );
    assert!(
        items[1]["basis"].as_str().unwrap().contains("Art. 43"),
        "{}",
        items[1]
    );
    let (_, all) = s.due_json(&["--within", "365"]);
    assert!(
        !all.iter()
            .any(|i| i["case_no"] == "2026-0001" && i["deadline"] == "review"),
        "no review while the clock is stopped: {all:?}"
    );

    // Without the clock stop both reviews run from receipt: 11-17.
    let policy = s.file("policy.toml", "clock_stop = false\n");
    let out = s.run(&["policy", "import", policy.to_str().unwrap()]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let (_, items) = s.due_json(&[]);
    assert_eq!(
        summary(&items),
        [
            row("2026-0001", "review", "2026-11-17", -9, "overdue"),
            row("2026-0002", "review", "2026-11-17", -9, "overdue"),
            row("2026-0001", "supplement", "2026-11-27", 1, "soon"),
        ]
    );
}

#[test]
fn in_december_login_says_next_years_calendar_is_missing_and_how_to_import_it() {
    let s = Store::new();
    let out = s.run_at("2026-12-01", &["due", "--login"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("2027") && text.contains("docket calendar import"),
        "{text}"
    );
    // Not before December.
    let out = s.run_at("2026-11-30", &["due", "--login"]);
    assert_eq!(stdout(&out), "");
    // A year without its public holidays is no calendar: refused, and the
    // warning stays.
    let file = s.dir().with_extension("2027.toml");
    std::fs::write(&file, "[years.2027]\n").unwrap();
    let out = s.run_at(
        "2026-12-01",
        &["calendar", "import", file.to_str().unwrap()],
    );
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("public holidays"), "{}", stderr(&out));
    assert!(stdout(&s.run_at("2026-12-01", &["due", "--login"])).contains("2027"));
    // The year's schedule: the warning goes.
    std::fs::write(
        &file,
        "[years.2027]\noff = [2027-01-01, 2027-05-01, 2027-10-01, 2027-10-02, 2027-10-03]\n",
    )
    .unwrap();
    let out = s.run_at(
        "2026-12-01",
        &["calendar", "import", file.to_str().unwrap()],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&s.run_at("2026-12-01", &["due", "--login"])), "");
}
