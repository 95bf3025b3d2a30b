//! `docket export`: every case with its history, as JSON Lines.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use crate::api;
use crate::domain::record::CaseRecord;

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(ctx: &Context, _args: Args) -> Outcome {
    let mut store = ctx.open("export")?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut after = None;
    loop {
        let page = store.call(api::ExportPage {
            after,
            limit: crate::server::EXPORT_PAGE,
        })?;
        let Some((last, _)) = page.last() else {
            break;
        };
        after = Some(last.no);
        for (case, history) in page {
            let mut record = CaseRecord::from_case(&case);
            record.history = history;
            serde_json::to_writer(&mut out, &record)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
