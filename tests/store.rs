//! The store: atomic commands, durability, and reading old formats.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

mod support;

use chrono::NaiveDate;
use docket::domain::case::{Case, CaseNo};
use docket::domain::record::CaseRecord;
use docket::store::{Store, StoreError};
use support::library::{actor, demo, today};
use tempfile::TempDir;

fn all_cases(store: &Store) -> Vec<Case> {
    store.cases().map(|c| c.unwrap()).collect()
}

#[test]
fn reopening_keeps_everything() {
    let tmp = TempDir::new().unwrap();
    let (cases, events) = {
        let store = Store::open(tmp.path()).unwrap();
        store.import(&actor(), demo(50, 1), "test").unwrap();
        store
            .add_deadline(&actor(), CaseNo::new(2026, 1), None, today(), "开庭")
            .ok();
        (all_cases(&store), store.events().count())
    };
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(all_cases(&store), cases);
    assert_eq!(store.events().count(), events);
}

#[test]
fn a_failing_command_leaves_no_trace() {
    let tmp = TempDir::new().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    store.import(&actor(), demo(5, 1), "test").unwrap();
    let before = all_cases(&store);
    let events_before = store.events().count();
    // The third case's number collides with a stored one, after two cases
    // of the same command were staged.
    let mut batch = demo(3, 2);
    let taken = before[0].no;
    batch[2].no = Some(taken);
    let err = store.import(&actor(), batch, "test").unwrap_err();
    assert!(
        matches!(err, StoreError::CaseExists(no) if no == taken),
        "{err}"
    );
    assert_eq!(all_cases(&store), before);
    assert_eq!(store.events().count(), events_before);
    // The year's sequence did not move either: the next case is numbered on.
    let next = store.import(&actor(), demo(1, 3), "test").unwrap();
    let year_max = before
        .iter()
        .filter(|c| c.no.year == next[0].year)
        .map(|c| c.no.seq)
        .max();
    assert_eq!(next[0].seq, year_max.unwrap_or(0) + 1);
}

#[test]
fn case_numbers_are_never_reused() {
    let tmp = TempDir::new().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let rec = |received: &str| {
        let line = format!(
            r#"{{"received":"{received}","kind":"civil","matter":"wages","channel":"walk_in","applicant":{{"name":"王五"}}}}"#
        );
        serde_json::from_str::<CaseRecord>(&line)
            .unwrap()
            .validate(today())
            .unwrap()
    };
    let mut given = rec("2026-03-01");
    given.no = Some(CaseNo::new(2026, 40));
    let nos = store
        .import(
            &actor(),
            vec![
                rec("2026-01-05"),
                given,
                rec("2025-12-30"),
                rec("2026-02-01"),
            ],
            "test",
        )
        .unwrap();
    let shown: Vec<String> = nos.iter().map(|n| n.to_string()).collect();
    assert_eq!(shown, ["2026-0041", "2026-0040", "2025-0001", "2026-0042"]);
}

#[test]
fn bytes_written_by_format_version_1_still_decode() {
    let bytes = include_bytes!("fixtures/case_v1.bin");
    let case: Case = docket::codec::decode(bytes).expect("version 1 decodes");
    assert_eq!(case, fixture_case());
}

/// The case stored in tests/fixtures/case_v1.bin. Never change it: write a
/// new fixture for a new format instead.
fn fixture_case() -> Case {
    let line = r#"{"case_no":"2026-0007","received":"2026-09-28","kind":"civil","matter":"wages","channel":"workstation","station":"响石岭街道司法所","applicant":{"name":"张三丰","id_number":"11010519491231002X","phone":"13800000000","address":"湖南省株洲市石峰区清水塘路12号","groups":["migrant_worker","elderly"]},"adverse_party":"株洲市某建筑工程有限公司","summary":"被拖欠工资约8600元。","status":"assigned","decided":"2026-10-09","assigned":"2026-10-10","provider":"刘建国（湖南金州律师事务所）","caseworker":"liwei","deadlines":[{"date":"2026-12-20","label":"仲裁时效届满"},{"date":"2026-10-20","label":"开庭","done":"2026-10-20"}]}"#;
    let mut case = serde_json::from_str::<CaseRecord>(line)
        .unwrap()
        .validate(today())
        .unwrap()
        .case;
    case.revision = 3;
    case
}

