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

/// T3, T4 and T11 into a half-year or yearly report's JSON.
pub fn json(figures: &Figures, v: &mut Value) {
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
            "direct_costs": t["direct_costs"],
            "labour_fees": t["labour_fees"],
        });
    }
    if let Some(c) = &figures.complaints {
        v["t11"] = complaints_json(c);
    }
}

fn line(out: &mut String, label: &str, n: u64) {
    out.push_str(&format!("  {}{n:>12}\n", cell(label, 36)));
}

/// The funds as text: received by source, spent by payee and class.
pub fn funds_text(ctx: &Context, f: &Funds) -> String {
    let mut out = format!("\n{}\n", ctx.t("report.t3"));
    for (s, n) in &f.received {
        line(&mut out, &ctx.lang.code_in("funds.source", s.code()), *n);
    }
    line(&mut out, ctx.t("funds.received"), f.received_total());
    out.push_str(&format!("\n{}\n", ctx.t("report.t4")));
    for (p, n) in &f.by_payee {
        line(&mut out, &ctx.lang.code_in("funds.payee", p.code()), *n);
    }
    for (c, n) in &f.by_class {
        line(&mut out, &ctx.lang.code_in("funds.class", c.code()), *n);
    }
    line(&mut out, ctx.t("funds.direct_costs"), f.direct_costs);
    line(&mut out, ctx.t("funds.labour_fees"), f.labour_fees);
    line(&mut out, ctx.t("funds.spent"), f.spent);
    line(&mut out, ctx.t("funds.committed"), f.committed);
    line(&mut out, ctx.t("funds.left"), f.left());
    if f.warning() {
        out.push_str(&format!("  {}\n", ctx.t("funds.warning")));
    }
    out
}

pub fn complaints_text(ctx: &Context, t: &ComplaintTable) -> String {
    let mut out = format!("\n{}\n", ctx.t("report.t11"));
    line(&mut out, ctx.t("quality.filed"), t.filed);
    for (k, n) in &t.by_kind {
        line(
            &mut out,
            &ctx.lang.code_in("quality.complaint_kind", k.code()),
            *n,
        );
    }
    for (k, n) in &t.by_outcome {
        line(&mut out, &ctx.lang.code_in("quality.outcome", k.code()), *n);
    }
    for (k, n) in &t.appealed {
        line(&mut out, &ctx.lang.code_in("quality.appeal", k.code()), *n);
    }
    line(&mut out, ctx.t("quality.open"), t.open);
    out
}

/// T3, T4 and T11 as text.
pub fn text(ctx: &Context, figures: &Figures) -> String {
    let mut out = String::new();
    if let Some(f) = &figures.funds {
        out.push_str(&funds_text(ctx, f));
    }
    if let Some(c) = &figures.complaints {
        out.push_str(&complaints_text(ctx, c));
    }
    out
}

/// T3, T4 and T11 as a sheet of label and figure rows.
pub fn sheet(
    book: &mut rust_xlsxwriter::Workbook,
    ctx: &Context,
    figures: &Figures,
) -> Result<(), Failure> {
    let text = text(ctx, figures);
    if text.is_empty() {
        return Ok(());
    }
    let sheet = book.add_worksheet();
    sheet.set_name(ctx.t("report.sheet_funds"))?;
    for (i, l) in text.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let (label, n) = match l.trim_end().rsplit_once(' ') {
            Some((label, n)) if n.parse::<f64>().is_ok() => (label.trim(), n.parse::<f64>().ok()),
            _ => (l.trim(), None),
        };
        sheet.write_string(i as u32, 0, label)?;
        if let Some(n) = n {
            sheet.write_number(i as u32, 1, n)?;
        }
    }
    sheet.set_column_width(0, 36)?;
    Ok(())
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
    let body = match args.format {
        Format::Json => pretty(&funds_json(&f))?,
        _ => {
            let mut out = fill(ctx.t("funds.title"), &[("year", &year.to_string())]);
            out.push('\n');
            out.push_str(&funds_text(ctx, &f));
            out.into_bytes()
        }
    };
    write_out(ctx, args.output.as_ref(), &body)
}
