//! The command line: one module per subcommand, each a thin shell over the
//! store and the domain.

/// A closed vocabulary (`Item`, `Verdict`, a `code_enum!`) as a clap
/// parser: its codes listed in `--help` and in the error for another word.
macro_rules! codes_arg {
    ($t:ty) => {
        clap::builder::TypedValueParser::map(
            clap::builder::PossibleValuesParser::new(<$t>::ALL.iter().map(|v| v.code())),
            |s: String| <$t>::from_code(&s).unwrap_or(<$t>::ALL[0]),
        )
    };
}

mod calendar;
mod consult;
pub mod context;
mod deadline;
mod demo;
mod due;
mod export;
mod find;
mod funds;
mod import;
mod intake;
mod keymap;
mod people;
mod policy;
mod procedure;
mod quality;
mod report;
mod serve;
mod show;
mod station;
mod tui;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::domain::record::parse_date;
use crate::i18n::Lang;

pub use context::Context;

/// docket: a keyboard-driven case manager for legal aid centers (法律援助中心).
#[derive(Debug, Parser)]
#[command(name = "docket", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    /// The store directory [default: $XDG_DATA_HOME/docket, ~/.local/share/docket].
    #[arg(long, global = true, env = "DOCKET_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Work as of this date instead of today (YYYY-MM-DD).
    #[arg(long, global = true, env = "DOCKET_TODAY", value_name = "DATE", value_parser = date_arg)]
    pub today: Option<NaiveDate>,

    /// Language of the output [default: from LC_ALL, LC_MESSAGES or LANG].
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// The keymap file [default: $XDG_CONFIG_HOME/docket/keymap.toml].
    #[arg(long, global = true, value_name = "FILE")]
    pub keymap: Option<PathBuf>,

    /// Open the terminal app on a fresh demo store (removed on exit).
    #[arg(long)]
    pub demo: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXIT_CODES: &str = "Without a command, docket opens the terminal app on the store (--demo: on a fresh demo store). Guides: docs/ in the source (procedure, deadlines, formats, keymap, server).

Exit status: 0 success, 1 an error (the message says what to do), 2 a usage error; `docket due` also exits 3 when something is due and 4 when something is overdue.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import cases from JSON Lines (a file, or - for standard input): all or nothing.
    Import(import::Args),
    /// Write every case with its history as JSON Lines to standard output.
    Export(export::Args),
    /// Register one application (JSON, the import format), recording possible duplicates and conflicts.
    Register(intake::RegisterArgs),
    /// Withdraw an application (撤回) with the applicant's reason.
    Withdraw(intake::WithdrawArgs),
    /// Correct a field of a case; the history shows from what to what.
    Correct(intake::CorrectArgs),
    /// Show a case: its record, open deadlines and full history.
    Show(show::Args),
    /// Eligibility review: means, checklist confirmations, supplement notice, emergency aid.
    #[command(subcommand)]
    Review(procedure::ReviewCommand),
    /// Propose a decision: grant or deny, with a reason code and text.
    #[command(after_help = DECIDE_HELP)]
    Decide(procedure::DecideArgs),
    /// Approve (审批) or return a proposed decision (directors and admins).
    Approve(procedure::ApproveArgs),
    /// Record or decide an objection (异议) to a denial or termination.
    #[command(subcommand)]
    Objection(procedure::ObjectionCommand),
    /// Assign a granted case to a provider (without one: the ranked providers and why).
    Assign(people::AssignArgs),
    /// Handling and closing: agreement, notes, conclusion, termination, file review, archive.
    #[command(subcommand)]
    Handle(procedure::HandleCommand),
    /// Users of the store and their roles (caseworker, director, admin).
    #[command(subcommand)]
    User(people::UserCommand),
    /// Providers: lawyers, legal service workers, volunteers.
    #[command(subcommand)]
    Provider(people::ProviderCommand),
    /// Find cases by number, name, pinyin, initials, ID number, phone or adverse party.
    Find(find::Args),
    /// Fill the store with realistic synthetic cases for trying docket.
    Demo(demo::Args),
    /// List overdue deadlines and those due soon (the login check).
    #[command(after_help = due::EXIT_HELP)]
    Due(due::Args),
    /// Add or close the matter's own dates (hearing, limitation, appeal).
    #[command(subcommand)]
    Deadline(deadline::Command),
    /// Show or replace the center's policy (deadline lengths, counting rules).
    #[command(subcommand)]
    Policy(policy::Command),
    /// Show or import the working-day calendar (holidays and make-up days).
    #[command(subcommand)]
    Calendar(calendar::Command),
    /// Check a keymap file, or print the default one.
    #[command(subcommand)]
    Keymap(keymap::Command),
    /// Run the store server in the foreground (for a systemd service; docket starts one by itself otherwise).
    Serve(serve::ServeArgs),
    /// Say whether a store server runs, for which store, and who is connected.
    Status(serve::StatusArgs),
    /// Check that every index agrees with the records (reads the whole store).
    Check(serve::CheckArgs),
    /// Workstations (工作站): add, edit, list, import.
    #[command(subcommand)]
    Station(station::Command),
    /// The consultation register (法律咨询): add, list, import.
    #[command(subcommand)]
    Consult(consult::Command),
    /// The center's statistics: monthly, quarterly, half-year and yearly tables with the plan's targets.
    Report(report::Args),
    /// The ledger of handling subsidies (办案补贴): propose, approve, record paid, list, batch.
    #[command(subcommand)]
    Subsidy(funds::SubsidyCommand),
    /// The year's funds received, by source (T3).
    #[command(subcommand)]
    Budget(funds::BudgetCommand),
    /// Peer review (同行评估): draw a period's sample, score a file.
    #[command(subcommand)]
    Quality(quality::QualityCommand),
    /// Record a follow-up with the recipient (回访), or list the closed cases still without one.
    FollowUp(quality::FollowUpArgs),
    /// Complaints (投诉) against a provider or the center: file, decide, appeal, list.
    #[command(subcommand)]
    Complaint(quality::ComplaintCommand),
    /// Share the store with a group (members connect; the data stays the owner's), or make it private again.
    Share(serve::ShareArgs),
}

