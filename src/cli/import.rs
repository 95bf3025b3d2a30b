//! `docket import FILE`: JSON Lines in, all or nothing.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::api;
use crate::domain::case::CaseNo;
use crate::domain::record::{CaseRecord, ValidCase};

use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The JSON Lines file (one case a line, see docs/formats.md), or - for standard input.
    pub file: PathBuf,
}

/// At most this many problems are printed; the count says how many there were.
const SHOWN_PROBLEMS: usize = 50;

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let input: Box<dyn Read> = if args.file.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(&args.file)
                .map_err(|e| Failure::from(ctx.cannot_read(&args.file, &e)))?,
        )
    };
    let cases = read_all(BufReader::new(input), ctx.today)
        .map_err(|problems| Failure::from(problems_message(ctx, &problems)))?;
    let mut store = ctx.create("import")?;
    // Said only when it is known: a refusal wrote nothing; a server that
    // stopped twice leaves the outcome unknown, and its error says so.
    let numbers = store
        .call(api::Import {
            cases,
            via: "import".into(),
        })
        .map_err(|e| match e {
            crate::client::ClientError::Remote(_) => {
                Failure::from(ctx.say("not_imported", &[("error", &e.to_string())]))
            }
            other => Failure::from(other),
        })?;
    match (numbers.first(), numbers.last()) {
        (Some(first), Some(last)) => println!(
            "{}",
            ctx.say(
                if numbers.len() == 1 {
                    "imported_one"
                } else {
                    "imported"
                },
                &[
                    ("n", &numbers.len().to_string()),
                    ("first", &first.to_string()),
                    ("last", &last.to_string())
                ]
            )
        ),
        _ => println!("{}", ctx.say("nothing_to_import", &[])),
    }
    Ok(ExitCode::SUCCESS)
}

/// What is wrong on a line of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// In words already: a field's reason (in the process's language) or
    /// what the JSON reader said of a malformed line.
    Said(String),
    /// The case number is on an earlier line too.
    AlsoOn { no: CaseNo, first: usize },
}

impl Problem {
    /// "line 4: applicant.phone: …" in `lang`.
    pub fn on_line(&self, lang: crate::i18n::Lang, line: usize) -> String {
        let say = |key: &str, args: &[(&str, &str)]| {
            crate::i18n::fill(lang.t(&format!("cli.{key}")), args)
        };
        let problem = match self {
            Problem::Said(text) => text.clone(),
            Problem::AlsoOn { no, first } => say(
                "also_on_line",
                &[("case", &no.to_string()), ("line", &first.to_string())],
            ),
        };
        say(
            "on_line",
            &[("line", &line.to_string()), ("problem", &problem)],
        )
    }
}

/// Reads and validates every line; returns all problems, each with its
/// line number, or every case. Blank lines are skipped.
pub fn read_all(
    input: impl BufRead,
    today: NaiveDate,
) -> Result<Vec<ValidCase>, Vec<(usize, Problem)>> {
    let mut seen: HashMap<CaseNo, usize> = HashMap::new();
    read_records(input, |n, line| {
        let vc = parse_line(line, today).map_err(said)?;
        match vc
            .no
            .and_then(|no| seen.insert(no, n).map(|first| (no, first)))
        {
            Some((no, first)) => Err(vec![Problem::AlsoOn { no, first }]),
            None => Ok(vc),
        }
    })
}

/// Problems in words, as problems of a line.
pub fn said(problems: Vec<String>) -> Vec<Problem> {
    problems.into_iter().map(Problem::Said).collect()
}

fn parse_line(line: &str, today: NaiveDate) -> Result<ValidCase, Vec<String>> {
    parse_json::<CaseRecord>(line)?
        .validate(today)
        .map_err(|errs| errs.into_iter().map(|e| e.to_string()).collect())
}

/// A line of JSON as a record of type `R`, or what is wrong with it.
/// Most lines are good: parse plainly, and again with the path of the
/// field only to explain a bad one (tracking the path costs a third).
pub fn parse_json<R: serde::de::DeserializeOwned>(line: &str) -> Result<R, Vec<String>> {
    serde_json::from_str(line).map_err(|_| explain_json_error::<R>(line))
}

