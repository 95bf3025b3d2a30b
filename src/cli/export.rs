//! `docket export`: every case with its history, as JSON Lines.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use crate::domain::record::CaseRecord;

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> Outcome {
    let store = ctx.open()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for case in store.cases() {
        let case = case?;
        let mut record = CaseRecord::from_case(&case);
        record.history = store.history(case.no)?;
        serde_json::to_writer(&mut out, &record)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
