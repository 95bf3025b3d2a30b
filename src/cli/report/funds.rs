//! The funds and complaint tables: T3 (funds received), T4 (funds spent)
//! and T11 (complaints) in the half-year and yearly reports, and
//! `docket report funds` (the year's budget, spent, committed and left).

use crate::domain::funds::Funds;
use crate::domain::quality::ComplaintTable;

use super::*;

/// The funds as JSON, in yuan.
pub fn funds_json(f: &Funds) -> Value {
    let mut received = Map::new();
    for (s, n) in &f.received {
        received.insert(s.code().into(), json!(n));
    }
    let mut by_payee = Map::new();
    for (p, n) in &f.by_payee {
        by_payee.insert(p.code().into(), json!(n));
    }
    let mut by_class = Map::new();
    for (c, n) in &f.by_class {
        by_class.insert(c.code().into(), json!(n));
    }
    let mut by_kind = Map::new();
    for (k, n) in &f.other {
        by_kind.insert(k.code().into(), json!(n));
    }
    json!({
        "year": f.year,
        "unit": "yuan",
        "received": f.received_total(),
        "received_by_source": received,
        "spent": f.spent,
        "committed": f.committed,
        "left": f.left(),
        "warning": f.warning(),
        "spent_by_payee": by_payee,
        "spent_by_class": by_class,
        "spent_by_kind": by_kind,
        "direct_costs": f.direct_costs,
        "labour_fees": f.labour_fees,
    })
}

pub fn complaints_json(t: &ComplaintTable) -> Value {
    let map = |pairs: Vec<(&str, u64)>| {
        pairs
            .into_iter()
            .map(|(k, n)| (k.to_string(), json!(n)))
            .collect::<Map<String, Value>>()
    };
    json!({
        "filed": t.filed,
        "open": t.open,
        "by_kind": map(t.by_kind.iter().map(|(k, n)| (k.code(), *n)).collect()),
        "by_outcome": map(t.by_outcome.iter().map(|(k, n)| (k.code(), *n)).collect()),
        "appealed": map(t.appealed.iter().map(|(k, n)| (k.code(), *n)).collect()),
    })
}

/// T3, T4 and T11 read back from a report's JSON (`docket report merge`);
/// None for a table the report does not have.
pub fn of_report(v: &Value) -> (Option<Funds>, Option<ComplaintTable>) {
    use crate::domain::funds::{PayeeType, Source, SpendClass};
    use crate::domain::quality::{Appeal, ComplaintKind, ComplaintOutcome};
    let n = |v: &Value| v.as_u64().unwrap_or(0);
    let funds = match (v.get("t3"), v.get("t4")) {
        (Some(t3), Some(t4)) => Some(Funds {
            year: v
                .get("period")
                .and_then(Value::as_str)
                .and_then(|p| p.get(..4))
                .and_then(|y| y.parse().ok())
                .unwrap_or(0),
            received: Source::ALL
                .iter()
                .map(|s| (*s, n(&t3["by_source"][s.code()])))
                .collect(),
            spent: n(&t4["spent"]),
            committed: 0,
            by_payee: PayeeType::ALL
                .iter()
                .map(|p| (*p, n(&t4["by_payee"][p.code()])))
                .collect(),
            by_class: SpendClass::ALL
                .iter()
                .map(|c| (*c, n(&t4["by_class"][c.code()])))
                .collect(),
            direct_costs: n(&t4["direct_costs"]),
            labour_fees: n(&t4["labour_fees"]),
            other: [
                crate::domain::funds::SubsidyKind::Duty,
                crate::domain::funds::SubsidyKind::Consultation,
                crate::domain::funds::SubsidyKind::Drafting,
            ]
            .iter()
            .map(|k| (*k, n(&t4["by_kind"][k.code()])))
            .collect(),
        }),
        _ => None,
    };
    let complaints = v.get("t11").map(|t| ComplaintTable {
        filed: n(&t["filed"]),
        open: n(&t["open"]),
        by_kind: ComplaintKind::ALL
            .iter()
            .map(|k| (*k, n(&t["by_kind"][k.code()])))
            .collect(),
        by_outcome: ComplaintOutcome::ALL
            .iter()
            .map(|k| (*k, n(&t["by_outcome"][k.code()])))
            .collect(),
        appealed: Appeal::ALL
            .iter()
            .map(|k| (*k, n(&t["appealed"][k.code()])))
            .collect(),
    });
    (funds, complaints)
}

