//! The life of a case through the command line: review, decision, approval,
//! objection, assignment, handling and closing.

mod support;

use std::process::Command;

use support::cli::Store;

/// The OS user the tests run as (who the store records).
fn me() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

const WAGES: &str = r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三丰","id_number":"43020419800101001X","groups":["migrant_worker"]},"adverse_party":"株洲市某建筑工程有限公司"}"#;

fn providers(s: &Store) {
    let file = s.dir.with_extension("providers.jsonl");
    let lines = [
        r#"{"id":"P-0001","name":"刘建国","organization":"湖南金州律师事务所","kind":"lawyer","kinds":["civil","labor_arbitration"],"matters":["wages","work_injury"],"criminal_defense_years":1,"juvenile":false,"capacity":10,"active":true}"#,
        r#"{"id":"P-0002","name":"陈芳","organization":"石峰区法律服务所","kind":"legal_service_worker","kinds":["civil"],"matters":["marriage"],"criminal_defense_years":0,"juvenile":true,"capacity":10,"active":true}"#,
        r#"{"id":"P-0003","name":"赵磊","organization":"湖南天易律师事务所","kind":"lawyer","kinds":["criminal"],"matters":["defense"],"criminal_defense_years":8,"juvenile":true,"capacity":5,"active":true}"#,
        r#"{"id":"P-0004","name":"周敏","organization":"石峰区法律援助中心","kind":"center_staff","kinds":["civil"],"matters":["wages"],"criminal_defense_years":0,"juvenile":false,"capacity":10,"active":false}"#,
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    s.ok(&["provider", "import", file.to_str().unwrap()]);
}

/// Proposes to deny WAGES on the means. A denial on the means needs the
/// means test failed (Art. 34): the applicant is a migrant worker claiming
/// wages (Art. 42) until the caseworker finds otherwise.
fn propose_denial_on_the_means(s: &Store) {
    s.ok(&[
        "review",
        "confirm",
        "2026-0001",
        "hardship",
        "fail",
        "--reason",
        "有稳定收入，非农民工",
    ]);
    s.ok(&[
        "decide",
        "2026-0001",
        "--deny",
        "--reason",
        "not_hardship",
        "--text",
        "收入超过标准",
    ]);
}

#[test]
fn the_full_life_of_a_case_from_application_to_archive() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    providers(&s);
    let no = "2026-0001";
    // Review: supplement notice stops the clock, documents arrive.
    s.ok(&[
        "review",
        "request-documents",
        no,
        "--item",
        "劳动合同",
        "--item",
        "工资欠条",
        "--due",
        "2026-12-03",
    ]);
    assert_eq!(s.case(no)["status"], "awaiting_documents");
    let due = s.due("30");
    let kinds: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["case_no"] == no)
        .map(|d| d["deadline"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["supplement"],
        "while documents are awaited, only the supplement date runs"
    );
    s.ok(&["review", "documents-received", no]);
    s.ok(&[
        "review",
        "means",
        no,
        "--household",
        "3",
        "--income",
        "2400",
    ]);
    s.ok(&[
        "review",
        "confirm",
        no,
        "jurisdiction",
        "pass",
        "--reason",
        "户籍在石峰区",
    ]);
    // Decision and approval (the first user of the store is an admin).
    s.propose_grant(no);
    assert_eq!(
        s.case(no)["status"],
        "received",
        "a proposal is not yet a decision"
    );
    s.ok(&["approve", no]);
    let c = s.case(no);
    assert_eq!(c["status"], "granted");
    assert!(
        c["review"]["decision"]["standard"]
            .as_str()
            .unwrap()
            .contains("yuan per member"),
        "{c}"
    );
    // Assignment: the ranking explains itself; the inactive provider is excluded.
    let ranked = s.ok(&["assign", no]);
    assert!(
        ranked.lines().next().unwrap().contains("P-0001"),
        "{ranked}"
    );
    assert!(
        ranked.contains("✗  P-0004") && ranked.contains("not active"),
        "{ranked}"
    );
    let err = s.refused(&["assign", no, "P-0004", "--reason", "就近"]);
    assert!(err.contains("cannot take case"), "{err}");
    s.ok(&["assign", no, "P-0001"]);
    assert_eq!(s.case(no)["status"], "assigned");
    // The case names the provider; the assignment keeps the id.
    let shown = s.ok_in("zh-Hans", &["show", no]);
    assert!(shown.contains("刘建国（湖南金州律师事务所）"), "{shown}");
    assert!(shown.contains("P-0001"), "{shown}");
    // Handling and closing.
    s.ok(&["handle", "agreement", no]);
    s.ok(&["handle", "note", no, "已申请劳动仲裁"]);
    s.ok(&["handle", "conclude", no, "--outcome", "调解结案"]);
    s.ok(&["handle", "submit-file", no]);
    let err = s.refused(&["handle", "review-file", no, "--amount", "2000"]);
    assert!(err.contains("give a reason"), "{err}");
    s.ok(&["handle", "review-file", no]);
    s.ok(&["handle", "archive", no]);
    s.ok(&[
        "follow-up",
        no,
        "--method",
        "phone",
        "--reached",
        "--satisfaction",
        "satisfied",
        "--note",
        "满意",
    ]);
    let c = s.case(no);
    assert_eq!(c["status"], "archived");
    assert_eq!(c["open_deadlines"].as_array().unwrap().len(), 0);
    // The rate table's standard: civil litigation by a lawyer.
    assert_eq!(c["handling"]["subsidy"]["amount"], 1500);
    assert!(s.ok(&["check"]).contains("every index agrees"));
    // The history tells the whole story, with who did each step.
    let text = s.ok(&["show", no]);
    for step in [
        "documents requested",
        "Jurisdiction",
        "户籍在石峰区",
        "decision proposed",
        "decision approved",
        "assigned",
        "concluded",
        "archived",
        "follow-up recorded",
    ] {
        assert!(text.contains(step), "history lacks {step}:\n{text}");
    }
}

