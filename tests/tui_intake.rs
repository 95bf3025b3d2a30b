//! Registering applications in the real binary, in a pseudo-terminal: a
//! Chinese name typed as UTF-8, the case number in the status bar, finding
//! it again with `/`; the draft that survives a SIGKILL mid-form; a
//! duplicate shown before saving.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::pty::{Tui, demo_store};
use tempfile::TempDir;

const TAB: &str = "\t";
const CTRL_S: &str = "\x13";
const ENTER: &str = "\r";

fn store_with_demo(cases: usize) -> (TempDir, String) {
    let tmp = TempDir::new().unwrap();
    let store = tmp.path().join("s");
    demo_store(&store, cases);
    let s = store.to_str().unwrap().to_string();
    (tmp, s)
}

fn open(store: &str) -> Tui {
    Tui::start(
        &["--store", store, "--today", "2026-11-26", "--lang", "en"],
        &[],
        120,
        40,
    )
}

/// The case number after `marker` on the screen ("Registered 2026-0051").
fn case_after(screen: &str, marker: &str) -> String {
    let at = screen.find(marker).expect("the marker is on screen") + marker.len();
    screen[at..].chars().take(9).collect()
}

/// `docket show CASE --json` of the store.
fn shown(store: &str, no: &str) -> serde_json::Value {
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["--store", store, "show", no, "--json"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Types text one key at a time, as a person (or an input method) would.
fn type_slowly(t: &mut Tui, text: &str) {
    for c in text.chars() {
        t.send(&c.to_string());
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn register_a_chinese_name_and_find_it_by_pinyin_initials() {
    let (_tmp, store) = store_with_demo(60);
    let mut t = open(&store);
    t.wait_for("Intake queue");
    t.send("n");
    t.wait_for("New application");
    // The name arrives as UTF-8 bytes, as an input method sends it.
    t.send("欧阳秀英英");
    t.wait_for("欧阳秀英英");
    // Backspace deletes one character, not one byte.
    t.send("\x7f");
    t.wait_gone("秀英英");
    t.wait_for("欧阳秀英");
    t.send(TAB);
    type_slowly(&mut t, "430204199001011236");
    // A valid number fills in the person at once.
    t.wait_for("male, born 1990-01-01, age 36");
    t.send(CTRL_S);
    let s = t.wait_for("Registered 2026-");
    let no = case_after(&s, "Registered ");
    assert!(no.starts_with("2026-"), "{no:?} in\n{s}");
    t.wait_gone("New application");
    // The new case is in the queue, and `/` finds it by its initials.
    t.send("/");
    type_slowly(&mut t, "oyxy");
    t.send(ENTER);
    let s = t.wait_for("Search: oyxy");
    let s = if s.contains(&no) { s } else { t.wait_for(&no) };
    assert!(s.contains("欧阳秀英"), "{s}");
    // Enter opens it: the record as registered.
    t.send(ENTER);
    let s = t.wait_for(&format!("Case {no}"));
    assert!(s.contains("created (register)"), "{s}");
    assert!(s.contains("4302**********1236"), "{s}");
    t.send("\x1b");
    t.wait_gone(&format!("Case {no}"));
    t.send("\x1b");
    t.wait_gone("Search: oyxy");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn a_draft_survives_a_kill_and_is_offered_back() {
    let (_tmp, store) = store_with_demo(30);
    let mut t = open(&store);
    t.wait_for("Intake queue");
    t.send("n");
    t.wait_for("New application");
    t.send("司马懿");
    t.send(TAB);
    type_slowly(&mut t, "43020419900101");
    // Each change is saved before the screen shows it.
    t.wait_for("14 of 18 characters");
    // SAFETY: signalling our own child.
    unsafe { libc::kill(t.pid(), libc::SIGKILL) };
    assert!(t.wait_exit(Duration::from_secs(5)).is_some());
    drop(t);

    let mut t = open(&store);
    let s = t.wait_for("A draft from before");
    assert!(s.contains("司马懿"), "{s}");
    t.send("r");
    let s = t.wait_for("New application");
    assert!(s.contains("司马懿") && s.contains("43020419900101"), "{s}");
    // The focus is back where it was: typing goes on in the ID number.
    type_slowly(&mut t, "0225");
    t.wait_for("female, born 1990-01-01");
    // Esc asks; discarding removes the draft for good.
    t.send("\x1b");
    t.wait_for("Keep what was typed");
    t.send("d");
    t.wait_for("Draft discarded");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
    let mut t = open(&store);
    t.wait_for("Intake queue");
    std::thread::sleep(Duration::from_millis(300));
    assert!(!t.screen().contains("A draft from before"));
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
}

#[test]
fn a_duplicate_is_shown_before_saving() {
    let (_tmp, store) = store_with_demo(30);
    // An existing application with a known ID number.
    let mut child = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["--store", &store, "--today", "2026-11-26", "register", "-"])
        .env("DOCKET_SERVER_IDLE", "2")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"诸葛亮","id_number":"430204199903150040"}}"#
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let existing = case_after(&stdout, "registered ");

    let mut t = open(&store);
    t.wait_for("Intake queue");
    t.send("n");
    t.wait_for("New application");
    t.send("诸葛孔明");
    t.send(TAB);
    type_slowly(&mut t, "430204199903150040");
    t.wait_for("female, born 1999-03-15");
    t.send(CTRL_S);
    let s = t.wait_for("Possible duplicate");
    assert!(
        s.contains(&format!("Open {existing}: same ID number")),
        "{s}"
    );
    // Opening the existing case keeps the draft for later.
    t.send("o");
    let s = t.wait_for(&format!("Case {existing}"));
    assert!(s.contains("诸葛亮"), "{s}");
    assert!(s.contains("Draft kept"), "{s}");
    // Back in the queue, n offers the draft again; continue registering.
    t.send("\x1b");
    t.wait_gone(&format!("Case {existing}"));
    t.send("n");
    t.wait_for("A draft from before");
    t.send("r");
    t.wait_for("诸葛孔明");
    t.send(CTRL_S);
    t.wait_for("Possible duplicate");
    t.send("c");
    let s = t.wait_for("Registered 2026-");
    let no = case_after(&s, "Registered ");
    assert_ne!(no, existing);
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
    // The store recorded the possible duplicate on the new case.
    let v = shown(&store, &no);
    let dups = &v["flags"]["possible_duplicates"];
    let seq: u64 = existing[5..].parse().unwrap();
    assert_eq!(dups[0]["seq"].as_u64(), Some(seq), "{v}");
}

/// Issue 16, item 17: a picker jumps to what is typed (the word, or its
/// pinyin initials on a Chinese screen) instead of eleven presses of →.
#[test]
fn choices_in_the_form_jump_to_what_is_typed() {
    let (_tmp, store) = store_with_demo(20);
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
    t.wait_for("待审查申请");
    t.send("n");
    t.wait_for("申请登记");
    t.send("欧阳娜");
    // Name, ID number, phone, address, groups, kind, then the matter.
    for _ in 0..6 {
        t.send(TAB);
    }
    // jt is 交通事故 (jiaotong shigu) first; jtb goes on to 家庭暴力.
    type_slowly(&mut t, "jt");
    t.wait_for("◀ 交通事故 ▶");
    t.send("b");
    let s = t.wait_for("◀ 虐待/遗弃/家庭暴力 ▶");
    assert!(s.contains("已输入“jtb”"), "{s}");
    // The channel: 工 for workstation (工作站), typed in Han.
    t.send(TAB);
    t.send("工");
    t.wait_for("◀ 工作站 ▶");
    // A workstation needs its name.
    t.send(TAB);
    t.send("五一社区站");
    t.send(CTRL_S);
    let s = t.wait_for("已登记 2026-");
    let no = case_after(&s, "已登记 ");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
    let v = shown(&store, &no);
    assert_eq!(v["matter"], "domestic_violence", "{v}");
    assert_eq!(v["channel"], "workstation", "{v}");
}

/// A notified criminal case: the form asks its stage and ground (table
/// T5) once the kind and channel say so, and a possible life or death
/// sentence marks the case serious (Art. 26). An application asks how it
/// came instead.
#[test]
fn a_notified_criminal_case_is_registered_with_its_stage_and_ground() {
    let (_tmp, store) = store_with_demo(20);
    let mut t = open(&store);
    t.wait_for("Intake");
    t.send("n");
    let s = t.wait_for("New application");
    assert!(
        !s.contains("notice stage"),
        "a civil case has no stage: {s}"
    );
    t.send("周八");
    // ID number, phone, address, groups, then the kind: c is criminal.
    for _ in 0..5 {
        t.send(TAB);
    }
    t.send("c");
    t.wait_for("◀ criminal ▶");
    // The matter (defence), then the channel: no for notification.
    t.send(TAB);
    t.send(TAB);
    t.send("no");
    t.wait_for("◀ notification ▶");
    let s = t.wait_for("notice ground");
    let label = |l: &str| {
        l.trim_start_matches('┃')
            .trim_start()
            .starts_with("source ")
    };
    assert!(!s.lines().any(label), "a notification has no source: {s}");
    // The workstation (none), the stage, the ground.
    t.send(TAB);
    t.send(TAB);
    type_slowly(&mut t, "fi");
    t.wait_for("◀ first instance ▶");
    t.send(TAB);
    t.send("p");
    t.wait_for("◀ possible life or death sentence ▶");
    t.wait_for("Art. 26");
    t.send(CTRL_S);
    let s = t.wait_for("Registered 2026-");
    let no = case_after(&s, "Registered ");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
    let v = shown(&store, &no);
    assert_eq!(v["kind"], "criminal", "{v}");
    assert_eq!(v["channel"], "notified", "{v}");
    assert_eq!(v["criminal"]["stage"], "first_instance", "{v}");
    assert_eq!(v["criminal"]["ground"], "life_or_death", "{v}");
    assert_eq!(v["serious"], true, "{v}");
}

/// The workstation field picks a record: pinyin initials (or a part of
/// the name, or the id) suggest it, Tab takes its name, and the case is
/// saved naming it by id. A name no record has says a record will be made.
#[test]
fn the_workstation_field_picks_a_record_by_its_initials() {
    let (_tmp, store) = store_with_demo(20);
    let add = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["--store", &store, "station", "add", "ST-50"])
        .args(["--name", "荷塘区总工会工作站", "--host", "labour_union"])
        .output()
        .unwrap();
    assert!(add.status.success(), "{add:?}");
    let mut t = open(&store);
    t.wait_for("Intake");
    t.send("n");
    t.wait_for("New application");
    t.send("周九");
    // ID number, phone, address, groups, kind, matter, then the channel.
    for _ in 0..7 {
        t.send(TAB);
    }
    type_slowly(&mut t, "wo");
    t.wait_for("◀ workstation ▶");
    t.send(TAB);
    type_slowly(&mut t, "zzz");
    t.wait_for("no such workstation");
    for _ in 0..3 {
        t.send("\x7f");
    }
    type_slowly(&mut t, "htq");
    t.wait_for("Tab: 荷塘区总工会工作站 (ST-50)");
    t.send(TAB);
    t.wait_for("= 荷塘区总工会工作站 (ST-50)");
    t.send(CTRL_S);
    let s = t.wait_for("Registered 2026-");
    let no = case_after(&s, "Registered ");
    t.send("q");
    assert_eq!(t.wait_exit(Duration::from_secs(5)), Some(0));
    let v = shown(&store, &no);
    assert_eq!(v["station"], "ST-50", "{v}");
    assert_eq!(v["station_name"], "荷塘区总工会工作站", "{v}");
}
