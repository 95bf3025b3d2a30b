//! The steps of a case's life on the command line: review, decision,
//! approval, objection, assignment, handling and closing. Each is one
//! command; the rules are in domain::workflow, the roles in the store.

use std::process::ExitCode;

use chrono::NaiveDate;

use crate::api;
use crate::domain::case::{CaseNo, CaseResult};
use crate::domain::codes::{Against, Ground, ReasonCode, ResultCode};
use crate::domain::eligibility::{Item, Verdict};
use crate::domain::workflow::Step;

use super::{Context, Failure, Outcome, date_arg};

#[derive(Debug, clap::Subcommand)]
pub enum ReviewCommand {
    /// Record the household's size and monthly income (the hardship test).
    Means {
        case: String,
        /// People in the household.
        #[arg(long)]
        household: u32,
        /// The household's monthly income in yuan.
        #[arg(long)]
        income: u32,
    },
    /// Confirm or override a checklist item, with the reason (kept in the history).
    Confirm {
        case: String,
        /// The checklist item.
        #[arg(value_parser = codes_arg!(Item))]
        item: Item,
        /// The verdict set by hand.
        #[arg(value_parser = codes_arg!(Verdict))]
        verdict: Verdict,
        #[arg(long)]
        reason: String,
    },
    /// Send the supplement notice (补充材料): the review clock stops until they arrive.
    RequestDocuments {
        case: String,
        /// A missing document (repeat for several).
        #[arg(long = "item", required = true)]
        items: Vec<String>,
        /// The date the applicant must supply them by.
        #[arg(long, value_parser = date_arg)]
        due: NaiveDate,
    },
    /// Record that the requested documents arrived (today, or --on).
    DocumentsReceived {
        case: String,
        /// The day they arrived, if before today (not before the notice).
        #[arg(long, value_parser = date_arg)]
        on: Option<NaiveDate>,
    },
    /// Close as deemed withdrawn: the supplement date passed (Law Art. 43).
    DeemWithdrawn { case: String },
    /// Emergency aid (先行提供, Law Art. 44): grant now, complete the review after.
    Emergency { case: String },
}

#[derive(Debug, clap::Args)]
pub struct DecideArgs {
    pub case: String,
    /// Propose to grant aid.
    #[arg(long, conflicts_with = "deny", required_unless_present = "deny")]
    pub grant: bool,
    /// Propose to deny aid (a reason is required).
    #[arg(long)]
    pub deny: bool,
    /// The reason code: a grant's (hardship_met, exempt_art32, not_verified_art42, mandatory_art25) or a denial's (not_in_scope, not_hardship, not_jurisdiction, documents_missing), or other.
    #[arg(long, value_parser = codes_arg!(ReasonCode))]
    pub reason: ReasonCode,
    /// The reasons in words.
    #[arg(long, default_value = "")]
    pub text: String,
}

#[derive(Debug, clap::Args)]
pub struct ApproveArgs {
    pub case: String,
    /// Return the proposal to the caseworker instead of approving it.
    #[arg(long = "return")]
    pub send_back: bool,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(Debug, clap::Subcommand)]
pub enum ObjectionCommand {
    /// Record an objection (异议) to a denial or termination (decided within 5 days).
    File {
        case: String,
        /// What the objection is against.
        #[arg(long, value_parser = codes_arg!(Against))]
        against: Against,
    },
    /// Decide the objection: upheld, or corrected (which reopens the review).
    Decide {
        case: String,
        #[arg(
            long,
            conflicts_with = "corrected",
            required_unless_present = "corrected"
        )]
        upheld: bool,
        #[arg(long)]
        corrected: bool,
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Debug, clap::Subcommand)]
pub enum HandleCommand {
    /// The agreement with the recipient is signed (today, or --on).
    Agreement {
        case: String,
        /// The day it was signed, if before today (not before the assignment).
        #[arg(long, value_parser = date_arg)]
        on: Option<NaiveDate>,
    },
    /// Add a progress note.
    Note { case: String, text: String },
    /// Strike out a note filed by mistake (kept, marked, with the reason): its author or a director.
    StrikeNote {
        case: String,
        /// The note's number, as `docket show` lists them (from 1).
        note: u32,
        #[arg(long)]
        reason: String,
    },
    /// Conclude the case with its outcome (today, or --on: the judgment's date).
    Conclude {
        case: String,
        #[arg(long)]
        outcome: String,
        /// The result as the national tables count it (by kind: criminal
        /// opinion_adopted, opinion_partly_adopted, opinion_not_adopted;
        /// litigation won, lost, mediated, withdrawn; non-litigation
        /// mediated, settled, arbitration_award; terminated for any).
        #[arg(long, value_parser = codes_arg!(ResultCode))]
        result: Option<ResultCode>,
        /// Yuan recovered or obtained for the recipient (with --result).
        #[arg(long, requires = "result", default_value_t = 0)]
        recovered: u64,
        /// Of it, yuan of wages recovered for a migrant worker.
        #[arg(long, requires = "result", default_value_t = 0)]
        wages: u64,
        /// The day the matter ended, if before today (not before the agreement).
        #[arg(long, value_parser = date_arg)]
        on: Option<NaiveDate>,
    },
    /// Terminate aid on an Art. 48 ground.
    Terminate {
        case: String,
        /// The ground of Art. 48.
        #[arg(long, value_parser = codes_arg!(Ground))]
        ground: Ground,
    },
    /// The provider submitted the case file (today, or --on).
    SubmitFile {
        case: String,
        #[arg(long, value_parser = date_arg)]
        on: Option<NaiveDate>,
    },
    /// The file is reviewed and the subsidy assessed (the rate table's standard unless given, with a reason); `docket subsidy pay` then proposes the payment.
    ReviewFile {
        case: String,
        /// Yuan; the rate table's standard for the case when omitted.
        #[arg(long)]
        amount: Option<u32>,
        #[arg(long)]
        reason: Option<String>,
    },
    /// File the case (归档).
    Archive { case: String },
}

