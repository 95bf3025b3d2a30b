//! `docket due`: the login check. Reads the due index up to the end of the
//! window, never all cases.

use std::process::ExitCode;

use chrono::Datelike;
use serde::Serialize;

use crate::api;
use crate::api::views::DueEntry;
use crate::client::Client;
use crate::display::{cell, cell_right};
use crate::domain::case::Case;
use crate::domain::deadlines::{self, DeadlineKind, DueState};

use super::{Context, Failure, Outcome};

pub const EXIT_HELP: &str = "Exit status: 0 nothing due within the window, 3 something due within the window and nothing overdue, 4 something overdue, 5 no store at the path (set DOCKET_STORE), 1 an error, 2 a usage error.

For a shell profile (~/.profile):  docket due --login --mine";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The warning window in days [default: the policy's warning_days].
    #[arg(long, value_name = "DAYS")]
    pub within: Option<u32>,
    /// Print a JSON array for scripts.
    #[arg(long)]
    pub json: bool,
    /// At most five short lines, and nothing at all when nothing is due
    /// (a missing holiday calendar is always said).
    #[arg(long)]
    pub login: bool,
    /// Only cases held by the user running docket.
    #[arg(long)]
    pub mine: bool,
}

/// One line of the list.
#[derive(Debug, Serialize)]
pub struct DueItem {
    pub case_no: String,
    pub applicant: String,
    pub deadline: &'static str,
    pub label: String,
    pub due: String,
    pub days_left: i64,
    pub state: DueState,
    pub basis: &'static str,
    pub holder: Option<String>,
    /// Calendar years the count needed but the calendar does not cover.
    pub calendar_missing_years: Vec<i32>,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let mut store = ctx.open("due")?;
    let within = match args.within {
        Some(d) => d,
        None => store.call(api::GetPolicy {})?.warning_days,
    };
    let mine = args.mine.then_some(ctx.user.as_str());
    if args.login {
        return print_login_with(ctx, &mut store, within, mine, true);
    }
    let items = list(ctx, &mut store, within, mine)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&items)?);
    } else {
        print_table(ctx, &mut store, &items, within)?;
    }
    Ok(exit_for(&items))
}

