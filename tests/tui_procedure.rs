//! The procedure in the real binary, in a pseudo-terminal: a caseworker
//! reviews an application from the checklist, proposes a grant and, as a
//! director, approves it; a granted case is assigned from the board and its
//! card moves to the next column.

mod support;

use std::process::Command;
use std::time::Duration;

use support::cli::Store;
use support::pty::Tui;

const ENTER: &str = "\r";

const WAGES: &str = r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三丰","id_number":"43020419800101001X","groups":["migrant_worker"]},"adverse_party":"株洲市某建筑工程有限公司"}"#;

const PROVIDERS: &[&str] = &[
    r#"{"id":"P-0001","name":"刘建国","organization":"湖南金州律师事务所","kind":"lawyer","kinds":["civil","labor_arbitration"],"matters":["wages","work_injury"],"criminal_defense_years":1,"juvenile":false,"capacity":10,"active":true}"#,
    r#"{"id":"P-0004","name":"周敏","organization":"石峰区法律援助中心","kind":"center_staff","kinds":["civil"],"matters":["wages"],"criminal_defense_years":0,"juvenile":false,"capacity":10,"active":false}"#,
];

/// The terminal app on the test store.
fn open(s: &Store) -> Tui {
    Tui::start(
        &["--store", s.path(), "--today", "2026-11-26", "--lang", "en"],
        &[],
        120,
        40,
    )
}

