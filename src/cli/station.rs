//! `docket station add|edit|list|import`: the workstations (工作站).

use std::io::{BufReader, Read};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::api;
use crate::display::cell;
use crate::domain::station::{Host, StationRecord, ValidStation};

use super::import::{parse_json, problems_message, read_records, said};
use super::{Context, Failure, Outcome};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a workstation.
    Add {
        /// A short id, such as ST-01.
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = codes_arg!(Host))]
        host: Host,
        /// It has staff of its own.
        #[arg(long)]
        staffed: bool,
    },
    /// Change a workstation.
    Edit {
        id: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_parser = codes_arg!(Host))]
        host: Option<Host>,
        #[arg(long)]
        staffed: Option<bool>,
        /// false: it no longer takes applications.
        #[arg(long)]
        active: Option<bool>,
    },
    /// List the workstations.
    List {
        /// JSON Lines, as `station import` reads them.
        #[arg(long)]
        json: bool,
    },
    /// Import workstations from JSON Lines (a file, or -): all or nothing.
    Import { file: PathBuf },
}

fn validated(ctx: &Context, r: StationRecord) -> Result<ValidStation, Failure> {
    r.validate(ctx.today).map_err(|errs| {
        let problems: Vec<(usize, super::import::Problem)> = errs
            .into_iter()
            .map(|e| (1, super::import::Problem::Said(e.to_string())))
            .collect();
        Failure::from(problems_message(ctx, &problems))
    })
}

pub fn run(ctx: &Context, cmd: Command) -> Outcome {
    match cmd {
        Command::Add {
            id,
            name,
            host,
            staffed,
        } => {
            let mut client = ctx.create("station")?;
            if client
                .call(api::ListStations {})?
                .iter()
                .any(|s| s.id == id)
            {
                return Err(Failure::from(ctx.say("station_exists", &[("id", &id)])));
            }
            let v = validated(
                ctx,
                StationRecord {
                    id: id.clone(),
                    name,
                    host: host.code().into(),
                    staffed,
                    active: true,
                },
            )?;
            client.call(api::SetStations { items: vec![v] })?;
            println!("{}", ctx.say("station_set", &[("id", &id)]));
        }
        Command::Edit {
            id,
            name,
            host,
            staffed,
            active,
        } => {
            let mut client = ctx.create("station")?;
            let Some(s) = client
                .call(api::ListStations {})?
                .into_iter()
                .find(|s| s.id == id)
            else {
                return Err(Failure::from(ctx.say("no_station", &[("id", &id)])));
            };
            let mut r = StationRecord::from_station(&s);
            if let Some(n) = name {
                r.name = n;
            }
            if let Some(h) = host {
                r.host = h.code().into();
            }
            if let Some(b) = staffed {
                r.staffed = b;
            }
            if let Some(b) = active {
                r.active = b;
            }
            let v = validated(ctx, r)?;
            client.call(api::SetStations { items: vec![v] })?;
            println!("{}", ctx.say("station_set", &[("id", &id)]));
        }
        Command::List { json } => {
            let mut client = ctx.open("station list")?;
            for s in client.call(api::ListStations {})? {
                if json {
                    println!(
                        "{}",
                        serde_json::to_string(&StationRecord::from_station(&s))?
                    );
                } else {
                    let flags = [
                        (s.staffed, ctx.t("station.staffed")),
                        (!s.active, ctx.t("station.inactive")),
                    ]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, w)| *w)
                    .collect::<Vec<_>>()
                    .join(ctx.t("history.list_separator"));
                    println!(
                        "{}  {}  {}  {flags}",
                        cell(&s.id, 8),
                        cell(&s.name, 30),
                        cell(ctx.t(&format!("station.host.{}", s.host.code())), 16)
                    );
                }
            }
        }
        Command::Import { file } => {
            let input: Box<dyn Read> = if file.as_os_str() == "-" {
                Box::new(std::io::stdin())
            } else {
                Box::new(
                    std::fs::File::open(&file)
                        .map_err(|e| Failure::from(ctx.cannot_read(&file, &e)))?,
                )
            };
            let today = ctx.today;
            let items = read_records(BufReader::new(input), |_, line| {
                parse_json::<StationRecord>(line)
                    .map_err(said)?
                    .validate(today)
                    .map_err(|errs| said(errs.iter().map(ToString::to_string).collect()))
            })
            .map_err(|problems| Failure::from(problems_message(ctx, &problems)))?;
            let n = items.len();
            ctx.create("station import")?
                .call(api::SetStations { items })?;
            println!("{}", ctx.say("stations_imported", &[("n", &n.to_string())]));
        }
    }
    Ok(ExitCode::SUCCESS)
}
