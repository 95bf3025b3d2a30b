//! `docket report`: the monthly, quarterly, half-year and yearly tables with
//! the plan's targets, as a table, JSON, CSV (with a BOM, for Excel) or an
//! XLSX laid out like the paper form; `--cases` opens a cell.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::{Map, Value, json};

use crate::api;
use crate::display::{cell, cell_right, width};
use crate::domain::consult::Table as ConsultTable;
use crate::domain::report::{Column, Figures, Month, Period, ReportKind, shown};
use crate::i18n::fill;

use super::{Context, Failure, Outcome};

mod funds;
mod tables;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    Monthly,
    Quarterly,
    HalfYear,
    Yearly,
    /// Add up the JSON reports of several centers (same kind and period).
    Merge,
    /// The year's funds: received by source, spent, committed, left (yuan).
    Funds,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Xlsx,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which report.
    #[arg(value_enum)]
    pub kind: KindArg,
    /// The period: 2026-11 (monthly), 2026-Q3, 2026-H1, 2026 (yearly)
    /// [default: the one holding today].
    #[arg(long)]
    pub period: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (required for xlsx) instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// List the cases behind one column over the period (a column id, such
    /// as migrant_workers, or concluded, deadlines_missed).
    #[arg(long, value_name = "COLUMN", value_parser = codes_arg!(Column))]
    pub cases: Option<Column>,
    /// With --cases: a column of the branch tables T6–T9 (criminal, civil,
    /// administrative), such as `--branch civil --cases won`.
    #[arg(long, requires = "cases", value_parser = codes_arg!(crate::domain::report::Branch))]
    pub branch: Option<crate::domain::report::Branch>,
    /// For `merge`: the JSON reports (`--format json`) to add up.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

impl KindArg {
    fn kind(self) -> ReportKind {
        match self {
            KindArg::Monthly => ReportKind::Monthly,
            KindArg::Quarterly => ReportKind::Quarterly,
            KindArg::HalfYear => ReportKind::HalfYear,
            KindArg::Yearly | KindArg::Merge | KindArg::Funds => ReportKind::Yearly,
        }
    }
}

fn example(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Monthly => "2026-11",
        ReportKind::Quarterly => "2026-Q3",
        ReportKind::HalfYear => "2026-H1",
        ReportKind::Yearly => "2026",
    }
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    if args.kind == KindArg::Merge {
        return merge(ctx, args);
    }
    if args.kind == KindArg::Funds {
        return funds::run(ctx, &args);
    }
    let kind = args.kind.kind();
    if args.cases == Some(Column::Consultations) {
        // Consultations are not cases: they have their own list.
        return Err(Failure {
            message: ctx.say("consultations_not_cases", &[]),
            code: 2,
        });
    }
    let report_word = ctx.t(&format!("report.{}", kind.code()));
    let mut client = ctx.open("report")?;
    let policy = client.call(api::GetPolicy {})?;
    let period = match &args.period {
        Some(text) => Period::parse(kind, text).map_err(|b| Failure {
            message: fill(
                ctx.t("report.bad_period"),
                &[
                    ("text", &b.text),
                    ("report", report_word),
                    ("example", example(kind)),
                ],
            ),
            code: 2,
        })?,
        None => Period::holding(kind, ctx.today, policy.half_year_from),
    };
    if args.format == Format::Xlsx && args.output.is_none() {
        return Err(Failure {
            message: ctx.say("xlsx_needs_output", &[]),
            code: 2,
        });
    }
    let figures = client.call(api::Report {
        period,
        branch: args.branch,
        column: args.cases,
        today: ctx.today,
    })?;
    let months: Vec<Month> = figures.months.iter().map(|(m, _)| *m).collect();
    let echo = Echo {
        report: kind,
        from: months
            .first()
            .map(|m| m.first_day().to_string())
            .unwrap_or_default(),
        to: months
            .last()
            .map(|m| m.last_day().to_string())
            .unwrap_or_default(),
        at: chrono::Local::now()
            .fixed_offset()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        by: ctx.user.clone(),
    };
    let bytes = match (args.format, args.cases) {
        (Format::Json, _) => {
            let mut v = json_of(&figures, &echo);
            if let (Some(column), Some(cases)) = (args.cases, &figures.cases) {
                v["column"] = json!(column.code());
                v["cases"] = json!(cases.iter().map(|c| c.to_string()).collect::<Vec<_>>());
            }
            pretty(&v)?
        }
        (_, Some(column)) => cases_text(ctx, &figures, column).into_bytes(),
        (format, None) => rendered(ctx, &figures, &echo, format)?,
    };
    write_out(ctx, args.output.as_ref(), &bytes)
}