#[test]
fn a_caseworker_is_refused_approval() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let me = me();
    let me = me.as_str();
    // The first user is an admin; the admin makes themself a caseworker.
    s.ok(&["user", "add", me, "--role", "admin"]);
    s.ok(&["user", "add", "dengym", "--role", "director"]);
    s.ok(&["user", "add", me, "--role", "caseworker"]);
    let list = s.ok(&["user", "list"]);
    assert!(
        list.contains("dengym") && list.contains("director"),
        "{list}"
    );
    propose_denial_on_the_means(&s);
    let err = s.refused(&["approve", "2026-0001"]);
    assert!(err.contains("caseworker"), "{err}");
    assert_eq!(s.case("2026-0001")["status"], "received");
    // Nor may a caseworker change roles any more.
    let err = s.refused(&["user", "add", me, "--role", "admin"]);
    assert!(err.contains("only an admin"), "{err}");
}

#[test]
fn a_denial_needs_a_reason_and_an_objection_can_reopen_the_review() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    // A reason that is no code is a usage error at the input edge, which
    // lists the codes; a denial without its reasons in words is refused.
    let out = s.run(&["decide", "2026-0001", "--deny", "--reason", ""]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("not_hardship") && err.contains("not_in_scope"),
        "{err}"
    );
    let err = s.refused(&["decide", "2026-0001", "--deny", "--reason", "not_in_scope"]);
    assert!(err.contains("a denial needs a reason"), "{err}");
    propose_denial_on_the_means(&s);
    s.ok(&["approve", "2026-0001"]);
    assert_eq!(s.case("2026-0001")["status"], "denied");
    s.ok(&["objection", "file", "2026-0001", "--against", "denial"]);
    let due = s.due("10");
    assert!(
        due.as_array()
            .unwrap()
            .iter()
            .any(|d| d["deadline"] == "objection"),
        "{due}"
    );
    s.ok(&[
        "objection",
        "decide",
        "2026-0001",
        "--corrected",
        "--note",
        "应予援助",
    ]);
    assert_eq!(s.case("2026-0001")["status"], "received");
}

#[test]
fn reassignment_keeps_the_history() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    providers(&s);
    s.grant("2026-0001");
    s.ok(&["assign", "2026-0001", "P-0001"]);
    let err = s.refused(&["assign", "2026-0001", "P-0002", "--reassign"]);
    assert!(err.contains("reason"), "{err}");
    s.ok(&[
        "assign",
        "2026-0001",
        "P-0002",
        "--reassign",
        "--reason",
        "当事人投诉",
    ]);
    let c = s.case("2026-0001");
    let assignments = c["handling"]["assignments"].as_array().unwrap();
    assert_eq!(assignments.len(), 2);
    assert_eq!(assignments[0]["provider"], "P-0001");
    assert_eq!(assignments[1]["provider"], "P-0002");
    assert_eq!(assignments[1]["reason"], "当事人投诉");
    let list = s.ok(&["provider", "list"]);
    let line = list.lines().find(|l| l.contains("P-0002")).unwrap();
    assert!(line.contains("1/10"), "P-0002 has one open case: {line}");
}

