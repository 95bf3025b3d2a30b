//! Issue 18 in the real binary, in a pseudo-terminal: the director approves
//! the payments waiting for approval in one batch from the supervision
//! screen, after a confirmation; a reviewer scores a closed file from its
//! case view. Each then checks the store.

mod support;

use std::time::Duration;

use support::cli::Store;
use support::pty::Tui;

const ENTER: &str = "\r";

const PROVIDERS: &[&str] = &[
    r#"{"id":"P-0001","name":"刘建国","organization":"湖南金州律师事务所","kind":"lawyer","kinds":["civil"],"matters":["wages"],"criminal_defense_years":1,"juvenile":false,"capacity":10,"active":true}"#,
];

/// A closed civil case of P-0001, its file submitted in October.
fn closed(name: &str, phone_tail: &str) -> String {
    format!(
        r#"{{"received":"2026-03-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{{"name":"{name}","phone":"1390733{phone_tail}"}},"status":"concluded","decided":"2026-03-05","assigned":"2026-03-06","concluded":"2026-10-01","file_submitted":"2026-10-10","provider":"P-0001"}}"#
    )
}

/// A store of one person (who proposes and approves) with two closed,
/// reviewed files.
fn store() -> Store {
    let s = Store::one_person();
    s.import_with(&["provider", "import"], PROVIDERS);
    s.import(&[&closed("张三", "0019"), &closed("李四", "0027")]);
    for no in ["2026-0001", "2026-0002"] {
        s.ok(&["handle", "review-file", no]);
    }
    s
}

fn open(s: &Store) -> Tui {
    Tui::start(
        &["--store", s.path(), "--today", "2026-11-26", "--lang", "en"],
        &[],
        120,
        40,
    )
}

#[test]
fn the_director_approves_the_payments_in_one_batch() {
    let s = store();
    s.ok(&["subsidy", "pay", "2026-0001"]);
    s.ok(&[
        "subsidy",
        "pay",
        "2026-0002",
        "--amount",
        "900",
        "--reason",
        "提前结案",
    ]);
    s.ok(&[
        "budget",
        "set",
        "2026",
        "--source",
        "same_level",
        "--amount",
        "100000",
    ]);
    let mut t = open(&s);
    t.wait_for("2026-0001");
    t.send("6");
    let screen = t.wait_for("Payments to approve: 2, 2400 yuan");
    assert!(screen.contains("(standard 1500)"), "{screen}");
    assert!(screen.contains("Follow-ups due: 2"), "{screen}");
    t.send("a");
    let screen = t.wait_for("Approve 2 payments, 2400 yuan in all?");
    assert!(
        screen.contains("2026-0001 #1") && screen.contains("2026-0002 #1"),
        "{screen}"
    );
    t.send(ENTER);
    t.wait_for("2 payments approved, 2400 yuan.");
    // The screen reloads: nothing waits any more; the entries wait for finance.
    t.wait_for("No payment waits for approval.");
    let screen = t.wait_for("2 approved to pay");
    assert!(screen.contains("Funds 2026"), "{screen}");
    for no in ["2026-0001", "2026-0002"] {
        let p = &s.case(no)["handling"]["payments"][0];
        assert!(p["approved_by"].is_string(), "{no}: {p}");
    }
    t.send("\x1b");
    t.wait_gone("Supervision");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

#[test]
fn declining_the_confirmation_approves_nothing() {
    let s = store();
    s.ok(&["subsidy", "pay", "2026-0001"]);
    let mut t = open(&s);
    t.wait_for("2026-0001");
    t.send("6");
    t.wait_for("Payments to approve: 1, 1500 yuan");
    t.send("a");
    t.wait_for("Approve 1 payments");
    t.send("2");
    t.wait_gone("Approve 1 payments");
    assert!(s.case("2026-0001")["handling"]["payments"][0]["approved_by"].is_null());
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

#[test]
fn a_score_sheet_from_the_case_view() {
    let s = store();
    s.ok(&["subsidy", "pay", "2026-0001"]);
    let mut t = open(&s);
    t.wait_for("2026-0001");
    t.send("/");
    t.wait_for("Search:");
    t.send("张三");
    t.send(ENTER);
    t.wait_for("Search: 张三 (1)");
    t.send(ENTER);
    t.wait_for("Case 2026-0001");
    t.send("S");
    let screen = t.wait_for("Score sheet of 2026-0001 张三");
    assert!(
        screen.contains("Acceptance of the assignment 10"),
        "{screen}"
    );
    // Six numbers are neither a sheet nor a total.
    for c in "9 14 13 18 18 9".chars() {
        t.send(&c.to_string());
    }
    t.send(ENTER);
    t.wait_for("Type the seven items' points in order");
    for c in " 10".chars() {
        t.send(&c.to_string());
    }
    t.send(ENTER);
    t.wait_for("2026-0001: file scored");
    let q = &s.case("2026-0001")["handling"]["quality"];
    assert_eq!(q["grade"], "excellent", "{q}");
    assert_eq!(q["sheets"][0]["total"], 91);
    // The excellent grade raised the unpaid payment: 110% of 1500.
    assert_eq!(
        s.case("2026-0001")["handling"]["payments"][0]["standard"],
        1650
    );
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}
