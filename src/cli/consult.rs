//! `docket consult add|list|import`: the consultation register (法律咨询),
//! the first column of the monthly report.

use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use crate::api;
use crate::display::{cell, fit};
use crate::domain::consult::{ConsultChannel, ConsultRecord, Consultation, Topic};
use crate::domain::report::{Period, ReportKind};

use super::import::{parse_json, problems_message, read_records, said};
use super::{Context, Failure, Outcome, date_arg};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Record one consultation (today, or --on).
    Add(AddArgs),
    /// List the consultations of a period (a month by default).
    List(ListArgs),
    /// Import consultations from JSON Lines (a file, or -): all or nothing.
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// How it came.
    #[arg(long, value_parser = codes_arg!(ConsultChannel))]
    pub channel: ConsultChannel,
    /// What it was about (the quarterly table's sub-types).
    #[arg(long, value_parser = codes_arg!(Topic))]
    pub topic: Topic,
    /// The asker's groups, comma-separated (women, minors and the elderly
    /// are not derived here: there is no ID number).
    #[arg(long, value_delimiter = ',')]
    pub groups: Vec<String>,
    /// A short note: the question and the answer given.
    #[arg(long, default_value = "")]
    pub note: String,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub phone: Option<String>,
    /// The day, if before today.
    #[arg(long, value_parser = date_arg)]
    pub on: Option<NaiveDate>,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// A month (2026-11) [default: this month].
    #[arg(long)]
    pub period: Option<String>,
    /// JSON Lines, as `consult import` reads them.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The JSON Lines file (one consultation a line, docs/formats.md), or -.
    pub file: PathBuf,
}

pub fn run(ctx: &Context, command: Command) -> Outcome {
    match command {
        Command::Add(a) => add(ctx, a),
        Command::List(a) => list(ctx, a),
        Command::Import(a) => import(ctx, a),
    }
}

/// The validated consultations, or every problem worded.
fn validated(
    ctx: &Context,
    records: Vec<ConsultRecord>,
) -> Result<Vec<crate::domain::consult::ValidConsult>, Failure> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, r) in records.into_iter().enumerate() {
        match r.validate(ctx.today) {
            Ok(v) => out.push(v),
            Err(errs) => problems.extend(
                errs.into_iter()
                    .map(|e| (i + 1, super::import::Problem::Said(e.to_string()))),
            ),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Failure::from(problems_message(ctx, &problems)))
    }
}

fn add(ctx: &Context, a: AddArgs) -> Outcome {
    let record = ConsultRecord {
        on: a.on.map(|d| d.to_string()),
        channel: a.channel.code().into(),
        topic: a.topic.code().into(),
        groups: a.groups,
        note: a.note,
        name: a.name,
        phone: a.phone,
        ..ConsultRecord::default()
    };
    let items = validated(ctx, vec![record])?;
    let mut client = ctx.create("consult")?;
    let ids = client.call(api::AddConsultations { items })?;
    let id = ids.first().map(ToString::to_string).unwrap_or_default();
    println!("{}", ctx.say("consult_added", &[("id", &id)]));
    Ok(ExitCode::SUCCESS)
}

fn import(ctx: &Context, a: ImportArgs) -> Outcome {
    let input: Box<dyn Read> = if a.file.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(&a.file)
                .map_err(|e| Failure::from(ctx.cannot_read(&a.file, &e)))?,
        )
    };
    let today = ctx.today;
    let items = read_records(BufReader::new(input), |_, line| {
        parse_json::<ConsultRecord>(line)
            .map_err(said)?
            .validate(today)
            .map_err(|errs| said(errs.iter().map(ToString::to_string).collect()))
    })
    .map_err(|problems| Failure::from(problems_message(ctx, &problems)))?;
    let n = items.len();
    let mut client = ctx.create("consult import")?;
    client.call(api::AddConsultations { items })?;
    println!("{}", ctx.say("consults_imported", &[("n", &n.to_string())]));
    Ok(ExitCode::SUCCESS)
}

fn list(ctx: &Context, a: ListArgs) -> Outcome {
    let mut client = ctx.open("consult list")?;
    let period = match &a.period {
        Some(text) => Period::parse(ReportKind::Monthly, text).map_err(|b| Failure {
            message: crate::i18n::fill(
                ctx.t("report.bad_period"),
                &[
                    ("text", &b.text),
                    ("report", ctx.t("report.monthly")),
                    ("example", "2026-11"),
                ],
            ),
            code: 2,
        })?,
        None => Period::holding(ReportKind::Monthly, ctx.today, 1),
    };
    let months = period.months(1);
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(ExitCode::SUCCESS);
    };
    let items = client.call(api::ListConsultations {
        from: first.first_day(),
        to: last.last_day(),
        limit: 100_000,
    })?;
    if a.json {
        for c in &items {
            println!(
                "{}",
                serde_json::to_string(&ConsultRecord::from_consultation(c))?
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{}",
        ctx.say(
            "consults_of",
            &[
                ("period", &period.to_string()),
                ("n", &items.len().to_string())
            ]
        )
    );
    for c in &items {
        println!("{}", line(ctx, c));
    }
    Ok(ExitCode::SUCCESS)
}

/// One consultation on one line: id, day, channel, topic, groups, note,
/// and the application it became.
fn line(ctx: &Context, c: &Consultation) -> String {
    let groups: Vec<&str> = c
        .groups
        .iter()
        .map(|g| ctx.t(&format!("group.{}", g.code())))
        .collect();
    format!(
        "{:>6}  {}  {}  {}  {}  {}",
        c.id,
        c.on,
        cell(ctx.t(&format!("consult.channel.{}", c.channel.code())), 10),
        cell(ctx.t(&format!("consult.topic.{}", c.topic.code())), 14),
        cell(&groups.join(ctx.t("history.list_separator")), 12),
        fit(&c.note, 60),
    ) + &c.case.map(|no| format!("  → {no}")).unwrap_or_default()
}
