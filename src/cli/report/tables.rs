//! The case tables of the half-year and yearly reports: T5 (criminal),
//! T6 (civil), T7 (administrative), T8 (totals by branch) and T9
//! (recipients by branch), as JSON, as text, as XLSX sheets, and read back
//! from a report file for `docket report merge`.

use crate::domain::report::{Branch, Counts};
use crate::domain::tables::{self, BranchCounts, Part};

use super::*;

/// Table T5's parts: each a list of the columns it adds, its total first.
const T5: &[Part] = {
    use Column::*;
    &[
        (
            "notified",
            &[
                CriminalNotified,
                NotifiedInvestigation,
                NotifiedProsecutionReview,
                NotifiedFirstInstance,
                NotifiedSecondInstance,
                NotifiedOtherStage,
                GroundMinor,
                GroundBlindDeafMute,
                GroundMentalIllness,
                GroundLifeOrDeath,
                GroundOther,
            ],
        ),
        (
            "applications",
            &[
                CriminalApplication,
                TransferredPolice,
                TransferredProcuratorate,
                TransferredCourt,
                TransferredOther,
                DirectSuspect,
                DirectDefendant,
                DirectVictim,
                DirectPrivateProsecutor,
            ],
        ),
        ("requested", &[CriminalRequested]),
        ("compulsory_treatment", &[CriminalCompulsoryTreatment]),
        (
            "results",
            &[
                CriminalOpinionAdopted,
                CriminalOpinionPartlyAdopted,
                CriminalOpinionNotAdopted,
                CriminalTerminated,
            ],
        ),
        ("open", &[CriminalOpen]),
    ]
};