const DECIDE_HELP: &str = "Reason codes. Grant: hardship_met, exempt_art32, not_verified_art42, mandatory_art25, other. Deny: not_in_scope, not_hardship, not_jurisdiction, documents_missing, other (a denial must have a reason). A director approves with `docket approve CASE`.";

/// A date on the command line ("today", a deadline, a due date): a real
/// date between 1949-10-01 and 2100-12-31.
fn date_arg(s: &str) -> Result<NaiveDate, String> {
    use crate::domain::record::{EARLIEST, LATEST};
    let d = parse_date(s)?;
    if (EARLIEST..=LATEST).contains(&d) {
        Ok(d)
    } else {
        Err(format!("{d} is outside {EARLIEST} to {LATEST}"))
    }
}

/// A failure of a command, already worded for the user.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: u8,
}

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure {
            message: e.to_string(),
            code: 1,
        }
    }
}

pub type Outcome = Result<ExitCode, Failure>;

/// Parses the arguments, runs the command and returns the exit status.
pub fn main() -> ExitCode {
    // chrono panics on a clock before 1970: say what is wrong instead.
    if std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .is_err()
    {
        eprintln!(
            "docket: the system clock is wrong (it says a date before 1970): set the date, e.g. with timedatectl, and try again"
        );
        return ExitCode::from(1);
    }
    let cli = Cli::parse();
    if !matches!(cli.command, Some(Command::Serve(_)) | None) {
        // Like other Unix tools: `docket export | head` ends quietly. The
        // server keeps the default (ignored) so a vanished client cannot
        // kill it.
        // SAFETY: setting a signal disposition before any thread starts.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
    }
    let ctx = Context::new(&cli);
    let result = match cli.command {
        Some(Command::Import(a)) => import::run(&ctx, a),
        Some(Command::Export(a)) => export::run(&ctx, a),
        Some(Command::Show(a)) => show::run(&ctx, a),
        Some(Command::Report(a)) => report::run(&ctx, a),
        Some(Command::Consult(c)) => consult::run(&ctx, c),
        Some(Command::Station(c)) => station::run(&ctx, c),
        Some(Command::Review(c)) => procedure::review(&ctx, c),
        Some(Command::Decide(a)) => procedure::decide(&ctx, a),
        Some(Command::Approve(a)) => procedure::approve(&ctx, a),
        Some(Command::Objection(c)) => procedure::objection(&ctx, c),
        Some(Command::Assign(a)) => people::assign(&ctx, a),
        Some(Command::Handle(c)) => procedure::handle(&ctx, c),
        Some(Command::User(c)) => people::user(&ctx, c),
        Some(Command::Provider(c)) => people::provider(&ctx, c),
        Some(Command::Register(a)) => intake::register(&ctx, a),
        Some(Command::Withdraw(a)) => intake::withdraw(&ctx, a),
        Some(Command::Correct(a)) => intake::correct(&ctx, a),
        Some(Command::Find(a)) => find::run(&ctx, a),
        Some(Command::Demo(a)) => demo::run(&ctx, a),
        Some(Command::Due(a)) => due::run(&ctx, a),
        Some(Command::Deadline(c)) => deadline::run(&ctx, c),
        Some(Command::Policy(c)) => policy::run(&ctx, c),
        Some(Command::Calendar(c)) => calendar::run(&ctx, c),
        Some(Command::Serve(a)) => serve::serve(&ctx, a),
        Some(Command::Status(a)) => serve::status(&ctx, a),
        Some(Command::Check(a)) => serve::check(&ctx, a),
        Some(Command::Share(a)) => serve::share(&ctx, a),
        Some(Command::Keymap(c)) => keymap::run(&ctx, c),
        Some(Command::Subsidy(c)) => funds::subsidy(&ctx, c),
        Some(Command::Budget(c)) => funds::budget(&ctx, c),
        Some(Command::Quality(c)) => quality::quality(&ctx, c),
        Some(Command::FollowUp(a)) => quality::follow_up(&ctx, a),
        Some(Command::Complaint(c)) => quality::complaint(&ctx, c),
        None => tui::open(&ctx, cli.keymap.as_deref(), cli.demo),
    };
    match result {
        Ok(code) => code,
        Err(f) => {
            eprintln!("docket: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