/// Reads every line of JSON Lines with `parse`; all problems with their
/// line numbers, or every record. Blank lines are skipped.
pub fn read_records<T>(
    input: impl BufRead,
    mut parse: impl FnMut(usize, &str) -> Result<T, Vec<Problem>>,
) -> Result<Vec<T>, Vec<(usize, Problem)>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let n = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                problems.push((n, Problem::Said(e.to_string())));
                break;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match parse(n, &line) {
            Ok(v) => out.push(v),
            Err(errs) => problems.extend(errs.into_iter().map(|e| (n, e))),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The problems of an import as one message: how many, then each with
/// its line (at most [`SHOWN_PROBLEMS`]).
pub fn problems_message(ctx: &Context, problems: &[(usize, Problem)]) -> String {
    let n = problems.len().to_string();
    let key = if problems.len() == 1 {
        "import_problem"
    } else {
        "import_problems"
    };
    let mut msg = ctx.say(key, &[("n", &n)]);
    for (line, problem) in problems.iter().take(SHOWN_PROBLEMS) {
        msg.push_str("\n  ");
        msg.push_str(&problem.on_line(ctx.lang, *line));
    }
    if problems.len() > SHOWN_PROBLEMS {
        let more = (problems.len() - SHOWN_PROBLEMS).to_string();
        msg.push_str("\n  ");
        msg.push_str(&ctx.say("more_problems", &[("n", &more)]));
    }
    msg
}

/// What is wrong with a line that is not a valid record, with the field.
fn explain_json_error<R: serde::de::DeserializeOwned>(line: &str) -> Vec<String> {
    let de = &mut serde_json::Deserializer::from_str(line);
    match serde_path_to_error::deserialize::<_, R>(de) {
        Ok(_) => vec!["not a valid record".to_string()],
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let reason = json_reason(&inner);
            if path == "." || path == "?" || path.is_empty() {
                vec![reason]
            } else {
                vec![format!("{path}: {reason}")]
            }
        }
    }
}

/// serde_json's message without its "at line 1 column N" tail, which means
/// nothing to a person with a file of many lines.
fn json_reason(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    if e.is_syntax() || e.is_eof() {
        format!("not valid JSON ({msg}, column {})", e.column())
    } else {
        msg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    /// The problems as an English screen shows them.
    fn shown(problems: Vec<(usize, Problem)>) -> Vec<String> {
        problems
            .iter()
            .map(|(line, p)| p.on_line(crate::i18n::Lang::En, *line))
            .collect()
    }

    const GOOD: &str = r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三"}}"#;

    #[test]
    fn three_bad_lines_are_all_reported() {
        let input = [
            GOOD,
            r#"{"received":"2026-13-01","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"李四"}}"#,
            GOOD,
            r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"王五"},"colour":"red"}"#,
            r#"{"received":"2026-11-02","#,
        ]
        .join("\n");
        let problems = shown(read_all(input.as_bytes(), today()).unwrap_err());
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(
            problems[0].starts_with("line 2: received:"),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].starts_with("line 4: ") && problems[1].contains("colour"),
            "{}",
            problems[1]
        );
        assert!(
            problems[2].starts_with("line 5: not valid JSON"),
            "{}",
            problems[2]
        );
    }

    #[test]
    fn a_wrong_type_names_the_field() {
        let line = r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三","groups":"minor"}}"#;
        let problems = shown(read_all(line.as_bytes(), today()).unwrap_err());
        assert!(
            problems[0].starts_with("line 1: applicant.groups: invalid type"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn a_number_given_twice_is_reported() {
        let a = r#"{"case_no":"2026-0001","received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三"}}"#;
        let problems = shown(read_all(format!("{a}\n\n{a}").as_bytes(), today()).unwrap_err());
        assert_eq!(problems, ["line 3: case_no: 2026-0001 is also on line 1"]);
    }
}
