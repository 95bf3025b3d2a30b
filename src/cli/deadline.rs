//! `docket deadline add | done`: the matter's own dates.

use std::process::ExitCode;

use chrono::NaiveDate;

use crate::api;
use crate::domain::case::CaseNo;
use crate::domain::text;

use super::{Context, Failure, Outcome, date_arg};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a date of the matter (hearing, limitation, appeal) to a case.
    Add {
        /// The case number, such as 2026-0001.
        case: String,
        /// The date (YYYY-MM-DD).
        #[arg(long, value_parser = date_arg)]
        date: NaiveDate,
        /// What falls due, such as "开庭" or "仲裁时效届满".
        #[arg(long)]
        label: String,
    },
    /// Mark a matter date done (as of --today).
    Done {
        /// The case number.
        case: String,
        /// The deadline's number, as `docket show` lists it.
        id: u32,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> Outcome {
    let mut store = ctx.open("deadline")?;
    match cmd {
        Command::Add { case, date, label } => {
            let no: CaseNo = case.parse()?;
            let label = text::clean(&label).map_err(|e| {
                Failure::from(crate::domain::refusal::Refusal::from(
                    crate::domain::refusal::Why::text("label", e),
                ))
            })?;
            if label.is_empty() {
                return Err(Failure::from(ctx.say("label_empty", &[])));
            }
            let id = store.call(api::AddDeadline {
                case: no,
                expected_revision: None,
                date,
                label: (&label).into(),
            })?;
            println!(
                "{}",
                ctx.say(
                    "deadline_added",
                    &[
                        ("case", &no.to_string()),
                        ("id", &id.to_string()),
                        ("date", &date.to_string()),
                        ("label", &label)
                    ]
                )
            );
        }
        Command::Done { case, id } => {
            let no: CaseNo = case.parse()?;
            store.call(api::DoneDeadline {
                case: no,
                expected_revision: None,
                id,
                on: ctx.today,
            })?;
            println!(
                "{}",
                ctx.say(
                    "deadline_done",
                    &[
                        ("case", &no.to_string()),
                        ("id", &id.to_string()),
                        ("date", &ctx.today.to_string())
                    ]
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
