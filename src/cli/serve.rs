//! `docket serve` and `docket status`: the store server.

use std::process::ExitCode;
use std::time::Duration;

use crate::api;
use crate::client::Client;
use crate::server::{self, ServeError};

use super::{Context, Failure, Outcome};
use crate::i18n::fill;

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
        println!("{}", ctx.say("recovered", &[("line", &line)]));
    }
    // Files others may read or write (a store shared the old way).
    let loose = crate::store::loose_modes(&ctx.store_dir);
    for line in &loose {
        println!("{}", ctx.say("mode", &[("line", line)]));
    }
    if !loose.is_empty() {
        println!("{}", ctx.t("cli.share.hint"));
    }
    let problems = client.call(api::Verify {})?;
    if problems.is_empty() {
        let store = ctx.store_dir.display().to_string();
        println!("{}", ctx.say("check_clean", &[("store", &store)]));
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        println!("{}", ctx.say("problem", &[("line", p)]));
    }
    Err(Failure::from(ctx.say(
        "check_problems",
        &[("n", &problems.len().to_string())],
    )))
}

pub fn status(ctx: &Context, _args: StatusArgs) -> Outcome {
    let Some(mut client) = Client::connect_running(&ctx.store_dir, "status")? else {
        let store = ctx.store_dir.display().to_string();
        println!("{}", ctx.say("no_server", &[("store", &store)]));
        return Ok(ExitCode::SUCCESS);
    };
    let s = client.call(api::Status {})?;
    let since = |at| crate::display::local_time(at, None).to_string();
    println!(
        "{}",
        ctx.say(
            "server_status",
            &[
                ("version", &s.version),
                ("pid", &s.pid.to_string()),
                ("since", &since(s.started)),
            ],
        )
    );
    println!("{}", ctx.say("server_store", &[("store", &s.store)]));
    let n = s.clients.len().to_string();
    println!("{}", ctx.say("server_clients", &[("n", &n)]));
    for c in &s.clients {
        let client = ctx.say(
            "server_client",
            &[
                ("pid", &c.pid.to_string()),
                ("purpose", &c.purpose),
                ("since", &since(c.since)),
            ],
        );
        println!("  {} {client}", crate::display::cell(&c.user, 12));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("who").required(true).args(["group", "private"])))]
pub struct ShareArgs {
    /// The group whose members may connect (legalaid).
    pub group: Option<String>,
    /// Give the files to this service account, which then runs the server (root only).
    #[arg(long, requires = "group")]
    pub service: Option<String>,
    /// Make the store its owner's only again.
    #[arg(long)]
    pub private: bool,
}

/// `docket share GROUP`: makes a private store group-shared (or private
/// again with `--private`), fixing every file's owner and mode, and says
/// what it changed. A running server is stopped first: the next one makes
/// its socket for the group.
pub fn share(ctx: &Context, args: ShareArgs) -> Outcome {
    use crate::store::modes::{self, Fix, Sharing};
    use crate::users::{gid_of, uid_of, user_name};
    let sharing = match &args.group {
        None => Sharing::Private,
        Some(group) => Sharing::Group {
            gid: gid_of(group).ok_or_else(|| {
                Failure::from(fill(ctx.t("cli.share.no_group"), &[("group", group)]))
            })?,
            service: match &args.service {
                None => None,
                Some(user) => Some(uid_of(user).ok_or_else(|| {
                    Failure::from(fill(ctx.t("cli.share.no_user"), &[("user", user)]))
                })?),
            },
        },
    };
    let dir = &ctx.store_dir;
    let shown = dir.display().to_string();
    if let Some(mut running) = Client::connect_running(dir, "share")? {
        // A command that just finished may still be closing its connection:
        // the server stops once nobody else is connected, so ask again for a
        // few seconds before saying who keeps it.
        let asked = std::time::Instant::now();
        while let Err(e) = running.shutdown() {
            if asked.elapsed() > Duration::from_secs(3) {
                return Err(Failure::from(e));
            }
            std::thread::sleep(Duration::from_millis(100));
            running = match Client::connect_running(dir, "share")? {
                Some(again) => again,
                None => break,
            };
        }
        while dir.join(server::SOCKET).exists() && asked.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(20));
        }
        println!("{}", ctx.t("cli.share.stopped"));
    }
    let say = |fix: &Fix| {
        let (key, path, from, to) = match fix {
            Fix::Owner { path, from, to } => {
                ("cli.share.owner", path, user_name(*from), user_name(*to))
            }
            Fix::Group { path, from, to } => (
                "cli.share.group",
                path,
                server::peer::group_name(*from),
                server::peer::group_name(*to),
            ),
            Fix::Mode { path, from, to } => (
                "cli.share.mode",
                path,
                format!("{from:03o}"),
                format!("{to:03o}"),
            ),
        };
        let path = path.display().to_string();
        fill(ctx.t(key), &[("path", &path), ("from", &from), ("to", &to)])
    };
    let fixes = match modes::share(dir, sharing) {
        Ok(fixes) => fixes,
        Err(modes::ShareError::Io { path, source, done }) => {
            for fix in &done {
                println!("{}", say(fix));
            }
            return Err(Failure::from(fill(
                ctx.t("cli.share.failed"),
                &[
                    ("path", &path.display().to_string()),
                    ("error", &source.to_string()),
                ],
            )));
        }
        Err(e) => return Err(Failure::from(e.to_string())),
    };
    for fix in &fixes {
        println!("{}", say(fix));
    }
    if fixes.is_empty() {
        println!(
            "{}",
            fill(ctx.t("cli.share.unchanged"), &[("store", &shown)])
        );
    }
    use std::os::unix::fs::MetadataExt;
    let owner = std::fs::metadata(dir)
        .map(|m| user_name(m.uid()))
        .unwrap_or_default();
    let line = match sharing {
        Sharing::Private => fill(
            ctx.t("cli.share.private"),
            &[("store", &shown), ("owner", &owner)],
        ),
        Sharing::Group { gid, .. } => fill(
            ctx.t("cli.share.shared"),
            &[
                ("store", &shown),
                ("group", &server::peer::group_name(gid)),
                ("owner", &owner),
            ],
        ),
    };
    println!("{line}");
    Ok(ExitCode::SUCCESS)
}
