//! `docket show CASE`: the whole case and its history, for a plain terminal.

use std::fmt::Write as _;
use std::process::ExitCode;

use serde_json::json;

use crate::api;
use crate::display::{cell, width};
use crate::domain::case::{Case, CaseNo};
use crate::domain::deadlines::{self, Deadline};
use crate::domain::eligibility::{Check, Reason};
use crate::domain::event::Event;
use crate::domain::record::CaseRecord;
use crate::domain::text::printable;
use crate::domain::user::Names;

use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The case number, such as 2026-0001.
    pub case: String,
    /// Print JSON for scripts instead of text.
    #[arg(long)]
    pub json: bool,
    /// Show the full ID number (otherwise masked: 4302**********1234).
    #[arg(long)]
    pub reveal: bool,
}

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let no: CaseNo = args.case.parse()?;
    let mut store = ctx.open("show")?;
    let case = store
        .call(api::GetCase { no })?
        .ok_or_else(|| Failure::from(ctx.no_case(no)))?;
    let history = store.call(api::GetHistory { no })?;
    let policy = store.call(api::GetPolicy {})?;
    let open = deadlines::open_deadlines(&case, &policy, &store.call(api::GetCalendar {})?);
    let checks = store.call(api::GetChecklist {
        case: no,
        today: ctx.today,
    })?;
    let names = Names::of_users(&store.call(api::ListUsers {})?);
    let station = match &case.station {
        Some(id) => store
            .call(api::ListStations {})?
            .into_iter()
            .find(|s| &s.id == id)
            .map(|s| s.name),
        None => None,
    };
    let provider = crate::domain::case::provider_of(&case);
    let complaints: Vec<_> = match provider {
        Some(p) => store
            .call(api::ListComplaints {})?
            .into_iter()
            .filter(|c| c.is_open() && c.provider.as_deref() == Some(p))
            .map(|c| c.no)
            .collect(),
        None => Vec::new(),
    };
    let shown = Shown {
        case: &case,
        station: station.as_deref(),
        open: &open,
        checks: &checks,
        reveal: args.reveal,
        names: &names,
        complaints: &complaints,
    };
    if args.json {
        println!("{}", to_json(ctx, &shown, history)?);
    } else {
        print!("{}", render(ctx, &shown, &history, policy.warning_days));
    }
    Ok(ExitCode::SUCCESS)
}

/// What `show` shows of a case besides its history.
pub struct Shown<'a> {
    pub case: &'a Case,
    /// The name of the workstation the case names by id.
    pub station: Option<&'a str>,
    pub open: &'a [Deadline],
    /// The evaluated eligibility checklist.
    pub checks: &'a [Check],
    /// The full ID number and a protected address.
    pub reveal: bool,
    /// Who the logins in the case are.
    pub names: &'a Names,
    /// The open complaints against the case's provider (the case is flagged
    /// while they are open).
    pub complaints: &'a [crate::domain::quality::ComplaintNo],
}

/// One checklist item for scripts: the verdict, its basis in words, and
/// who set it by hand (with the verdict computed from the data).
fn check_json(ctx: &Context, c: &Check) -> serde_json::Value {
    let mut v = json!({
        "item": c.item.code(),
        "verdict": c.verdict.code(),
        "basis": ctx.lang.check_reason(&c.reason),
    });
    if let Reason::Override { who, on, note } = &c.reason {
        v["set_by"] = who.as_str().into();
        v["set_on"] = on.to_string().into();
        v["reason"] = note.as_str().into();
    }
    if let Some((verdict, reason)) = &c.automatic {
        v["computed"] = json!({
            "verdict": verdict.code(),
            "basis": ctx.lang.check_reason(reason),
        });
    }
    v
}