/// How a table is laid out: parts of rows counting the cases of one branch
/// (or every case), or a row per column with a value per branch and the
/// total.
enum Shape {
    Parts(Option<Branch>, &'static [Part]),
    ByBranch(&'static [Column]),
}

/// The tables in the order of the forms, by id.
const TABLES: [(&str, Shape); 5] = [
    ("t5", Shape::Parts(None, T5)),
    ("t6", Shape::Parts(Some(Branch::Civil), tables::T6)),
    ("t7", Shape::Parts(Some(Branch::Administrative), tables::T7)),
    ("t8", Shape::ByBranch(tables::T8)),
    ("t9", Shape::ByBranch(tables::T9)),
];

/// A cell's count: of every case (`None`), of one branch.
fn count(figures: &Figures, branch: Option<Branch>, column: Column) -> u64 {
    match branch {
        None => figures.total(column),
        Some(b) => figures
            .branches
            .as_ref()
            .and_then(|all| all.get(&b))
            .and_then(|c| c.get(&column))
            .copied()
            .unwrap_or(0),
    }
}

/// The branch columns of a table shaped by branch: each branch, then the total.
fn by_branch(figures: &Figures, column: Column) -> Vec<(&'static str, u64)> {
    let mut out: Vec<(&'static str, u64)> = Branch::ALL
        .iter()
        .map(|b| (b.code(), count(figures, Some(*b), column)))
        .collect();
    out.push(("total", out.iter().map(|(_, n)| n).sum()));
    out
}

/// Tables T5–T9 as JSON objects: a table of parts as `{part: {column:
/// value}}`, a table by branch as `{branch: {column: value}, total: …}`.
pub(super) fn json(figures: &Figures, into: &mut Value) {
    for (id, shape) in TABLES {
        let mut out = Map::new();
        match shape {
            Shape::Parts(branch, parts) => {
                for (part, columns) in parts {
                    let m: Map<String, Value> = columns
                        .iter()
                        .map(|c| (c.code().to_string(), value(*c, count(figures, branch, *c))))
                        .collect();
                    out.insert(part.to_string(), Value::Object(m));
                }
            }
            Shape::ByBranch(columns) => {
                let mut rows: Vec<(&str, Map<String, Value>)> = Vec::new();
                for c in columns {
                    for (i, (b, n)) in by_branch(figures, *c).into_iter().enumerate() {
                        if rows.len() <= i {
                            rows.push((b, Map::new()));
                        }
                        rows[i].1.insert(c.code().to_string(), value(*c, n));
                    }
                }
                for (b, m) in rows {
                    out.insert(b.to_string(), Value::Object(m));
                }
            }
        }
        into[id] = Value::Object(out);
    }
}

/// The rows of a table for a terminal or a sheet: (indent, label, values).
fn rows(ctx: &Context, figures: &Figures, shape: &Shape) -> Vec<(usize, String, Vec<String>)> {
    let mut out = Vec::new();
    match shape {
        Shape::Parts(branch, parts) => {
            for (part, columns) in *parts {
                out.push((1, ctx.t(&format!("report.part.{part}")).to_string(), vec![]));
                for c in *columns {
                    let indent = if tables::is_of_which(*c) { 3 } else { 2 };
                    let n = count(figures, *branch, *c);
                    out.push((indent, label(ctx, *c).to_string(), vec![shown(*c, n)]));
                }
            }
        }
        Shape::ByBranch(columns) => {
            for c in *columns {
                let values = by_branch(figures, *c)
                    .into_iter()
                    .map(|(_, n)| shown(*c, n))
                    .collect();
                out.push((1, label(ctx, *c).to_string(), values));
            }
        }
    }
    out
}

/// The heading row of a table by branch: each branch's word and the total.
fn branch_heads(ctx: &Context) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Branch::ALL
        .iter()
        .map(|b| ctx.t(&format!("report.branch.{}", b.code())))
        .collect();
    out.push(ctx.t("report.branch.total"));
    out
}

/// Tables T5–T9 for a terminal.
pub(super) fn text(ctx: &Context, figures: &Figures) -> String {
    let mut out = String::new();
    for (id, shape) in &TABLES {
        out.push_str(&format!("\n{}\n", ctx.t(&format!("report.{id}"))));
        if matches!(shape, Shape::ByBranch(_)) {
            out.push_str(&cell("", 34));
            for h in branch_heads(ctx) {
                out.push_str(&cell_right(h, 9));
            }
            out.push('\n');
        }
        for (indent, text, values) in rows(ctx, figures, shape) {
            let pad = " ".repeat(indent * 2);
            out.push_str(&pad);
            if values.is_empty() {
                out.push_str(&text);
            } else {
                out.push_str(&cell(&text, 34 - pad.len()));
                for v in values {
                    out.push_str(&cell_right(&v, 9));
                }
            }
            out.push('\n');
        }
    }
    out
}

/// Tables T5–T9 as sheets of a workbook, one per table: a title, the
/// branch headings of a table by branch, a row per line of the form.
pub(super) fn sheets(
    book: &mut rust_xlsxwriter::Workbook,
    ctx: &Context,
    figures: &Figures,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format as Style, FormatBorder};
    let head = Style::new().set_bold().set_border(FormatBorder::Thin);
    let body = Style::new().set_border(FormatBorder::Thin);
    let money = Style::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.00");
    for (id, shape) in &TABLES {
        let sheet = book.add_worksheet();
        let n = id.trim_start_matches('t');
        sheet.set_name(fill(ctx.t("report.sheet_tables"), &[("n", n)]))?;
        sheet.write_string_with_format(0, 0, ctx.t(&format!("report.{id}")), &head)?;
        let mut row = 1u32;
        if matches!(shape, Shape::ByBranch(_)) {
            sheet.write_string_with_format(row, 0, "", &head)?;
            for (k, h) in branch_heads(ctx).into_iter().enumerate() {
                sheet.write_string_with_format(row, k as u16 + 1, h, &head)?;
            }
            row += 1;
        }
        for (indent, text, values) in rows(ctx, figures, shape) {
            let text = format!("{}{text}", "  ".repeat(indent.saturating_sub(1)));
            if values.is_empty() {
                sheet.write_string_with_format(row, 0, &text, &head)?;
            } else {
                sheet.write_string_with_format(row, 0, &text, &body)?;
            }
            for (k, v) in values.iter().enumerate() {
                let style = if v.contains('.') { &money } else { &body };
                sheet.write_number_with_format(
                    row,
                    k as u16 + 1,
                    v.parse::<f64>().unwrap_or(0.0),
                    style,
                )?;
            }
            row += 1;
        }
        sheet.set_column_width(0, 34)?;
        sheet.set_paper_size(9); // A4
        sheet.set_print_fit_to_pages(1, 0);
    }
    Ok(())
}

/// The branch counts a report file's tables show (T6 and T7 for their
/// branch, T8 and T9 for each), amounts back in yuan: what a merge adds.
pub(super) fn branches_of(v: &Value) -> BranchCounts {
    let mut out = BranchCounts::new();
    let mut put = |branch: Branch, columns: &Map<String, Value>| {
        let counts: &mut Counts = out.entry(branch).or_default();
        // Each cell once: T8 and T9 repeat some of T6's and T7's.
        counts.extend(read_columns(columns));
    };
    for (id, branch) in [("t6", Branch::Civil), ("t7", Branch::Administrative)] {
        if let Some(parts) = v[id].as_object() {
            for part in parts.values().filter_map(Value::as_object) {
                put(branch, part);
            }
        }
    }
    for id in ["t8", "t9"] {
        for b in Branch::ALL {
            if let Some(columns) = v[id][b.code()].as_object() {
                put(*b, columns);
            }
        }
    }
    out
}

/// Adds one file's branch counts to the merged ones.
pub(super) fn add(into: &mut BranchCounts, from: BranchCounts) {
    for (b, counts) in from {
        let sum = into.entry(b).or_default();
        for (c, n) in counts {
            *sum.entry(c).or_default() += n;
        }
    }
}
