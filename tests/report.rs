//! `docket report` on a store of known composition: each column's count,
//! the targets, the cases behind each number, and the CSV and XLSX files
//! read back.

mod support;

use serde_json::{Value, json};
use support::cli::Store;

/// Six cases: three began in November 2026, one in October, one denied,
/// one not yet decided.
const CASES: &[&str] = &[
    // A: civil, through a workstation, granted on 11-05; a woman, a migrant worker.
    r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"workstation","station":"清水塘街道工作站","status":"granted","decided":"2026-11-05","applicant":{"name":"王秀英","gender":"female","birth_date":"1990-01-01","groups":["migrant_worker"]},"summary":"欠薪"}"#,
    // B: a notified defence received 11-10; a minor (16 on that day).
    r#"{"received":"2026-11-10","kind":"criminal","matter":"defense","channel":"notified","status":"assigned","assigned":"2026-11-11","provider":"P-0001","applicant":{"name":"李小军","gender":"male","birth_date":"2010-03-01"},"summary":"盗窃"}"#,
    // C: civil, granted in October, concluded in November: won 120,000 yuan; elderly, a farmer.
    r#"{"received":"2026-10-01","kind":"civil","matter":"traffic_accident","channel":"walk_in","status":"concluded","decided":"2026-10-06","assigned":"2026-10-08","provider":"P-0001","agreement_signed":"2026-10-10","concluded":"2026-11-20","outcome":"判决赔偿","result":{"code":"won","recovered":120000},"applicant":{"name":"赵大山","gender":"male","birth_date":"1950-05-05","groups":["farmer"]},"summary":"交通事故"}"#,
    // D: denied: counted in no case column.
    r#"{"received":"2026-11-03","kind":"civil","matter":"marriage","channel":"walk_in","status":"denied","decided":"2026-11-06","applicant":{"name":"钱多多","gender":"female","birth_date":"1980-02-02"},"summary":"离婚"}"#,
    // E: labour arbitration granted 11-12; blind, of an ethnic minority.
    r#"{"received":"2026-11-09","kind":"labor_arbitration","matter":"labor_relation","channel":"walk_in","status":"granted","decided":"2026-11-12","applicant":{"name":"阿依古丽","gender":"male","birth_date":"1985-06-06","groups":["blind_deaf_mute","ethnic_minority"]},"summary":"劳动关系"}"#,
    // F: received, undecided.
    r#"{"received":"2026-11-20","kind":"civil","matter":"support","channel":"hotline","applicant":{"name":"孙一","gender":"female","birth_date":"1970-07-07"},"summary":"赡养"}"#,
];

fn store() -> Store {
    let s = Store::new();
    s.import(CASES);
    s
}

fn report(s: &Store, args: &[&str]) -> Value {
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&s.ok(&all)).unwrap()
}

/// A report written as JSON to a file beside the store (for a merge).
fn report_file(s: &Store, name: &str, kind: &str, period: &str) -> std::path::PathBuf {
    let path = s.dir.with_extension(name);
    s.ok(&[
        "report",
        kind,
        "--period",
        period,
        "--format",
        "json",
        "--output",
        path.to_str().unwrap(),
    ]);
    path
}