#[test]
fn a_provider_who_acted_for_the_adverse_party_is_excluded() {
    let s = Store::one_person();
    // A past case of P-0001 whose client was 王五; now 王五 is the adverse party.
    s.import(&[
        r#"{"received":"2026-03-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"王五"},"status":"archived","decided":"2026-03-05","assigned":"2026-03-06","provider":"P-0001","agreement_signed":"2026-03-07","concluded":"2026-05-01","file_submitted":"2026-05-10","file_reviewed":"2026-05-20","archived":"2026-05-21"}"#,
        r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"李四"},"adverse_party":"王五","status":"granted","decided":"2026-11-21"}"#,
    ]);
    providers(&s);
    let ranked = s.ok(&["assign", "2026-0002"]);
    let at = ranked.find("P-0001").unwrap();
    assert!(
        ranked[at..].contains("2026-0001"),
        "the conflict names the past case:\n{ranked}"
    );
    let err = s.refused(&["assign", "2026-0002", "P-0001", "--reason", "x"]);
    assert!(err.contains("cannot take case"), "{err}");
}

#[test]
fn provider_import_is_all_or_nothing_with_line_numbers() {
    let s = Store::one_person();
    let file = s.dir.with_extension("bad.jsonl");
    std::fs::write(
        &file,
        [
            r#"{"id":"P-0001","name":"刘建国","organization":"律所","kind":"lawyer","capacity":10,"active":true}"#,
            r#"{"id":"P-0002","name":"","organization":"律所","kind":"lawyer","capacity":10,"active":true}"#,
            r#"{"id":"P-0003","name":"赵磊","organization":"律所","kind":"astronaut","capacity":10,"active":true}"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let err = s.refused(&["provider", "import", file.to_str().unwrap()]);
    assert!(err.contains("line 2") && err.contains("line 3"), "{err}");
    assert_eq!(s.ok(&["provider", "list"]).trim(), "");
}

#[test]
fn ranking_and_history_speak_the_chosen_language() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    providers(&s);
    s.grant("2026-0001");
    let ranking = s.ok_in("zh-Hans", &["assign", "2026-0001"]);
    assert!(ranking.contains("在办 0/10"), "{ranking}");
    assert!(
        ranking.contains("该人员已停止承办法律援助案件"),
        "{ranking}"
    );
    assert!(!ranking.contains("load "), "{ranking}");
    let shown = s.ok_in("zh-Hant", &["show", "2026-0001"]);
    assert!(shown.contains("建立（匯入）"), "{shown}");
    assert!(shown.contains("已審批同意"), "{shown}");
    assert!(!shown.contains("created ("), "{shown}");
}

// ---------------------------------------------------------------------------
// The law's hard rules: what no command passes over.

/// A policy of two hardship standards: 1320 yuan per member, and 1600 only
/// from 2026-07-01.
fn two_standards(s: &Store) {
    let file = s.dir.with_extension("policy.toml");
    let shown = s.ok(&["policy", "show"]);
    let policy = format!(
        "{shown}\n[[hardship_standards]]\neffective = 2026-07-01\nmonthly_income_per_member = 1600\n"
    );
    std::fs::write(&file, policy).unwrap();
    s.ok(&["policy", "import", file.to_str().unwrap()]);
}

const JUNE: &str = r#"{"received":"2026-06-15","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"李秀英","id_number":"43020419800101001X"},"adverse_party":"某物业公司"}"#;

#[test]
fn a_grant_on_means_above_the_standard_in_force_is_refused_with_the_figures() {
    let s = Store::one_person();
    s.import(&[JUNE]);
    two_standards(&s);
    let no = "2026-0001";
    s.ok(&[
        "review",
        "means",
        no,
        "--household",
        "2",
        "--income",
        "3000",
    ]);
    let err = s.refused(&[
        "decide",
        no,
        "--grant",
        "--reason",
        "hardship_met",
        "--text",
        "困难",
    ]);
    assert!(
        err.contains("1500 > 1320") && err.contains("Art. 34"),
        "{err}"
    );
    // Nor on another grant reason: the means test fails whatever is said.
    let err = s.refused(&["decide", no, "--grant", "--reason", "other", "--text", "x"]);
    assert!(err.contains("1500 > 1320"), "{err}");
    // The checklist says so, item by item.
    let hardship = |case: &serde_json::Value| -> serde_json::Value {
        case["checklist"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["item"] == "hardship")
            .cloned()
            .unwrap()
    };
    let case = s.case(no);
    assert_eq!(case["checklist"].as_array().unwrap().len(), 6);
    assert_eq!(hardship(&case)["verdict"], "fail");
    assert!(
        hardship(&case)["basis"].as_str().unwrap().contains("1320"),
        "{case}"
    );
    // An explicit override with a reason: granted, and the decision shows it.
    let err = s.refused(&["review", "confirm", no, "hardship", "pass", "--reason", " "]);
    assert!(err.contains("reason"), "{err}");
    s.ok(&[
        "review",
        "confirm",
        no,
        "hardship",
        "pass",
        "--reason",
        "重大疾病支出，实际困难",
    ]);
    s.ok(&[
        "decide",
        no,
        "--grant",
        "--reason",
        "hardship_met",
        "--text",
        "困难",
    ]);
    s.ok(&["approve", no]);
    let case = s.case(no);
    assert_eq!(case["status"], "granted");
    let h = hardship(&case);
    assert_eq!(h["verdict"], "pass");
    assert_eq!(h["computed"]["verdict"], "fail");
    assert_eq!(h["reason"], "重大疾病支出，实际困难");
    assert!(h["set_by"].is_string());
    let text = s.ok(&["show", no]);
    let decision = text.lines().find(|l| l.contains("Decision")).unwrap();
    assert!(
        decision.contains("fail → pass") && decision.contains("重大疾病支出"),
        "{text}"
    );
}

#[test]
fn an_approval_is_held_to_the_means_recorded_after_the_proposal() {
    let s = Store::one_person();
    s.import(&[JUNE]);
    let no = "2026-0001";
    s.ok(&[
        "review",
        "means",
        no,
        "--household",
        "2",
        "--income",
        "2000",
    ]);
    s.propose_grant(no);
    s.ok(&[
        "review",
        "means",
        no,
        "--household",
        "2",
        "--income",
        "3000",
    ]);
    let err = s.refused(&["approve", no]);
    assert!(err.contains("1500 > 1320"), "{err}");
    assert_eq!(s.case(no)["status"], "received");
}

const NOTIFIED: &str = r#"{"received":"2026-11-24","kind":"criminal","matter":"defense","channel":"notified","applicant":{"name":"赵某某","id_number":"43020419800101001X"}}"#;

#[test]
fn a_notified_defence_is_never_denied_on_the_means() {
    let s = Store::one_person();
    s.import(&[NOTIFIED]);
    let no = "2026-0001";
    for reason in ["not_hardship", "documents_missing", "other"] {
        let err = s.refused(&["decide", no, "--deny", "--reason", reason, "--text", "x"]);
        assert!(err.contains("Art. 25, 36"), "{reason}: {err}");
    }
    let err = s.refused(&[
        "review",
        "request-documents",
        no,
        "--item",
        "收入证明",
        "--due",
        "2026-12-03",
    ]);
    assert!(err.contains("Art. 25, 36"), "{err}");
    // It is assigned without a review.
    providers(&s);
    s.ok(&["assign", no, "P-0003"]);
    assert_eq!(s.case(no)["status"], "assigned");
}

const SERIOUS: &str = r#"{"received":"2026-11-24","kind":"criminal","matter":"defense","channel":"notified","serious":true,"applicant":{"name":"钱某某","id_number":"43020419800101001X"}}"#;

#[test]
fn art_26_is_a_fact_of_the_case_and_no_reason_passes_over_it() {
    let s = Store::one_person();
    s.import(&[SERIOUS]);
    providers(&s);
    let no = "2026-0001";
    assert_eq!(s.case(no)["serious"], true);
    // P-0001 has one year of criminal defence: excluded, whatever the reason.
    let err = s.refused(&["assign", no, "P-0001", "--reason", "就近"]);
    assert!(err.contains("Art. 26") && err.contains("P-0001"), "{err}");
    let err = s.refused(&["assign", no, "P-0001", "--serious", "--reason", "就近"]);
    assert!(err.contains("Art. 26"), "{err}");
    // An inactive provider: never.
    let err = s.refused(&["assign", no, "P-0004", "--reason", "就近"]);
    assert!(err.contains("not active"), "{err}");
    s.ok(&["assign", no, "P-0003"]);
    // Nor by a replacement (Art. 55).
    let err = s.refused(&[
        "assign",
        no,
        "P-0001",
        "--reassign",
        "--reason",
        "当事人投诉",
    ]);
    assert!(err.contains("Art. 26"), "{err}");
    assert!(s.case(no)["provider"].as_str().unwrap().contains("赵磊"));
    let shown = s.ok(&["show", no]);
    assert!(
        shown.contains("life imprisonment or the death penalty"),
        "{shown}"
    ); // The ranking says so first, and marks the excluded with ✗.
    let list = s.ok(&["assign", no]);
    assert!(
        list.starts_with("This case may bring life imprisonment"),
        "{list}"
    );
    let line = list.lines().find(|l| l.contains("P-0001")).unwrap();
    assert!(line.contains('✗'), "{list}");
}

#[test]
fn a_serious_charge_found_later_is_recorded_and_applied() {
    let s = Store::one_person();
    s.import(&[NOTIFIED]);
    providers(&s);
    let no = "2026-0001";
    // Known once the charge is: recorded as a correction, kept in the history.
    s.ok(&["correct", no, "serious", "true"]);
    assert_eq!(s.case(no)["serious"], true);
    let history = s.ok(&["show", no]);
    assert!(history.contains("(Art. 26): - → yes"), "{history}");
    let history = s.ok_in("zh-Hans", &["show", no]);
    assert!(history.contains("（第二十六条）：- → 是"), "{history}");
    let err = s.refused(&["assign", no, "P-0001", "--reason", "就近"]);
    assert!(err.contains("Art. 26"), "{err}");
    // A civil case cannot carry it.
    s.import(&[WAGES]);
    let err = s.refused(&["correct", "2026-0002", "serious", "true"]);
    assert!(err.contains("criminal"), "{err}");
}

#[test]
fn a_preference_is_passed_over_only_with_a_reason() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    providers(&s);
    s.grant("2026-0001");
    // P-0001 ranks first (wages); P-0002 is another pick.
    let err = s.refused(&["assign", "2026-0001", "P-0002"]);
    assert!(
        err.contains("first ranked") && err.contains("reason"),
        "{err}"
    );
    s.ok(&[
        "assign",
        "2026-0001",
        "P-0002",
        "--reason",
        "当事人要求女性律师",
    ]);
}

