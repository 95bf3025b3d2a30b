//! `docket` with no command: the terminal app; `docket --demo`: the same on
//! a fresh demo store in a temporary directory, removed on exit.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::client::Client;
use crate::tui::keymap;
use crate::tui::run::{Options, run};

use super::{Context, Failure, Outcome};

/// Cases in the `--demo` store.
const DEMO_CASES: usize = 2000;

pub fn open(ctx: &Context, keymap_file: Option<&Path>, demo: bool) -> Outcome {
    // A broken keymap never stops docket: the bad entries keep their
    // defaults, and every problem is said (here, and on the status line).
    let (keymap, problems) = keymap::load_lenient(keymap_file);
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    for p in &problems {
        eprintln!("docket: {p}");
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        if demo {
            return Err(Failure::from(ctx.say("demo_needs_terminal", &[])));
        }
        return super::show::overview(ctx);
    }
    let _log = start_log();
    if !demo {
        // A misspelt DOCKET_STORE must not become a new, empty store.
        if !super::context::store_exists(&ctx.store_dir) && !confirm_new_store(ctx)? {
            return Err(Failure {
                message: ctx
                    .t("cli.no_store")
                    .replace("{path}", &ctx.store_dir.display().to_string()),
                code: super::context::NO_STORE,
            });
        }
        return launch(ctx, ctx.store_dir.clone(), keymap, problems);
    }
    let tmp = tempfile::Builder::new()
        .prefix("docket-demo-")
        .tempdir()
        .map_err(|e| Failure::from(ctx.say("demo_store_failed", &[("error", &e.to_string())])))?;
    let store = tmp.path().join("store");
    let n = DEMO_CASES.to_string();
    eprintln!("docket: {}", ctx.say("making_demo", &[("n", &n)]));
    let demo_ctx = Context {
        store_dir: store.clone(),
        today: ctx.today,
        lang: ctx.lang,
        user: ctx.user.clone(),
    };
    super::demo::fill(&demo_ctx, DEMO_CASES, 1)?;
    let result = launch(ctx, store.clone(), keymap, problems);
    // Stop the demo's server before its directory goes.
    if let Ok(Some(mut c)) = Client::connect_running(&store, "demo-exit") {
        let _ = c.shutdown();
    }
    drop(tmp);
    result
}

/// Asks, on the terminal, whether to make a new store where there is none.
fn confirm_new_store(ctx: &Context) -> Result<bool, Failure> {
    use std::io::Write as _;
    eprint!(
        "{} ",
        ctx.t("cli.create_store")
            .replace("{path}", &ctx.store_dir.display().to_string())
    );
    let _ = std::io::stderr().flush();
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    let answer = answer.trim().to_lowercase();
    Ok(matches!(answer.as_str(), "y" | "yes" | "是" | "好"))
}

fn launch(
    ctx: &Context,
    store: PathBuf,
    keymap: keymap::Keymap,
    keymap_problems: Vec<String>,
) -> Outcome {
    run(Options {
        store,
        today: ctx.today,
        lang: ctx.lang,
        user: ctx.user.clone(),
        keymap,
        keymap_problems,
    })
    .map_err(Failure::from)?;
    Ok(ExitCode::SUCCESS)
}

/// Logs go to a file under the XDG state directory, never to the screen.
fn start_log() -> Option<()> {
    let dir = dirs::state_dir().or_else(dirs::data_dir)?.join("docket");
    std::fs::create_dir_all(&dir).ok()?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("docket.log"))
        .ok()?;
    tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .try_init()
        .ok()
}