#[test]
fn bytes_written_by_format_version_2_still_decode() {
    let bytes = include_bytes!("fixtures/case_v2.bin");
    let case: Case = docket::codec::decode(bytes).expect("version 2 decodes");
    assert_eq!(case, fixture_case_v2());
}

/// The case of case_v2.bin: version 2 added flags, closing reason and notes.
fn fixture_case_v2() -> Case {
    let mut case = fixture_case();
    case.flags.emergency = true;
    case.flags.possible_duplicates = vec![CaseNo::new(2025, 12)];
    case.flags.possible_conflicts = vec![CaseNo::new(2024, 3)];
    case.closing_reason = Some("申请人撤回".into());
    case.notes.push(docket::domain::case::Note {
        on: NaiveDate::from_ymd_opt(2026, 10, 12).unwrap(),
        who: "liwei".into(),
        text: "已电话联系申请人。".into(),
        struck: None,
    });
    case
}

#[test]
fn bytes_written_by_format_version_3_still_decode() {
    let bytes = include_bytes!("fixtures/case_v3.bin");
    let case: Case = docket::codec::decode(bytes).expect("version 3 decodes");
    assert_eq!(case, fixture_case_v3());
}

/// The case of case_v3.bin: version 3 added review and handling.
fn fixture_case_v3() -> Case {
    use docket::domain::case::{Assignment, CheckOverride, Decision};
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    let mut case = fixture_case_v2();
    case.review.household_size = Some(3);
    case.review.monthly_income = Some(2400);
    case.review.overrides.push(CheckOverride {
        item: "hardship".into(),
        verdict: "pass".into(),
        reason: "低保证明已核实".into(),
        who: "liwei".into(),
        on: day("2026-10-08"),
    });
    case.review.decision = Some(Decision {
        grant: true,
        reason_code: "hardship_met".into(),
        text: "符合经济困难标准".into(),
        proposed_by: "liwei".into(),
        proposed_on: day("2026-10-08"),
        approved_by: Some("dengym".into()),
        approved_on: Some(day("2026-10-09")),
        standard: Some("effective 2026-01-01: 1320 yuan per member per month".into()),
    });
    case.handling.assignments.push(Assignment {
        provider: "P-0001".into(),
        on: day("2026-10-10"),
        by: "liwei".into(),
        reason: None,
    });
    case
}

#[test]
fn bytes_written_by_format_version_4_still_decode() {
    // Version 4 changed the policy, not the case: the case reads as in 3,
    // and gains `serious` (false) in version 5.
    let bytes = include_bytes!("fixtures/case_v4.bin");
    let case: Case = docket::codec::decode(bytes).expect("version 4 decodes");
    assert_eq!(case, fixture_case_v3());
    assert!(!case.serious);
}

#[test]
fn bytes_written_by_format_version_5_still_decode() {
    let bytes = include_bytes!("fixtures/case_v5.bin");
    let case: Case = docket::codec::decode(bytes).expect("version 5 decodes");
    assert_eq!(case, fixture_case_v5());
}

#[test]
fn bytes_written_by_format_version_6_still_decode() {
    let bytes = include_bytes!("fixtures/case_v6.bin");
    let case: Case = docket::codec::decode(bytes).expect("version 6 decodes");
    assert_eq!(case, fixture_case_v5());
}

/// The case of case_v5.bin: version 5 added `serious` (Law Art. 26).
fn fixture_case_v5() -> Case {
    let mut case = fixture_case_v3();
    case.serious = true;
    case
}

/// Version 9: a note struck out.
fn fixture_case_v9() -> Case {
    let mut case = fixture_case_v5();
    case.notes.push(docket::domain::case::Note {
        on: NaiveDate::from_ymd_opt(2026, 10, 13).unwrap(),
        who: "liwei".into(),
        text: "误记：另一案的开庭".into(),
        struck: Some(docket::domain::case::Strike {
            on: NaiveDate::from_ymd_opt(2026, 10, 14).unwrap(),
            who: "dengym".into(),
            reason: "记错案件".into(),
        }),
    });
    case
}

#[test]
fn bytes_written_by_format_version_9_still_decode() {
    let bytes = include_bytes!("fixtures/case_v9.bin");
    let case: Case = docket::codec::decode(bytes).expect("version 9 decodes");
    assert_eq!(case, fixture_case_v9());
}