#[test]
fn a_conflict_of_interest_is_found_both_ways_at_registration() {
    let s = Store::one_person();
    s.import(&[
        r#"{"received":"2026-11-20","kind":"civil","matter":"support","channel":"walk_in","applicant":{"name":"张丽华"},"adverse_party":"王志强"}"#,
    ]);
    let register = |record: &str| {
        let file = s.dir.with_extension("register.json");
        std::fs::write(&file, record).unwrap();
        s.ok(&["register", file.to_str().unwrap()]);
    };
    // The earlier case's adverse party now applies.
    register(
        r#"{"received":"2026-11-25","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"王志强"}}"#,
    );
    assert_eq!(
        s.case("2026-0002")["flags"]["possible_conflicts"],
        serde_json::json!([{"year": 2026, "seq": 1}])
    );
    // The earlier applicant is now named as the adverse party.
    register(
        r#"{"received":"2026-11-25","kind":"civil","matter":"support","channel":"walk_in","applicant":{"name":"刘某"},"adverse_party":"张丽华"}"#,
    );
    assert_eq!(
        s.case("2026-0003")["flags"]["possible_conflicts"],
        serde_json::json!([{"year": 2026, "seq": 1}])
    );
    // And the checklist of the new case fails on it until cleared.
    let case = s.case("2026-0002");
    let conflicts = case["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["item"] == "conflicts")
        .cloned()
        .unwrap();
    assert_eq!(conflicts["verdict"], "fail", "{case}");
}

#[test]
fn history_times_are_kept_in_utc_and_read_in_the_readers_zone() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let in_zone = |tz: &str, args: &[&str]| -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--store")
            .arg(&s.dir)
            .args(["--today", "2026-11-26", "--lang", "en"])
            .args(args)
            .env("TZ", tz)
            .env("DOCKET_SERVER_IDLE", "2")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // A server started in UTC records the note...
    in_zone("UTC0", &["handle", "note", "2026-0001", "已电话联系"]);
    let export = in_zone("UTC0", &["export"]);
    let line: serde_json::Value = serde_json::from_str(export.lines().next().unwrap()).unwrap();
    let at = line["history"].as_array().unwrap().last().unwrap()["at"]
        .as_str()
        .unwrap()
        .to_string();
    let at = chrono::DateTime::parse_from_rfc3339(&at).unwrap();
    assert_eq!(at.offset().local_minus_utc(), 0, "kept in UTC: {at}");
    // ... and a caseworker in Beijing reads it in Beijing time.
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).unwrap();
    let expected = at
        .with_timezone(&beijing)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let shown = in_zone("CST-8", &["show", "2026-0001"]);
    let note_line = shown.lines().rfind(|l| l.contains("已电话联系")).unwrap();
    assert!(note_line.contains(&expected), "{expected} in {shown}");
}

