//! `docket quality` (peer review: the period's sample, score sheets),
//! `docket follow-up` (回访) and `docket complaint` (投诉).

use std::process::ExitCode;

use serde_json::json;

use crate::api;
use crate::domain::case::CaseNo;
use crate::domain::quality::{
    Answers, Appeal, ComplaintKind, ComplaintNo, ComplaintOutcome, FollowUpInput, Method,
    Satisfaction, ScoreItem,
};
use crate::domain::report::Period;
use crate::domain::supervision::List;
use crate::domain::workflow::Step;

use super::procedure::send;
use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum QualityCommand {
    /// Draw the period's peer-review sample (directors), or show the one drawn: its files and their grades.
    Sample {
        /// The period: 2026-Q4, 2026-H2, 2026 or 2026-11.
        #[arg(long)]
        period: String,
        /// The share drawn: 0.15 or 15 (percent) [default: the policy's].
        #[arg(long)]
        share: Option<String>,
        /// The draw's seed: the same seed draws the same files [default: a new one, recorded].
        #[arg(long)]
        seed: Option<u64>,
        #[arg(long)]
        json: bool,
    },
    /// Score a closed file out of 100 (its grade by the policy's thresholds); a failing file is scored again by two other reviewers.
    Score {
        case: String,
        /// The total points.
        #[arg(long)]
        points: u32,
        /// Each item's points, as item=points (all seven, adding up to --points).
        #[arg(long = "item", value_name = "ITEM=POINTS")]
        items: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Debug, clap::Args)]
pub struct FollowUpArgs {
    /// The case (omit with --due).
    #[arg(required_unless_present = "due")]
    pub case: Option<String>,
    /// List the closed cases still without a follow-up that reached the recipient, oldest first.
    #[arg(long, conflicts_with = "case")]
    pub due: bool,
    #[arg(long, value_parser = codes_arg!(Method), required_unless_present = "due")]
    pub method: Option<Method>,
    /// The recipient was reached (otherwise: an attempt that did not reach them).
    #[arg(long)]
    pub reached: bool,
    #[arg(long, value_parser = codes_arg!(Satisfaction), requires = "reached")]
    pub satisfaction: Option<Satisfaction>,
    /// Did the provider ask for or take money or gifts?
    #[arg(long, value_parser = yes_no)]
    pub charged: Option<bool>,
    /// Did the provider meet the recipient?
    #[arg(long, value_parser = yes_no)]
    pub met: Option<bool>,
    /// Did the provider appear on time?
    #[arg(long, value_parser = yes_no)]
    pub on_time: Option<bool>,
    /// Did the provider gather evidence?
    #[arg(long, value_parser = yes_no)]
    pub evidence: Option<bool>,
    /// Was the provider courteous?
    #[arg(long, value_parser = yes_no)]
    pub courteous: Option<bool>,
    /// The recipient's comments.
    #[arg(long, default_value = "")]
    pub note: String,
    /// What the center did about it.
    #[arg(long, default_value = "")]
    pub action: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Subcommand)]
pub enum ComplaintCommand {
    /// File a complaint against a provider (its id) or the center (`center`).
    File {
        #[arg(long)]
        against: String,
        #[arg(long, value_parser = codes_arg!(ComplaintKind))]
        kind: ComplaintKind,
        /// The complainant's account.
        #[arg(long)]
        facts: String,
        /// The case it is about.
        #[arg(long)]
        case: Option<String>,
    },
    /// Decide a complaint (directors): the investigation and the outcome.
    Decide {
        no: String,
        #[arg(long, value_parser = codes_arg!(ComplaintOutcome))]
        outcome: ComplaintOutcome,
        #[arg(long, default_value = "")]
        investigation: String,
    },
    /// Record that the complainant appealed the decision.
    Appeal {
        no: String,
        #[arg(long, value_parser = codes_arg!(Appeal))]
        way: Appeal,
    },
    /// The complaints, newest last.
    List {
        /// Only the open ones.
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
}

fn yes_no(s: &str) -> Result<bool, String> {
    match s {
        "yes" | "y" | "true" | "是" => Ok(true),
        "no" | "n" | "false" | "否" => Ok(false),
        _ => Err(format!("\"{s}\" is not yes or no")),
    }
}

fn bad(message: String) -> Failure {
    Failure { message, code: 2 }
}

/// "0.15" or "15": percent.
fn share(ctx: &Context, s: &str) -> Result<u32, Failure> {
    let v: f64 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| bad(ctx.say("bad_share", &[("value", s)])))?;
    let pct = if v <= 1.0 { v * 100.0 } else { v };
    if !(1.0..=100.0).contains(&pct) {
        return Err(bad(ctx.say("bad_share", &[("value", s)])));
    }
    Ok(pct.round() as u32)
}

