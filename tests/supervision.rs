//! Issue 18: funds and quality through the real binary on a real store:
//! the ledger (paid once, approved by a director, a grade changes what is
//! not yet paid), rates by date, the budget and its warning, T3/T4/T11,
//! the peer-review draw, follow-ups and complaints.

mod support;

use support::cli::Store;

const PROVIDERS: &[&str] = &[
    r#"{"id":"P-0001","name":"刘建国","organization":"湖南金州律师事务所","kind":"lawyer","kinds":["civil","labor_arbitration"],"matters":["wages"],"criminal_defense_years":1,"juvenile":false,"capacity":10,"active":true}"#,
    r#"{"id":"P-0002","name":"王芳","organization":"石峰区法律援助中心","kind":"center_staff","kinds":["civil"],"matters":["wages"],"criminal_defense_years":0,"juvenile":false,"capacity":10,"active":true}"#,
    r#"{"id":"P-0003","name":"李强","organization":"清水塘法律服务所","kind":"legal_service_worker","kinds":["civil"],"matters":["wages"],"criminal_defense_years":0,"juvenile":false,"capacity":10,"active":true}"#,
];

/// A closed civil case, its file submitted on `submitted`, with `provider`.
fn closed(name: &str, id_tail: &str, provider: &str, concluded: &str, submitted: &str) -> String {
    format!(
        r#"{{"received":"2026-03-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{{"name":"{name}","phone":"1390733{id_tail}"}},"status":"concluded","decided":"2026-03-05","assigned":"2026-03-06","concluded":"{concluded}","file_submitted":"{submitted}","provider":"{provider}"}}"#
    )
}