#[test]
fn the_server_dates_every_step_by_its_own_calendar() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    providers(&s);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["assign", no, "P-0001"]);
    let at = |today: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_docket"))
            .arg("--store")
            .arg(&s.dir)
            .args(["--today", today, "--lang", "en"])
            .args(args)
            .env("DOCKET_TODAY", "2099-01-01")
            .env("DOCKET_SERVER_IDLE", "2")
            .output()
            .unwrap()
    };
    // A client's date after the server's today: refused, whatever the
    // client's environment says.
    let out = at("2099-01-01", &["handle", "agreement", no]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("by the server's calendar"), "{err}");
    // A step backdated before the one it follows: refused, naming both.
    let out = at("2026-11-24", &["handle", "agreement", no]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("agreement signed 2026-11-24 would be before assigned (2026-11-26)"),
        "{err}"
    );
    // Backdated within the order: taken, with the date given.
    let out = at("2026-11-26", &["handle", "agreement", no]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(s.case(no)["agreement_signed"], "2026-11-26");
    // The history keeps both the date given and the day it was entered.
    let shown = s.ok(&["show", no]);
    assert!(shown.contains("[dated 2026-11-26, entered 20"), "{shown}");
}

#[test]
fn write_commands_answer_in_the_readers_language() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    providers(&s);
    let no = "2026-0001";
    let out = s.ok_in("zh-Hans", &["handle", "note", no, "已电话联系"]);
    let ascii_words = |t: &str| {
        t.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() > 1)
    };
    assert!(out.starts_with("2026-0001："), "{out}");
    assert!(
        !ascii_words(&out),
        "an English word on a Chinese screen: {out}"
    );
    s.grant(no);
    let out = s.ok_in("zh-Hant", &["assign", no, "P-0001"]);
    assert!(
        out.contains("已指派給") && !ascii_words(out.split("P-0001").next().unwrap()),
        "{out}"
    );
}

