//! `docket subsidy` (the ledger of handling payments: propose, approve,
//! record paid, list, the finance office's batch) and `docket budget`.

use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;

use crate::api;
use crate::domain::case::{Case, CaseNo, Payment};
use crate::domain::funds::{OtherPayment, Source, SubsidyKind};
use crate::domain::supervision::List;
use crate::domain::workflow::Step;

use super::procedure::send;
use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum SubsidyCommand {
    /// Propose the handling payment of a reviewed file: the rate table's standard unless --amount is given with --reason. A second payment of a case needs --reason.
    Pay {
        case: String,
        /// Yuan, instead of the standard (needs --reason).
        #[arg(long, requires = "reason")]
        amount: Option<u32>,
        #[arg(long)]
        reason: Option<String>,
        /// The case was handled across regions (the rate table's supplement).
        #[arg(long)]
        cross_region: bool,
        /// The funds it is charged to (lottery: the central lottery project's cases).
        #[arg(long, value_parser = codes_arg!(Source), default_value = "same_level")]
        source: Source,
    },
    /// Approve the payments of these cases that wait for a director.
    Approve {
        #[arg(required = true)]
        cases: Vec<String>,
    },
    /// Record that the finance office paid a case's approved payment.
    Paid {
        case: String,
        /// The voucher number (凭证号).
        #[arg(long)]
        voucher: String,
    },
    /// Propose a payment that belongs to no case: days on duty, consultations given, documents drafted (the rate table's rate per unit unless --amount is given with --reason).
    Other {
        #[arg(long, value_parser = codes_arg!(SubsidyKind))]
        kind: SubsidyKind,
        /// The provider's id.
        #[arg(long)]
        payee: String,
        /// Days on duty, consultations, documents.
        #[arg(long)]
        units: u32,
        #[arg(long, requires = "reason")]
        amount: Option<u32>,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Approve a payment that belongs to no case (its number, such as O3), or with --voucher record it paid.
    Settle {
        no: String,
        #[arg(long)]
        voucher: Option<String>,
    },
    /// The payments not yet paid: waiting for approval, then for the finance office.
    List {
        /// Only the unpaid ones (the default; kept for scripts).
        #[arg(long)]
        unpaid: bool,
        #[arg(long)]
        json: bool,
    },
    /// The approved payments for the finance office, as an XLSX list.
    Batch {
        #[arg(long)]
        output: PathBuf,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum BudgetCommand {
    /// Set the funds a source gave for a year (yuan; directors and admins).
    Set {
        year: i32,
        #[arg(long, value_parser = codes_arg!(Source))]
        source: Source,
        #[arg(long)]
        amount: u64,
    },
}

fn case_no(s: &str) -> Result<CaseNo, Failure> {
    Ok(s.parse::<CaseNo>()?)
}

/// The case's entry waiting on `list` (the oldest).
fn waiting(case: &Case, list: List) -> Option<&Payment> {
    case.handling.payments.iter().find(|p| match list {
        List::ToApprove => p.approved_on.is_none(),
        _ => p.approved_on.is_some() && p.paid_on.is_none(),
    })
}

pub fn subsidy(ctx: &Context, cmd: SubsidyCommand) -> Outcome {
    match cmd {
        SubsidyCommand::Pay {
            case,
            amount,
            reason,
            cross_region,
            source,
        } => send(
            ctx,
            &case,
            Step::Pay {
                amount,
                reason,
                cross_region,
                source,
                priced: None,
            },
        ),
        SubsidyCommand::Approve { cases } => {
            let mut client = ctx.open("subsidy")?;
            for c in &cases {
                let no = case_no(c)?;
                let case = client
                    .call(api::GetCase { no })?
                    .ok_or_else(|| Failure::from(ctx.no_case(no)))?;
                // Every entry of the case that waits (a second payment too).
                let waiting: Vec<u32> = case
                    .handling
                    .payments
                    .iter()
                    .filter(|p| p.approved_on.is_none())
                    .map(|p| p.seq)
                    .collect();
                if waiting.is_empty() {
                    return Err(Failure {
                        message: ctx.say("nothing_to_approve", &[("case", &no.to_string())]),
                        code: 1,
                    });
                }
                for (i, seq) in waiting.into_iter().enumerate() {
                    client.call(api::ApplyStep {
                        case: no,
                        expected_revision: Some(case.revision + i as u64),
                        step: Box::new(Step::ApprovePayment { seq }),
                        today: ctx.today,
                    })?;
                    println!(
                        "{}",
                        ctx.say(
                            "payment_approved",
                            &[("case", &no.to_string()), ("seq", &seq.to_string())]
                        )
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        SubsidyCommand::Paid { case, voucher } => {
            let no = case_no(&case)?;
            let mut client = ctx.open("subsidy")?;
            let c = client
                .call(api::GetCase { no })?
                .ok_or_else(|| Failure::from(ctx.no_case(no)))?;
            let seq = waiting(&c, List::ToPay).map_or(1, |p| p.seq);
            send(ctx, &case, Step::RecordPaid { seq, voucher })
        }
        SubsidyCommand::Other {
            kind,
            payee,
            units,
            amount,
            reason,
        } => {
            let mut client = ctx.open("subsidy")?;
            let no = client.call(api::ProposeOther {
                kind,
                payee,
                units,
                amount,
                reason,
                today: ctx.today,
            })?;
            println!(
                "{}",
                ctx.say("other_proposed", &[("no", &format!("O{no}"))])
            );
            Ok(ExitCode::SUCCESS)
        }
        SubsidyCommand::Settle { no, voucher } => {
            let n: u32 = no
                .trim()
                .trim_start_matches(['O', 'o'])
                .parse()
                .map_err(|_| Failure {
                    message: ctx.say("bad_other_no", &[("value", &no)]),
                    code: 2,
                })?;
            let mut client = ctx.open("subsidy")?;
            let paid = voucher.is_some();
            client.call(api::SettleOther {
                no: n,
                voucher,
                today: ctx.today,
            })?;
            let key = if paid { "other_paid" } else { "other_approved" };
            println!("{}", ctx.say(key, &[("no", &format!("O{n}"))]));
            Ok(ExitCode::SUCCESS)
        }
        SubsidyCommand::List { json, .. } => list(ctx, json),
        SubsidyCommand::Batch { output } => batch(ctx, &output),
    }
}

/// Every unpaid entry: (case, entry, the list it waits on).
fn unpaid(client: &mut crate::client::Client) -> Result<Vec<(Case, Payment, List)>, Failure> {
    let mut out = Vec::new();
    for list in [List::ToApprove, List::ToPay] {
        for (_, case) in client.call(api::SupervisionList {
            list,
            limit: 10_000,
        })? {
            for p in case.handling.payments.iter() {
                let on_list = match list {
                    List::ToApprove => p.approved_on.is_none(),
                    _ => p.approved_on.is_some() && p.paid_on.is_none(),
                };
                if on_list {
                    out.push((case.clone(), p.clone(), list));
                }
            }
        }
    }
    Ok(out)
}

fn list(ctx: &Context, as_json: bool) -> Outcome {
    let mut client = ctx.open("subsidy")?;
    let entries = unpaid(&mut client)?;
    let others: Vec<OtherPayment> = client
        .call(api::ListOtherPayments {})?
        .into_iter()
        .filter(|p| p.paid_on.is_none())
        .collect();
    if as_json {
        let rows: Vec<_> = entries
            .iter()
            .map(|(c, p, list)| {
                json!({
                    "case": c.no.to_string(),
                    "seq": p.seq,
                    "waits_for": list.code(),
                    "payee": p.payee,
                    "payee_type": p.payee_type.code(),
                    "class": p.class.code(),
                    "amount": p.amount(),
                    "standard": p.standard,
                    "direct_costs": p.direct_costs,
                    "labour_fee": p.labour_fee,
                    "reason": p.reason,
                    "proposed_by": p.proposed_by,
                    "proposed_on": p.proposed_on.to_string(),
                    "approved_by": p.approved_by,
                    "approved_on": p.approved_on.map(|d| d.to_string()),
                })
            })
            .chain(others.iter().map(|p| {
                json!({
                    "no": format!("O{}", p.no),
                    "kind": p.kind.code(),
                    "waits_for": if p.approved_on.is_none() { "to_approve" } else { "to_pay" },
                    "payee": p.payee,
                    "payee_type": p.payee_type.code(),
                    "units": p.units,
                    "amount": p.amount,
                    "standard": p.standard,
                    "reason": p.reason,
                    "proposed_by": p.proposed_by,
                    "proposed_on": p.proposed_on.to_string(),
                    "approved_by": p.approved_by,
                    "approved_on": p.approved_on.map(|d| d.to_string()),
                })
            }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(ExitCode::SUCCESS);
    }
    if entries.is_empty() && others.is_empty() {
        println!("{}", ctx.say("no_unpaid", &[]));
    }
    for p in &others {
        let list = if p.approved_on.is_none() {
            List::ToApprove
        } else {
            List::ToPay
        };
        println!(
            "O{}  {}  {} × {} = {}  {}",
            p.no,
            ctx.lang.code_in("supervision.list", list.code()),
            ctx.lang.code_in("funds.kind", p.kind.code()),
            p.units,
            p.amount,
            p.payee
        );
    }
    let names = crate::domain::user::Names::of_users(&client.call(api::ListUsers {})?);
    for (c, p, list) in &entries {
        println!(
            "{}  {}  {}",
            c.no,
            ctx.lang.code_in("supervision.list", list.code()),
            ctx.lang.payment_line(p, &names)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The approved, unpaid entries as the finance office's list.
fn batch(ctx: &Context, output: &std::path::Path) -> Outcome {
    let mut client = ctx.open("subsidy")?;
    let entries: Vec<_> = unpaid(&mut client)?
        .into_iter()
        .filter(|(_, _, l)| *l == List::ToPay)
        .collect();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(ctx.t("funds.batch_sheet"))?;
    let heads = [
        "funds.col_case",
        "funds.col_payee",
        "funds.col_payee_type",
        "funds.col_class",
        "funds.direct_costs",
        "funds.labour_fees",
        "funds.col_amount",
        "funds.col_approved",
    ];
    for (i, h) in heads.iter().enumerate() {
        sheet.write_string(0, i as u16, ctx.t(h))?;
    }
    let mut total = 0u64;
    for (row, (c, p, _)) in entries.iter().enumerate() {
        let r = row as u32 + 1;
        sheet.write_string(r, 0, c.no.to_string())?;
        sheet.write_string(r, 1, &p.payee)?;
        sheet.write_string(r, 2, ctx.lang.code_in("funds.payee", p.payee_type.code()))?;
        sheet.write_string(r, 3, ctx.lang.code_in("funds.rate_class", p.class.code()))?;
        sheet.write_number(r, 4, f64::from(p.direct_costs))?;
        sheet.write_number(r, 5, f64::from(p.labour_fee))?;
        sheet.write_number(r, 6, f64::from(p.amount()))?;
        sheet.write_string(
            r,
            7,
            p.approved_on.map(|d| d.to_string()).unwrap_or_default(),
        )?;
        total += u64::from(p.amount());
    }
    let last = entries.len() as u32 + 1;
    sheet.write_string(last, 0, ctx.t("report.total"))?;
    sheet.write_number(last, 6, total as f64)?;
    sheet.set_column_width(0, 12)?;
    book.save(output)?;
    println!(
        "{}",
        ctx.say(
            "batch_written",
            &[
                ("n", &entries.len().to_string()),
                ("total", &total.to_string()),
                ("file", &output.display().to_string())
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn budget(ctx: &Context, cmd: BudgetCommand) -> Outcome {
    match cmd {
        BudgetCommand::Set {
            year,
            source,
            amount,
        } => {
            let mut client = ctx.open("budget")?;
            client.call(api::SetBudget {
                year,
                source,
                yuan: amount,
            })?;
            let f = client.call(api::GetFunds { year })?;
            println!(
                "{}",
                ctx.say(
                    "budget_set",
                    &[
                        ("year", &year.to_string()),
                        ("source", &ctx.lang.code_in("funds.source", source.code())),
                        ("amount", &amount.to_string()),
                        ("received", &f.received_total().to_string()),
                    ]
                )
            );
            if f.warning() {
                eprintln!("{}", ctx.t("funds.warning"));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