/// A store of one person (who proposes and approves) with providers and
/// closed cases 2026-0001 (P-0001, file in 2026-06-10), 0002 (P-0002,
/// 2026-10-10), 0003 (P-0003, 2026-10-20).
fn store() -> Store {
    let s = Store::one_person();
    s.import_with(&["provider", "import"], PROVIDERS);
    s.import(&[
        &closed("张三", "0019", "P-0001", "2026-06-01", "2026-06-10"),
        &closed("李四", "0027", "P-0002", "2026-10-01", "2026-10-10"),
        &closed("王五", "0035", "P-0003", "2026-10-15", "2026-10-20"),
    ]);
    for no in ["2026-0001", "2026-0002", "2026-0003"] {
        s.ok(&["handle", "review-file", no]);
    }
    s
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn payments(s: &Store, no: &str) -> serde_json::Value {
    s.case(no)["handling"]["payments"].clone()
}

#[test]
fn a_case_is_paid_once_unless_a_reason_is_given_and_a_director_approves() {
    let s = store();
    let no = "2026-0001";
    s.ok(&["subsidy", "pay", no]);
    let p = payments(&s, no);
    // Civil litigation by a lawyer: 400 costs and 1100 labour.
    assert_eq!(
        (p[0]["direct_costs"].as_u64(), p[0]["labour_fee"].as_u64()),
        (Some(400), Some(1100))
    );
    let err = s.refused(&["subsidy", "pay", no]);
    assert!(
        err.contains("a case is paid once") && err.contains("Art. 52"),
        "{err}"
    );
    let out = s.run(&["subsidy", "pay", no, "--amount", "300"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--reason"));
    s.ok(&[
        "subsidy",
        "pay",
        no,
        "--amount",
        "300",
        "--reason",
        "补发差旅费",
    ]);
    assert_eq!(payments(&s, no).as_array().unwrap().len(), 2);
    // Both wait for a director; paying before the approval is refused.
    let list = json(&s.ok(&["subsidy", "list", "--unpaid", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|e| e["waits_for"] == "to_approve")
    );
    let err = s.refused(&["subsidy", "paid", no, "--voucher", "记-1"]);
    assert!(err.contains("not approved yet"), "{err}");
    // A caseworker does not approve.
    let me = std::env::var("USER").unwrap_or_else(|_| "root".into());
    s.ok(&["user", "add", &me, "--role", "admin"]);
    s.ok(&["user", "add", "dengym", "--role", "director"]);
    s.ok(&["user", "add", &me, "--role", "caseworker"]);
    let err = s.refused(&["subsidy", "approve", no]);
    assert!(err.contains("only a director approves a payment"), "{err}");
    assert!(payments(&s, no)[0]["approved_by"].is_null());
}

#[test]
fn approval_then_payment_and_the_funds_report() {
    let s = store();
    for no in ["2026-0001", "2026-0002", "2026-0003"] {
        s.ok(&["subsidy", "pay", no]);
    }
    s.ok(&["subsidy", "approve", "2026-0001", "2026-0002", "2026-0003"]);
    let batch = s.dir.with_extension("batch.xlsx");
    let out = s.ok(&["subsidy", "batch", "--output", batch.to_str().unwrap()]);
    // 1500 (lawyer) + 400 (center staff: costs only) + 1500 (legal service worker).
    assert!(out.contains("3 approved payments, 3400 yuan"), "{out}");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&batch).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(sheet.get_size().0, 5, "a head, three entries and the total");
    s.ok(&["subsidy", "paid", "2026-0001", "--voucher", "记-2026-118"]);
    s.ok(&["subsidy", "paid", "2026-0002", "--voucher", "记-2026-119"]);
    let err = s.refused(&["subsidy", "paid", "2026-0001", "--voucher", "记-2026-120"]);
    assert!(err.contains("never paid twice"), "{err}");
    // The budget: 3500 received; 1900 spent, 1500 committed: past 90%.
    let out = s.ok(&[
        "budget",
        "set",
        "2026",
        "--source",
        "same_level",
        "--amount",
        "3000",
    ]);
    assert!(out.contains("3000"), "{out}");
    s.ok(&[
        "budget", "set", "2026", "--source", "lottery", "--amount", "500",
    ]);
    let f = json(&s.ok(&["report", "funds", "--period", "2026", "--format", "json"]));
    assert_eq!(f["received"], 3500, "{f}");
    assert_eq!(f["received_by_source"]["lottery"], 500);
    assert_eq!(f["spent"], 1900);
    assert_eq!(f["committed"], 1500);
    assert_eq!(f["left"], 100);
    assert_eq!(f["warning"], true);
    s.ok(&[
        "budget",
        "set",
        "2026",
        "--source",
        "higher_level",
        "--amount",
        "100000",
    ]);
    let f = json(&s.ok(&["report", "funds", "--period", "2026", "--format", "json"]));
    assert_eq!(f["warning"], false);
    // T3 and T4 in the yearly report (golden figures).
    let y = json(&s.ok(&["report", "yearly", "--period", "2026", "--format", "json"]));
    assert_eq!(y["t3"]["by_source"]["same_level"], 3000, "{}", y["t3"]);
    assert_eq!(y["t3"]["received"], 103500);
    assert_eq!(y["t4"]["spent"], 1900, "{}", y["t4"]);
    assert_eq!(y["t4"]["by_payee"]["lawyer"], 1500);
    assert_eq!(y["t4"]["by_payee"]["center_staff"], 400);
    assert_eq!(y["t4"]["by_class"]["civil_litigation"], 1900);
    assert_eq!(y["t4"]["direct_costs"], 800);
    assert_eq!(y["t4"]["labour_fees"], 1100);
    // Two centers' reports add up (here the same one twice).
    let file = s.dir.with_extension("yearly.json");
    s.ok(&[
        "report",
        "yearly",
        "--period",
        "2026",
        "--format",
        "json",
        "--output",
        file.to_str().unwrap(),
    ]);
    let f = file.to_str().unwrap();
    let m = json(&s.ok(&["report", "merge", f, f, "--format", "json"]));
    assert_eq!(m["t3"]["received"], 207000, "{}", m["t3"]);
    assert_eq!(m["t4"]["by_payee"]["lawyer"], 3000, "{}", m["t4"]);
    assert_eq!(m["t11"]["filed"], 0);
    // The history names each step; `check` agrees with the counters.
    let shown = s.ok_in("zh-Hans", &["show", "2026-0001"]);
    assert!(shown.contains("凭证 记-2026-118"), "{shown}");
    assert!(s.ok(&["check"]).contains("every index agrees"));
}

#[test]
fn a_grade_changes_an_unpaid_subsidy_never_a_paid_one() {
    let s = store();
    s.ok(&["subsidy", "pay", "2026-0001"]);
    s.ok(&["subsidy", "pay", "2026-0003"]);
    s.ok(&["subsidy", "approve", "2026-0003"]);
    s.ok(&["subsidy", "paid", "2026-0003", "--voucher", "记-7"]);
    // Excellent: 110% of what is not yet paid.
    s.ok(&["quality", "score", "2026-0001", "--points", "95"]);
    let p = &payments(&s, "2026-0001")[0];
    assert_eq!(
        (p["standard"].as_u64(), p["base"].as_u64()),
        (Some(1650), Some(1500)),
        "{p}"
    );
    assert_eq!(
        p["direct_costs"].as_u64().unwrap() + p["labour_fee"].as_u64().unwrap(),
        1650
    );
    s.ok(&["quality", "score", "2026-0003", "--points", "95"]);
    let p = &payments(&s, "2026-0003")[0];
    assert_eq!(p["standard"], 1500, "a paid entry never changes: {p}");
    let shown = s.ok_in("zh-Hans", &["show", "2026-0001"]);
    assert!(shown.contains("优秀（95 分"), "{shown}");
    // A score needs all seven items adding up, or the total alone.
    let err = s.refused(&[
        "quality",
        "score",
        "2026-0002",
        "--points",
        "80",
        "--item",
        "instructions=10",
    ]);
    assert!(err.contains("all seven"), "{err}");
}

#[test]
fn a_failing_file_is_reviewed_again_by_two_others() {
    let s = store();
    s.ok(&["quality", "score", "2026-0002", "--points", "50"]);
    let c = s.case("2026-0002");
    assert_eq!(c["handling"]["quality"]["grade"], "fail");
    // The same reviewer does not score it again.
    let err = s.refused(&["quality", "score", "2026-0002", "--points", "70"]);
    assert!(err.contains("two other reviewers"), "{err}");
}

#[test]
fn rates_are_those_in_force_when_the_file_was_submitted() {
    let s = store();
    let file = s.dir.with_extension("rates.toml");
    std::fs::write(
        &file,
        "self_approval = true\n\
         [[subsidy_rates]]\neffective = 2024-01-01\n\
         [[subsidy_rates]]\neffective = 2026-09-01\n\
         [subsidy_rates.classes]\ncivil_litigation = { direct_costs = 600, labour_fee = 1800 }\n",
    )
    .unwrap();
    s.ok(&["policy", "import", file.to_str().unwrap()]);
    // 0001's file came in June (the old rates), 0003's in October (the new).
    s.ok(&["subsidy", "pay", "2026-0001"]);
    s.ok(&["subsidy", "pay", "2026-0003"]);
    assert_eq!(payments(&s, "2026-0001")[0]["standard"], 1500);
    assert_eq!(payments(&s, "2026-0003")[0]["standard"], 2400);
    // A rate table with a wrong class says where.
    std::fs::write(&file, "[[subsidy_rates]]\neffective = 2026-01-01\n[subsidy_rates.classes]\ncivil = { direct_costs = 1, labour_fee = 2 }\n").unwrap();
    let out = s.run(&["policy", "import", file.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 4") && err.contains("not a class of case"),
        "{err}"
    );
}

#[test]
fn the_peer_review_draw_is_recorded_with_its_seed_and_covers_every_provider() {
    let s = store();
    let draw = |seed: &str| {
        json(&s.ok(&[
            "quality", "sample", "--period", "2026", "--share", "0.15", "--seed", seed, "--json",
        ]))
    };
    let a = draw("42");
    assert_eq!(a["seed"], 42);
    assert_eq!(a["closed"], 3);
    // 15% of 3 is one file, but every provider with a closed file is drawn.
    assert_eq!(a["cases"].as_array().unwrap().len(), 3, "{a}");
    assert_eq!(
        draw("42")["cases"],
        a["cases"],
        "the same seed, the same files"
    );
    let err = s.refused(&["quality", "sample", "--period", "2026", "--seed", "7"]);
    assert!(err.contains("seed 42"), "{err}");
    let err = s.refused(&["quality", "sample", "--period", "2025-Q1"]);
    assert!(err.contains("no file was closed"), "{err}");
}

#[test]
fn follow_ups_are_records_and_the_list_shows_what_is_due() {
    let s = store();
    let due = json(&s.ok(&["follow-up", "--due", "--json"]));
    let due: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["case"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["2026-0001", "2026-0002", "2026-0003"], "oldest first");
    // An attempt that did not reach the recipient leaves the case due.
    s.ok(&[
        "follow-up",
        "2026-0001",
        "--method",
        "phone",
        "--note",
        "无人接听",
    ]);
    s.ok(&[
        "follow-up",
        "2026-0002",
        "--method",
        "visit",
        "--reached",
        "--satisfaction",
        "satisfied",
        "--charged",
        "no",
        "--courteous",
        "yes",
    ]);
    let due = json(&s.ok(&["follow-up", "--due", "--json"]));
    let due: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["case"].as_str().unwrap())
        .collect();
    assert_eq!(due, ["2026-0001", "2026-0003"]);
    let shown = s.ok_in("zh-Hans", &["show", "2026-0002"]);
    assert!(shown.contains("走访 结案后 满意"), "{shown}");
    assert!(shown.contains("收取财物：否"), "{shown}");
    let err = s.refused(&["follow-up", "2026-0003", "--method", "phone", "--reached"]);
    assert!(err.contains("satisfaction"), "{err}");
}

#[test]
fn an_old_follow_up_imports_as_a_record() {
    let s = Store::one_person();
    let old = r#"{"received":"2026-03-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"赵六"},"status":"concluded","decided":"2026-03-05","assigned":"2026-03-06","concluded":"2026-06-01","handling":{"follow_up":{"on":"2026-06-20","satisfaction":4,"note":"满意"}}}"#;
    s.import(&[old]);
    let f = &s.case("2026-0001")["handling"]["follow_ups"][0];
    assert_eq!(f["satisfaction"], "satisfied", "{f}");
    assert_eq!(f["reached"], true);
    // And the export imports again.
    let export = s.ok(&["export"]);
    let again = Store::one_person();
    again.import(&[export.trim()]);
    assert_eq!(
        again.case("2026-0001")["handling"],
        s.case("2026-0001")["handling"]
    );
}

#[test]
fn complaints_flag_their_provider_and_count_in_t11() {
    let s = store();
    let out = s.ok(&[
        "complaint",
        "file",
        "--against",
        "P-0001",
        "--kind",
        "took_money",
        "--facts",
        "律师收取红包",
        "--case",
        "2026-0001",
    ]);
    assert!(out.contains("T2026-001"), "{out}");
    s.ok(&[
        "complaint",
        "file",
        "--against",
        "center",
        "--kind",
        "irregular_intake",
        "--facts",
        "窗口拒收申请",
    ]);
    let card = json(&s.ok(&["provider", "show", "P-0001", "--json"]));
    assert_eq!(
        (
            card["complaints"].as_u64(),
            card["complaints_open"].as_u64()
        ),
        (Some(1), Some(1)),
        "{card}"
    );
    s.ok(&[
        "complaint",
        "decide",
        "T2026-001",
        "--outcome",
        "sanction",
        "--investigation",
        "属实",
    ]);
    let err = s.refused(&["complaint", "decide", "T2026-001", "--outcome", "unfounded"]);
    assert!(err.contains("already decided"), "{err}");
    s.ok(&[
        "complaint",
        "appeal",
        "T2026-001",
        "--way",
        "reconsideration",
    ]);
    let y = json(&s.ok(&["report", "yearly", "--period", "2026", "--format", "json"]));
    let t11 = &y["t11"];
    assert_eq!(t11["filed"], 2, "{t11}");
    assert_eq!(t11["by_kind"]["took_money"], 1);
    assert_eq!(t11["by_outcome"]["sanction"], 1);
    assert_eq!(t11["appealed"]["reconsideration"], 1);
    assert_eq!(t11["open"], 1);
    let err = s.refused(&["complaint", "decide", "T2026-009", "--outcome", "sanction"]);
    assert!(err.contains("no complaint T2026-009"), "{err}");
}

#[test]
fn approving_a_case_approves_each_of_its_waiting_payments() {
    let s = store();
    let no = "2026-0002";
    s.ok(&["subsidy", "pay", no]);
    s.ok(&[
        "subsidy",
        "pay",
        no,
        "--amount",
        "200",
        "--reason",
        "补发交通费",
    ]);
    let out = s.ok(&["subsidy", "approve", no]);
    assert!(
        out.contains("payment 1 approved") && out.contains("payment 2 approved"),
        "{out}"
    );
    let p = payments(&s, no);
    assert!(
        p.as_array()
            .unwrap()
            .iter()
            .all(|e| e["approved_by"].is_string()),
        "{p}"
    );
    let err = s.refused(&["subsidy", "approve", no]);
    assert!(err.contains("no payment waiting for approval"), "{err}");
    // Committed: the review's assessment of a file not yet proposed (0001,
    // 0003: 1500 each), the unpaid entries of one proposed (0002's center
    // staff are paid their costs only: 400, and the 200 more).
    let f = json(&s.ok(&["report", "funds", "--period", "2026", "--format", "json"]));
    assert_eq!(f["committed"], 1500 + 400 + 200 + 1500, "{f}");
}

#[test]
fn duty_days_are_paid_outside_any_case_and_count_in_t4() {
    let s = store();
    let err = s.refused(&[
        "subsidy", "other", "--kind", "handling", "--payee", "P-0001", "--units", "1",
    ]);
    assert!(err.contains("paid per case"), "{err}");
    let out = s.ok(&[
        "subsidy", "other", "--kind", "duty", "--payee", "P-0001", "--units", "3",
    ]);
    assert!(out.contains("O1"), "{out}");
    s.ok(&[
        "subsidy",
        "other",
        "--kind",
        "drafting",
        "--payee",
        "P-0003",
        "--units",
        "2",
        "--amount",
        "500",
        "--reason",
        "一件复杂",
    ]);
    let list = json(&s.ok(&["subsidy", "list", "--json"]));
    let duty = list
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["no"] == "O1")
        .unwrap()
        .clone();
    assert_eq!(
        (duty["amount"].as_u64(), duty["standard"].as_u64()),
        (Some(900), Some(900)),
        "{duty}"
    );
    let err = s.refused(&["subsidy", "settle", "O1", "--voucher", "记-9"]);
    assert!(err.contains("not approved yet"), "{err}");
    s.ok(&["subsidy", "settle", "O1"]);
    s.ok(&["subsidy", "settle", "O1", "--voucher", "记-9"]);
    let err = s.refused(&["subsidy", "settle", "O1", "--voucher", "记-10"]);
    assert!(err.contains("never paid twice"), "{err}");
    let err = s.refused(&["subsidy", "settle", "O9"]);
    assert!(err.contains("no payment O9"), "{err}");
    let f = json(&s.ok(&["report", "funds", "--period", "2026", "--format", "json"]));
    assert_eq!(f["spent"], 900, "{f}");
    assert_eq!(f["spent_by_kind"]["duty"], 900);
    assert_eq!(f["spent_by_kind"]["drafting"], 0, "not yet paid");
    let y = json(&s.ok(&["report", "yearly", "--period", "2026", "--format", "json"]));
    assert_eq!(y["t4"]["by_kind"]["duty"], 900, "{}", y["t4"]);
    assert!(s.ok(&["check"]).contains("every index agrees"));
}

#[test]
fn the_lottery_projects_cases_have_their_quarterly_table() {
    let s = Store::one_person();
    s.import_with(&["provider", "import"], PROVIDERS);
    // A migrant worker's case (the project serves them) and another.
    let migrant = closed("张三", "0019", "P-0001", "2026-10-01", "2026-10-10")
        .replace(r#""phone""#, r#""groups":["migrant_worker"],"phone""#);
    s.import(&[
        &migrant,
        &closed("李四", "0027", "P-0003", "2026-10-02", "2026-10-12"),
    ]);
    for no in ["2026-0001", "2026-0002"] {
        s.ok(&["handle", "review-file", no]);
    }
    s.ok(&["subsidy", "pay", "2026-0001", "--source", "lottery"]);
    s.ok(&["subsidy", "pay", "2026-0002"]);
    s.ok(&["subsidy", "approve", "2026-0001", "2026-0002"]);
    s.ok(&["subsidy", "paid", "2026-0001", "--voucher", "记-1"]);
    s.ok(&["subsidy", "paid", "2026-0002", "--voucher", "记-2"]);
    let q = json(&s.ok(&[
        "report",
        "quarterly",
        "--period",
        "2026-Q4",
        "--format",
        "json",
    ]));
    let t = &q["lottery"];
    assert_eq!(t["cases"], 1, "{t}");
    assert_eq!(t["spent"], 1500);
    assert_eq!(t["migrant_workers"], 1);
    assert_eq!(t["disabled"], 0);
    let text = s.ok_in("zh-Hans", &["report", "quarterly", "--period", "2026-Q4"]);
    assert!(text.contains("中央专项彩票公益金法律援助项目"), "{text}");
    assert!(s.ok(&["check"]).contains("every index agrees"));
}