#[test]
fn a_refusal_is_worded_in_the_readers_language() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    providers(&s);
    s.grant("2026-0001");
    s.ok(&["assign", "2026-0001", "P-0001"]);
    // Concluding before the agreement is signed, and passing over the
    // ranking without a reason: refused, in each language.
    for (lang, words, ranking) in [
        ("zh-Hans", "结案前须先签订委托协议", "排名第一"),
        ("zh-Hant", "結案前須先簽訂委託協議", "排名第一"),
        ("en", "the agreement must be signed before", "first ranked"),
    ] {
        let out = support::cli::docket_in(
            &s.dir,
            lang,
            &["handle", "conclude", "2026-0001", "--outcome", "调解结案"],
        );
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{lang}: {err}");
        if lang != "en" {
            let text = err.trim_start_matches("docket: ");
            assert!(
                !text.chars().any(|c| c.is_ascii_alphabetic()),
                "{lang}: an English word in {err}"
            );
        }
        let out = support::cli::docket_in(
            &s.dir,
            lang,
            &[
                "assign",
                "2026-0001",
                "P-0002",
                "--reassign",
                "--reason",
                " ",
            ],
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(ranking), "{lang}: {err}");
    }
}

/// Issue 16, 6: a provider is replaced only by a reassignment with its
/// reason (Art. 55), never by a correction; `docket check` finds a record
/// whose provider disagrees with its last assignment.
#[test]
fn a_provider_changes_only_by_a_reassignment_and_check_finds_one_that_did_not() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    providers(&s);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["assign", no, "P-0001"]);
    let before = s.case(no)["provider"].clone();
    for field in ["provider", "assigned", "outcome", "review.household_size"] {
        let err = s.refused(&["correct", no, field, "P-0002"]);
        assert!(
            err.contains("set by a step of the procedure"),
            "{field}: {err}"
        );
    }
    assert!(
        s.refused(&["correct", no, "provider", "P-0002"])
            .contains("Art. 55")
    );
    assert_eq!(s.case(no)["provider"], before);
    assert!(s.ok(&["check"]).contains("every index agrees"));
    // A record made inconsistent elsewhere (an older docket, a hand-edited
    // export): check names the case and the rule.
    let mut record: serde_json::Value =
        serde_json::from_str(s.ok(&["export"]).lines().next().unwrap()).unwrap();
    record["case_no"] = "2026-0002".into();
    record["provider"] = "P-0002".into();
    record.as_object_mut().unwrap().remove("history");
    s.import(&[&record.to_string()]);
    let out = support::cli::docket(&s.dir, &["check"]);
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("2026-0002") && text.contains("Art. 55"),
        "{text}"
    );
}

/// Issue 16, 19 (in part): `show` in Chinese words the decision's reason,
/// the standard it used, the age and each deadline's basis: no code, no
/// English.
#[test]
fn show_in_chinese_has_no_codes_or_english_in_the_decision_and_deadlines() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.ok(&[
        "review",
        "means",
        "2026-0001",
        "--household",
        "3",
        "--income",
        "2000",
    ]);
    s.ok(&[
        "decide",
        "2026-0001",
        "--grant",
        "--reason",
        "not_verified_art42",
        "--text",
        "农民工请求支付劳动报酬",
    ]);
    let out = s.ok_in("zh-Hans", &["show", "2026-0001"]);
    let head: String = out
        .lines()
        .take_while(|l| !l.starts_with("历史记录"))
        .collect::<Vec<_>>()
        .join("\n");
    for word in [
        "（46岁）",
        "第四十二条",
        "起施行：每人每月 1320 元",
        "《法律援助法》第四十三条",
    ] {
        assert!(head.contains(word), "{word}: {head}");
    }
    for english in ["not_verified", "effective", "yuan", "Legal Aid Law", "age "] {
        assert!(!head.contains(english), "{english}: {head}");
    }
}