/// Version 11: the ledger, a score sheet and a follow-up record.
fn fixture_case_v11() -> Case {
    use docket::domain::quality::{
        Answers, FollowUp, Grade, Method, QualityReview, Satisfaction, ScoreSheet, Timing,
    };
    let mut case = fixture_case_v9();
    let on = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    case.handling.payments.push(docket::domain::case::Payment {
        seq: 1,
        kind: docket::domain::funds::SubsidyKind::Handling,
        payee: "P-0001".into(),
        payee_type: docket::domain::funds::PayeeType::Lawyer,
        class: docket::domain::funds::RateClass::CivilLitigation,
        direct_costs: 400,
        labour_fee: 1100,
        base: 1500,
        standard: 1500,
        reason: None,
        cross_region: false,
        source: docket::domain::funds::Source::SameLevel,
        proposed_by: "liwei".into(),
        proposed_on: on,
        approved_by: Some("dengym".into()),
        approved_on: Some(on),
        paid_on: Some(on),
        voucher: Some("记-118".into()),
    });
    case.handling.quality = Some(QualityReview {
        sheets: vec![ScoreSheet {
            by: "wangfang".into(),
            on,
            items: vec![10, 15, 12, 18, 18, 9, 9],
            total: 91,
            note: String::new(),
        }],
        grade: Some(Grade::Excellent),
    });
    case.handling.follow_ups.push(FollowUp {
        on,
        by: "liwei".into(),
        method: Some(Method::Visit),
        timing: Timing::After,
        reached: true,
        answers: Answers {
            charged: Some(false),
            ..Answers::default()
        },
        satisfaction: Some(Satisfaction::Fair),
        comments: "基本满意".into(),
        action: String::new(),
    });
    case
}

#[test]
fn bytes_written_by_format_version_11_still_decode() {
    let bytes = include_bytes!("fixtures/case_v11.bin");
    let case: Case = docket::codec::decode(bytes).expect("version 11 decodes");
    assert_eq!(case, fixture_case_v11());
}

/// Version 10 (written by docket before the funds and quality records): a
/// coded result, and a follow-up with a 1–5 score, which reads as a record
/// (4: satisfied, reached after the case, the method not recorded).
#[test]
fn bytes_written_by_format_version_10_still_decode() {
    use docket::domain::quality::{FollowUp, Satisfaction, Timing};
    let bytes = include_bytes!("fixtures/case_v10.bin");
    let case: Case = docket::codec::decode(bytes).expect("version 10 decodes");
    let mut want = fixture_case_v9();
    want.result = Some(docket::domain::case::CaseResult {
        code: docket::domain::codes::ResultCode::Mediated,
        recovered: 30000,
        wages: 20000,
    });
    want.handling.follow_ups = vec![FollowUp {
        on: NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
        by: String::new(),
        method: None,
        timing: Timing::After,
        reached: true,
        answers: Default::default(),
        satisfaction: Some(Satisfaction::Satisfied),
        comments: "满意".into(),
        action: String::new(),
    }];
    assert_eq!(case, want);
    assert!(case.handling.payments.is_empty() && case.handling.quality.is_none());
}

/// Writes the fixture of the current format version; run once by hand when
/// a new version is made (then add a test like the ones above for it):
/// `cargo test --test store write_fixture -- --ignored`.
#[test]
#[ignore]
fn write_fixture() {
    let version = docket::codec::VERSION;
    assert_eq!(version, 11, "write a fixture_case_v{version} first");
    let bytes = docket::codec::encode(&fixture_case_v11());
    std::fs::write(format!("tests/fixtures/case_v{version}.bin"), bytes).unwrap();
}

/// The child half of the kill test: imports cases one command at a time
/// and says so after each returned.
#[test]
#[ignore]
fn kill_child() {
    let Ok(dir) = std::env::var("DOCKET_KILL_CHILD_STORE") else {
        return;
    };
    let store = Store::open(dir.as_ref()).unwrap();
    for (i, vc) in demo(1000, 9).into_iter().enumerate() {
        let nos = store.import(&actor(), vec![vc], "test").unwrap();
        println!("ok {i} {}", nos[0]);
    }
}

