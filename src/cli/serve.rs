//! `docket serve` and `docket status`: the store server.

use std::process::ExitCode;
use std::time::Duration;

use crate::api;
use crate::client::Client;
use crate::server::{self, ServeError};

use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Started by a client: end a while after the last client leaves
    /// (DOCKET_SERVER_IDLE seconds, default 60) instead of running forever.
    #[arg(long)]
    pub auto: bool,
}

/// How long an auto-started server waits after its last client.
fn idle() -> Duration {
    let secs = std::env::var("DOCKET_SERVER_IDLE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

pub fn serve(ctx: &Context, args: ServeArgs) -> Outcome {
    match server::serve(&ctx.store_dir, args.auto.then(idle)) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        // Another client started one first: that one serves.
        Err(ServeError::AlreadyRunning(_)) if args.auto => Ok(ExitCode::SUCCESS),
        Err(e) => Err(Failure::from(e)),
    }
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

/// `docket check`: reads every record and index (slow on a big store).
pub fn check(ctx: &Context, _args: CheckArgs) -> Outcome {
    let mut client = ctx.open("check")?;
    // Files set aside so that the store could open: said, never hidden.
    for line in client.call(api::Recovered {})? {
        println!("recovered: {line}");
    }
    // Files others may read or write (a store shared the old way).
    for line in crate::store::loose_modes(&ctx.store_dir) {
        println!("mode: {line}");
    }
    let problems = client.call(api::Verify {})?;
    if problems.is_empty() {
        println!(
            "{}: every index agrees with the records",
            ctx.store_dir.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        println!("problem: {p}");
    }
    Err(Failure::from(format!(
        "{} problem(s) found; restore the store from a backup, or export and import it into a new store",
        problems.len()
    )))
}

pub fn status(ctx: &Context, _args: StatusArgs) -> Outcome {
    let Some(mut client) = Client::connect_running(&ctx.store_dir, "status")? else {
        println!("no docket server runs for {}", ctx.store_dir.display());
        return Ok(ExitCode::SUCCESS);
    };
    let s = client.call(api::Status {})?;
    println!(
        "docket server {} (pid {}) since {}",
        s.version,
        s.pid,
        crate::display::local_time(s.started, None)
    );
    println!("store {}", s.store);
    println!("{} client(s) connected:", s.clients.len());
    for c in &s.clients {
        println!(
            "  {:<12} pid {:<8} {:<10} since {}",
            c.user,
            c.pid,
            c.purpose,
            crate::display::local_time(c.since, None)
        );
    }
    Ok(ExitCode::SUCCESS)
}