/// Issue 16, 10 (command line): a step that happened before today is
/// entered with its own date, never in the future and never before the
/// step it follows; the history keeps both dates.
#[test]
fn a_step_is_entered_with_the_day_it_happened() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    providers(&s);
    let no = "2026-0001";
    s.assigned_days_ago(no);
    // Before the assignment: refused, naming both.
    let err = s.refused(&["handle", "agreement", no, "--on", "2026-11-20"]);
    assert!(err.contains("would be before assigned"), "{err}");
    // In the future: refused by the server's calendar.
    let err = s.refused(&["handle", "agreement", no, "--on", "2026-12-20"]);
    assert!(err.contains("after today"), "{err}");
    s.ok(&["handle", "agreement", no, "--on", "2026-11-23"]);
    s.ok(&[
        "handle",
        "conclude",
        no,
        "--outcome",
        "调解结案",
        "--on",
        "2026-11-25",
    ]);
    let c = s.case(no);
    assert_eq!(c["agreement_signed"], "2026-11-23", "{c}");
    assert_eq!(c["concluded"], "2026-11-25", "{c}");
    // The history keeps both days: the one the step is dated and the one
    // it was entered.
    assert!(c.to_string().contains(r#""dated":"2026-11-23""#), "{c}");
}

/// Issue 16, 20: display names, and what deactivating a user needs.
#[test]
fn users_get_display_names_and_deactivation_needs_a_reason_and_not_oneself() {
    let s = Store::new();
    let me = me();
    let said = s.ok(&["user", "add", &me, "--role", "admin", "--name", " 邓 宇明 "]);
    assert!(said.contains(&format!("邓 宇明 ({me}) is admin")), "{said}");
    s.ok(&[
        "user",
        "add",
        "liwei",
        "--role",
        "caseworker",
        "--name",
        "李伟",
    ]);
    // A role changed later keeps the name.
    s.ok(&["user", "add", "liwei", "--role", "director"]);
    let list = s.ok(&["user", "list"]);
    let line = list.lines().find(|l| l.starts_with("liwei")).unwrap();
    assert!(line.contains("李伟") && line.contains("director"), "{line}");
    let err = s.refused(&["user", "add", "liwei", "--role", "director", "--name", "  "]);
    assert!(err.contains("display name"), "{err}");
    let err = s.refused(&["user", "deactivate", "liwei", "--reason", " "]);
    assert!(err.contains("needs a reason"), "{err}");
    let err = s.refused(&["user", "deactivate", &me, "--reason", "leaving"]);
    assert!(err.contains("cannot deactivate yourself"), "{err}");
    let err = s.refused(&["user", "deactivate", "nobody", "--reason", "x"]);
    assert!(err.contains("no user nobody"), "{err}");
    s.ok(&["user", "deactivate", "liwei", "--reason", "调往他处"]);
    let list = s.ok_in("zh-Hans", &["user", "list"]);
    let line = list.lines().find(|l| l.starts_with("liwei")).unwrap();
    assert!(line.contains("（已停用）"), "{line}");
    s.ok(&["user", "activate", "liwei"]);
    assert!(!s.ok(&["user", "list"]).contains("deactivated"));
}

/// Issue 16, 19: `docket show` in Chinese words every history line of a
/// case's whole life (steps, their details, a backdated step): no raw code,
/// no English word.
#[test]
fn a_whole_life_reads_in_chinese_in_show() {
    let s = Store::one_person();
    providers(&s);
    s.import(&[WAGES]);
    let no = "2026-0001";
    s.ok(&[
        "review",
        "means",
        no,
        "--household",
        "3",
        "--income",
        "2400",
    ]);
    s.ok(&[
        "review",
        "confirm",
        no,
        "documents",
        "pass",
        "--reason",
        "材料齐全",
    ]);
    s.assigned_days_ago(no);
    s.ok(&["handle", "agreement", no, "--on", "2026-11-22"]);
    s.ok(&["handle", "note", no, "电话联系申请人"]);
    s.ok(&["handle", "conclude", no, "--outcome", "调解结案"]);
    s.ok(&["handle", "submit-file", no]);
    s.ok(&[
        "handle",
        "review-file",
        no,
        "--amount",
        "900",
        "--reason",
        "提前结案",
    ]);
    s.ok(&["handle", "archive", no]);
    s.ok(&[
        "follow-up",
        no,
        "--method",
        "visit",
        "--reached",
        "--satisfaction",
        "fair",
        "--met",
        "yes",
        "--note",
        "很满意",
    ]);
    for lang in ["zh-Hans", "zh-Hant"] {
        let shown = s.ok_in(lang, &["show", no]);
        let history = shown
            .split_once(if lang == "zh-Hans" {
                "历史记录"
            } else {
                "歷史記錄"
            })
            .unwrap_or_else(|| panic!("{shown}"))
            .1;
        let me = me();
        for line in history.lines() {
            let words: Vec<&str> = line
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 2 && *w != me)
                .collect();
            assert!(words.is_empty(), "{lang}: {line:?} has {words:?}");
        }
        assert!(
            history.contains("调解结案") || history.contains("調解結案"),
            "{history}"
        );
    }
}

