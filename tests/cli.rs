//! The real binary against a real store in a temporary directory.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

const TODAY: &str = "2026-11-26";

fn docket(store: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--store")
        .arg(store)
        .args(["--today", TODAY, "--lang", "en"])
        .args(args)
        .env_remove("DOCKET_STORE")
        .env_remove("DOCKET_TODAY")
        .output()
        .expect("the docket binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &TempDir, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const TWO_CASES: &str = r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"workstation","station":"响石岭街道司法所","applicant":{"name":"张三丰","id_number":"11010519491231002x","phone":"13800000000","groups":["migrant_worker"]},"adverse_party":"株洲市某建筑工程有限公司","summary":"被拖欠工资约8600元。","caseworker":"liwei","deadlines":[{"date":"2026-12-20","label":"仲裁时效届满"}]}
{"received":"2026-11-24","kind":"criminal","matter":"defense","channel":"notified","applicant":{"name":"李四","id_number":"440524188001010014"}}
"#;

#[test]
fn import_then_show_and_export() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let file = write(&tmp, "cases.jsonl", TWO_CASES);
    let out = docket(&store, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("imported 2 cases (2026-0001 … 2026-0002)"));

    let out = docket(&store, &["show", "2026-0001"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    for expected in [
        "Case 2026-0001  civil · unpaid wages · received",
        "张三丰  female, 1949-12-31 (age 76)",
        "1101**********002X",
        "2026-11-27  review decision",
        "created (import)",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(
        !text.contains("11010519491231002X"),
        "the ID number is masked"
    );

    let out = docket(&store, &["show", "2026-0001", "--json", "--reveal"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["applicant"]["id_number"], "11010519491231002X");
    assert_eq!(v["open_deadlines"][0]["deadline"], "review");
    assert_eq!(
        v["open_deadlines"][0]["basis"]
            .as_str()
            .map(|b| b.contains("43")),
        Some(true)
    );

    let out = docket(&store, &["export"]);
    assert!(out.status.success());
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains(r#""case_no":"2026-0001""#));
}

/// Issue 15, part 4: what is wrong with an import file is said in the
/// reader's language, line by line, each reason worded by the catalog.
#[test]
fn import_problems_are_worded_in_the_readers_language() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let text = [
        r#"{"received":"2026-02-30","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"a","phone":"abc"}}"#,
        r#"{"received":"2026-11-02","kind":"criminal","matter":"wages","channel":"walk_in","applicant":{"name":"b","id_number":"110105194912310021"}}"#,
    ]
    .join("\n");
    let file = write(&tmp, "bad.jsonl", &text);
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--store")
        .arg(&store)
        .args(["--today", TODAY, "--lang", "zh-Hans", "import"])
        .arg(&file)
        .env_remove("DOCKET_STORE")
        .env_remove("DOCKET_TODAY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for said in [
        "发现 4 处问题，未导入任何内容",
        "第 1 行：received: 2026-02-30 不是真实存在的日期",
        "第 1 行：applicant.phone: “abc”不是电话号码",
        "第 2 行：matter: 案由“劳动报酬”不属于“刑事”类案件（属于民事、劳动仲裁、申诉）",
        "第 2 行：applicant.id_number: 校验码应为 X，而不是 1",
    ] {
        assert!(err.contains(said), "{said} in {err}");
    }
    assert!(!store.join("db").exists() || stdout(&docket(&store, &["export"])).is_empty());
}

#[test]
fn three_bad_lines_are_reported_and_nothing_is_imported() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let good = TWO_CASES.lines().next().unwrap();
    let text = [
        good,
        r#"{"received":"2026-02-30","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"a"}}"#,
        good,
        r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"b","id_number":"110105194912310021"}}"#,
        r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"fax","applicant":{"name":"c"}}"#,
    ]
    .join("\n");
    let file = write(&tmp, "bad.jsonl", &text);
    let out = docket(&store, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("3 problems found; nothing was imported"),
        "{err}"
    );
    assert!(
        err.contains("line 2: received: 2026-02-30 is not a real date"),
        "{err}"
    );
    assert!(
        err.contains("line 4: applicant.id_number: the check character"),
        "{err}"
    );
    assert!(
        err.contains("line 5: channel: 'fax' is not one of"),
        "{err}"
    );
    let out = docket(&store, &["export"]);
    assert_eq!(stdout(&out), "", "nothing was imported");
}

#[test]
fn import_reads_standard_input() {
    use std::io::Write;
    use std::process::Stdio;
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args([
            "--store",
            store.to_str().unwrap(),
            "--today",
            TODAY,
            "import",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(TWO_CASES.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(stdout(&out).contains("imported 2 cases"));
}

#[test]
fn export_then_import_into_an_empty_store_gives_the_same_store() {
    let tmp = TempDir::new().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    // Over 1,000 cases: both stores keep their indexes in runs (bulk imports).
    assert!(
        docket(&a, &["demo", "--cases", "1200", "--seed", "7"])
            .status
            .success()
    );
    assert!(
        docket(
            &a,
            &[
                "deadline",
                "add",
                "2026-0001",
                "--date",
                "2026-12-01",
                "--label",
                "开庭"
            ]
        )
        .status
        .success()
    );
    let exported = docket(&a, &["export"]);
    let file = write(&tmp, "export.jsonl", &stdout(&exported));
    let out = docket(&b, &["import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = docket(&b, &["export"]);
    assert_eq!(strip_seq(&stdout(&exported)), strip_seq(&stdout(&again)));
}

/// Event sequence numbers are store-wide; per case the order is what counts.
fn strip_seq(jsonl: &str) -> Vec<serde_json::Value> {
    jsonl
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            for e in v["history"].as_array_mut().into_iter().flatten() {
                e.as_object_mut().unwrap().remove("seq");
            }
            v
        })
        .collect()
}

#[test]
fn demo_is_the_same_for_the_same_seed() {
    let tmp = TempDir::new().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    for s in [&a, &b] {
        let out = docket(s, &["demo", "--cases", "200", "--seed", "42"]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let cases = |s: &Path| {
        let v = strip_seq(&stdout(&docket(s, &["export"])));
        // The creation time differs between runs; the cases must not.
        v.into_iter()
            .map(|mut c| {
                c.as_object_mut().unwrap().remove("history");
                c
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(cases(&a), cases(&b));
}

#[test]
fn unknown_case_and_bad_number_are_clear_errors() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let file = write(&tmp, "none.jsonl", "");
    assert!(
        docket(&store, &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    let out = docket(&store, &["show", "2026-0099"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("docket: no case 2026-0099"),
        "{}",
        stderr(&out)
    );
    let out = docket(&store, &["show", "26-1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("is not a case number"),
        "{}",
        stderr(&out)
    );
    let out = docket(&store, &["--today", "2026-02-30", "due"]);
    assert_eq!(out.status.code(), Some(2), "a usage error");
}

#[test]
fn the_store_directory_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let file = write(&tmp, "none.jsonl", "");
    assert!(
        docket(&store, &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    let mode = std::fs::metadata(&store).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
}

#[test]
fn help_lists_every_command_and_exit_codes() {
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--help")
        .output()
        .unwrap();
    let text = stdout(&out);
    for cmd in [
        "import", "export", "show", "demo", "due", "deadline", "policy", "calendar",
    ] {
        assert!(text.contains(cmd), "{cmd} missing from --help");
    }
    assert!(text.contains("Exit status"));
}

#[test]
fn a_domestic_violence_victims_address_is_shown_only_when_asked() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("store");
    let file = write(
        &tmp,
        "dv.jsonl",
        r#"{"received":"2026-11-20","kind":"civil","matter":"domestic_violence","channel":"walk_in","applicant":{"name":"刘芳","address":"石峰区某小区3栋","groups":["domestic_violence_victim"]}}"#,
    );
    assert!(
        docket(&store, &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    let text = stdout(&docket(&store, &["show", "2026-0001"]));
    assert!(!text.contains("某小区"), "{text}");
    assert!(text.contains("hidden"), "{text}");
    let v: serde_json::Value =
        serde_json::from_slice(&docket(&store, &["show", "2026-0001", "--json"]).stdout).unwrap();
    assert!(v["applicant"]["address"].is_null());
    assert_eq!(v["applicant"]["address_hidden"], true);
    let text = stdout(&docket(&store, &["show", "2026-0001", "--reveal"]));
    assert!(text.contains("石峰区某小区3栋"), "{text}");
}

#[test]
fn whatever_a_command_accepts_the_export_imports_again() {
    let tmp = TempDir::new().unwrap();
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    let line = r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三","phone":"１３８ ００００ １２３４"}}"#;
    let file = write(&tmp, "one.jsonl", line);
    let ok = |store: &Path, args: &[&str]| {
        let out = docket(store, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    ok(&a, &["import", file.to_str().unwrap()]);
    // A tab typed or pasted into a note, a reason and a label.
    ok(
        &a,
        &[
            "handle",
            "note",
            "2026-0001",
            "已电话联系\t申请人补交工资条",
        ],
    );
    ok(
        &a,
        &[
            "deadline",
            "add",
            "2026-0001",
            "--date",
            "2026-12-20",
            "--label",
            "开庭\t第一次",
        ],
    );
    ok(&a, &["withdraw", "2026-0001", "--reason", "申请人\t撤回"]);
    let exported = ok(&a, &["export"]);
    assert!(
        exported.contains("已电话联系 申请人补交工资条"),
        "{exported}"
    );
    assert!(exported.contains("138 0000 1234"), "{exported}");
    let file = write(&tmp, "export.jsonl", &exported);
    ok(&b, &["import", file.to_str().unwrap()]);
    assert_eq!(strip_seq(&ok(&b, &["export"])), strip_seq(&exported));
    // A control character is refused with what and where, and nothing is written.
    let out = docket(&a, &["handle", "note", "2026-0001", "a\u{1b}[31m"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("U+001B"), "{}", stderr(&out));
}

#[test]
fn a_read_only_command_never_creates_a_store() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("nowhere");
    for args in [
        &["due", "--login", "--mine"][..],
        &["due"],
        &["show", "2026-0001"],
        &["find", "张三"],
        &["export"],
        &["policy", "show"],
        &["calendar", "show"],
        &["handle", "note", "2026-0001", "x"],
    ] {
        let out = docket(&store, args);
        assert_eq!(out.status.code(), Some(5), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(
            err.contains(store.to_str().unwrap()) && err.contains("DOCKET_STORE"),
            "{err}"
        );
        assert!(!store.exists(), "{args:?} created {}", store.display());
    }
    // The login check says it in the reader's language.
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--store")
        .arg(&store)
        .args(["--lang", "zh-Hans", "due", "--login"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(stderr(&out).contains("DOCKET_STORE") && stderr(&out).contains("数据库"));
}

#[test]
fn absurd_dates_and_lengths_are_refused_and_nothing_is_written() {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("s");
    let line = r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三"}}"#;
    let file = write(&tmp, "one.jsonl", line);
    assert!(
        docket(&store, &["import", file.to_str().unwrap()])
            .status
            .success()
    );
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .arg("--store")
        .arg(&store)
        .args(["due"])
        .env("DOCKET_TODAY", "9999-12-31")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("outside 1949-10-01 to 2100-12-31"));
    let out = docket(
        &store,
        &[
            "deadline",
            "add",
            "2026-0001",
            "--date",
            "9999-01-01",
            "--label",
            "开庭",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let bad = r#"{"received":"0001-01-01","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"李四"}}"#;
    let file = write(&tmp, "bad.jsonl", bad);
    let out = docket(&store, &["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("received: 0001-01-01 is outside"),
        "{}",
        stderr(&out)
    );
    let long = "记".repeat(30_000);
    let out = docket(&store, &["handle", "note", "2026-0001", &long]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("30000 characters long"),
        "{}",
        stderr(&out)
    );
    let exported = stdout(&docket(&store, &["export"]));
    assert_eq!(exported.lines().count(), 1);
    assert!(!exported.contains("记记"));
}

/// A small filesystem of its own (tmpfs), unmounted when dropped; None
/// where the test may not mount (not root).
struct SmallDisk {
    dir: std::path::PathBuf,
    _tmp: TempDir,
}

impl SmallDisk {
    fn mount(mb: u32) -> Option<SmallDisk> {
        let tmp = TempDir::new().unwrap();
        let dir = tmp.path().join("disk");
        std::fs::create_dir(&dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(SmallDisk { dir, _tmp: tmp })
    }

    fn grow(&self, mb: u32) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={mb}m")])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(ok.success());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let store = self.dir.join("s");
        let _ = Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--store")
            .arg(&store)
            .args(["status"])
            .output();
        // Stop the store's server, then let the disk go.
        let _ = Command::new("pkill")
            .args(["-f", &format!("{} serve", store.display())])
            .status();
        std::thread::sleep(std::time::Duration::from_millis(300));
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
    }
}

#[test]
fn a_full_disk_refuses_a_change_before_writing_and_reads_go_on() {
    let Some(disk) = SmallDisk::mount(40) else {
        eprintln!("skipped: this test mounts a small tmpfs, which needs root");
        return;
    };
    let store = disk.dir.join("s");
    let count = |store: &Path| stdout(&docket(store, &["export"])).lines().count();
    let mut stored = 0;
    let mut refused = None;
    for seed in 1..=12 {
        let out = docket(
            &store,
            &["demo", "--cases", "1000", "--seed", &seed.to_string()],
        );
        if out.status.success() {
            stored += 1000;
        } else {
            refused = Some(stderr(&out));
            break;
        }
    }
    let refused = refused.expect("the disk fills up");
    assert!(
        refused.contains("nearly full") && refused.contains("nothing was written"),
        "{refused}"
    );
    // Nothing of the refused change is visible; reading goes on.
    assert_eq!(count(&store), stored);
    assert!(stdout(&docket(&store, &["show", "2026-0001"])).contains("Case 2026-0001"));
    assert_eq!(docket(&store, &["check"]).status.code(), Some(0));
    // Space returns: so do changes, without restarting anything.
    disk.grow(120);
    let out = docket(&store, &["demo", "--cases", "1000", "--seed", "99"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(count(&store), stored + 1000);
}