fn to_json(ctx: &Context, shown: &Shown<'_>, history: Vec<Event>) -> Result<String, Failure> {
    let (case, open, reveal) = (shown.case, shown.open, shown.reveal);
    let mut record = CaseRecord::from_case(case);
    let hide_address = !reveal && case.address_protected() && record.applicant.address.is_some();
    if !reveal {
        record.applicant.id_number = case.applicant.id_number.as_ref().map(|n| n.masked());
    }
    if hide_address {
        record.applicant.address = None;
    }
    record.history = history;
    let mut value = serde_json::to_value(&record)?;
    if hide_address {
        value["applicant"]["address_hidden"] = true.into();
    }
    if let Some(name) = shown.station {
        value["station_name"] = name.into();
    }
    value["checklist"] = shown.checks.iter().map(|c| check_json(ctx, c)).collect();
    value["open_complaints"] = shown.complaints.iter().map(|n| n.to_string()).collect();
    value["open_deadlines"] = open
        .iter()
        .map(|d| {
            json!({
                "deadline": d.kind.code(),
                "label": d.label,
                "due": d.due.to_string(),
                "days_left": deadlines::days_left(d.due, ctx.today),
                "basis": crate::i18n::Lang::En.t(&format!("deadline.basis.{}", d.kind.code())),
                "calendar_missing_years": d.uncovered,
            })
        })
        .collect();
    Ok(serde_json::to_string_pretty(&value)?)
}

/// Label/value lines with the labels padded to one width.
struct Block {
    rows: Vec<(String, String)>,
}

impl Block {
    fn new() -> Block {
        Block { rows: Vec::new() }
    }

    fn row(&mut self, label: &str, value: impl Into<String>) {
        let value = value.into();
        if !value.is_empty() {
            self.rows.push((label.to_string(), value));
        }
    }

    fn render(&self, out: &mut String) {
        let w = self.rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0);
        for (label, value) in &self.rows {
            let _ = writeln!(out, "  {}  {}", cell(label, w), printable(value));
        }
    }
}

