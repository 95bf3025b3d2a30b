//! `docket demo`: realistic synthetic cases, the same for the same seed.

use std::process::ExitCode;

use crate::api;
use crate::domain::record::ValidCase;

use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// How many cases to add.
    #[arg(long, default_value_t = 2000)]
    pub cases: usize,
    /// The random seed: the same seed (and --today) gives the same cases.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Cases are written in chunks, each one atomic command, so that the
/// server's memory stays bounded: with 50,000 a 100k demo peaks at 0.5 GB
/// and a 1M demo at 2.0 GB (sled keeps memory from large batch applies).
const CHUNK: usize = 50_000;

pub fn run(ctx: &Context, args: Args) -> Outcome {
    let total = fill(ctx, args.cases, args.seed)?;
    println!(
        "added {total} demo cases to {} (seed {}, as of {})",
        ctx.store_dir.display(),
        args.seed,
        ctx.today
    );
    Ok(ExitCode::SUCCESS)
}

/// Adds `cases` demo cases to the store; how many were added.
pub fn fill(ctx: &Context, cases: usize, seed: u64) -> Result<usize, Failure> {
    let mut store = ctx.create("demo")?;
    if store.call(api::ListProviders {})?.is_empty() {
        store.call(api::SetProviders {
            providers: crate::demo::providers(),
        })?;
    }
    let mut records = crate::demo::cases(cases, seed, ctx.today).peekable();
    let mut total = 0;
    while records.peek().is_some() {
        let chunk: Vec<ValidCase> = records
            .by_ref()
            .take(CHUNK)
            .map(|r| {
                r.validate(ctx.today).map_err(|errs| {
                    let first = errs.first().map(|e| e.to_string()).unwrap_or_default();
                    Failure::from(format!("the demo generator made an invalid case: {first}"))
                })
            })
            .collect::<Result<_, _>>()?;
        total += store
            .call(api::Import {
                cases: chunk,
                via: "demo".into(),
            })?
            .len();
    }
    supervision(&mut store, ctx.today)?;
    Ok(total)
}

/// The year's budget, two complaints and the quarter's peer-review draw,
/// so that the supervision screen has something to show (each only when
/// the store has none yet).
fn supervision(store: &mut crate::client::Client, today: chrono::NaiveDate) -> Result<(), Failure> {
    use crate::domain::funds::Source;
    use crate::domain::quality::{ComplaintKind, ComplaintOutcome};
    use chrono::Datelike;
    let year = today.year();
    let funds = store.call(api::GetFunds { year })?;
    if funds.received_total() == 0 {
        // A budget the year's payments use 85% of, in 10,000s of yuan.
        let need = (funds.spent + funds.committed) * 100 / 85;
        let part = |share: u64| (need * share / 100).div_ceil(10_000) * 10_000;
        for (source, yuan) in [
            (Source::SameLevel, part(70)),
            (Source::HigherLevel, part(20)),
            (Source::Lottery, part(10)),
        ] {
            store.call(api::SetBudget { year, source, yuan })?;
        }
    }
    if store.call(api::ListComplaints {})?.is_empty() {
        let provider = crate::demo::providers().first().map(|p| p.id.clone());
        store.call(api::FileComplaint {
            provider: provider.clone(),
            case: None,
            kind: ComplaintKind::Neglect,
            facts: "受援人反映律师未按约定时间会见".into(),
            today,
        })?;
        let no = store.call(api::FileComplaint {
            provider: None,
            case: None,
            kind: ComplaintKind::IrregularIntake,
            facts: "窗口工作人员未一次性告知需补充的材料".into(),
            today,
        })?;
        store.call(api::DecideComplaint {
            no,
            outcome: ComplaintOutcome::Correction,
            investigation: "经核实，已责令窗口整改并一次性告知".into(),
            today,
        })?;
    }
    let quarter = crate::domain::report::Period::holding(
        crate::domain::report::ReportKind::Quarterly,
        today,
        store.call(api::GetPolicy {})?.half_year_from,
    );
    if store.call(api::GetSample { period: quarter })?.is_none() {
        // No closed file in the quarter (a small demo): nothing to draw.
        let _ = store.call(api::DrawSample {
            period: quarter,
            share: None,
            seed: Some(2026),
            today,
        });
    }
    Ok(())
}