fn me() -> String {
    let out = Command::new("id").arg("-un").output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn type_slowly(t: &mut Tui, text: &str) {
    for c in text.chars() {
        t.send(&c.to_string());
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Searches with `/` for `query`, which finds one case; the screen.
fn search(t: &mut Tui, query: &str) -> String {
    t.send("/");
    t.wait_for("Search:");
    t.send(query);
    t.send(ENTER);
    t.wait_for(&format!("Search: {query} (1)"))
}

/// Enter on the selected result: its case view.
fn open_result(t: &mut Tui, no: &str) {
    t.send(ENTER);
    t.wait_for(&format!("Case {no}"));
}

/// Waits for what a step says when done; the live feed then reloads.
fn done(t: &mut Tui, text: &str) {
    t.wait_for(text);
    std::thread::sleep(Duration::from_millis(400));
}

#[test]
fn review_propose_and_approve_as_a_director() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let me = me();
    // The first user is an admin, who makes themself a director.
    s.ok(&["user", "add", &me, "--role", "admin"]);
    s.ok(&["user", "add", &me, "--role", "director"]);
    let no = "2026-0001";
    let mut t = open(&s);
    t.wait_for(no);
    // The checklist of the selected application, with what it adds up to.
    t.send("2");
    t.wait_for("Identity");
    t.wait_for("still to check");
    // Confirm the first item by hand, with a reason.
    t.send("c");
    t.wait_for("which verdict?");
    t.send(ENTER);
    t.wait_for("is pass: why?");
    type_slowly(&mut t, "核对了身份证原件");
    t.send(ENTER);
    done(&mut t, "item confirmed");
    // Propose a grant with a reason code and a text.
    t.send("p");
    t.wait_for(&format!("Decision on {no}"));
    t.send(ENTER);
    t.wait_for(&format!("Grant legal aid to {no}"));
    t.send(ENTER);
    t.wait_for("Text of the decision");
    type_slowly(&mut t, "符合经济困难标准");
    t.send(ENTER);
    done(&mut t, "decision proposed");
    assert_eq!(s.case(no)["status"], "received");
    // Approve as the director.
    t.send("A");
    t.wait_for("note (may be empty)");
    t.send(ENTER);
    done(&mut t, "decision approved");
    let c = s.case(no);
    assert_eq!(c["status"], "granted", "{c}");
    let text = c.to_string();
    assert!(
        text.contains("核对了身份证原件"),
        "the override reason is kept: {c}"
    );
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

#[test]
fn a_caseworker_is_refused_approval_on_screen() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let me = me();
    s.ok(&["user", "add", &me, "--role", "admin"]);
    s.ok(&["user", "add", &me, "--role", "caseworker"]);
    s.propose_grant("2026-0001");
    let mut t = open(&s);
    t.wait_for("2026-0001");
    t.send("2");
    t.wait_for("Identity");
    t.send("A");
    t.wait_for("Only a director may approve");
    assert_eq!(s.case("2026-0001")["status"], "received");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

#[test]
fn assign_a_granted_case_from_the_board() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.import_with(&["provider", "import"], PROVIDERS);
    let no = "2026-0001";
    s.grant(no);
    let mut t = open(&s);
    t.wait_for("To assign 1");
    t.send("3");
    t.send("a");
    t.wait_for(&format!("Assign {no}"));
    // Ranked with why; the inactive provider last, with why not.
    let screen = t.wait_for("周敏");
    let first = screen.find("刘建国").expect("the first ranked");
    assert!(first < screen.find("周敏").unwrap(), "{screen}");
    assert!(screen.contains("not active"), "{screen}");
    t.send(ENTER);
    t.wait_for(&format!("{no}: assigned"));
    // The card moved to the next column.
    t.wait_for("Assigned 1");
    t.wait_for("To assign 0");
    assert_eq!(s.case(no)["status"], "assigned");
    assert!(s.case(no)["provider"].as_str().unwrap().contains("刘建国"));
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

#[test]
fn note_and_terminate_from_the_board() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.import_with(&["provider", "import"], PROVIDERS);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["assign", no, "P-0001"]);
    let mut t = open(&s);
    t.wait_for("Assigned 1");
    t.send("3");
    t.send("l");
    t.send("n");
    t.wait_for(&format!("Note on {no}"));
    type_slowly(&mut t, "已电话联系申请人");
    t.send(ENTER);
    done(&mut t, &format!("{no}: note added"));
    // The ground of a termination, picked by its number (6: own lawyer).
    t.send("t");
    t.wait_for("on which ground");
    t.send("6");
    done(&mut t, &format!("{no}: legal aid terminated"));
    let case = s.case(no);
    assert_eq!(case["status"], "terminated");
    assert_eq!(case["handling"]["termination_ground"], "own_lawyer");
    t.wait_for("Assigned 0");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

const WAGES_2: &str = r#"{"received":"2026-11-21","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"李四光","id_number":"43020419820202002X","groups":["migrant_worker"]},"adverse_party":"株洲市某劳务公司"}"#;

const WANG: &str = r#"{"id":"P-0002","name":"王芳","organization":"湖南湘江律师事务所","kind":"lawyer","kinds":["civil"],"matters":["wages"],"criminal_defense_years":0,"juvenile":false,"capacity":10,"active":true}"#;

#[test]
fn filter_the_board_by_a_provider() {
    let s = Store::one_person();
    s.import(&[WAGES, WAGES_2]);
    s.import_with(&["provider", "import"], &[PROVIDERS[0], WANG, PROVIDERS[1]]);
    for (no, provider) in [("2026-0001", "P-0001"), ("2026-0002", "P-0002")] {
        s.grant(no);
        s.ok(&["assign", no, provider, "--reason", "就近承办"]);
    }
    let mut t = open(&s);
    t.wait_for("Assigned 2");
    t.send("3");
    t.send("p");
    t.wait_for("Show one provider's cases on the board");
    t.wait_for("王芳");
    // All providers first, then each: the first provider is one down.
    t.send("\x1b[B");
    std::thread::sleep(Duration::from_millis(100));
    t.send(ENTER);
    let screen = t.wait_for("刘建国's cases");
    t.wait_for("Assigned 1");
    assert!(!screen.contains("Assigned 2"), "{screen}");
    // The provider view: open cases against capacity; Enter filters by one.
    t.send("P");
    t.wait_for("Providers (3)");
    t.wait_for("1/10");
    t.send("\x1b[B");
    std::thread::sleep(Duration::from_millis(100));
    t.send(ENTER);
    t.wait_for("王芳's cases");
    t.wait_for("Assigned 1");
    // Backspace shows everyone's cases again.
    t.send("\x7f");
    t.wait_gone("王芳's cases");
    t.wait_for("Assigned 2");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

#[test]
fn a_paste_is_text_a_newline_in_it_never_submits_or_quits() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.import_with(&["provider", "import"], PROVIDERS);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["assign", no, "P-0001"]);
    let mut t = open(&s);
    t.wait_for("Assigned 1");
    assert!(t.bracketed_paste(), "bracketed paste is on");
    // Into the search: "王五⏎q" neither searches nor quits.
    t.send("/");
    std::thread::sleep(Duration::from_millis(100));
    t.paste("王五\nq");
    t.wait_for("王五 q");
    t.send("\x1b");
    std::thread::sleep(Duration::from_millis(100));
    // Into a note: one note, on the case the prompt names, when Enter is typed.
    t.send("3");
    t.send("l");
    t.send("n");
    t.wait_for(&format!("Note on {no}"));
    t.paste("已电话联系\t申请人\n补交工资条");
    t.wait_for("补交工资条");
    assert!(s.case(no)["notes"].is_null(), "nothing sent before Enter");
    t.send(ENTER);
    done(&mut t, &format!("{no}: note added"));
    let notes = s.case(no)["notes"].clone();
    assert_eq!(notes.as_array().unwrap().len(), 1, "{notes}");
    assert_eq!(notes[0]["text"], "已电话联系 申请人 补交工资条");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
    assert!(!t.bracketed_paste(), "given back on quit");
}

const DEFENCE: &str = r#"{"received":"2026-11-24","kind":"criminal","matter":"defense","channel":"notified","applicant":{"name":"钱某某","id_number":"43020419800101001X"}}"#;

const DEFENDERS: &[&str] = &[
    r#"{"id":"P-0001","name":"刘建国","organization":"湖南金州律师事务所","kind":"lawyer","kinds":["criminal"],"matters":["defense"],"criminal_defense_years":1,"juvenile":false,"capacity":10,"active":true}"#,
    r#"{"id":"P-0003","name":"赵磊","organization":"湖南天易律师事务所","kind":"lawyer","kinds":["criminal"],"matters":["defense"],"criminal_defense_years":8,"juvenile":true,"capacity":5,"active":true}"#,
];

#[test]
fn a_serious_charge_is_recorded_at_assignment_and_no_reason_passes_over_art_26() {
    let s = Store::one_person();
    s.import(&[DEFENCE]);
    s.import_with(&["provider", "import"], DEFENDERS);
    let no = "2026-0001";
    let mut t = open(&s);
    // A notified defence has no review: assigned from the case view.
    t.wait_for(no);
    t.send(ENTER);
    t.wait_for("History");
    t.send("a");
    t.wait_for("might it bring a life sentence");
    // Asked whole, not cut at the box's edge.
    t.wait_for("death penalty?");
    // 2: yes, recorded on the case, then ranked with it.
    t.send("2");
    let screen = t.wait_for(&format!("Assign {no}"));
    t.wait_for("赵磊");
    assert_eq!(s.case(no)["serious"], true, "{screen}");
    // The junior lawyer is refused with Art. 26, whatever is typed next.
    t.send("\x1b[B");
    std::thread::sleep(Duration::from_millis(100));
    t.send(ENTER);
    t.wait_for("Art. 26");
    assert!(s.case(no)["provider"].is_null());
    // The first ranked: assigned.
    t.send("\x1b[A");
    std::thread::sleep(Duration::from_millis(100));
    t.send(ENTER);
    done(&mut t, &format!("{no}: assigned"));
    assert!(s.case(no)["provider"].as_str().unwrap().contains("赵磊"));
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

#[test]
fn a_domestic_violence_victims_address_is_not_shown_in_the_case_view() {
    let s = Store::one_person();
    s.import(&[
        r#"{"received":"2026-11-24","kind":"civil","matter":"domestic_violence","channel":"walk_in","applicant":{"name":"孙某","address":"湖南省株洲市石峰区清水塘路88号","groups":["domestic_violence_victim"]}}"#,
    ]);
    let mut t = open(&s);
    t.wait_for("2026-0001");
    t.send(ENTER);
    let screen = t.wait_for("History");
    t.wait_for("hidden: domestic violence case");
    assert!(!screen.contains("清水塘路88号"), "{screen}");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 1: a number key in a choice box takes the choice and the
/// screen shows the next box at once; the keys that follow land there.
#[test]
fn a_numbered_choice_redraws_and_the_next_keys_land_in_the_next_box() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let no = "2026-0001";
    let mut t = open(&s);
    t.wait_for(no);
    t.send("2");
    t.wait_for("Identity");
    t.send("p");
    // The choices show the numbers that take them.
    let screen = t.wait_for(&format!("Decision on {no}"));
    assert!(screen.contains("1  Grant legal aid"), "{screen}");
    assert!(screen.contains("2  Deny legal aid"), "{screen}");
    t.send("2");
    // The deny reasons are on screen before another key is pressed.
    let screen = t.wait_for("Outside the scope");
    assert!(!screen.contains("Grant legal aid to"), "{screen}");
    t.send("1");
    t.wait_for("Text of the decision");
    type_slowly(&mut t, "不属于法律援助事项范围");
    t.send(ENTER);
    done(&mut t, "decision proposed");
    let c = s.case(no).to_string();
    assert!(c.contains("not_in_scope"), "{c}");
    assert!(c.contains("不属于法律援助事项范围"), "{c}");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 2: the provider picker moves with the list keys of the keymap
/// (j, k, g, G), and another than the first ranked needs a reason.
#[test]
fn the_provider_picker_moves_with_the_list_keys() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.import_with(
        &["provider", "import"],
        &[
            r#"{"id":"P-0001","name":"刘建国","organization":"湖南金州律师事务所","kind":"lawyer","kinds":["civil"],"matters":["wages"],"criminal_defense_years":1,"juvenile":false,"capacity":10,"active":true}"#,
            r#"{"id":"P-0002","name":"陈芳","organization":"石峰区法律服务所","kind":"lawyer","kinds":["civil"],"matters":[],"criminal_defense_years":0,"juvenile":false,"capacity":10,"active":true}"#,
            r#"{"id":"P-0003","name":"赵磊","organization":"湖南天易律师事务所","kind":"lawyer","kinds":["criminal"],"matters":[],"criminal_defense_years":8,"juvenile":false,"capacity":10,"active":true}"#,
        ],
    );
    let no = "2026-0001";
    s.grant(no);
    let mut t = open(&s);
    t.wait_for("To assign 1");
    t.send("3");
    t.send("a");
    t.wait_for(&format!("Assign {no}"));
    let screen = t.wait_for("赵磊");
    assert!(
        screen.find("刘建国").unwrap() < screen.find("赵磊").unwrap(),
        "{screen}"
    );
    // G to the last, g back to the first, j j down to the third.
    t.send("G");
    t.send("g");
    t.send("j");
    t.send("j");
    t.send(ENTER);
    // Not the first ranked: the reason is asked, naming the case and provider.
    let screen = t.wait_for("rather than the first ranked");
    assert!(
        screen.contains("Why 赵磊 (P-0003)") && screen.contains("2026-0001 张三丰"),
        "{screen}"
    );
    type_slowly(&mut t, "当事人指定");
    t.send(ENTER);
    t.wait_for(&format!("{no}: assigned"));
    let c = s.case(no);
    assert!(c["provider"].as_str().unwrap().contains("赵磊"), "{c}");
    assert!(c.to_string().contains("当事人指定"), "{c}");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 3: a step that moves a card to another column takes the
/// selection with it, so the next key acts on the same case, not on the
/// card that took its slot; a prompt names the case and its applicant.
#[test]
fn the_selection_follows_a_card_to_its_new_column() {
    let s = Store::one_person();
    let other = WAGES.replace("张三丰", "李四光").replace("001X", "0028");
    s.import(&[WAGES, &other]);
    s.import_with(&["provider", "import"], PROVIDERS);
    for no in ["2026-0001", "2026-0002"] {
        s.grant(no);
        s.ok(&["assign", no, "P-0001"]);
    }
    let mut t = open(&s);
    t.wait_for("Assigned 2");
    t.send("3");
    t.send("l");
    // The first card of the Assigned column: 2026-0001.
    t.send("g");
    t.send("s");
    // The day it was signed, today written in: Enter takes it.
    t.wait_for("Date of \"agreement signed\" for 2026-0001 张三丰");
    t.send(ENTER);
    done(&mut t, "2026-0001: agreement signed");
    // The next key acts on the same case, in its new column.
    t.send("n");
    let screen = t.wait_for("Note on 2026-0001 张三丰");
    assert!(!screen.contains("Note on 2026-0002"), "{screen}");
    type_slowly(&mut t, "已与当事人见面");
    t.send(ENTER);
    done(&mut t, "note");
    let first = s.case("2026-0001").to_string();
    let second = s.case("2026-0002").to_string();
    assert!(first.contains("已与当事人见面"), "{first}");
    assert!(!second.contains("已与当事人见面"), "{second}");
    assert!(
        second.contains("\"agreement_signed\":null")
            || !second.contains("agreement_signed\":\"2026"),
        "{second}"
    );
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 4 and 16: a refused step keeps its prompt, with the text and
/// the focus, and says why in full inside it; Esc leaves with nothing
/// recorded. A message too long for the status bar is shown whole.
#[test]
fn a_refused_step_says_why_in_full_in_its_prompt() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.import_with(&["provider", "import"], PROVIDERS);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["assign", no, "P-0001"]);
    let mut t = open(&s);
    t.wait_for("Assigned 1");
    t.send("3");
    t.send("l");
    // Concluding before the agreement is signed.
    t.send("c");
    t.wait_for(&format!("Outcome of {no} 张三丰"));
    type_slowly(&mut t, "调解结案");
    t.send(ENTER);
    // Its coded result: none recorded (the sixth choice of a civil case).
    t.wait_for(&format!("The result of {no}"));
    t.send("6");
    // The day it ended: today, written in.
    t.wait_for("Date of \"concluded\"");
    t.send(ENTER);
    let screen = t.wait_for("the case is concluded");
    assert!(
        screen.contains("the agreement must be signed before the case is concluded"),
        "{screen}"
    );
    // The focus is still in the prompt: keys edit its text.
    type_slowly(&mut t, "x");
    t.wait_for("2026-11-26x");
    t.send("\x1b");
    t.wait_gone("Date of");
    assert_eq!(s.case(no)["status"], "assigned");
    assert!(!s.case(no).to_string().contains("调解结案"));
    // A one-key step refused: its reason in full, over the status bar.
    t.send("z");
    let screen = t.wait_for("Refused");
    assert!(
        screen.contains("only a concluded case can be archived"),
        "{screen}"
    );
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 5: recording the household's means does not check the
/// documents; they pass when the caseworker confirms them.
#[test]
fn recording_means_leaves_the_documents_to_check() {
    let s = Store::one_person();
    let plain = WAGES.replace(r#","groups":["migrant_worker"]"#, "");
    s.import(&[&plain]);
    let no = "2026-0001";
    let mut t = open(&s);
    t.wait_for(no);
    t.send("2");
    t.wait_for("Identity");
    t.send("m");
    t.wait_for(&format!("Household size and monthly income of {no} 张三丰"));
    type_slowly(&mut t, "3 2400");
    t.send(ENTER);
    done(&mut t, "means recorded");
    let checklist = s.case(no)["checklist"].to_string();
    let documents = |c: &str| {
        let v: serde_json::Value = serde_json::from_str(c).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .find(|i| i["item"] == "documents")
            .unwrap()["verdict"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(documents(&checklist), "pending", "{checklist}");
    let screen = t.screen();
    assert!(!screen.contains("no documents missing"), "{screen}");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 12: by default the proposer never approves their own
/// proposal (separation of duties), in the app as on the command line; a
/// center of one person allows it in its policy.
#[test]
fn a_proposer_does_not_approve_their_own_proposal() {
    let s = Store::new();
    s.import(&[WAGES]);
    let me = me();
    s.ok(&["user", "add", &me, "--role", "admin"]);
    s.ok(&["user", "add", &me, "--role", "director"]);
    let no = "2026-0001";
    s.propose_grant(no);
    let err = s.refused(&["approve", no]);
    assert!(err.contains("separation of duties"), "{err}");
    let mut t = open(&s);
    t.wait_for(no);
    t.send("2");
    t.wait_for("Identity");
    t.send("A");
    t.wait_for(&format!("Approve the decision on {no} 张三丰"));
    t.send(ENTER);
    let screen = t.wait_for("separation of duties");
    assert!(screen.contains("another director approves it"), "{screen}");
    t.send("\x1b");
    assert_eq!(s.case(no)["status"], "received");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
    // A center of one person says so in its policy.
    let file = s.dir.with_extension("one.toml");
    std::fs::write(&file, "self_approval = true\n").unwrap();
    s.ok(&["policy", "import", file.to_str().unwrap()]);
    s.ok(&["approve", no]);
    assert_eq!(s.case(no)["status"], "granted");
}

/// Issue 16, 14: a criminal defence goes to a lawyer: a legal service
/// worker or a volunteer is excluded as a rule of law (Art. 25), not
/// ranked, and no reason passes over it.
#[test]
fn a_defence_is_assigned_to_a_lawyer_only() {
    let s = Store::one_person();
    s.import(&[DEFENCE]);
    s.import_with(
        &["provider", "import"],
        &[
            r#"{"id":"P-0005","name":"孙志","organization":"石峰区法律服务所","kind":"legal_service_worker","kinds":["criminal"],"matters":["defense"],"criminal_defense_years":9,"juvenile":true,"capacity":10,"active":true}"#,
            r#"{"id":"P-0006","name":"周晓","organization":"湘潭大学法律援助志愿者","kind":"volunteer","kinds":["criminal"],"matters":["defense"],"criminal_defense_years":0,"juvenile":true,"capacity":10,"active":true}"#,
            DEFENDERS[1],
        ],
    );
    let no = "2026-0001";
    let mut t = open(&s);
    t.wait_for(no);
    t.send(ENTER);
    t.wait_for("History");
    t.send("a");
    t.wait_for("might it bring a life sentence");
    t.send("1");
    let screen = t.wait_for("assigned to a lawyer");
    // The lawyer first; the others after, marked, with the article.
    let lawyer = screen.find("赵磊").expect("the lawyer");
    assert!(lawyer < screen.find("孙志").unwrap(), "{screen}");
    assert!(
        screen.contains("Criminal Procedure Law Art. 35"),
        "{screen}"
    );
    // Picking the legal service worker is refused, whatever comes next.
    t.send("j");
    t.send(ENTER);
    t.wait_for("may not take");
    assert!(s.case(no)["provider"].is_null());
    let err = s.refused(&["assign", no, "P-0005", "--reason", "当事人要求"]);
    assert!(err.contains("Art. 25"), "{err}");
    t.send("g");
    t.send(ENTER);
    done(&mut t, &format!("{no}: assigned"));
    assert!(s.case(no)["provider"].as_str().unwrap().contains("赵磊"));
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 15: in the app too, a case number's sequence alone finds it.
#[test]
fn the_app_finds_a_case_by_its_sequence_alone() {
    let s = Store::one_person();
    let other = WAGES.replace("张三丰", "李四光").replace("001X", "0028");
    s.import(&[WAGES, &other]);
    let mut t = open(&s);
    t.wait_for("2026-0002");
    let screen = search(&mut t, "2");
    assert!(screen.contains("李四光"), "{screen}");
    // Enter opens it: the case view of 2026-0002.
    open_result(&mut t, "2026-0002");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 15: a given name finds the applicant, and the results say
/// what matched.
#[test]
fn the_app_finds_an_applicant_by_the_given_name() {
    let s = Store::one_person();
    let other = WAGES.replace("张三丰", "王志强").replace("001X", "0028");
    s.import(&[WAGES, &other]);
    let mut t = open(&s);
    t.wait_for("2026-0002");
    let screen = search(&mut t, "志强");
    assert!(screen.contains("王志强"), "{screen}");
    t.wait_for("matched by given name");
    open_result(&mut t, "2026-0002");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 7: a subsidy other than the standard: the prompt shows the
/// standard, and the reason is asked next; both are recorded.
#[test]
fn a_subsidy_other_than_the_standard_asks_why() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.import_with(&["provider", "import"], PROVIDERS);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["assign", no, "P-0001"]);
    s.ok(&["handle", "agreement", no]);
    s.ok(&["handle", "conclude", no, "--outcome", "调解结案"]);
    s.ok(&["handle", "submit-file", no]);
    let mut t = open(&s);
    t.wait_for("File rev");
    t.wait_for(no);
    t.send("3");
    for _ in 0..4 {
        t.send("l");
    }
    t.send("v");
    let screen = t.wait_for(&format!("Subsidy for the file of {no} 张三丰"));
    assert!(screen.contains("the standard: 1500"), "{screen}");
    type_slowly(&mut t, "2500");
    t.send(ENTER);
    t.wait_for("Why 2500 yuan rather than the standard 1500");
    type_slowly(&mut t, "案情复杂，开庭三次");
    t.send(ENTER);
    done(&mut t, "file reviewed");
    let c = s.case(no).to_string();
    assert!(
        c.contains("2500") && c.contains("案情复杂，开庭三次"),
        "{c}"
    );
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 8: a reviewed file stays on the board, in the column of files
/// to archive, where z archives it.
#[test]
fn a_reviewed_file_is_archived_from_the_board() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.import_with(&["provider", "import"], PROVIDERS);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["assign", no, "P-0001"]);
    s.ok(&["handle", "agreement", no]);
    s.ok(&["handle", "conclude", no, "--outcome", "调解结案"]);
    s.ok(&["handle", "submit-file", no]);
    s.ok(&["handle", "review-file", no]);
    let mut t = open(&s);
    t.wait_for("To archi");
    t.wait_for(no);
    t.send("3");
    t.send("G");
    for _ in 0..5 {
        t.send("l");
    }
    t.send("z");
    done(&mut t, &format!("{no}: archived"));
    assert_eq!(s.case(no)["status"], "archived");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 13: the grant-reason box starts on the reason the checklist
/// supports (a migrant worker claiming wages: Art. 42, not the means
/// test), and a decision without a text is asked once more.
#[test]
fn a_grant_starts_on_the_reason_the_checklist_supports() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let no = "2026-0001";
    let mut t = open(&s);
    t.wait_for(no);
    t.send("2");
    t.wait_for("Identity");
    t.send("p");
    t.wait_for(&format!("Decision on {no}"));
    t.send("1");
    let screen = t.wait_for("Hardship not verified (Art. 42)");
    assert!(
        screen.contains("▶ 3  Hardship not verified (Art. 42)"),
        "{screen}"
    );
    t.send(ENTER);
    t.wait_for("Text of the decision");
    t.send(ENTER);
    t.wait_for("press Enter again to propose it without one");
    type_slowly(&mut t, "农民工请求支付劳动报酬");
    t.send(ENTER);
    done(&mut t, "decision proposed");
    let c = s.case(no).to_string();
    assert!(c.contains("not_verified_art42"), "{c}");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 11: the director's inbox: the queue filtered to proposals
/// awaiting approval, each shown in full in the checklist pane.
#[test]
fn the_director_sees_the_proposals_awaiting_approval() {
    let s = Store::one_person();
    let other = WAGES.replace("张三丰", "李四光").replace("001X", "0028");
    s.import(&[WAGES, &other]);
    let me = me();
    s.ok(&["user", "add", &me, "--role", "admin"]);
    s.ok(&["user", "add", &me, "--role", "director"]);
    s.ok(&[
        "decide",
        "2026-0002",
        "--grant",
        "--reason",
        "not_verified_art42",
        "--text",
        "农民工讨薪",
    ]);
    let mut t = open(&s);
    t.wait_for("2026-0001");
    t.send("1");
    t.send("p");
    t.wait_for("awaiting approval");
    let screen = t.wait_for("Intake queue (1)");
    assert!(screen.contains("▶~ 2026-0002"), "{screen}");
    let screen = t.wait_for("Proposed: grant");
    assert!(screen.contains("农民工讨薪"), "{screen}");
    t.send("2");
    t.send("A");
    t.wait_for("Approve the decision on 2026-0002 李四光");
    t.send(ENTER);
    done(&mut t, "decision approved");
    assert_eq!(s.case("2026-0002")["status"], "granted");
    t.wait_for("No applications match the filter");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 10 (the app): the agreement is entered with the day it was
/// signed, typed over today's date; never before the step it follows.
#[test]
fn a_step_is_dated_the_day_it_happened_in_the_app() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.import_with(&["provider", "import"], PROVIDERS);
    let no = "2026-0001";
    s.assigned_days_ago(no);
    let mut t = open(&s);
    t.wait_for("Assigned 1");
    t.send("3");
    t.send("l");
    t.send("s");
    t.wait_for("Date of \"agreement signed\" for 2026-0001 张三丰");
    t.send("\x15");
    type_slowly(&mut t, "2026-11-20");
    t.send(ENTER);
    // Before the assignment: refused in the prompt, naming both.
    t.wait_for("would be before");
    t.send("\x15");
    type_slowly(&mut t, "2026-11-23");
    t.send(ENTER);
    done(&mut t, "2026-0001: agreement signed");
    assert_eq!(s.case(no)["agreement_signed"], "2026-11-23");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 9 (in part): a case opened from a search is handled from its
/// view with the board's keys.
#[test]
fn a_case_opened_from_a_search_is_handled_from_its_view() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    s.import_with(&["provider", "import"], PROVIDERS);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["assign", no, "P-0001"]);
    let mut t = open(&s);
    t.wait_for("Assigned 1");
    search(&mut t, "1");
    open_result(&mut t, no);
    t.send("s");
    t.wait_for(&format!("Date of \"agreement signed\" for {no} 张三丰"));
    t.send(ENTER);
    done(&mut t, &format!("{no}: agreement signed"));
    t.send("c");
    t.wait_for(&format!("Outcome of {no} 张三丰"));
    type_slowly(&mut t, "调解结案");
    t.send(ENTER);
    // The coded result for the statistics: mediated, then what it obtained.
    let screen = t.wait_for(&format!("The result of {no}"));
    assert!(
        screen.contains("mediated") && screen.contains("none recorded"),
        "{screen}"
    );
    t.send("3");
    t.wait_for(&format!("Yuan recovered or obtained for {no}"));
    type_slowly(&mut t, "30000 30000");
    t.send(ENTER);
    t.wait_for("Date of \"concluded\"");
    t.send(ENTER);
    done(&mut t, &format!("{no}: concluded"));
    let case = s.case(no);
    assert_eq!(case["status"], "concluded");
    assert_eq!(case["result"]["code"], "mediated");
    assert_eq!(case["result"]["recovered"], 30000);
    assert_eq!(case["result"]["wages"], 30000);
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 20: users have display names, shown in the status bar and the
/// history instead of the login.
#[test]
fn the_app_shows_users_by_their_display_names() {
    let s = Store::new();
    let me = me();
    s.ok(&["user", "add", &me, "--role", "admin", "--name", "王主任"]);
    s.import(&[WAGES]);
    let mut t = open(&s);
    let screen = t.wait_for(&format!("王主任 ({me})"));
    assert!(screen.contains("2026-0001"), "{screen}");
    t.send(ENTER);
    let screen = t.wait_for("Case 2026-0001");
    let line = screen
        .lines()
        .find(|l| l.contains("created (import)"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains("王主任"), "{line}");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
    // The store kept the name.
    let list = s.ok(&["user", "list"]);
    assert!(list.contains("王主任"), "{list}");
}

/// Issue 16, 9 and 3: from a case opened from a search, a checklist item
/// is set by hand (the item asked first), and a note filed by mistake is
/// struck out with a reason: kept, marked, in the store.
#[test]
fn the_case_view_sets_an_item_and_strikes_out_a_note() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let no = "2026-0001";
    let mut t = open(&s);
    t.wait_for("2026-0001");
    search(&mut t, "1");
    open_result(&mut t, no);
    t.send("i");
    t.wait_for(&format!(
        "Set a checklist item of {no} by hand: which item?"
    ));
    t.send("5");
    t.wait_for(&format!("Documents of {no}: which verdict?"));
    t.send("1");
    t.wait_for(&format!("Documents of {no} 张三丰 is pass: why?"));
    type_slowly(&mut t, "材料齐全");
    t.send(ENTER);
    done(&mut t, &format!("{no}: item confirmed."));
    let c = s.case(no);
    let o = &c["review"]["overrides"][0];
    assert_eq!(
        (o["item"].as_str(), o["verdict"].as_str()),
        (Some("documents"), Some("pass")),
        "{c}"
    );
    // A note, then struck out.
    t.send("n");
    t.wait_for(&format!("Note on {no} 张三丰"));
    type_slowly(&mut t, "误记：另一案的开庭");
    t.send(ENTER);
    done(&mut t, &format!("{no}: note added."));
    t.wait_for("1. 2026-");
    t.send("X");
    let screen = t.wait_for(&format!("Strike out which note of {no}?"));
    assert!(screen.contains("1. 2026-"), "{screen}");
    t.send("1");
    t.wait_for(&format!("Why strike out note 1 of {no} 张三丰?"));
    type_slowly(&mut t, "记错案件");
    t.send(ENTER);
    done(&mut t, &format!("{no}: note struck out."));
    t.wait_for("[struck out");
    let c = s.case(no);
    assert_eq!(c["notes"][0]["text"], "误记：另一案的开庭", "{c}");
    assert_eq!(c["notes"][0]["struck"]["reason"], "记错案件", "{c}");
    // Nothing left to strike out.
    t.send("X");
    t.wait_for(&format!("{no} has no note to strike out."));
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 9: the provider is replaced from the case view (Art. 55).
#[test]
fn the_case_view_replaces_the_provider() {
    let s = Store::one_person();
    s.import(&[WAGES]);
    let other = r#"{"id":"P-0002","name":"王立","organization":"湖南金州律师事务所","kind":"lawyer","kinds":["civil"],"matters":["wages"],"criminal_defense_years":0,"juvenile":false,"capacity":10,"active":true}"#;
    s.import_with(&["provider", "import"], &[PROVIDERS[0], other]);
    let no = "2026-0001";
    s.grant(no);
    s.ok(&["assign", no, "P-0001"]);
    let mut t = open(&s);
    t.wait_for("Assigned 1");
    search(&mut t, "1");
    open_result(&mut t, no);
    t.send("P");
    t.wait_for("王立");
    // The current provider is not offered; the other one is picked.
    t.send(ENTER);
    t.wait_for(&format!(
        "Why replace the provider of {no} 张三丰 with 王立 (P-0002)"
    ));
    type_slowly(&mut t, "受援人投诉");
    t.send(ENTER);
    done(&mut t, &format!("{no}: reassigned."));
    let c = s.case(no);
    assert!(c["provider"].as_str().unwrap().contains("王立"), "{c}");
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}

/// Issue 16, 20: a name given while the app is open shows at once.
#[test]
fn a_display_name_given_while_the_app_is_open_shows_at_once() {
    let s = Store::new();
    let me = me();
    s.ok(&["user", "add", &me, "--role", "admin"]);
    s.import(&[WAGES]);
    let mut t = open(&s);
    t.wait_for("2026-0001");
    s.ok(&["user", "add", &me, "--role", "admin", "--name", "邓主任"]);
    t.wait_for(&format!("邓主任 ({me})"));
    t.send("q");
    t.wait_exit(Duration::from_secs(5));
}
