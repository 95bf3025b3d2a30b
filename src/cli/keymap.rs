//! `docket keymap check | default`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::tui::keymap;

use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Validate a keymap file [default: $XDG_CONFIG_HOME/docket/keymap.toml].
    Check {
        /// The file to check.
        file: Option<PathBuf>,
    },
    /// Print the default keymap (every action, commented).
    Default,
}

pub fn run(ctx: &Context, cmd: Command) -> Outcome {
    match cmd {
        Command::Default => print!("{}", keymap::default_text()),
        Command::Check { file } => {
            let file = file.or_else(keymap::user_file);
            let Some(file) = file else {
                println!("{}", ctx.say("no_user_keymap", &[]));
                return Ok(ExitCode::SUCCESS);
            };
            // Every problem at once, not the first.
            let (_, problems) = keymap::load_lenient(Some(&file));
            if !problems.is_empty() {
                let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
                return Err(Failure {
                    message: all.join("\ndocket: "),
                    code: 2,
                });
            }
            println!("{}: ok", file.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
