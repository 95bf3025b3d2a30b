//! `docket policy show | import`: the center's deadline rules.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::api;
use crate::domain::policy::Policy;

use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print the policy in force as commented TOML.
    Show,
    /// Validate a policy file and make it the policy of the store.
    Import {
        /// The TOML file (as `docket policy show` prints it).
        file: PathBuf,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> Outcome {
    let mut store = match cmd {
        Command::Show => ctx.open("policy")?,
        Command::Import { .. } => ctx.create("policy")?,
    };
    match cmd {
        Command::Show => print!("{}", store.call(api::GetPolicy {})?.to_toml()),
        Command::Import { file } => {
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::from(ctx.cannot_read(&file, &e)))?;
            let policy = Policy::from_toml(&text).map_err(|e| {
                Failure::from(ctx.say(
                    "policy_unchanged",
                    &[
                        ("file", &file.display().to_string()),
                        ("error", &e.to_string()),
                    ],
                ))
            })?;
            store.call(api::SetPolicy { policy })?;
            println!(
                "policy replaced from {}; deadlines recomputed",
                file.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
