//! `docket calendar show | import`: holidays and make-up working days.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::api;
use crate::domain::calendar::Calendar;

use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print the calendar (or one year of it) in the import format.
    Show {
        /// Only this year.
        year: Option<i32>,
    },
    /// Add or replace years from a file in the format of data/cn-holidays.toml.
    Import {
        /// The TOML file.
        file: PathBuf,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> Outcome {
    let mut store = match cmd {
        Command::Show { .. } => ctx.open("calendar")?,
        Command::Import { .. } => ctx.create("calendar")?,
    };
    match cmd {
        Command::Show { year } => {
            let calendar = store.call(api::GetCalendar {})?;
            if let Some(y) = year
                && !calendar.covers(y)
            {
                let years: Vec<String> = calendar.years().iter().map(|y| y.to_string()).collect();
                return Err(Failure::from(ctx.say(
                    "calendar_missing",
                    &[("year", &y.to_string()), ("years", &years.join(", "))],
                )));
            }
            print!("{}", calendar.to_toml(year));
        }
        Command::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::from(ctx.cannot_read(&file, &e)))?;
            let years = Calendar::parse(&text).map_err(|e| {
                Failure::from(ctx.say(
                    "calendar_unchanged",
                    &[
                        ("file", &file.display().to_string()),
                        ("error", &e.to_string()),
                    ],
                ))
            })?;
            let changed = store.call(api::ImportCalendar { calendar: years })?;
            let list: Vec<String> = changed.iter().map(|y| y.to_string()).collect();
            println!(
                "calendar years imported: {}; deadlines recomputed",
                list.join(", ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