fn exit_for(items: &[DueItem]) -> ExitCode {
    if items.iter().any(|i| i.state == DueState::Overdue) {
        ExitCode::from(4)
    } else if items.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

/// Every open deadline due by the end of the window, most urgent first.
pub fn list(
    ctx: &Context,
    store: &mut Client,
    within: u32,
    mine: Option<&str>,
) -> Result<Vec<DueItem>, Failure> {
    Ok(store
        .call(api::DueUntil {
            until: deadlines::window_end(ctx.today, within),
        })?
        .iter()
        .filter(|(_, case)| mine.is_none_or(|u| holds(case, u)))
        .map(|(entry, case)| item(ctx, case, entry, within))
        .collect())
}

fn holds(case: &Case, user: &str) -> bool {
    case.caseworker.as_deref() == Some(user)
}

fn item(ctx: &Context, case: &Case, entry: &DueEntry, within: u32) -> DueItem {
    let k = &entry.key;
    let label = match k.kind {
        DeadlineKind::Matter => case
            .deadlines
            .iter()
            .find(|d| d.id == k.sub)
            .map(|d| d.label.clone())
            .unwrap_or_default(),
        kind => ctx.t(&format!("deadline.{}", kind.code())).to_string(),
    };
    DueItem {
        case_no: case.no.to_string(),
        applicant: case.applicant.name.clone(),
        deadline: k.kind.code(),
        label,
        due: k.due.to_string(),
        days_left: deadlines::days_left(k.due, ctx.today),
        state: deadlines::state(k.due, ctx.today, within),
        // Scripts read the basis in English, whatever --lang says.
        basis: crate::i18n::Lang::En.t(&format!("deadline.basis.{}", k.kind.code())),
        holder: case.provider.clone().or_else(|| case.caseworker.clone()),
        calendar_missing_years: entry.uncovered.clone(),
    }
}

fn print_table(
    ctx: &Context,
    store: &mut Client,
    items: &[DueItem],
    within: u32,
) -> Result<(), Failure> {
    for line in calendar_warnings(ctx, store, items)? {
        println!("! {line}");
    }
    if items.is_empty() {
        println!(
            "{}",
            ctx.t("due.nothing").replace("{days}", &within.to_string())
        );
        return Ok(());
    }
    println!(
        "{} {} {} {} {} {}",
        cell(ctx.t("due.header_case"), 10),
        cell(ctx.t("due.header_applicant"), 10),
        cell(ctx.t("due.header_deadline"), 20),
        cell(ctx.t("due.header_due"), 10),
        cell_right(ctx.t("due.header_left"), 5),
        ctx.t("due.header_holder"),
    );
    for i in items {
        println!(
            "{} {} {} {} {} {}",
            cell(&i.case_no, 10),
            cell(&i.applicant, 10),
            cell(&i.label, 20),
            i.due,
            cell_right(&i.days_left.to_string(), 5),
            crate::display::fit(i.holder.as_deref().unwrap_or("-"), 18),
        );
    }
    Ok(())
}

/// A missing calendar year must never go unnoticed: today's year, and every
/// year a listed deadline needed.
fn calendar_warnings(
    ctx: &Context,
    store: &mut Client,
    items: &[DueItem],
) -> Result<Vec<String>, Failure> {
    let calendar = store.call(api::GetCalendar {})?;
    let mut years: Vec<i32> = items
        .iter()
        .flat_map(|i| i.calendar_missing_years.iter().copied())
        .collect();
    if !calendar.covers(ctx.today.year()) {
        years.push(ctx.today.year());
    }
    years.sort_unstable();
    years.dedup();
    let mut lines = Vec::new();
    // One line for all years: the login check has room for five lines only.
    if !years.is_empty() {
        let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
        lines.push(
            ctx.t("show.no_calendar")
                .replace("{years}", &years.join(", ")),
        );
    }
    // In December, before next year's deadlines are counted without it.
    if let Some(next) = calendar.next_year_missing(ctx.today) {
        lines.push(
            ctx.t("due.next_year_missing")
                .replace("{year}", &next.to_string()),
        );
    }
    Ok(lines)
}

/// `quiet`: print nothing at all when nothing is due (`docket due --login`).
fn print_login_with(
    ctx: &Context,
    store: &mut Client,
    within: u32,
    mine: Option<&str>,
    quiet: bool,
) -> Outcome {
    let items = list(ctx, store, within, mine)?;
    let mut lines = calendar_warnings(ctx, store, &items)?
        .into_iter()
        .map(|l| format!("docket: {l}"))
        .collect::<Vec<_>>();
    // Quiet when nothing is due, but a missing calendar is always said.
    if quiet && items.is_empty() && lines.is_empty() {
        return Ok(exit_for(&items));
    }
    if !items.is_empty() {
        let count = |s: DueState| items.iter().filter(|i| i.state == s).count().to_string();
        lines.push(
            ctx.t("due.login_summary")
                .replace("{overdue}", &count(DueState::Overdue))
                .replace("{today}", &count(DueState::Today))
                .replace("{soon}", &count(DueState::Soon))
                .replace("{days}", &within.to_string()),
        );
        let room = 5usize.saturating_sub(lines.len() + 1).max(1);
        let shown = if items.len() <= room + 1 {
            items.len()
        } else {
            room
        };
        for i in items.iter().take(shown) {
            lines.push(format!(
                "  {} {} {} {} ({})",
                i.case_no,
                cell(&i.applicant, 8),
                cell(&i.label, 16),
                i.due,
                i.days_left
            ));
        }
        if items.len() > shown {
            lines.push(
                ctx.t("due.login_more")
                    .replace("{n}", &(items.len() - shown).to_string()),
            );
        }
    }
    for l in lines.iter().take(5) {
        println!("{l}");
    }
    Ok(exit_for(&items))
}

/// The login summary for `docket` without a command.
pub fn print_login(ctx: &Context, store: &mut Client, mine: Option<&str>) -> Result<(), Failure> {
    let within = store.call(api::GetPolicy {})?.warning_days;
    print_login_with(ctx, store, within, mine, false)?;
    Ok(())
}
