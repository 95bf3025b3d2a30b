//! `docket find` on the command line, for each kind of query.

mod support;

use support::cli::docket;
use tempfile::TempDir;

fn line(name: &str, extra: &str) -> String {
    format!(
        r#"{{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{{"name":"{name}"{extra}}},"adverse_party":"株洲市某建筑工程有限公司"}}"#
    )
}

/// A store with the people of the tests, numbered 2026-0001 … in this order.
fn store() -> TempDir {
    let tmp = TempDir::new().unwrap();
    let people = [
        line(
            "张三丰",
            r#","id_number":"11010519491231002X","phone":"138 0013 8000""#,
        ),
        line("张三", r#","phone":"13912345678""#),
        line("赵思凡", ""),
        line("单雄信", ""),
        line("曾国藩", ""),
        line("仇英", ""),
        line("解缙", ""),
        line("区志强", ""),
        line("朴正熙", ""),
        line("查良镛", ""),
        line("盖聂", ""),
        line("尉迟恭", ""),
        line("张乐", ""),
        line("贠建华", ""),
        line("𠮷天春", ""),
        line("李旧号", r#","id_number":"430204850615123""#),
    ];
    let mut text = people.join("\n");
    text.push('\n');
    text.push_str(r#"{"received":"2026-11-21","kind":"civil","matter":"support","channel":"walk_in","applicant":{"name":"王芳"},"adverse_party":"张三丰"}"#);
    let file = tmp.path().join("people.jsonl");
    std::fs::write(&file, text).unwrap();
    let out = docket(&tmp.path().join("s"), &["import", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tmp
}

fn found(tmp: &TempDir, query: &str) -> Vec<(String, String, String)> {
    let out = docket(&tmp.path().join("s"), &["find", query, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["case_no"].as_str().unwrap().to_string(),
                h["applicant"].as_str().unwrap().to_string(),
                h["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn names(hits: &[(String, String, String)]) -> Vec<&str> {
    hits.iter().map(|h| h.1.as_str()).collect()
}

#[test]
fn every_kind_of_query() {
    let tmp = store();
    // Case number.
    assert_eq!(names(&found(&tmp, "2026-0002")), ["张三"]);
    // Exact name before prefix: 张三 first, then 张三丰.
    let hits = found(&tmp, "张三");
    assert_eq!(&names(&hits)[..2], ["张三", "张三丰"]);
    // Full pinyin, initials, and ranking exact before initials.
    assert_eq!(names(&found(&tmp, "zhangsanfeng"))[0], "张三丰");
    // Initials match every name with them, applicants before adverse parties.
    let hits = found(&tmp, "zsf");
    assert_eq!(names(&hits), ["张三丰", "赵思凡", "王芳"]);
    assert_eq!(hits[0].2, "initials");
    assert_eq!(hits[2].2, "adverse_party");
    // Pinyin prefix.
    assert!(names(&found(&tmp, "zhangsan")).contains(&"张三丰"));
    // ID number, whole and its last digits; phone whole and last four.
    assert_eq!(names(&found(&tmp, "11010519491231002x")), ["张三丰"]);
    assert_eq!(names(&found(&tmp, "231002X")), ["张三丰"]);
    assert_eq!(names(&found(&tmp, "13912345678")), ["张三"]);
    assert_eq!(names(&found(&tmp, "5678")), ["张三"]);
    assert_eq!(found(&tmp, "5678")[0].2, "phone");
    // Adverse party.
    let hits = found(&tmp, "株洲市某建筑");
    assert!(
        hits.iter().all(|h| h.2 == "adverse_party") && hits.len() == 16,
        "{hits:?}"
    );
    let hits = found(&tmp, "张三丰");
    assert_eq!(hits[0].1, "张三丰");
    assert!(
        hits.iter().any(|h| h.1 == "王芳" && h.2 == "adverse_party"),
        "{hits:?}"
    );
}

#[test]
fn surnames_are_found_by_their_surname_reading() {
    let tmp = store();
    for (query, name) in [
        ("shanxiongxin", "单雄信"),
        ("zengguofan", "曾国藩"),
        ("qiuying", "仇英"),
        ("xiejin", "解缙"),
        ("ouzhiqiang", "区志强"),
        ("piaozhengxi", "朴正熙"),
        ("zhaliangyong", "查良镛"),
        ("genie", "盖聂"),
        ("yuchigong", "尉迟恭"),
        ("ycg", "尉迟恭"),
    ] {
        assert_eq!(names(&found(&tmp, query)).first(), Some(&name), "{query}");
    }
    // A character with several readings is found by each of them.
    assert_eq!(names(&found(&tmp, "zhangle")), ["张乐"]);
    assert_eq!(names(&found(&tmp, "zhangyue")), ["张乐"]);
}

#[test]
fn text_output_fits_80_columns_and_masks_id_numbers() {
    let tmp = store();
    let out = docket(&tmp.path().join("s"), &["find", "张"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("1101**********002X"), "{text}");
    assert!(!text.contains("11010519491231002X"));
    for l in text.lines() {
        assert!(docket::display::width(l) <= 80, "too wide: {l}");
    }
    let out = docket(&tmp.path().join("s"), &["find", "nobody-at-all"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No case matches"));
}

#[test]
fn surnames_and_rare_characters_are_found_by_their_reading() {
    let tmp = store();
    let names = |q: &str| -> Vec<String> { found(&tmp, q).into_iter().map(|h| h.1).collect() };
    assert_eq!(names("yunjianhua"), ["贠建华"]);
    assert_eq!(names("yjh"), ["贠建华"]);
    assert_eq!(names("jitianchun"), ["𠮷天春"]);
}

#[test]
fn an_old_id_number_finds_the_case_by_either_form() {
    let tmp = store();
    let names = |q: &str| -> Vec<String> { found(&tmp, q).into_iter().map(|h| h.1).collect() };
    assert_eq!(names("430204850615123"), ["李旧号"]);
    assert_eq!(names("43020419850615123X"), ["李旧号"]);
    assert_eq!(names("４３０２０４８５０６１５１２３"), ["李旧号"]);
}

/// Issue 16, 15: a case number's sequence alone finds the case ("3",
/// "0003"), the newest year first; the line says what matched.
#[test]
fn a_case_numbers_sequence_alone_finds_it() {
    let tmp = store();
    for q in ["3", "0003", "０００３"] {
        let hits = found(&tmp, q);
        assert_eq!(hits[0].0, "2026-0003", "{q}: {hits:?}");
        assert_eq!(hits[0].2, "case_no", "{q}");
    }
    // Digits still find an ID number or a phone by their last digits.
    let hits = found(&tmp, "8000");
    assert!(
        hits.iter().any(|h| h.1 == "张三丰" && h.2 == "phone"),
        "{hits:?}"
    );
    let out = docket(&tmp.path().join("s"), &["find", "8000"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("matched by phone"), "{text}");
}

/// Issue 16, 15: a given name finds applicants by the part after the
/// surname (a compound surname counts as one), and says so.
#[test]
fn a_given_name_finds_the_applicant_and_says_so() {
    let tmp = store();
    let hits = found(&tmp, "志强");
    assert_eq!(names(&hits), ["区志强"]);
    assert_eq!(hits[0].2, "given_name");
    // 恭 of 尉迟恭: the compound surname is stripped whole.
    assert_eq!(names(&found(&tmp, "恭")), ["尉迟恭"]);
    assert!(found(&tmp, "迟恭").is_empty());
    // A given name's start finds it too; a full name is still a name.
    assert_eq!(names(&found(&tmp, "国")), ["曾国藩"]);
    assert_eq!(found(&tmp, "曾国藩")[0].2, "name");
    let out = docket(&tmp.path().join("s"), &["find", "志强"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("matched by given name"), "{text}");
}