fn case_no(s: &str) -> Result<CaseNo, Failure> {
    Ok(s.parse::<CaseNo>()?)
}

/// Sends one step and says what was done.
pub(super) fn send(ctx: &Context, case: &str, step: Step) -> Outcome {
    send_on(ctx, case, step, None)
}

/// A step dated `on` (a day it happened before today; the server refuses
/// a day in the future or before the step it follows), else today.
fn send_on(ctx: &Context, case: &str, step: Step, on: Option<NaiveDate>) -> Outcome {
    let no = case_no(case)?;
    let code = step.code();
    let mut store = ctx.open(code)?;
    store.call(api::ApplyStep {
        case: no,
        expected_revision: None,
        step: Box::new(step),
        today: on.unwrap_or(ctx.today),
    })?;
    let status = store
        .call(api::GetCase { no })?
        .map(|c| ctx.t(&format!("status.{}", c.status.code())).to_string())
        .unwrap_or_default();
    let step = ctx.t(&format!("tui.steps.{code}"));
    println!(
        "{}",
        ctx.say(
            "step_done",
            &[
                ("case", &no.to_string()),
                ("step", step),
                ("status", &status)
            ]
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn review(ctx: &Context, cmd: ReviewCommand) -> Outcome {
    match cmd {
        ReviewCommand::Means {
            case,
            household,
            income,
        } => send(
            ctx,
            &case,
            Step::SetMeans {
                household_size: household,
                monthly_income: income,
            },
        ),
        ReviewCommand::Confirm {
            case,
            item,
            verdict,
            reason,
        } => send(
            ctx,
            &case,
            Step::Confirm {
                item,
                verdict,
                reason,
            },
        ),
        ReviewCommand::RequestDocuments { case, items, due } => {
            send(ctx, &case, Step::RequestDocuments { items, due })
        }
        ReviewCommand::DocumentsReceived { case, on } => {
            send_on(ctx, &case, Step::DocumentsReceived, on)
        }
        ReviewCommand::DeemWithdrawn { case } => send(ctx, &case, Step::DeemWithdrawn),
        ReviewCommand::Emergency { case } => send(ctx, &case, Step::EmergencyAid),
    }
}

pub fn decide(ctx: &Context, a: DecideArgs) -> Outcome {
    send(
        ctx,
        &a.case,
        Step::Propose {
            grant: a.grant && !a.deny,
            reason_code: a.reason,
            text: a.text,
            standard: None,
        },
    )
}

pub fn approve(ctx: &Context, a: ApproveArgs) -> Outcome {
    let step = if a.send_back {
        Step::Return { note: a.note }
    } else {
        Step::Approve { note: a.note }
    };
    send(ctx, &a.case, step)
}

pub fn objection(ctx: &Context, cmd: ObjectionCommand) -> Outcome {
    match cmd {
        ObjectionCommand::File { case, against } => send(ctx, &case, Step::Object { against }),
        ObjectionCommand::Decide {
            case,
            upheld,
            corrected,
            note,
        } => send(
            ctx,
            &case,
            Step::DecideObjection {
                upheld: upheld && !corrected,
                note,
            },
        ),
    }
}

pub fn handle(ctx: &Context, cmd: HandleCommand) -> Outcome {
    match cmd {
        HandleCommand::Agreement { case, on } => send_on(ctx, &case, Step::AgreementSigned, on),
        HandleCommand::Note { case, text } => send(ctx, &case, Step::Note { text }),
        HandleCommand::StrikeNote { case, note, reason } => {
            send(ctx, &case, Step::StrikeNote { note, reason })
        }
        HandleCommand::Conclude {
            case,
            outcome,
            result,
            recovered,
            wages,
            on,
        } => {
            let result = result.map(|code| CaseResult {
                code,
                recovered,
                wages,
            });
            send_on(ctx, &case, Step::Conclude { outcome, result }, on)
        }
        HandleCommand::Terminate { case, ground } => send(ctx, &case, Step::Terminate { ground }),
        HandleCommand::SubmitFile { case, on } => send_on(ctx, &case, Step::SubmitFile, on),
        HandleCommand::ReviewFile {
            case,
            amount,
            reason,
        } => {
            // The store fills in the policy's standard; an omitted amount is the standard.
            send(
                ctx,
                &case,
                Step::ReviewFile {
                    amount,
                    standard: 0,
                    reason,
                },
            )
        }
        HandleCommand::Archive { case } => send(ctx, &case, Step::Archive),
    }
}