/// Whether a report carries the lottery project's table (a quarter or longer).
fn has_lottery(figures: &Figures) -> bool {
    figures.period.kind() != ReportKind::Monthly
}

/// T3, T4 and T11 into a half-year or yearly report's JSON, and the lottery
/// project's table into a quarter's or longer.
pub fn json(figures: &Figures, v: &mut Value) {
    if has_lottery(figures) {
        let mut t = Map::new();
        for c in Column::LOTTERY {
            let id = c.code().trim_start_matches("lottery_");
            t.insert(id.into(), json!(figures.total(*c)));
        }
        v["lottery"] = Value::Object(t);
    }
    if let Some(f) = &figures.funds {
        let t = funds_json(f);
        v["t3"] = json!({
            "unit": "yuan",
            "received": t["received"],
            "by_source": t["received_by_source"],
        });
        v["t4"] = json!({
            "unit": "yuan",
            "spent": t["spent"],
            "by_payee": t["spent_by_payee"],
            "by_class": t["spent_by_class"],
            "by_kind": t["spent_by_kind"],
            "direct_costs": t["direct_costs"],
            "labour_fees": t["labour_fees"],
        });
    }
    if let Some(c) = &figures.complaints {
        v["t11"] = complaints_json(c);
    }
}

/// A table as rows: a heading (no figure) or a label with its figure.
type Rows = Vec<(String, Option<u64>)>;

/// T3 and T4: received by source, spent by payee type and class, and the
/// year's position.
fn funds_rows(ctx: &Context, f: &Funds) -> Rows {
    let mut out: Rows = vec![(ctx.t("report.t3").to_string(), None)];
    let mut row = |label: String, n: u64| out.push((label, Some(n)));
    for (s, n) in &f.received {
        row(ctx.lang.code_in("funds.source", s.code()), *n);
    }
    row(ctx.t("funds.received").to_string(), f.received_total());
    out.push((ctx.t("report.t4").to_string(), None));
    let mut row = |label: String, n: u64| out.push((label, Some(n)));
    for (p, n) in &f.by_payee {
        row(ctx.lang.code_in("funds.payee", p.code()), *n);
    }
    for (c, n) in &f.by_class {
        row(ctx.lang.code_in("funds.class", c.code()), *n);
    }
    for (k, n) in &f.other {
        row(ctx.lang.code_in("funds.kind", k.code()), *n);
    }
    row(ctx.t("funds.direct_costs").to_string(), f.direct_costs);
    row(ctx.t("funds.labour_fees").to_string(), f.labour_fees);
    row(ctx.t("funds.spent").to_string(), f.spent);
    row(ctx.t("funds.committed").to_string(), f.committed);
    row(ctx.t("funds.left").to_string(), f.left());
    if f.warning() {
        out.push((ctx.t("funds.warning").to_string(), None));
    }
    out
}

/// T11: filed by kind, decided by outcome, appealed, still open.
fn complaint_rows(ctx: &Context, t: &ComplaintTable) -> Rows {
    let mut out: Rows = vec![(ctx.t("report.t11").to_string(), None)];
    let mut row = |label: String, n: u64| out.push((label, Some(n)));
    row(ctx.t("quality.filed").to_string(), t.filed);
    for (k, n) in &t.by_kind {
        row(ctx.lang.code_in("quality.complaint_kind", k.code()), *n);
    }
    for (k, n) in &t.by_outcome {
        row(ctx.lang.code_in("quality.outcome", k.code()), *n);
    }
    for (k, n) in &t.appealed {
        row(ctx.lang.code_in("quality.appeal", k.code()), *n);
    }
    row(ctx.t("quality.open").to_string(), t.open);
    out
}