#[test]
fn a_child_killed_right_after_a_command_returned_has_lost_nothing() {
    let tmp = TempDir::new().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "kill_child",
            "--ignored",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("DOCKET_KILL_CHILD_STORE", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut acknowledged = Vec::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(Ok(line)) = lines.next() {
        if let Some(rest) = line.strip_prefix("ok ") {
            let no = rest.split_whitespace().nth(1).unwrap().to_string();
            acknowledged.push(no);
            if acknowledged.len() == 25 {
                // SIGKILL: no destructor, no flush at exit.
                child.kill().unwrap();
                break;
            }
        }
    }
    child.wait().unwrap();
    assert_eq!(acknowledged.len(), 25, "the child acknowledged commands");
    let store = Store::open(tmp.path()).unwrap();
    for no in &acknowledged {
        let no: CaseNo = no.parse().unwrap();
        assert!(
            store.case(no).unwrap().is_some(),
            "case {no} was acknowledged but lost"
        );
        assert!(!store.history(no).unwrap().is_empty());
    }
}

#[test]
fn a_store_in_use_is_explained() {
    let tmp = TempDir::new().unwrap();
    let _held = Store::open(tmp.path()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["--store", tmp.path().to_str().unwrap(), "export"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("is in use by another docket process"), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn a_damaged_store_is_explained() {
    let tmp = TempDir::new().unwrap();
    {
        let store = Store::open(tmp.path()).unwrap();
        store.import(&actor(), demo(20, 1), "test").unwrap();
    }
    // Overwrite the middle of every data file with garbage.
    for entry in walk(&tmp.path().join("db")) {
        let len = std::fs::metadata(&entry).unwrap().len();
        if len > 64 {
            let mut bytes = std::fs::read(&entry).unwrap();
            for b in bytes.iter_mut().skip(16) {
                *b = 0xA5;
            }
            std::fs::write(&entry, bytes).unwrap();
        }
    }
    let out = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(["--store", tmp.path().to_str().unwrap(), "show", "2026-0001"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.starts_with("docket: "), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A policy stored by format versions 1 to 3 (the deadline numbers only)
/// decodes with the newer fields at their defaults.
#[test]
fn a_policy_written_before_version_4_still_decodes() {
    use docket::domain::calendar::Counting;
    use docket::domain::policy::Policy;
    #[derive(serde::Serialize)]
    struct PolicyV1 {
        review_days: u32,
        assign_after_grant_days: u32,
        assign_on_notice_days: u32,
        agreement_days: u32,
        objection_days: u32,
        case_file_days: u32,
        file_review_days: u32,
        emergency_days: u32,
        warning_days: u32,
        counting: Counting,
        clock_stop: bool,
    }
    let old = PolicyV1 {
        review_days: 10,
        assign_after_grant_days: 3,
        assign_on_notice_days: 3,
        agreement_days: 5,
        objection_days: 5,
        case_file_days: 30,
        file_review_days: 30,
        emergency_days: 7,
        warning_days: 3,
        counting: Counting::WorkingDays,
        clock_stop: false,
    };
    let mut bytes = vec![1u8];
    bytes.extend(bincode::serde::encode_to_vec(&old, bincode::config::standard()).unwrap());
    let p: Policy = docket::codec::decode(&bytes).unwrap();
    assert_eq!(
        p,
        Policy {
            review_days: 10,
            counting: Counting::WorkingDays,
            clock_stop: false,
            ..Policy::default()
        }
    );
}

/// The child half of the interrupted-import test: one large import.
#[test]
#[ignore]
fn big_import_child() {
    let Ok(dir) = std::env::var("DOCKET_BIG_IMPORT_STORE") else {
        return;
    };
    let store = Store::open(dir.as_ref()).unwrap();
    let cases = demo(60_000, 5);
    std::thread::scope(|s| {
        // Reads do not wait for the import: say when its first batch landed.
        s.spawn(|| {
            while store.cases().nth(10).is_none() {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            println!("first batch written");
        });
        store.import(&actor(), cases, "test").unwrap();
    });
    println!("done");
}

#[test]
fn an_import_cut_short_is_undone() {
    let tmp = TempDir::new().unwrap();
    {
        let store = Store::open(tmp.path()).unwrap();
        store.import(&actor(), demo(10, 1), "test").unwrap();
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "big_import_child",
            "--ignored",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("DOCKET_BIG_IMPORT_STORE", tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(Ok(line)) = lines.next() {
        // libtest's "test big_import_child ... " may precede it on the line.
        if line.ends_with("first batch written") {
            break;
        }
    }
    // Part-way through the batches (60,000 cases are 12 batches).
    child.kill().unwrap();
    child.wait().unwrap();
    let store = Store::open(tmp.path()).unwrap();
    let n = store.cases().count();
    assert_eq!(n, 10, "the import's batches already written were undone");
    assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    // The store goes on as before: the next case is numbered after the others.
    store.import(&actor(), demo(1, 7), "test").unwrap();
}

#[test]
fn a_half_written_snapshot_left_by_a_crash_is_set_aside_and_the_store_opens() {
    let tmp = TempDir::new().unwrap();
    let cases = {
        let store = Store::open(tmp.path()).unwrap();
        store.import(&actor(), demo(20, 3), "test").unwrap();
        all_cases(&store)
    };
    let leftover = tmp
        .path()
        .join("db")
        .join("snap.0000000000A1B2C3.generating");
    std::fs::write(&leftover, b"half a snapshot").unwrap();
    let store = Store::open(tmp.path()).expect("the store opens");
    assert_eq!(all_cases(&store), cases, "nothing lost");
    assert!(!leftover.exists());
    // Set aside, not deleted, and said.
    let kept: Vec<_> = std::fs::read_dir(tmp.path().join("recovered"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("snap.0000000000A1B2C3.generating."))
        .collect();
    assert_eq!(kept.len(), 1);
    let moved = tmp.path().join("recovered").join(&kept[0]);
    assert_eq!(std::fs::read(moved).unwrap(), b"half a snapshot");
    let log = store.recovered().unwrap();
    assert_eq!(log.len(), 1);
    assert!(
        log[0].contains("snap.0000000000A1B2C3.generating"),
        "{log:?}"
    );
    assert!(store.verify().unwrap().is_empty());
}

/// One command a store may be given, with indexes into what it holds.
#[derive(Debug, Clone)]
enum StoreCommand {
    Import {
        n: usize,
        seed: u64,
    },
    Register {
        seed: u64,
    },
    AddDeadline {
        case: usize,
        days: u64,
    },
    DoneDeadline {
        case: usize,
        id: u32,
    },
    Withdraw {
        case: usize,
    },
    Correct {
        case: usize,
        adverse: &'static str,
    },
    Step {
        case: usize,
        step: usize,
    },
    Policy {
        review_days: u32,
    },
    /// A consultation given `days_ago` (counted in its month's cell).
    Consult {
        days_ago: u64,
    },
    /// An application registered from one of the consultations.
    RegisterFrom {
        seed: u64,
        consultation: u64,
    },
}

fn any_command() -> impl proptest::strategy::Strategy<Value = StoreCommand> {
    use proptest::prelude::*;
    prop_oneof![
        (1usize..4, 0u64..50).prop_map(|(n, seed)| StoreCommand::Import { n, seed }),
        (0u64..50).prop_map(|seed| StoreCommand::Register { seed }),
        (0usize..20, 0u64..60).prop_map(|(case, days)| StoreCommand::AddDeadline { case, days }),
        (0usize..20, 1u32..4).prop_map(|(case, id)| StoreCommand::DoneDeadline { case, id }),
        (0usize..20).prop_map(|case| StoreCommand::Withdraw { case }),
        (
            0usize..20,
            prop::sample::select(vec!["王志强", "", "某公司"])
        )
            .prop_map(|(case, adverse)| StoreCommand::Correct { case, adverse }),
        (0usize..20, 0usize..8).prop_map(|(case, step)| StoreCommand::Step { case, step }),
        (3u32..15).prop_map(|review_days| StoreCommand::Policy { review_days }),
        (0u64..60).prop_map(|days_ago| StoreCommand::Consult { days_ago }),
        (0u64..50, 1u64..5)
            .prop_map(|(seed, consultation)| StoreCommand::RegisterFrom { seed, consultation }),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(24))]
    /// Whatever commands a store is given, refused or not, every index
    /// agrees with the records afterwards (`docket check`).
    #[test]
    fn random_commands_keep_the_store_consistent(
        commands in proptest::collection::vec(any_command(), 1..30)
    ) {
        use docket::domain::workflow::Step;
        let tmp = TempDir::new().unwrap();
        let store = Store::open(tmp.path()).unwrap();
        store.set_providers(&actor(), docket::demo::providers()).unwrap();
        let mut nos: Vec<CaseNo> = Vec::new();
        let pick = |nos: &[CaseNo], i: usize| nos.get(i % nos.len().max(1)).copied();
        // The consultations given: (day, id).
        let mut consulted: Vec<(chrono::NaiveDate, u64)> = Vec::new();
        for command in commands {
            // Refusals are expected; what matters is what they leave.
            match command {
                StoreCommand::Import { n, seed } => {
                    let mut cases = demo(n, seed);
                    for vc in &mut cases {
                        vc.no = None;
                        vc.history.clear();
                    }
                    if let Ok(new) = store.import(&actor(), cases, "test") {
                        nos.extend(new);
                    }
                }
                StoreCommand::Register { seed } => {
                    let mut vc = demo(1, seed).remove(0);
                    vc.no = None;
                    vc.history.clear();
                    if let Ok(no) = store.register(&actor(), vc, today(), None) {
                        nos.push(no);
                    }
                }
                StoreCommand::AddDeadline { case, days } => {
                    if let Some(no) = pick(&nos, case) {
                        let date = today() + chrono::Days::new(days);
                        let _ = store.add_deadline(&actor(), no, None, date, "开庭");
                    }
                }
                StoreCommand::DoneDeadline { case, id } => {
                    if let Some(no) = pick(&nos, case) {
                        let _ = store.done_deadline(&actor(), no, None, id, today());
                    }
                }
                StoreCommand::Withdraw { case } => {
                    if let Some(no) = pick(&nos, case) {
                        let step = docket::domain::workflow::Step::Withdraw { reason: "申请人撤回".into() };
                        let _ = store.step(&actor(), no, None, step, today());
                    }
                }
                StoreCommand::Correct { case, adverse } => {
                    if let Some(no) = pick(&nos, case) {
                        let _ = store.correct(&actor(), no, None, "adverse_party", adverse, today());
                    }
                }
                StoreCommand::Step { case, step } => {
                    if let Some(no) = pick(&nos, case) {
                        let step = match step {
                            0 => Step::SetMeans { household_size: 3, monthly_income: 1200 },
                            1 => Step::Propose {
                                grant: true,
                                reason_code: docket::domain::codes::ReasonCode::Other,
                                text: "准予".into(),
                                standard: None,
                            },
                            2 => Step::Approve { note: String::new() },
                            3 => Step::EmergencyAid,
                            4 => Step::Assign { provider: "P-0001".into(), reason: Some("就近".into()) },
                            5 => Step::AgreementSigned,
                            6 => Step::Conclude {
                                outcome: "调解结案".into(),
                                result: None,
                            },
                            _ => Step::Terminate {
                                ground: docket::domain::codes::Ground::OwnLawyer,
                            },
                        };
                        let _ = store.step(&actor(), no, None, step, today());
                    }
                }
                StoreCommand::Policy { review_days } => {
                    let mut policy = store.policy().unwrap();
                    policy.review_days = review_days;
                    let _ = store.set_policy(&actor(), policy);
                }
                StoreCommand::Consult { days_ago } => {
                    let on = today() - chrono::Days::new(days_ago);
                    let v = docket::domain::consult::ConsultRecord {
                        on: Some(on.to_string()),
                        channel: "phone".into(),
                        topic: "wages".into(),
                        ..Default::default()
                    }
                    .validate(today())
                    .unwrap();
                    let ids = store.add_consultations(&actor(), vec![v]).unwrap();
                    consulted.extend(ids.into_iter().map(|id| (on, id)));
                }
                StoreCommand::RegisterFrom { seed, consultation } => {
                    let mut vc = demo(1, seed).remove(0);
                    vc.no = None;
                    vc.history.clear();
                    // Sometimes one that is not there, or linked already.
                    let link = consulted
                        .get(consultation as usize % consulted.len().max(1))
                        .copied()
                        .unwrap_or((today(), consultation));
                    if let Ok(no) = store.register(&actor(), vc, today(), Some(link)) {
                        nos.push(no);
                    }
                }
            }
        }
        proptest::prop_assert_eq!(store.verify().unwrap(), Vec::<String>::new());
    }
}

#[test]
fn a_user_written_by_format_version_7_reads_without_a_display_name() {
    let bytes = include_bytes!("fixtures/user_v7.bin");
    let user: docket::domain::user::User = docket::codec::decode(bytes).expect("version 7 decodes");
    assert_eq!(
        user,
        docket::domain::user::User {
            name: "liwei".into(),
            role: docket::domain::user::Role::Director,
            active: false,
            display_name: None,
        }
    );
}