/// Issue 16, 3: `docket handle strike-note`: the note stays, marked, with
/// the reason; it survives an export and an import.
#[test]
fn a_note_struck_out_stays_marked_and_survives_export() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let no = "2026-0001";
    s.ok(&["handle", "note", no, "电话联系申请人"]);
    s.ok(&["handle", "note", no, "误记：另一案的开庭"]);
    let err = s.refused(&["handle", "strike-note", no, "3", "--reason", "x"]);
    assert!(err.contains("there is no note 3: the case has 2"), "{err}");
    s.ok(&["handle", "strike-note", no, "2", "--reason", "记错案件"]);
    let err = s.refused(&["handle", "strike-note", no, "2", "--reason", "x"]);
    assert!(err.contains("struck out on"), "{err}");
    let shown = s.ok(&["show", no]);
    let line = shown.lines().find(|l| l.contains("误记")).unwrap();
    assert!(
        line.contains("2. ") && line.contains("[struck out") && line.contains("记错案件"),
        "{line}"
    );
    assert!(
        shown.contains("note struck out: note 2 struck out"),
        "{shown}"
    );
    // Export, then import into a new store: the strike is kept.
    let exported = s.ok(&["export"]);
    let t = Store::new();
    let lines: Vec<&str> = exported.lines().collect();
    t.import(&lines);
    assert_eq!(t.case(no)["notes"][1]["struck"]["reason"], "记错案件");
    assert_eq!(t.case(no)["notes"][0]["struck"], serde_json::Value::Null);
}

/// Issue 15, part 3: an item, a verdict, a ground or an objection that is
/// no code is refused at the input edge, with the codes it could be.
#[test]
fn a_word_that_is_no_code_is_a_usage_error_listing_the_codes() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    for (args, listed) in [
        (
            &[
                "review",
                "confirm",
                "2026-0001",
                "income",
                "pass",
                "--reason",
                "x",
            ][..],
            "hardship",
        ),
        (
            &[
                "review",
                "confirm",
                "2026-0001",
                "scope",
                "ok",
                "--reason",
                "x",
            ][..],
            "not_applicable",
        ),
        (
            &["handle", "terminate", "2026-0001", "--ground", "bored"][..],
            "recipient_request",
        ),
        (
            &["objection", "file", "2026-0001", "--against", "grant"][..],
            "termination",
        ),
    ] {
        let out = s.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(listed), "{args:?}: {err}");
    }
    assert_eq!(s.case("2026-0001")["status"], "received");
}

/// Issue 16, 19: why a case closed reads in Chinese (a termination by its
/// ground, Art. 48), not as the English the record keeps.
#[test]
fn a_closing_reason_reads_in_the_readers_language() {
    let s = Store::one_person();
    providers(&s);
    s.import(&[WAGES]);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["handle", "terminate", no, "--ground", "own_lawyer"]);
    let shown = s.ok_in("zh-Hans", &["show", no]);
    let line = shown
        .lines()
        .find(|l| l.contains("结案原因"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(line.contains("终止法律援助："), "{line}");
    let words: Vec<&str> = line
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .collect();
    assert!(words.is_empty(), "{line}: {words:?}");
    let shown = s.ok(&["show", no]);
    assert!(
        shown.contains("terminated: The recipient hired their own lawyer"),
        "{shown}"
    );
}

/// Issue 15, part 4: the CLI's own errors are worded in the reader's
/// language too (a case that is not there, a file that cannot be read, a
/// provider kind that is no code).
#[test]
fn the_clis_own_errors_speak_the_readers_language() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let err = |args: &[&str]| {
        let out = support::cli::docket_in(std::path::Path::new(s.path()), "zh-Hans", args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    assert!(err(&["show", "2026-0999"]).contains("中没有案件 2026-0999"));
    let said = s.ok_in("zh-Hans", &["check"]);
    assert!(said.contains("所有索引与记录一致"), "{said}");
    assert!(
        err(&["import", "/nonexistent/cases.jsonl"]).contains("无法读取 /nonexistent/cases.jsonl")
    );
    let e = err(&[
        "provider", "add", "P-0009", "--name", "王立", "--kind", "judge",
    ]);
    assert!(e.contains("“judge”不在可选值之内"), "{e}");
}