/// T3, T4 and T11 of a half-year or yearly report, and the lottery
/// project's table of a quarter or longer.
fn rows(ctx: &Context, figures: &Figures) -> Rows {
    let mut out = Rows::new();
    if has_lottery(figures) {
        out.push((ctx.t("report.lottery").to_string(), None));
        for c in Column::LOTTERY {
            out.push((ctx.lang.report_column(*c), Some(figures.total(*c))));
        }
    }
    if let Some(f) = &figures.funds {
        out.extend(funds_rows(ctx, f));
    }
    if let Some(c) = &figures.complaints {
        out.extend(complaint_rows(ctx, c));
    }
    out
}

fn rows_text(rows: &Rows) -> String {
    let mut out = String::new();
    for (label, n) in rows {
        match n {
            None => out.push_str(&format!("\n{label}\n")),
            Some(n) => out.push_str(&format!("  {}{n:>12}\n", cell(label, 36))),
        }
    }
    out
}

fn rows_csv(rows: &Rows) -> Result<Vec<u8>, Failure> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    for (label, n) in rows {
        w.write_record([label.clone(), n.map(|n| n.to_string()).unwrap_or_default()])?;
    }
    w.into_inner().map_err(|e| Failure {
        message: e.to_string(),
        code: 1,
    })
}

/// The rows as a sheet: the label in the first column, the figure in the second.
fn rows_sheet(
    book: &mut rust_xlsxwriter::Workbook,
    name: &str,
    rows: &Rows,
) -> Result<(), Failure> {
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    for (i, (label, n)) in rows.iter().enumerate() {
        sheet.write_string(i as u32, 0, label)?;
        if let Some(n) = n {
            sheet.write_number(i as u32, 1, *n as f64)?;
        }
    }
    sheet.set_column_width(0, 36)?;
    Ok(())
}

/// T3, T4 and T11 as text.
pub fn text(ctx: &Context, figures: &Figures) -> String {
    rows_text(&rows(ctx, figures))
}

/// T3, T4 and T11 as a sheet of label and figure rows.
pub fn sheet(
    book: &mut rust_xlsxwriter::Workbook,
    ctx: &Context,
    figures: &Figures,
) -> Result<(), Failure> {
    let rows = rows(ctx, figures);
    if rows.is_empty() {
        return Ok(());
    }
    // A quarter has the lottery project's table only.
    let name = if figures.funds.is_some() || figures.complaints.is_some() {
        "report.sheet_funds"
    } else {
        "report.sheet_lottery"
    };
    rows_sheet(book, ctx.t(name), &rows)
}

/// `docket report funds`: the year's budget, spent, committed and left.
pub fn run(ctx: &Context, args: &Args) -> Outcome {
    use chrono::Datelike;
    let year = match &args.period {
        None => ctx.today.year(),
        Some(text) => match Period::parse(ReportKind::Yearly, text) {
            Ok(Period::Year(year)) => year,
            _ => {
                return Err(Failure {
                    message: fill(
                        ctx.t("report.bad_period"),
                        &[
                            ("text", text),
                            ("report", ctx.t("report.funds")),
                            ("example", "2026"),
                        ],
                    ),
                    code: 2,
                });
            }
        },
    };
    let mut client = ctx.open("report")?;
    let f = client.call(api::GetFunds { year })?;
    if args.format == Format::Xlsx && args.output.is_none() {
        return Err(Failure {
            message: ctx.say("xlsx_needs_output", &[]),
            code: 2,
        });
    }
    let rows = funds_rows(ctx, &f);
    let title = fill(ctx.t("funds.title"), &[("year", &year.to_string())]);
    let body = match args.format {
        Format::Json => pretty(&funds_json(&f))?,
        Format::Csv => rows_csv(&rows)?,
        Format::Xlsx => {
            let mut book = rust_xlsxwriter::Workbook::new();
            rows_sheet(&mut book, ctx.t("report.sheet_funds"), &rows)?;
            book.save_to_buffer()?
        }
        Format::Table => format!("{title}\n{}", rows_text(&rows)).into_bytes(),
    };
    write_out(ctx, args.output.as_ref(), &body)
}