pub fn render(ctx: &Context, shown: &Shown<'_>, history: &[Event], warning_days: u32) -> String {
    let (case, open, reveal) = (shown.case, shown.open, shown.reveal);
    let t = |k: &'static str| ctx.t(k);
    let code = |prefix: &str, c: &str| ctx.t(&format!("{prefix}.{c}")).to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}  {} · {} · {}",
        t("show.case"),
        case.no,
        code("kind", case.kind.code()),
        code("matter", case.matter.code()),
        code("status", case.status.code()),
    );

    let a = &case.applicant;
    let mut b = Block::new();
    let mut via = code("channel", case.channel.code());
    if let Some(s) = &case.station {
        match shown.station {
            Some(name) => via.push_str(&format!(" ({name}, {s})")),
            None => via.push_str(&format!(" ({s})")),
        }
    }
    b.row(
        t("show.received"),
        format!("{}  {} {via}", case.received, t("show.via")),
    );
    let mut who = a.name.clone();
    let mut facts = Vec::new();
    if let Some(g) = a.gender {
        facts.push(code("gender", g.code()));
    }
    if let Some(bd) = a.birth_date {
        let age = years_between(bd, ctx.today);
        facts.push(crate::i18n::fill(
            t("show.born_age"),
            &[("date", &bd.to_string()), ("age", &age.to_string())],
        ));
    }
    if !facts.is_empty() {
        who.push_str(&format!("  {}", facts.join(", ")));
    }
    b.row(t("show.applicant"), who);
    if let Some(n) = &a.id_number {
        b.row(
            t("show.id_number"),
            if reveal { n.to_string() } else { n.masked() },
        );
    }
    b.row(t("show.phone"), a.phone.clone().unwrap_or_default());
    let protected = case.address_protected();
    let address = match &a.address {
        Some(_) if protected && !reveal => t("show.address_hidden").to_string(),
        Some(addr) => addr.clone(),
        None => String::new(),
    };
    b.row(t("show.address"), address);
    let groups: Vec<String> = a.groups.iter().map(|g| code("group", g.code())).collect();
    b.row(t("show.groups"), groups.join(", "));
    b.row(
        t("show.adverse_party"),
        case.adverse_party.clone().unwrap_or_default(),
    );
    if case.serious {
        b.row(t("show.serious"), t("show.serious_yes"));
    }
    b.row(t("show.summary"), case.summary.replace('\n', " "));
    b.row(
        t("show.caseworker"),
        case.caseworker.clone().unwrap_or_default(),
    );
    b.row(
        t("show.provider"),
        case.provider.clone().unwrap_or_default(),
    );
    b.row(t("show.outcome"), case.outcome.clone().unwrap_or_default());
    b.row(
        t("show.result"),
        ctx.lang.case_result(case).unwrap_or_default(),
    );
    b.row(
        t("show.closing_reason"),
        ctx.lang.closing_reason(case).unwrap_or_default(),
    );
    let nos = CaseNo::list;
    let f = &case.flags;
    if f.emergency {
        b.row(t("show.flags"), t("show.emergency"));
    }
    if !shown.complaints.is_empty() {
        let nos: Vec<String> = shown.complaints.iter().map(|n| n.to_string()).collect();
        b.row(
            t("show.flags"),
            crate::i18n::fill(t("show.under_complaint"), &[("nos", &nos.join(" "))]),
        );
    }
    b.row(t("show.duplicates"), nos(&f.possible_duplicates));
    b.row(t("show.conflicts"), nos(&f.possible_conflicts));
    let r = &case.review;
    if let (Some(n), Some(income)) = (r.household_size, r.monthly_income) {
        b.row(t("show.means"), format!("{n} / {income}"));
    }
    if let Some(d) = &r.decision {
        let what = if d.grant {
            t("show.grant")
        } else {
            t("show.deny")
        };
        let table = if d.grant { "tui.grant" } else { "tui.deny" };
        let reason = ctx.t(&format!("{table}.{}", d.reason_code));
        let mut line = format!(
            "{} {} {}",
            crate::i18n::fill(
                t("show.decision_line"),
                &[("what", what), ("reason", reason)]
            ),
            shown.names.of(&d.proposed_by),
            d.proposed_on
        );
        if let (Some(by), Some(on)) = (&d.approved_by, d.approved_on) {
            let by = shown.names.of(by);
            line.push_str(&format!("; {} {by} {on}", t("show.approved")));
        }
        // The overrides the decision relies on: items set by hand against
        // what the data gave (an override of the means test, Art. 34).
        for c in shown.checks {
            if let (Some((computed, _)), Reason::Override { who, on, note }) =
                (&c.automatic, &c.reason)
                && *computed != c.verdict
            {
                let _ = write!(
                    line,
                    "; {}: {} → {} ({who} {on}: {note})",
                    ctx.t(&format!("tui.item.{}", c.item.code())),
                    ctx.t(&format!("tui.verdict.{}", computed.code())),
                    ctx.t(&format!("tui.verdict.{}", c.verdict.code())),
                );
            }
        }
        b.row(t("show.decision"), line);
        // Kept as the text of its day; worded in the reader's language.
        let standard = d.standard.as_deref().map(|text| {
            match crate::domain::policy::HardshipStandard::from_described(text) {
                Some(s) => crate::i18n::fill(
                    t("show.standard_value"),
                    &[
                        ("date", &s.effective.to_string()),
                        ("amount", &s.monthly_income_per_member.to_string()),
                    ],
                ),
                None => text.to_string(),
            }
        });
        b.row(t("show.standard"), standard.unwrap_or_default());
    }
    for o in &r.overrides {
        b.row(
            t("show.override"),
            format!(
                "{} {} — {} ({} {})",
                ctx.lang.code_word("item", &o.item),
                ctx.lang.code_word("verdict", &o.verdict),
                o.reason,
                shown.names.of(&o.who),
                o.on
            ),
        );
    }
    let h = &case.handling;
    for a in &h.assignments {
        let why = a
            .reason
            .as_deref()
            .map(|r| format!(" — {r}"))
            .unwrap_or_default();
        b.row(
            t("show.assignment"),
            format!("{} {} {}{why}", a.provider, a.on, shown.names.of(&a.by)),
        );
    }
    if let Some(s) = &h.subsidy {
        b.row(t("show.subsidy"), format!("{} / {}", s.amount, s.standard));
    }
    for p in &h.payments {
        b.row(t("show.payment"), ctx.lang.payment_line(p, shown.names));
    }
    if let Some(q) = &h.quality {
        b.row(t("show.quality"), ctx.lang.quality_line(q, shown.names));
    }
    for fu in &h.follow_ups {
        b.row(
            t("show.follow_up"),
            ctx.lang.follow_up_line(fu, shown.names),
        );
    }
    for (i, n) in case.notes.iter().enumerate() {
        b.row(t("show.note"), ctx.lang.note_line(i + 1, n, shown.names));
    }
    b.render(&mut out);

    let _ = writeln!(out, "\n{}", t("show.checklist"));
    let mut b = Block::new();
    for c in shown.checks {
        b.row(
            &code("tui.item", c.item.code()),
            format!(
                "{}  {}",
                code("tui.verdict", c.verdict.code()),
                ctx.lang.check_reason(&c.reason)
            ),
        );
    }
    b.render(&mut out);

    let mut b = Block::new();
    for (step, date) in case.steps.dated() {
        if let Some(d) = date {
            b.row(&code("step", step), d.to_string());
        }
    }
    if !b.rows.is_empty() {
        let _ = writeln!(out, "\n{}", t("show.steps"));
        b.render(&mut out);
    }

    let _ = writeln!(out, "\n{}", t("show.open_deadlines"));
    if open.is_empty() {
        let _ = writeln!(out, "  {}", t("show.none"));
    }
    for d in open {
        let left = deadlines::days_left(d.due, ctx.today);
        let state = deadlines::state(d.due, ctx.today, warning_days);
        let name = if d.kind == deadlines::DeadlineKind::Matter {
            d.label.clone()
        } else {
            code("deadline", d.kind.code())
        };
        let _ = writeln!(
            out,
            "  {}  {}  {:>4}  {}  {}",
            d.due,
            cell(&name, 26),
            left,
            cell(&code("state", state_code(state)), 8),
            ctx.t(&format!("deadline.basis.{}", d.kind.code()))
        );
        if !d.uncovered.is_empty() {
            let years: Vec<String> = d.uncovered.iter().map(|y| y.to_string()).collect();
            let _ = writeln!(
                out,
                "    ! {}",
                t("show.no_calendar").replace("{years}", &years.join(", "))
            );
        }
    }

    let done: Vec<_> = case.deadlines.iter().filter(|d| d.done.is_some()).collect();
    if !done.is_empty() {
        let _ = writeln!(out, "\n{}", t("show.matter_dates"));
        for d in done {
            let on = d.done.map(|d| d.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "  #{} {}  {}  ({} {on})",
                d.id,
                d.date,
                printable(&d.label),
                t("show.done")
            );
        }
    }

    let _ = writeln!(out, "\n{}", t("show.history"));
    for e in history {
        let _ = writeln!(
            out,
            "  {}  {}  {}",
            crate::display::local_time(e.at, None),
            cell(shown.names.of(&e.who), 10),
            printable(&ctx.lang.change(&e.change))
        );
    }
    out
}

fn state_code(s: deadlines::DueState) -> &'static str {
    match s {
        deadlines::DueState::Overdue => "overdue",
        deadlines::DueState::Today => "today",
        deadlines::DueState::Soon => "soon",
        deadlines::DueState::Later => "later",
    }
}

fn years_between(from: chrono::NaiveDate, to: chrono::NaiveDate) -> i32 {
    use chrono::Datelike;
    let mut years = to.year() - from.year();
    if (to.month(), to.day()) < (from.month(), from.day()) {
        years -= 1;
    }
    years
}

/// `docket` with no command: where the store is and what is due.
pub fn overview(ctx: &Context) -> Outcome {
    let mut store = ctx.open("overview")?;
    println!(
        "docket store {} (as of {})",
        ctx.store_dir.display(),
        ctx.today
    );
    super::due::print_login(ctx, &mut store, None)?;
    println!("Try `docket due`, `docket show CASE`, `docket demo` or `docket --help`.");
    Ok(ExitCode::SUCCESS)
}