/// `docket report merge` of two files, as JSON.
fn merged(s: &Store, a: &std::path::Path, b: &std::path::Path) -> Value {
    let out = s.ok(&[
        "report",
        "merge",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    serde_json::from_str(&out).unwrap()
}

/// The monthly columns, all zero but those given.
fn columns(nonzero: &[(&str, Value)]) -> Value {
    let ids = [
        "consultations",
        "cases",
        "criminal_application",
        "criminal_notified",
        "criminal_requested",
        "criminal_compulsory_treatment",
        "criminal_total",
        "civil_litigation",
        "administrative_litigation",
        "petition",
        "notarization",
        "forensic",
        "other_non_litigation",
        "recovered_10k_yuan",
        "recipients",
        "women",
        "disabled",
        "farmers",
        "migrant_workers",
        "minors",
        "elderly",
        "ethnic_minorities",
        "military_families",
        "foreigners",
    ];
    let mut m = serde_json::Map::new();
    for id in ids {
        let zero = if id == "recovered_10k_yuan" {
            json!(0.0)
        } else {
            json!(0)
        };
        m.insert(id.into(), zero);
    }
    for (id, v) in nonzero {
        assert!(m.contains_key(*id), "{id} is a column");
        m.insert((*id).into(), v.clone());
    }
    Value::Object(m)
}

#[test]
fn the_monthly_columns_count_each_case_where_aid_began() {
    let s = store();
    let nov = report(&s, &["monthly", "--period", "2026-11"]);
    assert_eq!(nov["report"], "monthly");
    assert_eq!(nov["period"], "2026-11");
    assert_eq!(
        (nov["from"].as_str(), nov["to"].as_str()),
        (Some("2026-11-01"), Some("2026-11-30"))
    );
    assert!(nov["generated_at"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(nov["generated_by"].as_str().is_some_and(|t| !t.is_empty()));
    assert_eq!(
        nov["columns"],
        columns(&[
            ("cases", json!(3)),
            ("criminal_notified", json!(1)),
            ("criminal_total", json!(1)),
            ("civil_litigation", json!(1)),
            ("other_non_litigation", json!(1)),
            ("recipients", json!(3)),
            ("women", json!(1)),
            ("disabled", json!(1)),
            ("migrant_workers", json!(1)),
            ("minors", json!(1)),
            ("ethnic_minorities", json!(1)),
        ])
    );
    let oct = report(&s, &["monthly", "--period", "2026-10"]);
    assert_eq!(
        oct["columns"],
        columns(&[
            ("cases", json!(1)),
            ("civil_litigation", json!(1)),
            ("recipients", json!(1)),
            ("recovered_10k_yuan", json!(12.0)),
            ("elderly", json!(1)),
            ("farmers", json!(1)),
        ])
    );
    // The quarter adds its months up; each month is given as well.
    let q4 = report(&s, &["quarterly", "--period", "2026-Q4"]);
    assert_eq!(q4["columns"]["cases"], 4);
    assert_eq!(q4["months"].as_array().unwrap().len(), 3);
    assert_eq!(q4["months"][1]["columns"], nov["columns"]);
}

#[test]
fn the_targets_run_from_january_to_the_end_of_the_period() {
    let s = store();
    let year = report(&s, &["yearly", "--period", "2026"]);
    let t = &year["targets"];
    assert_eq!(t["cases_year_to_date"], 4);
    assert_eq!(t["cases_target"], 120);
    // A, C and E are not criminal; A came through a workstation.
    assert_eq!(t["workstation_share"], 0.3333);
    assert_eq!(t["workstation_share_target"], 0.4);
    assert_eq!(t["conclusion_rate"], 0.25);
    let oct = report(&s, &["monthly", "--period", "2026-10"]);
    assert_eq!(oct["targets"]["cases_year_to_date"], 1);

    // A policy sets the targets and the half-year cut-off.
    let file = s.dir.with_extension("targets.toml");
    std::fs::write(
        &file,
        "center_name = \"石峰区法律援助中心\"\ncases_per_year = 150\nworkstation_share_percent = 45\nhalf_year_from = 12\n",
    )
    .unwrap();
    s.ok(&["policy", "import", file.to_str().unwrap()]);
    let h2 = report(&s, &["half-year", "--period", "2026-H2"]);
    assert_eq!(h2["center"], "石峰区法律援助中心");
    assert_eq!(
        (h2["from"].as_str(), h2["to"].as_str()),
        (Some("2026-06-01"), Some("2026-11-30"))
    );
    assert_eq!(h2["targets"]["cases_target"], 150);
    assert_eq!(h2["targets"]["workstation_share_target"], 0.45);
    assert_eq!(h2["columns"]["cases"], 4);
}

#[test]
fn every_number_opens_to_the_cases_behind_it() {
    let s = store();
    for period in [["monthly", "2026-11"], ["yearly", "2026"]] {
        let r = report(&s, &[period[0], "--period", period[1]]);
        for (id, v) in r["columns"].as_object().unwrap() {
            if id == "recovered_10k_yuan" {
                continue;
            }
            if id == "consultations" {
                // Not cases: refused with where to look instead.
                let out = s.run(&["report", period[0], "--period", period[1], "--cases", id]);
                assert_eq!(out.status.code(), Some(2));
                let err = String::from_utf8_lossy(&out.stderr);
                assert!(err.contains("docket consult list"), "{err}");
                continue;
            }
            let drill = report(&s, &[period[0], "--period", period[1], "--cases", id]);
            let cases = drill["cases"].as_array().unwrap();
            assert_eq!(
                cases.len() as u64,
                v.as_u64().unwrap(),
                "{id} in {period:?}"
            );
        }
        let t = &r["targets"];
        for id in ["deadlines_met", "deadlines_missed"] {
            let drill = report(&s, &[period[0], "--period", period[1], "--cases", id]);
            let n = drill["cases"].as_array().unwrap().len() as u64;
            assert!(
                n <= t[id].as_u64().unwrap(),
                "{id}: {n} cases, {} deadlines",
                t[id]
            );
            assert_eq!(n == 0, t[id] == 0, "{id}");
        }
    }
    let women = report(&s, &["monthly", "--period", "2026-11", "--cases", "women"]);
    assert_eq!(women["cases"].as_array().unwrap().len(), 1);
    let no = women["cases"][0].as_str().unwrap().to_string();
    assert_eq!(s.case(&no)["applicant"]["name"], "王秀英");
    // In words, for a person.
    let text = s.ok_in(
        "zh-Hans",
        &[
            "report",
            "monthly",
            "--period",
            "2026-11",
            "--cases",
            "migrant_workers",
        ],
    );
    assert!(
        text.starts_with("受援人中·农民工（2026-11）：1 件"),
        "{text}"
    );
    assert!(text.contains(&no), "{text}");
}

#[test]
fn a_change_moves_the_case_between_cells_at_once() {
    let s = store();
    let before = report(&s, &["yearly", "--period", "2026"]);
    let b = report(
        &s,
        &[
            "monthly",
            "--period",
            "2026-11",
            "--cases",
            "criminal_notified",
        ],
    );
    let no = b["cases"][0].as_str().unwrap().to_string();
    s.ok(&["handle", "agreement", &no]);
    // A result that does not fit the kind is refused, naming the choices.
    let err = s.refused(&[
        "handle",
        "conclude",
        &no,
        "--outcome",
        "判决",
        "--result",
        "won",
    ]);
    assert!(err.contains("opinion fully adopted"), "{err}");
    s.ok(&[
        "handle",
        "conclude",
        &no,
        "--outcome",
        "辩护意见被采纳",
        "--result",
        "opinion_adopted",
    ]);
    let after = report(&s, &["yearly", "--period", "2026"]);
    assert_eq!(before["targets"]["conclusion_rate"], 0.25);
    assert_eq!(after["targets"]["conclusion_rate"], 0.5);
    assert_eq!(s.case(&no)["result"]["code"], "opinion_adopted");
    // The counters equal a recount.
    let check = s.run(&["check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn a_bad_period_is_refused_with_the_form_expected() {
    let s = store();
    for (kind, bad) in [
        ("monthly", "2026-13"),
        ("quarterly", "2026-Q5"),
        ("yearly", "2026-01"),
    ] {
        let out = s.run(&["report", kind, "--period", bad]);
        assert_eq!(out.status.code(), Some(2), "{kind} {bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(bad) && err.contains("write it as"), "{err}");
    }
    let out = s.run(&["report", "monthly", "--format", "xlsx"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn csv_has_a_bom_and_a_totals_row() {
    let s = store();
    let file = s.dir.with_extension("csv");
    s.ok_in(
        "zh-Hans",
        &[
            "report",
            "quarterly",
            "--period",
            "2026-Q4",
            "--format",
            "csv",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF]);
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("月份,解答法律咨询,办理法律援助案件,刑事·申请类"),
        "{}",
        lines[0]
    );
    assert_eq!(lines.len(), 5, "header, three months, total");
    assert!(lines[2].starts_with("2026-11,0,3,"), "{}", lines[2]);
    assert!(lines[4].starts_with("合计,0,4,"), "{}", lines[4]);
}

#[test]
fn xlsx_reads_back_cell_by_cell_like_the_paper_form() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let s = store();
    let file = s.dir.with_extension("xlsx");
    s.ok_in(
        "zh-Hans",
        &[
            "report",
            "monthly",
            "--period",
            "2026-11",
            "--format",
            "xlsx",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let range = book.worksheet_range("月报").unwrap();
    let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    let text = |r, c| match at(r, c) {
        Data::String(s) => s,
        other => format!("{other:?}"),
    };
    assert!(text(0, 0).contains("月报 2026-11"), "{}", text(0, 0));
    assert_eq!(text(1, 0), "月份");
    assert_eq!(text(1, 1), "解答法律咨询");
    assert_eq!(text(1, 3), "刑事", "the group heading");
    assert_eq!(text(2, 3), "申请类");
    assert_eq!(text(2, 4), "通知类");
    assert_eq!(text(1, 16), "受援人中");
    assert_eq!(text(2, 16), "女性");
    assert_eq!(text(3, 0), "2026-11");
    assert_eq!(at(3, 2), Data::Float(3.0), "cases");
    assert_eq!(at(3, 4), Data::Float(1.0), "notified");
    assert_eq!(text(4, 0), "合计");
    assert_eq!(at(4, 15), Data::Float(3.0), "recipients");
    let merged = book.merge_cells_by_sheet_name("月报").unwrap();
    assert!(
        merged.iter().any(|d| d.start == (1, 3) && d.end == (1, 7)),
        "the criminal heading spans its five columns: {merged:?}"
    );
}

#[test]
fn consultations_are_registered_listed_imported_and_counted() {
    let s = store();
    let out = s.ok(&[
        "consult",
        "add",
        "--channel",
        "hotline_12348",
        "--topic",
        "wages",
        "--groups",
        "migrant_worker,farmer",
        "--note",
        "欠薪三个月，告知可申请法律援助",
        "--phone",
        "13800000000",
    ]);
    assert!(out.contains("consultation 1 recorded"), "{out}");
    s.ok(&[
        "consult",
        "add",
        "--channel",
        "visit",
        "--topic",
        "marriage_family",
        "--on",
        "2026-10-15",
    ]);
    // A bad line anywhere: nothing is imported, every problem has its line.
    let file = s.dir.with_extension("consult.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"channel":"phone","topic":"fraud","note":"被骗"}"#,
            "\n",
            r#"{"channel":"fax","topic":"fraud"}"#,
            "\n",
            r#"{"channel":"phone","topic":"theft","phone":"abc"}"#,
            "\n",
            r#"{"channel":"phone","topic":"theft""#,
            "\n"
        ),
    )
    .unwrap();
    let out = s.run(&["consult", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for said in ["line 2: channel", "line 3: phone", "line 4: not valid JSON"] {
        assert!(err.contains(said), "{said} in {err}");
    }
    let listed = s.ok(&["consult", "list", "--period", "2026-11", "--json"]);
    assert_eq!(
        listed.lines().count(),
        1,
        "nothing of the bad file: {listed}"
    );
    // The good lines import; the listing imports again as it is.
    std::fs::write(
        &file,
        concat!(
            r#"{"channel":"phone","topic":"fraud","note":"被骗"}"#,
            "\n",
            r#"{"channel":"online","topic":"private_lending","groups":["elderly"]}"#,
            "\n"
        ),
    )
    .unwrap();
    assert!(
        s.ok(&["consult", "import", file.to_str().unwrap()])
            .contains("2 consultations imported")
    );
    let listed = s.ok(&["consult", "list", "--period", "2026-11", "--json"]);
    assert_eq!(listed.lines().count(), 3, "{listed}");
    let first: Value = serde_json::from_str(listed.lines().next().unwrap()).unwrap();
    assert_eq!(first["channel"], "hotline_12348");
    assert_eq!(first["groups"], json!(["migrant_worker", "farmer"]));
    assert_eq!(first["phone"], "13800000000");
    let again = s.dir.with_extension("again.jsonl");
    std::fs::write(&again, &listed).unwrap();
    let other = Store::new();
    other.ok(&["consult", "import", again.to_str().unwrap()]);
    assert_eq!(
        other
            .ok(&["consult", "list", "--period", "2026-11", "--json"])
            .lines()
            .count(),
        3
    );
    // Words for a person, in Chinese.
    let text = s.ok_in("zh-Hans", &["consult", "list", "--period", "2026-11"]);
    assert!(text.contains("2026-11 的咨询：3 条"), "{text}");
    assert!(
        text.contains("12348热线") && text.contains("劳动报酬"),
        "{text}"
    );
    // The monthly report's first column counts them, by the day given.
    let nov = report(&s, &["monthly", "--period", "2026-11"]);
    assert_eq!(nov["columns"]["consultations"], 3);
    let oct = report(&s, &["monthly", "--period", "2026-10"]);
    assert_eq!(oct["columns"]["consultations"], 1);
    // A policy change recounts; check agrees with the counters.
    let policy = s.dir.with_extension("p.toml");
    std::fs::write(&policy, "cases_per_year = 130\n").unwrap();
    s.ok(&["policy", "import", policy.to_str().unwrap()]);
    assert_eq!(
        report(&s, &["monthly", "--period", "2026-11"])["columns"]["consultations"],
        3
    );
    assert!(s.run(&["check"]).status.success());
    // A day after today is refused.
    let err = s.refused(&[
        "consult",
        "add",
        "--channel",
        "phone",
        "--topic",
        "theft",
        "--on",
        "2026-11-27",
    ]);
    assert!(err.contains("on:"), "{err}");
}

#[test]
fn the_quarter_has_its_consultation_table_and_self_evaluation() {
    let s = store();
    for args in [
        ["hotline_12348", "wages", "migrant_worker", "2026-11-20"],
        ["phone", "fraud", "elderly", "2026-10-02"],
        ["visit", "marriage_family", "", "2026-11-21"],
        ["online", "private_lending", "", "2026-09-30"],
    ] {
        let mut cmd = vec![
            "consult",
            "add",
            "--channel",
            args[0],
            "--topic",
            args[1],
            "--on",
            args[3],
        ];
        if !args[2].is_empty() {
            cmd.extend(["--groups", args[2]]);
        }
        s.ok(&cmd);
    }
    let q4 = report(&s, &["quarterly", "--period", "2026-Q4"]);
    let t = &q4["consultation_table"];
    assert_eq!(t["total"], 3, "September is in Q3");
    assert_eq!(
        t["channels"]["phone"], 2,
        "the 12348 hotline is a phone call"
    );
    assert_eq!(t["channels"]["of_which_12348"], 1);
    assert_eq!(t["channels"]["visit"], 1);
    assert_eq!(t["groups"]["migrant_workers"], 1);
    assert_eq!(t["groups"]["elderly"], 1);
    assert_eq!(t["groups"]["other"], 1);
    assert_eq!(t["areas"]["civil"]["total"], 2);
    assert_eq!(t["areas"]["civil"]["wages"], 1);
    assert_eq!(t["areas"]["criminal"]["fraud"], 1);
    assert_eq!(t["areas"]["economic"]["total"], 0);
    // The self-evaluation: Q1 to Q4, each against the year's target pro rata.
    let sheet = q4["self_evaluation"].as_array().unwrap();
    assert_eq!(sheet.len(), 4);
    assert_eq!(sheet[3]["quarter"], "2026-Q4");
    assert_eq!(sheet[3]["cases"], 4);
    assert_eq!(sheet[3]["cases_year_to_date"], 4);
    assert_eq!(sheet[1]["cases_target_to_date"], 60);
    assert_eq!(sheet[3]["cases_target_to_date"], 120);
    // The monthly report has neither; the XLSX has a sheet for each.
    let nov = report(&s, &["monthly", "--period", "2026-11"]);
    assert!(nov.get("consultation_table").is_none() && nov.get("self_evaluation").is_none());
    use calamine::{Reader, Xlsx, open_workbook};
    let file = s.dir.with_extension("q.xlsx");
    s.ok_in(
        "zh-Hans",
        &[
            "report",
            "quarterly",
            "--period",
            "2026-Q4",
            "--format",
            "xlsx",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    let book: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["季报", "彩票公益金项目", "法律咨询", "季度自评"]
    );
    let text = s.ok_in("zh-Hans", &["report", "quarterly", "--period", "2026-Q4"]);
    assert!(text.contains("法律咨询：3 人次"), "{text}");
    assert!(text.contains("季度自评"), "{text}");
}

#[test]
fn a_city_center_merges_its_districts_reports() {
    let a = store();
    let b = Store::new();
    b.import(&CASES[..3]);
    b.ok(&[
        "consult",
        "add",
        "--channel",
        "hotline_12348",
        "--topic",
        "wages",
    ]);
    a.ok(&["consult", "add", "--channel", "visit", "--topic", "fraud"]);
    let file = |s: &Store, name: &str, period: &str, kind: &str| report_file(s, name, kind, period);
    let qa = file(&a, "a.json", "2026-Q4", "quarterly");
    let qb = file(&b, "b.json", "2026-Q4", "quarterly");
    let m = merged(&a, &qa, &qb);
    let ra = report(&a, &["quarterly", "--period", "2026-Q4"]);
    let rb = report(&b, &["quarterly", "--period", "2026-Q4"]);
    for (id, v) in m["columns"].as_object().unwrap() {
        let sum = ra["columns"][id].as_f64().unwrap() + rb["columns"][id].as_f64().unwrap();
        assert!(
            (v.as_f64().unwrap() - sum).abs() < 1e-9,
            "{id}: {v} against {sum}"
        );
    }
    assert_eq!(m["report"], "quarterly");
    assert_eq!(m["period"], "2026-Q4");
    assert_eq!(m["merged_from"].as_array().unwrap().len(), 2);
    assert_eq!(m["targets"]["cases_target"], 240, "each plan's 120");
    // The shares are computed again from the added inputs, not averaged.
    let t = &m["targets"];
    let basis = &m["basis"];
    let share =
        basis["via_workstation"].as_f64().unwrap() / basis["non_criminal"].as_f64().unwrap();
    assert!(
        (t["workstation_share"].as_f64().unwrap() - share).abs() < 1e-4,
        "{t}"
    );
    // The self-evaluation sheets add up quarter by quarter.
    let q4 = &m["self_evaluation"][3];
    assert_eq!(m["self_evaluation"].as_array().unwrap().len(), 4);
    assert_eq!(q4["quarter"], "2026-Q4");
    assert_eq!(
        q4["cases"].as_u64().unwrap(),
        ra["self_evaluation"][3]["cases"].as_u64().unwrap()
            + rb["self_evaluation"][3]["cases"].as_u64().unwrap()
    );
    assert_eq!(q4["cases_target_to_date"], 240);
    let q4b = &q4["basis"];
    let share = q4b["via_workstation"].as_f64().unwrap() / q4b["non_criminal"].as_f64().unwrap();
    assert!(
        (q4["workstation_share"].as_f64().unwrap() - share).abs() < 1e-4,
        "{q4}"
    );
    assert_eq!(m["consultation_table"]["total"], 2);
    assert_eq!(m["consultation_table"]["channels"]["of_which_12348"], 1);
    assert_eq!(m["months"][1]["columns"]["cases"], 5, "November: 3 and 2");
    // A report of another period is refused, naming both files.
    let ma = file(&a, "m.json", "2026-11", "monthly");
    let err = a.refused(&[
        "report",
        "merge",
        qa.to_str().unwrap(),
        ma.to_str().unwrap(),
    ]);
    assert!(
        err.contains("m.json") && err.contains("same kind and period"),
        "{err}"
    );
    // A file that is not a report says where.
    let bad = a.dir.with_extension("bad.json");
    std::fs::write(&bad, "{\n  \"report\": \"monthly\",\n  oops\n}").unwrap();
    let err = a.refused(&[
        "report",
        "merge",
        qa.to_str().unwrap(),
        bad.to_str().unwrap(),
    ]);
    assert!(err.contains("bad.json") && err.contains("line 3"), "{err}");
    // The merged report as an XLSX, like any other.
    let x = a.dir.with_extension("merged.xlsx");
    a.ok(&[
        "report",
        "merge",
        qa.to_str().unwrap(),
        qb.to_str().unwrap(),
        "--format",
        "xlsx",
        "--output",
        x.to_str().unwrap(),
    ]);
    assert!(std::fs::metadata(&x).unwrap().len() > 1000);
}

#[test]
fn workstations_are_records_counted_by_host() {
    let s = store();
    // The fixture's case A named a workstation: it became a record.
    let listed = s.ok(&["station", "list", "--json"]);
    let first: Value = serde_json::from_str(listed.lines().next().unwrap()).unwrap();
    assert_eq!(first["name"], "清水塘街道工作站");
    assert_eq!(first["host"], "other");
    let id = first["id"].as_str().unwrap().to_string();
    // Its host and staff are set; another is added and one imported.
    s.ok(&[
        "station",
        "edit",
        &id,
        "--host",
        "judicial_office",
        "--staffed",
        "true",
    ]);
    s.ok(&[
        "station",
        "add",
        "ST-90",
        "--name",
        "区总工会工作站",
        "--host",
        "labour_union",
    ]);
    let err = s.refused(&["station", "add", "ST-90", "--name", "x", "--host", "court"]);
    assert!(err.contains("ST-90"), "{err}");
    let file = s.dir.with_extension("stations.jsonl");
    std::fs::write(
        &file,
        r#"{"id":"ST-91","name":"区妇联工作站","host":"womens_federation","staffed":true}"#,
    )
    .unwrap();
    s.ok(&["station", "import", file.to_str().unwrap()]);
    std::fs::write(&file, r#"{"id":"ST 92","name":"","host":"church"}"#).unwrap();
    let out = s.run(&["station", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 1: id") && err.contains("host"), "{err}");
    // A new case naming an unknown workstation makes a record of it too.
    s.import(&[
        r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"workstation","station":"新建村工作站","applicant":{"name":"周一"},"summary":"欠薪"}"#,
    ]);
    let names = s.ok(&["station", "list", "--json"]);
    assert!(names.contains("新建村工作站"), "{names}");
    // Cases name their workstation by the record's id, whether the name or
    // the id was given; `show` says both.
    s.import(&[
        r#"{"received":"2026-11-21","kind":"civil","matter":"wages","channel":"workstation","station":"ST-90","applicant":{"name":"周二"},"summary":"欠薪"}"#,
    ]);
    let a: Value = serde_json::from_str(&s.ok(&["show", "2026-0001", "--json"])).unwrap();
    assert_eq!(a["station"], id.as_str());
    assert_eq!(a["station_name"], "清水塘街道工作站");
    let by_id: Value = serde_json::from_str(&s.ok(&["show", "2026-0008", "--json"])).unwrap();
    assert_eq!(by_id["station"], "ST-90");
    let text = s.ok_in("zh-Hans", &["show", "2026-0008"]);
    assert!(text.contains("(区总工会工作站, ST-90)"), "{text}");
    // The export names the ids (`station list --json` exports the records).
    let exported = s.ok(&["export"]);
    assert!(
        exported.contains(&format!(r#""station":"{id}""#)),
        "{exported}"
    );
    // T10 in the yearly report: by host, with staff.
    let year = report(&s, &["yearly", "--period", "2026"]);
    let t10 = year["t10"].as_array().unwrap();
    let row = |host: &str| t10.iter().find(|r| r["host"] == host).unwrap().clone();
    assert_eq!(row("judicial_office")["stations"], 1);
    assert_eq!(row("judicial_office")["staffed"], 1);
    assert_eq!(row("labour_union")["staffed"], 0);
    assert_eq!(row("womens_federation")["stations"], 1);
    assert_eq!(row("other")["stations"], 1);
    assert!(
        report(&s, &["monthly", "--period", "2026-11"])
            .get("t10")
            .is_none()
    );
    let text = s.ok_in("zh-Hans", &["report", "yearly", "--period", "2026"]);
    assert!(
        text.contains("工作站（按设立单位，启用中）：共 4 个，有专职人员 2 个"),
        "{text}"
    );
    assert!(s.run(&["check"]).status.success());
}

#[test]
fn table_t5_counts_criminal_cases_by_stage_ground_and_source() {
    let s = Store::new();
    s.import(&[
        r#"{"received":"2026-11-10","kind":"criminal","matter":"defense","channel":"notified","status":"assigned","assigned":"2026-11-11","provider":"P-0001","serious":true,"criminal":{"stage":"first_instance","ground":"life_or_death"},"applicant":{"name":"甲"},"summary":"故意杀人"}"#,
        r#"{"received":"2026-11-12","kind":"criminal","matter":"defense","channel":"notified","status":"assigned","assigned":"2026-11-13","provider":"P-0001","criminal":{"stage":"investigation","ground":"minor"},"applicant":{"name":"乙","birth_date":"2010-01-01","gender":"male"},"summary":"盗窃"}"#,
        r#"{"received":"2026-10-02","kind":"criminal","matter":"defense","channel":"walk_in","status":"concluded","decided":"2026-10-05","assigned":"2026-10-06","provider":"P-0001","agreement_signed":"2026-10-07","concluded":"2026-11-20","outcome":"采纳","result":{"code":"opinion_adopted"},"criminal":{"source":"court"},"applicant":{"name":"丙"},"summary":"诈骗"}"#,
    ]);
    let year = report(&s, &["yearly", "--period", "2026"]);
    let t5 = &year["t5"];
    assert_eq!(t5["notified"]["criminal_notified"], 2);
    assert_eq!(t5["notified"]["notified_first_instance"], 1);
    assert_eq!(t5["notified"]["notified_investigation"], 1);
    assert_eq!(t5["notified"]["ground_life_or_death"], 1);
    assert_eq!(t5["notified"]["ground_minor"], 1);
    assert_eq!(t5["applications"]["criminal_application"], 1);
    assert_eq!(t5["applications"]["transferred_court"], 1);
    assert_eq!(t5["results"]["criminal_opinion_adopted"], 1);
    assert_eq!(t5["open"]["criminal_open"], 2);
    let drill = report(
        &s,
        &["yearly", "--period", "2026", "--cases", "ground_minor"],
    );
    assert_eq!(drill["cases"].as_array().unwrap().len(), 1);
    let text = s.ok_in("zh-Hans", &["report", "yearly", "--period", "2026"]);
    assert!(text.contains("表五 刑事法律援助"), "{text}");
    // Facts that contradict the case are refused, naming the article.
    let file = s.dir.with_extension("bad.jsonl");
    std::fs::write(
        &file,
        concat!(
            r#"{"received":"2026-11-10","kind":"criminal","matter":"defense","channel":"notified","criminal":{"ground":"life_or_death"},"applicant":{"name":"丁"}}"#,
            "\n",
            r#"{"received":"2026-11-10","kind":"criminal","matter":"defense","channel":"walk_in","criminal":{"stage":"first_instance"},"applicant":{"name":"戊"}}"#,
            "\n",
            r#"{"received":"2026-11-10","kind":"civil","matter":"wages","channel":"walk_in","criminal":{"source":"court"},"applicant":{"name":"己"}}"#,
        ),
    )
    .unwrap();
    let out = s.run(&["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("line 1: criminal.ground") && err.contains("Art. 26"),
        "{err}"
    );
    assert!(err.contains("line 2: criminal"), "{err}");
    assert!(err.contains("line 3: criminal"), "{err}");
    // An export imports again with the facts.
    let exported = s.ok(&["export"]);
    assert!(exported.contains(
        r#""criminal":{"stage":"first_instance","ground":"life_or_death","source":null}"#
    ));
    let again = Store::new();
    let f = again.dir.with_extension("e.jsonl");
    std::fs::write(&f, &exported).unwrap();
    again.ok(&["import", f.to_str().unwrap()]);
    assert_eq!(
        report(&again, &["yearly", "--period", "2026"])["t5"],
        year["t5"]
    );
}

#[test]
fn tables_t6_to_t9_count_each_branch_and_open_to_their_cases() {
    let s = store();
    let year = report(&s, &["yearly", "--period", "2026"]);
    // T8 and T9 exactly: the fixture's civil cases are A, C, D (denied), E
    // and F (undecided); its criminal case B.
    let row = |pairs: &[(&str, Value)]| -> Value {
        Value::Object(
            pairs
                .iter()
                .map(|(k, v)| ((*k).into(), v.clone()))
                .collect(),
        )
    };
    let t8 = |a: u64, g: u64, d: u64, c: u64, o: u64, r: f64| {
        row(&[
            ("applications", json!(a)),
            ("granted", json!(g)),
            ("denied", json!(d)),
            ("concluded", json!(c)),
            ("open", json!(o)),
            ("recovered_10k_yuan", json!(r)),
        ])
    };
    assert_eq!(
        year["t8"],
        json!({
            "criminal": t8(0, 1, 0, 0, 1, 0.0),
            "civil": t8(5, 3, 1, 1, 2, 12.0),
            "administrative": t8(0, 0, 0, 0, 0, 0.0),
            "total": t8(5, 4, 1, 1, 3, 12.0),
        })
    );
    let groups = |nonzero: &[(&str, u64)]| {
        let mut m = serde_json::Map::new();
        for id in [
            "recipients",
            "women",
            "disabled",
            "farmers",
            "migrant_workers",
            "minors",
            "elderly",
            "ethnic_minorities",
            "military_families",
            "foreigners",
        ] {
            m.insert(id.into(), json!(0));
        }
        for (id, n) in nonzero {
            assert!(m.contains_key(*id), "{id}");
            m.insert((*id).into(), json!(n));
        }
        Value::Object(m)
    };
    let civil = [
        ("recipients", 3),
        ("women", 1),
        ("disabled", 1),
        ("farmers", 1),
        ("migrant_workers", 1),
        ("elderly", 1),
        ("ethnic_minorities", 1),
    ];
    assert_eq!(
        year["t9"],
        json!({
            "criminal": groups(&[("recipients", 1), ("minors", 1)]),
            "civil": groups(&civil),
            "administrative": groups(&[]),
            "total": groups(&[
                ("recipients", 4), ("women", 1), ("disabled", 1), ("farmers", 1),
                ("migrant_workers", 1), ("minors", 1), ("elderly", 1), ("ethnic_minorities", 1),
            ]),
        })
    );
    // T6: the matters (wages with its migrant worker, traffic, other
    // labour), the denial's reason, the result, the money.
    let t6 = &year["t6"];
    assert_eq!(t6["applications"]["applications"], 5);
    let granted = t6["granted"].as_object().unwrap();
    let nonzero: Vec<(&str, u64)> = granted
        .iter()
        .filter(|(_, v)| v.as_u64() != Some(0))
        .map(|(k, v)| (k.as_str(), v.as_u64().unwrap()))
        .collect();
    assert_eq!(
        nonzero,
        [
            ("granted", 3),
            ("matter_other_labour", 1),
            ("matter_traffic", 1),
            ("matter_wages", 1),
            ("matter_wages_migrant", 1),
        ]
    );
    assert_eq!(
        t6["denied"],
        json!({"denied": 1, "denied_not_in_scope": 0, "denied_not_hardship": 0, "denied_other": 1})
    );
    assert_eq!(t6["recipients"], groups(&civil));
    assert_eq!(t6["closed_litigation"]["won"], 1);
    assert_eq!(
        t6["amounts"],
        json!({"recovered_10k_yuan": 12.0, "wages_recovered": 0.0, "open": 2})
    );
    // T7 has the same shape, all zero here.
    for (part, columns) in year["t7"].as_object().unwrap() {
        for (id, v) in columns.as_object().unwrap() {
            assert_eq!(v.as_f64(), Some(0.0), "t7 {part} {id}");
        }
    }
    // Each number opens to its cases, within its branch.
    let cases = |branch: &str, column: &str| -> Vec<String> {
        let v = report(
            &s,
            &[
                "yearly", "--period", "2026", "--branch", branch, "--cases", column,
            ],
        );
        serde_json::from_value(v["cases"].clone()).unwrap()
    };
    assert_eq!(cases("civil", "open"), ["2026-0001", "2026-0005"]);
    assert_eq!(cases("criminal", "open"), ["2026-0002"]);
    assert_eq!(cases("civil", "applications").len(), 5);
    assert_eq!(cases("civil", "denied_other"), ["2026-0004"]);
    assert!(cases("administrative", "granted").is_empty());
    // A branch without a column is a usage error.
    let out = s.run(&["report", "yearly", "--branch", "civil"]);
    assert_eq!(out.status.code(), Some(2));
    // The text and the XLSX show the tables in the chosen language.
    let text = s.ok_in("zh-Hant", &["report", "yearly", "--period", "2026"]);
    for heading in [
        "表六 民事法律援助",
        "表七 行政法律援助",
        "表八",
        "表九 受援人情況",
    ] {
        assert!(text.contains(heading), "{heading}: {text}");
    }
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let file = s.dir.with_extension("tables.xlsx");
    s.ok_in(
        "zh-Hans",
        &[
            "report",
            "yearly",
            "--period",
            "2026",
            "--format",
            "xlsx",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    let mut book: Xlsx<_> = open_workbook(&file).unwrap();
    let t8 = book.worksheet_range("表8").unwrap();
    let at = |r: u32, c: u32| t8.get_value((r, c)).cloned().unwrap_or(Data::Empty);
    assert_eq!(at(1, 2), Data::String("民事".into()));
    assert_eq!(at(1, 4), Data::String("合计".into()));
    assert_eq!(at(2, 0), Data::String("收到申请".into()));
    assert_eq!(at(2, 2), Data::Float(5.0));
    assert_eq!(at(3, 4), Data::Float(4.0), "granted in total");
    assert_eq!(at(7, 2), Data::Float(12.0), "recovered, 10k yuan");
}

#[test]
fn a_merge_adds_up_the_branch_tables() {
    let a = store();
    let b = Store::new();
    b.import(&CASES[..3]);
    let fa = report_file(&a, "a.json", "yearly", "2026");
    let fb = report_file(&b, "b.json", "yearly", "2026");
    let m = merged(&a, &fa, &fb);
    let ra = report(&a, &["yearly", "--period", "2026"]);
    let rb = report(&b, &["yearly", "--period", "2026"]);
    for t in ["t5", "t6", "t7", "t8", "t9"] {
        for (part, columns) in m[t].as_object().unwrap() {
            for (id, v) in columns.as_object().unwrap() {
                let sum = ra[t][part][id].as_f64().unwrap() + rb[t][part][id].as_f64().unwrap();
                assert!(
                    (v.as_f64().unwrap() - sum).abs() < 1e-9,
                    "{t} {part} {id}: {v} against {sum}"
                );
            }
        }
    }
    assert_eq!(m["t8"]["total"]["granted"], 7, "4 and 3");
}

#[test]
fn an_application_from_a_consultation_is_linked_to_it() {
    let s = Store::new();
    s.ok(&[
        "consult",
        "add",
        "--channel",
        "visit",
        "--topic",
        "wages",
        "--name",
        "王五",
    ]);
    s.ok(&[
        "consult",
        "add",
        "--channel",
        "phone",
        "--topic",
        "fraud",
        "--on",
        "2026-11-20",
    ]);
    let file = s.dir.with_extension("app.json");
    std::fs::write(
        &file,
        r#"{"received":"2026-11-26","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"王五"},"summary":"欠薪"}"#,
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let out = s.ok(&["register", f, "--consultation", "1"]);
    assert!(out.contains("registered 2026-0001"), "{out}");
    let listed = s.ok(&["consult", "list", "--period", "2026-11", "--json"]);
    let rows: Vec<Value> = listed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |id: u64| rows.iter().find(|r| r["id"] == id).unwrap().clone();
    assert_eq!(of(1)["case"], "2026-0001", "{listed}");
    assert_eq!(of(2)["case"], Value::Null);
    // A consultation becomes one application: a second is refused, and
    // nothing is registered.
    let err = s.refused(&["register", f, "--consultation", "1"]);
    assert!(
        err.contains("consultation 1 already became application 2026-0001"),
        "{err}"
    );
    // Another day's consultation is named with its day.
    let err = s.refused(&["register", f, "--consultation", "2"]);
    assert!(err.contains("no consultation 2 of 2026-11-26"), "{err}");
    s.ok(&[
        "register",
        f,
        "--consultation",
        "2",
        "--consulted",
        "2026-11-20",
    ]);
    let zh = s.refused_in("zh-Hans", &["register", f, "--consultation", "9"]);
    assert!(zh.contains("没有第 9 号咨询"), "{zh}");
    let exported = s.ok(&["export"]);
    assert_eq!(exported.lines().count(), 2, "two cases, none half-made");
}
