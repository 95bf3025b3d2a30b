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
    Ok(total)
}