fn pretty(v: &Value) -> Result<Vec<u8>, Failure> {
    let mut text = serde_json::to_string_pretty(v)?;
    text.push('\n');
    Ok(text.into_bytes())
}

/// A report in a format for people (or JSON).
fn rendered(
    ctx: &Context,
    figures: &Figures,
    echo: &Echo,
    format: Format,
) -> Result<Vec<u8>, Failure> {
    Ok(match format {
        Format::Json => pretty(&json_of(figures, echo))?,
        Format::Table => table(ctx, figures, echo).into_bytes(),
        Format::Csv => csv_of(ctx, figures)?,
        Format::Xlsx => xlsx_of(ctx, figures, echo)?,
    })
}

/// Writes to the file given, or standard output.
fn write_out(ctx: &Context, output: Option<&PathBuf>, bytes: &[u8]) -> Outcome {
    match output {
        Some(file) => {
            std::fs::write(file, bytes).map_err(|e| Failure {
                message: ctx.say(
                    "cannot_write",
                    &[
                        ("file", &file.display().to_string()),
                        ("error", &e.to_string()),
                    ],
                ),
                code: 1,
            })?;
            eprintln!(
                "{}",
                fill(
                    ctx.t("report.written"),
                    &[("file", &file.display().to_string())]
                )
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(bytes)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `docket report merge FILE...`: the JSON reports of several centers of
/// the same kind and period added up (a city center's report of its
/// districts). The counts add; the targets' ratios are computed again from
/// the added inputs, the self-evaluation sheets' quarter by quarter.
fn merge(ctx: &Context, args: Args) -> Outcome {
    if args.files.len() < 2 {
        return Err(Failure {
            message: ctx.say("merge_needs_files", &[]),
            code: 2,
        });
    }
    if args.format == Format::Xlsx && args.output.is_none() {
        return Err(Failure {
            message: ctx.say("xlsx_needs_output", &[]),
            code: 2,
        });
    }
    let mut reports = Vec::new();
    // T3, T4 and T11 of each report, added up.
    let mut money: (
        Option<crate::domain::funds::Funds>,
        Option<crate::domain::quality::ComplaintTable>,
    ) = (None, None);
    for file in &args.files {
        let text =
            std::fs::read_to_string(file).map_err(|e| Failure::from(ctx.cannot_read(file, &e)))?;
        let value = serde_json::from_str::<Value>(&text).unwrap_or_default();
        let tables = tables::branches_of(&value);
        let (f, c) = funds::of_report(&value);
        if let Some(f) = f {
            match money.0.as_mut() {
                Some(sum) => sum.add(&f),
                None => money.0 = Some(f),
            }
        }
        if let Some(c) = c {
            match money.1.as_mut() {
                Some(sum) => sum.add(&c),
                None => money.1 = Some(c),
            }
        }
        let parsed: Parsed = serde_json::from_str(&text).map_err(|e| {
            Failure::from(ctx.say(
                "merge_bad_file",
                &[
                    ("file", &file.display().to_string()),
                    ("line", &e.line().to_string()),
                    ("column", &e.column().to_string()),
                    ("error", &e.to_string()),
                ],
            ))
        })?;
        reports.push((file, parsed, tables));
    }
    let (first_file, first, _) = &reports[0];
    for (file, r, _) in &reports[1..] {
        if r.report != first.report || r.period != first.period {
            return Err(Failure::from(ctx.say(
                "merge_different",
                &[
                    ("file", &file.display().to_string()),
                    ("report", &format!("{} {}", r.report, r.period)),
                    ("first", &first_file.display().to_string()),
                    ("expected", &format!("{} {}", first.report, first.period)),
                ],
            )));
        }
    }
    let kind = match first.report.as_str() {
        "monthly" => ReportKind::Monthly,
        "quarterly" => ReportKind::Quarterly,
        "half-year" => ReportKind::HalfYear,
        _ => ReportKind::Yearly,
    };
    let period = Period::parse(kind, &first.period).map_err(|b| Failure::from(b.text))?;
    // Months and totals: the columns added up (amounts back in yuan).
    let mut months: Vec<(Month, crate::domain::report::Counts)> = Vec::new();
    let mut totals = crate::domain::report::Counts::new();
    let mut basis = crate::domain::report::TargetInputs::default();
    let mut cases_target = 0u32;
    let mut consultations: Option<ConsultTable> = None;
    let mut stations: Option<Vec<(crate::domain::station::Host, u64, u64)>> = None;
    let mut branches: Option<crate::domain::tables::BranchCounts> = None;
    for (_, r, t) in &reports {
        if r.t10.is_some() {
            tables::add(branches.get_or_insert_with(Default::default), t.clone());
        }
        for (i, m) in r.months.iter().enumerate() {
            let month = Period::parse(ReportKind::Monthly, &m.month)
                .ok()
                .and_then(|p| p.months(1).first().copied())
                .ok_or_else(|| Failure::from(m.month.clone()))?;
            if months.len() <= i {
                months.push((month, Default::default()));
            }
            add_columns(&mut months[i].1, &m.columns);
        }
        add_columns(&mut totals, &r.columns);
        if let Some(t5) = &r.t5 {
            for part in t5.values() {
                if let Some(m) = part.as_object() {
                    let extra: Map<String, Value> = m
                        .iter()
                        .filter(|(id, _)| {
                            Column::from_code(id).is_some_and(|c| !Column::MONTHLY.contains(&c))
                        })
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    add_columns(&mut totals, &extra);
                }
            }
        }
        basis.add(&r.basis);
        cases_target += r.targets.cases_target;
        if let Some(t) = &r.consultation_table {
            consultations.get_or_insert_with(Default::default).merge(t);
        }
        if let Some(rows) = &r.t10 {
            let sum = stations.get_or_insert_with(|| {
                crate::domain::station::Host::ALL
                    .iter()
                    .map(|h| (*h, 0, 0))
                    .collect()
            });
            for row in rows {
                if let Some(s) = sum.iter_mut().find(|s| s.0.code() == row.host) {
                    s.1 += row.stations;
                    s.2 += row.staffed;
                }
            }
        }
    }
    let share = (first.targets.workstation_share_target * 100.0).round() as u32;
    let centers: Vec<&str> = reports.iter().map(|(_, r, _)| r.center.as_str()).collect();
    let figures = Figures {
        center: centers.join(ctx.t("history.list_separator")),
        period,
        months,
        totals,
        targets: crate::domain::report::Targets::against(basis, cases_target, share),
        basis,
        cases: None,
        consultations,
        quarters: merged_quarters(&reports.iter().map(|(_, r, _)| r).collect::<Vec<_>>()),
        stations,
        branches,
        funds: money.0,
        complaints: money.1,
    };
    let echo = Echo {
        report: kind,
        from: first.from.clone(),
        to: first.to.clone(),
        at: chrono::Local::now()
            .fixed_offset()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        by: ctx.user.clone(),
    };
    let bytes = match args.format {
        Format::Json => {
            let mut v = json_of(&figures, &echo);
            v["merged_from"] = json!(
                reports
                    .iter()
                    .map(|(file, r, _)| json!({ "center": r.center, "file": file.display().to_string() }))
                    .collect::<Vec<_>>()
            );
            pretty(&v)?
        }
        format => rendered(ctx, &figures, &echo, format)?,
    };
    write_out(ctx, args.output.as_ref(), &bytes)
}

/// The self-evaluation sheets of quarterly reports added up, quarter by
/// quarter (each file has the same quarters: the year up to its period).
fn merged_quarters(reports: &[&Parsed]) -> Vec<crate::domain::report::QuarterSheet> {
    let n = reports
        .iter()
        .map(|r| r.self_evaluation.len())
        .min()
        .unwrap_or(0);
    (0..n)
        .filter_map(|i| {
            let sheets: Vec<_> = reports
                .iter()
                .map(|r| r.self_evaluation[i].clone())
                .collect();
            crate::domain::report::QuarterSheet::merged(&sheets)
        })
        .collect()
}

/// The columns of a report file with their numbers (10k yuan back to
/// yuan: the reverse of [`value`]), those not zero.
fn read_columns(columns: &Map<String, Value>) -> impl Iterator<Item = (Column, u64)> + '_ {
    columns.iter().filter_map(|(id, v)| {
        let column = Column::from_code(id)?;
        let n = if column.is_amount() {
            (v.as_f64().unwrap_or(0.0) * 10_000.0).round() as u64
        } else {
            v.as_u64().unwrap_or(0)
        };
        (n > 0).then_some((column, n))
    })
}

/// The columns of a report file added to `into`.
fn add_columns(into: &mut crate::domain::report::Counts, columns: &Map<String, Value>) {
    for (column, n) in read_columns(columns) {
        *into.entry(column).or_default() += n;
    }
}

/// The parts of a report file a merge reads.
#[derive(serde::Deserialize)]
struct Parsed {
    report: String,
    period: String,
    #[serde(default)]
    center: String,
    from: String,
    to: String,
    columns: Map<String, Value>,
    months: Vec<ParsedMonth>,
    targets: crate::domain::report::Targets,
    basis: crate::domain::report::TargetInputs,
    #[serde(default, deserialize_with = "consult_table")]
    consultation_table: Option<ConsultTable>,
    #[serde(default)]
    t10: Option<Vec<T10Row>>,
    #[serde(default)]
    t5: Option<Map<String, Value>>,
    #[serde(default)]
    self_evaluation: Vec<crate::domain::report::QuarterSheet>,
}

#[derive(serde::Deserialize)]
struct T10Row {
    host: String,
    stations: u64,
    staffed: u64,
}

#[derive(serde::Deserialize)]
struct ParsedMonth {
    month: String,
    columns: Map<String, Value>,
}

/// The consultation table of a file, from the shape `consult_json` writes.
fn consult_table<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<ConsultTable>, D::Error> {
    use crate::domain::consult::{Area, ConsultChannel as Ch, TABLE_GROUPS, Topic};
    use serde::Deserialize;
    let Some(v) = Option::<Value>::deserialize(d)? else {
        return Ok(None);
    };
    let n = |v: &Value| v.as_u64().unwrap_or(0);
    let mut t = ConsultTable {
        total: n(&v["total"]),
        no_group: n(&v["groups"]["other"]),
        ..ConsultTable::default()
    };
    let c = &v["channels"];
    let hotline = n(&c["of_which_12348"]);
    for (ch, count) in [
        (Ch::Phone, n(&c["phone"]).saturating_sub(hotline)),
        (Ch::Hotline12348, hotline),
        (Ch::Visit, n(&c["visit"])),
        (Ch::Letter, n(&c["letter"])),
        (Ch::Online, n(&c["online"])),
        (Ch::Other, n(&c["other"])),
    ] {
        if count > 0 {
            t.channels.insert(ch, count);
        }
    }
    for g in TABLE_GROUPS {
        let count = n(&v["groups"][group_id(g)]);
        if count > 0 {
            t.groups.insert(g, count);
        }
    }
    for a in Area::ALL {
        for topic in Topic::of(*a) {
            let count = n(&v["areas"][a.code()][topic.code()]);
            if count > 0 {
                t.topics.insert(topic, count);
            }
        }
    }
    Ok(Some(t))
}

/// What every report repeats of how it was made.
struct Echo {
    report: ReportKind,
    from: String,
    to: String,
    at: String,
    by: String,
}

fn center(ctx: &Context, figures: &Figures) -> String {
    if figures.center.is_empty() {
        ctx.t("report.center").to_string()
    } else {
        figures.center.clone()
    }
}

/// A column's value for JSON: a count, or 10k yuan with two decimals.
fn value(column: Column, n: u64) -> Value {
    if column.is_amount() {
        json!((n as f64 / 100.0).round() / 100.0)
    } else {
        json!(n)
    }
}

fn columns_json(counts: &std::collections::BTreeMap<Column, u64>) -> Map<String, Value> {
    Column::MONTHLY
        .iter()
        .map(|c| {
            let n = counts.get(c).copied().unwrap_or(0);
            (c.code().to_string(), value(*c, n))
        })
        .collect()
}

fn json_of(figures: &Figures, echo: &Echo) -> Value {
    let months: Vec<Value> = figures
        .months
        .iter()
        .map(|(m, counts)| json!({ "month": m.to_string(), "columns": columns_json(counts) }))
        .collect();
    let mut v = json!({
        "report": echo.report.code(),
        "center": figures.center,
        "period": figures.period.to_string(),
        "from": echo.from,
        "to": echo.to,
        "generated_at": echo.at,
        "generated_by": echo.by,
        "columns": columns_json(&figures.totals),
        "months": months,
        "targets": figures.targets,
        "basis": figures.basis,
    });
    if let Some(table) = &figures.consultations {
        v["consultation_table"] = consult_json(table);
    }
    if !figures.quarters.is_empty() {
        v["self_evaluation"] = json!(figures.quarters);
    }
    if figures.branches.is_some() {
        tables::json(figures, &mut v);
    }
    funds::json(figures, &mut v);
    if let Some(rows) = &figures.stations {
        v["t10"] = json!(
            rows.iter()
                .map(
                    |(h, n, staffed)| json!({ "host": h.code(), "stations": n, "staffed": staffed })
                )
                .collect::<Vec<_>>()
        );
    }
    v
}

/// The quarterly consultation table: by channel (phone with, of it, the
/// 12348 hotline), by group (and those of none), by area with its topics.
fn consult_json(t: &ConsultTable) -> Value {
    use crate::domain::consult::{Area, ConsultChannel as Ch, TABLE_GROUPS, Topic};
    let mut groups = Map::new();
    for g in TABLE_GROUPS {
        groups.insert(group_id(g).into(), json!(t.group(g)));
    }
    groups.insert("other".into(), json!(t.no_group));
    let mut areas = Map::new();
    for a in Area::ALL {
        let mut m = Map::new();
        m.insert("total".into(), json!(t.area(*a)));
        for topic in Topic::of(*a) {
            m.insert(topic.code().into(), json!(t.topic(topic)));
        }
        areas.insert(a.code().into(), Value::Object(m));
    }
    json!({
        "total": t.total,
        "channels": {
            "phone": t.channel(Ch::Phone) + t.channel(Ch::Hotline12348),
            "of_which_12348": t.channel(Ch::Hotline12348),
            "visit": t.channel(Ch::Visit),
            "letter": t.channel(Ch::Letter),
            "online": t.channel(Ch::Online),
            "other": t.channel(Ch::Other),
        },
        "groups": groups,
        "areas": areas,
    })
}

/// A group as the tables name it (plural, like the monthly columns).
fn group_id(g: crate::domain::codes::Group) -> &'static str {
    use crate::domain::codes::Group::*;
    match g {
        Disabled => "disabled",
        Farmer => "farmers",
        MigrantWorker => "migrant_workers",
        MilitaryFamily => "military_families",
        Minor => "minors",
        Elderly => "elderly",
        Foreigner => "foreigners",
        Poor => "poor",
        other => other.code(),
    }
}

fn label(ctx: &Context, column: Column) -> &'static str {
    ctx.t(&format!("report.column.{}", column.code()))
}

/// The label with its heading group, for one-row headers (CSV, table).
fn full_label(ctx: &Context, column: Column) -> String {
    ctx.lang.report_column(column)
}

fn title(ctx: &Context, figures: &Figures, echo: &Echo) -> String {
    fill(
        ctx.t("report.title"),
        &[
            ("center", &center(ctx, figures)),
            ("report", ctx.t(&format!("report.{}", echo.report.code()))),
            ("period", &figures.period.to_string()),
            ("from", &echo.from),
            ("to", &echo.to),
        ],
    )
}

/// The table for a terminal: a line per column of the form, a column per
/// month and the total, then the targets.
fn table(ctx: &Context, figures: &Figures, echo: &Echo) -> String {
    let mut out = format!(
        "{}\n{}\n{}\n\n",
        title(ctx, figures, echo),
        fill(ctx.t("report.echo"), &[("at", &echo.at), ("by", &echo.by)]),
        ctx.t("report.units")
    );
    let label_width = Column::MONTHLY
        .iter()
        .map(|c| width(&full_label(ctx, *c)))
        .max()
        .unwrap_or(10)
        + 2;
    let several = figures.months.len() > 1;
    let w = 9;
    out.push_str(&cell("", label_width));
    if several {
        for (m, _) in &figures.months {
            out.push_str(&cell_right(&m.to_string(), w));
        }
    }
    out.push_str(&cell_right(ctx.t("report.total"), w));
    out.push('\n');
    for c in Column::MONTHLY {
        out.push_str(&cell(&full_label(ctx, *c), label_width));
        if several {
            for (_, counts) in &figures.months {
                out.push_str(&cell_right(
                    &shown(*c, counts.get(c).copied().unwrap_or(0)),
                    w,
                ));
            }
        }
        out.push_str(&cell_right(&shown(*c, figures.total(*c)), w));
        out.push('\n');
    }
    let t = &figures.targets;
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    out.push_str(&format!("\n{}\n", ctx.t("report.targets")));
    for (key, v) in [
        (
            "cases_year_to_date",
            format!("{} / {}", t.cases_year_to_date, t.cases_target),
        ),
        (
            "workstation_share",
            format!(
                "{} / {}",
                pct(t.workstation_share),
                pct(t.workstation_share_target)
            ),
        ),
        ("conclusion_rate", pct(t.conclusion_rate)),
        ("deadlines_met", t.deadlines_met.to_string()),
        ("deadlines_missed", t.deadlines_missed.to_string()),
        ("overdue_now", t.overdue_now.to_string()),
    ] {
        out.push_str(&format!(
            "  {}  {v}\n",
            cell(ctx.t(&format!("report.{key}")), 40)
        ));
    }
    if let Some(c) = &figures.consultations {
        out.push_str(&consult_text(ctx, c));
    }
    if figures.branches.is_some() {
        out.push_str(&tables::text(ctx, figures));
    }
    out.push_str(&funds::text(ctx, figures));
    if let Some(rows) = &figures.stations {
        let n: u64 = rows.iter().map(|r| r.1).sum();
        let staffed: u64 = rows.iter().map(|r| r.2).sum();
        out.push_str(&format!(
            "\n{}\n",
            fill(
                ctx.t("report.t10"),
                &[("n", &n.to_string()), ("staffed", &staffed.to_string())]
            )
        ));
        for (h, n, s) in rows.iter().filter(|r| r.1 > 0) {
            out.push_str(&format!(
                "  {}{n:>7}{s:>7}\n",
                cell(ctx.t(&format!("station.host.{}", h.code())), 30)
            ));
        }
    }
    if !figures.quarters.is_empty() {
        out.push_str(&format!("\n{}\n", ctx.t("report.self_evaluation")));
        for q in &figures.quarters {
            let line = fill(
                ctx.t("report.quarter_line"),
                &[
                    ("cases", &q.cases.to_string()),
                    ("ytd", &q.cases_year_to_date.to_string()),
                    ("target", &q.cases_target_to_date.to_string()),
                    ("share", &pct(q.workstation_share)),
                    ("rate", &pct(q.conclusion_rate)),
                    ("met", &q.deadlines_met.to_string()),
                    ("missed", &q.deadlines_missed.to_string()),
                ],
            );
            out.push_str(&format!("  {}  {line}\n", q.quarter));
        }
    }
    out
}

/// The consultation table for a terminal: a line per channel, group and
/// area (with its topics that have any).
fn consult_text(ctx: &Context, t: &ConsultTable) -> String {
    use crate::domain::consult::{Area, ConsultChannel, TABLE_GROUPS, Topic};
    let mut out = format!(
        "\n{}\n",
        fill(
            ctx.t("report.consultations"),
            &[("n", &t.total.to_string())]
        )
    );
    let row = |label: String, n: u64| format!("  {}{n:>7}\n", cell(&label, 30));
    for c in ConsultChannel::ALL {
        let label = ctx.t(&format!("consult.channel.{}", c.code()));
        out.push_str(&row(label.into(), t.channel(*c)));
    }
    for g in TABLE_GROUPS {
        out.push_str(&row(
            ctx.t(&format!("group.{}", g.code())).into(),
            t.group(g),
        ));
    }
    for a in Area::ALL {
        let label = ctx.t(&format!("consult.area.{}", a.code()));
        out.push_str(&row(label.into(), t.area(*a)));
        for topic in Topic::of(*a).into_iter().filter(|x| t.topic(*x) > 0) {
            out.push_str(&row(
                format!("  {}", ctx.t(&format!("consult.topic.{}", topic.code()))),
                t.topic(topic),
            ));
        }
    }
    out
}

fn cases_text(ctx: &Context, figures: &Figures, column: Column) -> String {
    let cases = figures.cases.clone().unwrap_or_default();
    let mut out = fill(
        ctx.t("report.cases_of"),
        &[
            ("column", &full_label(ctx, column)),
            ("period", &figures.period.to_string()),
            ("count", &cases.len().to_string()),
        ],
    );
    out.push('\n');
    if cases.is_empty() {
        out.push_str(ctx.t("report.none"));
        out.push('\n');
    }
    for c in cases {
        out.push_str(&format!("{c}\n"));
    }
    out
}

/// CSV with a UTF-8 BOM, so that Excel opens the Chinese: a row per month
/// and a totals row.
fn csv_of(ctx: &Context, figures: &Figures) -> Result<Vec<u8>, Failure> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut header = vec![ctx.t("report.month").to_string()];
    header.extend(Column::MONTHLY.iter().map(|c| full_label(ctx, *c)));
    w.write_record(&header)?;
    let row = |name: String, counts: &std::collections::BTreeMap<Column, u64>| {
        let mut r = vec![name];
        r.extend(
            Column::MONTHLY
                .iter()
                .map(|c| shown(*c, counts.get(c).copied().unwrap_or(0))),
        );
        r
    };
    for (m, counts) in &figures.months {
        w.write_record(row(m.to_string(), counts))?;
    }
    w.write_record(row(ctx.t("report.total").to_string(), &figures.totals))?;
    w.into_inner().map_err(|e| Failure {
        message: e.to_string(),
        code: 1,
    })
}