pub fn quality(ctx: &Context, cmd: QualityCommand) -> Outcome {
    match cmd {
        QualityCommand::Sample {
            period,
            share: given,
            seed,
            json,
        } => {
            let p = Period::parse_any(&period)
                .ok_or_else(|| bad(ctx.say("bad_period_any", &[("text", &period)])))?;
            let share = given.as_deref().map(|s| share(ctx, s)).transpose()?;
            let mut client = ctx.open("quality")?;
            let sample = client.call(api::DrawSample {
                period: p,
                share,
                seed,
                today: ctx.today,
            })?;
            let mut rows = Vec::new();
            for no in &sample.cases {
                let c = client.call(api::GetCase { no: *no })?;
                let q = c.and_then(|c| c.handling.quality);
                rows.push((*no, q));
            }
            if json {
                let v = json!({
                    "period": sample.period.to_string(),
                    "share": f64::from(sample.share_percent) / 100.0,
                    "seed": sample.seed,
                    "closed": sample.closed,
                    "drawn_by": sample.drawn_by,
                    "drawn_on": sample.drawn_on.to_string(),
                    "cases": sample.cases.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
                    "grades": rows.iter().map(|(n, q)| json!({
                        "case": n.to_string(),
                        "grade": q.as_ref().filter(|q| q.complete()).and_then(|q| q.grade).map(|g| g.code()),
                    })).collect::<Vec<_>>(),
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
                return Ok(ExitCode::SUCCESS);
            }
            let scored = rows
                .iter()
                .filter(|(_, q)| q.as_ref().is_some_and(|q| q.complete()))
                .count();
            println!(
                "{}",
                ctx.say(
                    "sample_head",
                    &[
                        ("period", &sample.period.to_string()),
                        ("n", &sample.cases.len().to_string()),
                        ("closed", &sample.closed.to_string()),
                        ("share", &sample.share_percent.to_string()),
                        ("seed", &sample.seed.to_string()),
                        ("scored", &scored.to_string()),
                    ]
                )
            );
            let names = crate::domain::user::Names::of_users(&client.call(api::ListUsers {})?);
            for (no, q) in &rows {
                let state = match q {
                    Some(q) => ctx.lang.quality_line(q, &names),
                    None => ctx.t("quality.not_scored").to_string(),
                };
                println!("  {no}  {state}");
            }
            Ok(ExitCode::SUCCESS)
        }
        QualityCommand::Score {
            case,
            points,
            items,
            note,
        } => {
            let mut sheet = vec![None; ScoreItem::ALL.len()];
            for it in &items {
                let (name, n) = it.split_once('=').ok_or_else(|| {
                    bad(ctx.say("bad_item", &[("value", it), ("items", &ScoreItem::codes())]))
                })?;
                let item = ScoreItem::from_code(name.trim()).ok_or_else(|| {
                    bad(ctx.say("bad_item", &[("value", it), ("items", &ScoreItem::codes())]))
                })?;
                let n: u32 = n.trim().parse().map_err(|_| {
                    bad(ctx.say("bad_item", &[("value", it), ("items", &ScoreItem::codes())]))
                })?;
                sheet[item as usize] = Some(n);
            }
            let items: Vec<u32> = if items.is_empty() {
                Vec::new()
            } else {
                sheet.iter().map(|p| p.unwrap_or(0)).collect()
            };
            send(
                ctx,
                &case,
                Step::Score {
                    items,
                    total: points,
                    note,
                    rules: None,
                },
            )
        }
    }
}

pub fn follow_up(ctx: &Context, a: FollowUpArgs) -> Outcome {
    if a.due {
        let mut client = ctx.open("follow-up")?;
        let due = client.call(api::SupervisionList {
            list: List::FollowUpDue,
            limit: 10_000,
        })?;
        if a.json {
            let rows: Vec<_> = due
                .iter()
                .map(|(day, c)| {
                    json!({
                        "case": c.no.to_string(),
                        "closed": day.to_string(),
                        "days": (ctx.today - *day).num_days(),
                        "provider": c.provider,
                    })
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&rows)?);
        } else {
            if due.is_empty() {
                println!("{}", ctx.say("no_follow_up_due", &[]));
            }
            for (day, c) in &due {
                println!(
                    "{}  {}  {}",
                    c.no,
                    ctx.say(
                        "closed_days_ago",
                        &[
                            ("day", &day.to_string()),
                            ("n", &(ctx.today - *day).num_days().to_string())
                        ]
                    ),
                    c.provider.as_deref().unwrap_or("")
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(case), Some(method)) = (a.case, a.method) else {
        return Err(bad(ctx.say("follow_up_needs", &[])));
    };
    let record = FollowUpInput {
        method,
        reached: a.reached,
        answers: Answers {
            charged: a.charged,
            met: a.met,
            on_time: a.on_time,
            evidence: a.evidence,
            courteous: a.courteous,
        },
        satisfaction: a.satisfaction,
        comments: a.note,
        action: a.action,
    };
    send(ctx, &case, Step::FollowUp { record })
}

fn complaint_no(ctx: &Context, s: &str) -> Result<ComplaintNo, Failure> {
    s.parse::<ComplaintNo>()
        .map_err(|_| bad(ctx.say("bad_complaint_no", &[("value", s)])))
}

pub fn complaint(ctx: &Context, cmd: ComplaintCommand) -> Outcome {
    let mut client = ctx.open("complaint")?;
    match cmd {
        ComplaintCommand::File {
            against,
            kind,
            facts,
            case,
        } => {
            let provider = (against != "center").then_some(against);
            let case = case.map(|c| c.parse::<CaseNo>()).transpose()?;
            let no = client.call(api::FileComplaint {
                provider,
                case,
                kind,
                facts,
                today: ctx.today,
            })?;
            println!("{}", ctx.say("complaint_filed", &[("no", &no.to_string())]));
        }
        ComplaintCommand::Decide {
            no,
            outcome,
            investigation,
        } => {
            let no = complaint_no(ctx, &no)?;
            client.call(api::DecideComplaint {
                no,
                outcome,
                investigation,
                today: ctx.today,
            })?;
            println!(
                "{}",
                ctx.say(
                    "complaint_decided",
                    &[
                        ("no", &no.to_string()),
                        (
                            "outcome",
                            &ctx.lang.code_in("quality.outcome", outcome.code())
                        )
                    ]
                )
            );
        }
        ComplaintCommand::Appeal { no, way } => {
            let no = complaint_no(ctx, &no)?;
            client.call(api::AppealComplaint { no, appeal: way })?;
            println!(
                "{}",
                ctx.say("complaint_appealed", &[("no", &no.to_string())])
            );
        }
        ComplaintCommand::List { open, json } => {
            let all: Vec<_> = client
                .call(api::ListComplaints {})?
                .into_iter()
                .filter(|c| !open || c.is_open())
                .collect();
            if json {
                let rows: Vec<_> = all
                    .iter()
                    .map(|c| {
                        json!({
                            "no": c.no.to_string(),
                            "filed_on": c.filed_on.to_string(),
                            "provider": c.provider,
                            "case": c.case.map(|n| n.to_string()),
                            "kind": c.kind.code(),
                            "facts": c.facts,
                            "investigation": c.investigation,
                            "outcome": c.outcome.map(|o| o.code()),
                            "decided_on": c.decided_on.map(|d| d.to_string()),
                            "appeal": c.appeal.map(|a| a.code()),
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
                return Ok(ExitCode::SUCCESS);
            }
            if all.is_empty() {
                println!("{}", ctx.say("no_complaints", &[]));
            }
            for c in &all {
                let state = match c.outcome {
                    Some(o) => ctx.lang.code_in("quality.outcome", o.code()),
                    None => ctx.t("quality.open").to_string(),
                };
                println!(
                    "{}  {}  {}  {}  {}  {}",
                    c.no,
                    c.filed_on,
                    c.provider.as_deref().unwrap_or(ctx.t("quality.the_center")),
                    ctx.lang.code_in("quality.complaint_kind", c.kind.code()),
                    state,
                    c.facts.replace('\n', " ")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