/// The XLSX laid out like the paper form: a title, two header rows (the
/// groups merged over their columns), a row per month, the totals row, the
/// units; A4 landscape, one page wide.
fn xlsx_of(ctx: &Context, figures: &Figures, echo: &Echo) -> Result<Vec<u8>, Failure> {
    use rust_xlsxwriter::{Format as Style, FormatAlign, FormatBorder, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(ctx.t(&format!("report.{}", echo.report.code())))?;
    let head = Style::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
        .set_border(FormatBorder::Thin);
    let body = Style::new().set_border(FormatBorder::Thin);
    let money = Style::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.00");
    let last_col = Column::MONTHLY.len() as u16;
    sheet.merge_range(0, 0, 0, last_col, &title(ctx, figures, echo), &head)?;
    // Row 1: the groups merged over their columns, or the column itself
    // merged down over both header rows.
    sheet.merge_range(1, 0, 2, 0, ctx.t("report.month"), &head)?;
    let mut col = 1u16;
    let mut i = 0;
    while i < Column::MONTHLY.len() {
        let c = Column::MONTHLY[i];
        match c.group() {
            Some(g) => {
                let n = Column::MONTHLY[i..]
                    .iter()
                    .take_while(|x| x.group() == Some(g))
                    .count() as u16;
                let text = ctx.t(&format!("report.group_{g}"));
                if n > 1 {
                    sheet.merge_range(1, col, 1, col + n - 1, text, &head)?;
                } else {
                    sheet.write_string_with_format(1, col, text, &head)?;
                }
                for k in 0..n {
                    let sub = Column::MONTHLY[i + k as usize];
                    sheet.write_string_with_format(2, col + k, label(ctx, sub), &head)?;
                }
                col += n;
                i += n as usize;
            }
            None => {
                sheet.merge_range(1, col, 2, col, label(ctx, c), &head)?;
                col += 1;
                i += 1;
            }
        }
    }
    let mut row = 3u32;
    let write_row = |sheet: &mut rust_xlsxwriter::Worksheet,
                     row: u32,
                     name: &str,
                     counts: &std::collections::BTreeMap<Column, u64>|
     -> Result<(), rust_xlsxwriter::XlsxError> {
        sheet.write_string_with_format(row, 0, name, &body)?;
        for (k, c) in Column::MONTHLY.iter().enumerate() {
            let n = counts.get(c).copied().unwrap_or(0);
            if c.is_amount() {
                sheet.write_number_with_format(row, k as u16 + 1, n as f64 / 10_000.0, &money)?;
            } else {
                sheet.write_number_with_format(row, k as u16 + 1, n as f64, &body)?;
            }
        }
        Ok(())
    };
    for (m, counts) in &figures.months {
        write_row(sheet, row, &m.to_string(), counts)?;
        row += 1;
    }
    write_row(sheet, row, ctx.t("report.total"), &figures.totals)?;
    sheet.write_string(row + 1, 0, ctx.t("report.units"))?;
    sheet.write_string(
        row + 2,
        0,
        fill(ctx.t("report.echo"), &[("at", &echo.at), ("by", &echo.by)]),
    )?;
    sheet.set_column_width(0, 10)?;
    for k in 1..=last_col {
        sheet.set_column_width(k, 7)?;
    }
    sheet.set_row_height(2, 60)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(1, 2)?;
    funds::sheet(&mut book, ctx, figures)?;
    if let Some(c) = &figures.consultations {
        let sheet = book.add_worksheet();
        sheet.set_name(ctx.t("report.sheet_consultations"))?;
        let text = consult_text(ctx, c);
        for (i, line) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
            // "  label      n": the label and the number in their own cells.
            let (label, n) = match line.trim_end().rsplit_once(' ') {
                Some((l, n)) if n.parse::<f64>().is_ok() => (l.trim_end(), n.parse::<f64>().ok()),
                _ => (line.trim_end(), None),
            };
            sheet.write_string(i as u32, 0, label)?;
            if let Some(n) = n {
                sheet.write_number_with_format(i as u32, 1, n, &body)?;
            }
        }
        sheet.set_column_width(0, 30)?;
    }
    if !figures.quarters.is_empty() {
        let sheet = book.add_worksheet();
        sheet.set_name(ctx.t("report.sheet_self_evaluation"))?;
        let heads = [
            "report.quarter",
            "report.column.cases",
            "report.cases_year_to_date",
            "report.cases_target",
            "report.workstation_share",
            "report.conclusion_rate",
            "report.deadlines_met",
            "report.deadlines_missed",
        ];
        for (k, h) in heads.iter().enumerate() {
            sheet.write_string_with_format(0, k as u16, ctx.t(h), &head)?;
            sheet.set_column_width(k as u16, 14)?;
        }
        for (i, q) in figures.quarters.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string_with_format(r, 0, &q.quarter, &body)?;
            let values = [
                q.cases as f64,
                q.cases_year_to_date as f64,
                q.cases_target_to_date as f64,
                q.workstation_share,
                q.conclusion_rate,
                q.deadlines_met as f64,
                q.deadlines_missed as f64,
            ];
            for (k, v) in values.iter().enumerate() {
                sheet.write_number_with_format(r, k as u16 + 1, *v, &body)?;
            }
        }
    }
    if figures.branches.is_some() {
        tables::sheets(&mut book, ctx, figures)?;
    }
    Ok(book.save_to_buffer()?)
}
