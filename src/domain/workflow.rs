//! The procedure of a case (docs/domain.md, "A case's life") as pure
//! transitions: review (审查), decision and approval (决定, 审批), objection
//! (异议), emergency aid (先行提供), assignment (指派), handling (承办),
//! conclusion, case file, archive (归档) and follow-up (回访).
//!
//! `apply` takes a case and a step and returns the changed case with the
//! events to append, or one sentence saying why the step is refused. It
//! reads no clock and does no I/O: the store applies the result atomically
//! and bumps the revision.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case::{Assignment, Case, CheckOverride, Decision, Note, Objection, Strike, Subsidy};
use super::codes::{Against, Channel, Ground, ReasonCode, Status};
use super::eligibility::{Item, Verdict};
use super::event::{Change, Detail};
use super::refusal::{Coded, Refusal, Table, Why};
use super::text;
use super::user::Role;
use super::{funds, quality};

/// Who takes a step, and the date it is taken (every date entered is `today`).
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub who: &'a str,
    pub role: Role,
    pub today: NaiveDate,
    /// The policy lets a proposer approve their own proposal (a center of
    /// one person); otherwise another director approves it.
    pub self_approval: bool,
}

/// The closing reason a case deemed withdrawn records (Law Art. 43): a
/// record, in the words it was always written in; screens word it anew.
pub const DEEMED_WITHDRAWN: &str = "deemed withdrawn (Law Art. 43)";

/// The closing reason of a denial after emergency aid (Law Art. 44).
pub const DENIED_AFTER_EMERGENCY: &str = "denied after emergency aid (Law Art. 44)";

/// A termination's ground as the case's closing reason records it (Legal
/// Aid Law Art. 48).
fn ground_description(ground: Ground) -> &'static str {
    match ground {
        Ground::Fraud => {
            "the recipient obtained legal aid by deception or other improper means (Art. 48(1))"
        }
        Ground::Concealment => {
            "the recipient deliberately concealed important facts of the case or provided false evidence (Art. 48(2))"
        }
        Ground::IllegalPurpose => {
            "the recipient used legal aid for illegal activities (Art. 48(3))"
        }
        Ground::NoLongerEligible => {
            "the recipient's finances changed and no longer meet the conditions for legal aid (Art. 48(4))"
        }
        Ground::CaseEnded => {
            "the proceedings were terminated or the case was withdrawn (Art. 48(5))"
        }
        Ground::OwnLawyer => "the recipient engaged their own lawyer or other agent (Art. 48(6))",
        Ground::RecipientRequest => {
            "the recipient asked, with good reason, to end legal aid (Art. 48(7))"
        }
        Ground::Other => "other circumstances provided by laws and regulations (Art. 48(8))",
    }
}

/// One step of the procedure, as a caseworker or director enters it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    // Eligibility review.
    SetMeans {
        household_size: u32,
        monthly_income: u32,
    },
    Confirm {
        item: Item,
        verdict: Verdict,
        reason: String,
    },
    RequestDocuments {
        items: Vec<String>,
        due: NaiveDate,
    },
    DocumentsReceived,
    DeemWithdrawn,
    /// The applicant withdraws the application (撤回), with their reason.
    Withdraw {
        reason: String,
    },
    Propose {
        grant: bool,
        reason_code: ReasonCode,
        text: String,
        standard: Option<String>,
    },
    Approve {
        note: String,
    },
    Return {
        note: String,
    },
    EmergencyAid,
    Object {
        against: Against,
    },
    DecideObjection {
        upheld: bool,
        note: String,
    },
    // Assignment and handling.
    Assign {
        provider: String,
        reason: Option<String>,
    },
    Reassign {
        provider: String,
        reason: String,
    },
    AgreementSigned,
    Note {
        text: String,
    },
    /// Strikes out note number `note` (from 1), filed by mistake; the note
    /// stays, marked, with the reason.
    StrikeNote {
        note: u32,
        reason: String,
    },
    Conclude {
        outcome: String,
        /// The coded result and the amounts, for the national tables.
        result: Option<crate::domain::case::CaseResult>,
    },
    Terminate {
        ground: Ground,
    },
    SubmitFile,
    ReviewFile {
        /// Yuan paid; None: the standard.
        amount: Option<u32>,
        /// The policy's standard for the case's kind (filled in by the store).
        standard: u32,
        reason: Option<String>,
    },
    Archive,
    /// A follow-up with the recipient (回访).
    FollowUp {
        record: crate::domain::quality::FollowUpInput,
    },
    /// Proposes the handling payment of a reviewed file (办案补贴): the
    /// standard unless an amount is given with its reason.
    Pay {
        amount: Option<u32>,
        reason: Option<String>,
        cross_region: bool,
        /// The funds it is charged to (the lottery project's cases are
        /// reported on their own).
        source: crate::domain::funds::Source,
        /// The payee and the rates in force (filled in by the store).
        priced: Option<crate::domain::funds::Priced>,
    },
    /// A director approves entry `seq` of the case's ledger.
    ApprovePayment {
        seq: u32,
    },
    /// The finance office paid entry `seq` against a voucher.
    RecordPaid {
        seq: u32,
        voucher: String,
    },
    /// A peer reviewer's score sheet for the closed file (同行评估).
    Score {
        items: Vec<u32>,
        total: u32,
        note: String,
        /// The policy's sheet and grades, and the rates' grade percents
        /// (filled in by the store).
        rules: Option<(crate::domain::quality::QualityPolicy, [u32; 4])>,
    },
}

impl Step {
    /// The step's name in events and translations (`procedure.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Step::SetMeans { .. } => "set_means",
            Step::Confirm { .. } => "confirm",
            Step::RequestDocuments { .. } => "request_documents",
            Step::DocumentsReceived => "documents_received",
            Step::DeemWithdrawn => "deem_withdrawn",
            Step::Withdraw { .. } => "withdraw",
            Step::Propose { .. } => "propose",
            Step::Approve { .. } => "approve",
            Step::Return { .. } => "return",
            Step::EmergencyAid => "emergency_aid",
            Step::Object { .. } => "object",
            Step::DecideObjection { .. } => "decide_objection",
            Step::Assign { .. } => "assign",
            Step::Reassign { .. } => "reassign",
            Step::AgreementSigned => "agreement_signed",
            Step::Note { .. } => "note",
            Step::StrikeNote { .. } => "strike_note",
            Step::Conclude { .. } => "conclude",
            Step::Terminate { .. } => "terminate",
            Step::SubmitFile => "submit_file",
            Step::ReviewFile { .. } => "review_file",
            Step::Archive => "archive",
            Step::FollowUp { .. } => "follow_up",
            Step::Pay { .. } => "pay",
            Step::ApprovePayment { .. } => "approve_payment",
            Step::RecordPaid { .. } => "record_paid",
            Step::Score { .. } => "score",
        }
    }
}

impl Step {
    /// The step with its text through the one text rule (`text::clean`;
    /// a note and a decision's text may have several lines), or why not.
    pub fn cleaned(self) -> Result<Step, Refusal> {
        let line = |field: &str, s: String| {
            text::clean(&s).map_err(|e| Refusal::from(Why::text(field, e)))
        };
        let lines = |field: &str, s: String| {
            text::clean_multiline(&s).map_err(|e| Refusal::from(Why::text(field, e)))
        };
        let opt = |field: &str, s: Option<String>| s.map(|s| line(field, s)).transpose();
        Ok(match self {
            Step::Confirm {
                item,
                verdict,
                reason,
            } => Step::Confirm {
                item,
                verdict,
                reason: line("reason", reason)?,
            },
            Step::RequestDocuments { items, due } => Step::RequestDocuments {
                items: items
                    .into_iter()
                    .map(|i| line("document", i))
                    .collect::<Result<_, _>>()?,
                due,
            },
            Step::Propose {
                grant,
                reason_code,
                text,
                standard,
            } => Step::Propose {
                grant,
                reason_code,
                text: lines("text", text)?,
                standard: opt("standard", standard)?,
            },
            Step::Approve { note } => Step::Approve {
                note: line("note", note)?,
            },
            Step::Withdraw { reason } => Step::Withdraw {
                reason: line("reason", reason)?,
            },
            Step::Return { note } => Step::Return {
                note: line("note", note)?,
            },
            Step::DecideObjection { upheld, note } => Step::DecideObjection {
                upheld,
                note: line("note", note)?,
            },
            Step::Assign { provider, reason } => Step::Assign {
                provider: line("provider", provider)?,
                reason: opt("reason", reason)?,
            },
            Step::Reassign { provider, reason } => Step::Reassign {
                provider: line("provider", provider)?,
                reason: line("reason", reason)?,
            },
            Step::Note { text } => Step::Note {
                text: lines("note", text)?,
            },
            Step::StrikeNote { note, reason } => Step::StrikeNote {
                note,
                reason: line("reason", reason)?,
            },
            Step::Conclude { outcome, result } => Step::Conclude {
                outcome: line("outcome", outcome)?,
                result,
            },
            Step::ReviewFile {
                amount,
                standard,
                reason,
            } => Step::ReviewFile {
                amount,
                standard,
                reason: opt("reason", reason)?,
            },
            Step::FollowUp { mut record } => {
                record.comments = lines("comments", record.comments)?;
                record.action = lines("action", record.action)?;
                Step::FollowUp { record }
            }
            Step::Pay {
                amount,
                reason,
                cross_region,
                source,
                priced,
            } => Step::Pay {
                amount,
                reason: opt("reason", reason)?,
                cross_region,
                source,
                priced,
            },
            Step::RecordPaid { seq, voucher } => Step::RecordPaid {
                seq,
                voucher: line("voucher", voucher)?,
            },
            Step::Score {
                items,
                total,
                note,
                rules,
            } => Step::Score {
                items,
                total,
                note: lines("note", note)?,
                rules,
            },
            other @ (Step::Object { .. }
            | Step::Terminate { .. }
            | Step::SetMeans { .. }
            | Step::DocumentsReceived
            | Step::DeemWithdrawn
            | Step::EmergencyAid
            | Step::AgreementSigned
            | Step::SubmitFile
            | Step::ApprovePayment { .. }
            | Step::Archive) => other,
        })
    }
}

/// Takes one step on a case: the new case (revision unchanged) and the
/// events, a `Step` event first and a `status` update when it changed.
pub fn apply(case: &Case, step: &Step, ctx: &Ctx) -> Result<(Case, Vec<Change>), Refusal> {
    admit(case, step)?;
    let mut c = case.clone();
    let today = ctx.today;
    let detail = match step {
        Step::SetMeans {
            household_size,
            monthly_income,
        } => set_means(&mut c, *household_size, *monthly_income),
        Step::Confirm {
            item,
            verdict,
            reason,
        } => confirm(&mut c, ctx, *item, *verdict, reason),
        Step::RequestDocuments { items, due } => request_documents(&mut c, today, items, *due),
        Step::DocumentsReceived => documents_received(&mut c, today),
        Step::DeemWithdrawn => deem_withdrawn(&mut c, today),
        Step::Withdraw { reason } => withdraw(&mut c, reason),
        Step::Propose {
            grant,
            reason_code,
            text,
            standard,
        } => propose(&mut c, ctx, *grant, *reason_code, text, standard.as_deref()),
        Step::Approve { note } => approve(&mut c, ctx, note),
        Step::Return { note } => return_proposal(&mut c, ctx, note),
        Step::EmergencyAid => emergency_aid(&mut c, today),
        Step::Object { against } => object(&mut c, today, *against),
        Step::DecideObjection { upheld, note } => decide_objection(&mut c, today, *upheld, note),
        Step::Assign { provider, reason } => assign(&mut c, ctx, provider, reason.as_deref()),
        Step::Reassign { provider, reason } => reassign(&mut c, ctx, provider, reason),
        Step::AgreementSigned => agreement_signed(&mut c, today),
        Step::Note { text } => note(&mut c, ctx, text),
        Step::StrikeNote { note, reason } => strike_note(&mut c, ctx, *note, reason),
        Step::Conclude { outcome, result } => conclude(&mut c, today, outcome, result.as_ref()),
        Step::Terminate { ground } => terminate(&mut c, *ground),
        Step::SubmitFile => submit_file(&mut c, today),
        Step::ReviewFile {
            amount,
            standard,
            reason,
        } => review_file(
            &mut c,
            today,
            amount.unwrap_or(*standard),
            *standard,
            reason.as_deref(),
        ),
        Step::Archive => archive(&mut c, today),
        Step::FollowUp { record } => quality::follow_up(&mut c, ctx.who, today, record),
        Step::Pay {
            amount,
            reason,
            cross_region,
            source,
            priced,
        } => {
            let priced = priced.as_ref().ok_or(Why::NoPayee)?;
            funds::propose(
                &mut c,
                ctx.who,
                today,
                priced,
                *amount,
                optional(reason.as_deref()),
                *cross_region,
                *source,
            )
        }
        Step::ApprovePayment { seq } => {
            funds::approve(&mut c, ctx.who, ctx.role, today, *seq, ctx.self_approval)
        }
        Step::RecordPaid { seq, voucher } => funds::paid(&mut c, today, *seq, voucher),
        Step::Score {
            items,
            total,
            note,
            rules,
        } => {
            let (policy, percents) = rules.clone().unwrap_or_default();
            let sheet = quality::ScoreSheet {
                by: ctx.who.to_string(),
                on: today,
                items: items.clone(),
                total: *total,
                note: note.trim().to_string(),
            };
            let (detail, settled) = quality::score(&mut c, &policy, sheet)?;
            if let Some(grade) = settled {
                funds::regrade(&mut c, grade, percents);
            }
            Ok(detail)
        }
    }?;
    // A step dated before the one it follows (a backdated entry) is refused;
    // an order already wrong in old data does not block other steps.
    let before = case.steps.out_of_order(case.received);
    if let Some((field, date, after, earlier)) = c
        .steps
        .out_of_order(c.received)
        .into_iter()
        .find(|p| !before.contains(p))
    {
        return Err(Refusal::of(
            case,
            Why::OutOfOrder {
                field: Coded::new(Table::Step, field),
                date,
                after: Coded::new(Table::Step, after),
                earlier,
            },
        ));
    }
    let mut changes = vec![Change::Taken {
        step: step.code().to_string(),
        detail,
        backdated: None,
    }];
    if c.status != case.status {
        changes.push(Change::Updated {
            field: "status".to_string(),
            from: Some(case.status.code().to_string()),
            to: Some(c.status.code().to_string()),
        });
    }
    Ok((c, changes))
}

// ---------------------------------------------------------------------------
// Shared rules

/// Closed cases take only the steps that still make sense on them: a
/// follow-up on an archived case, an objection to a denial or termination
/// (and, while it is pending, its decision and notes).
fn admit(c: &Case, step: &Step) -> Result<(), Refusal> {
    let pending = pending_objection(c).is_some();
    match c.status {
        Status::Withdrawn => Err(refuse(c, Why::WithdrawnTakesNoSteps)),
        Status::Archived
            if !matches!(
                step,
                Step::FollowUp { .. }
                    | Step::Pay { .. }
                    | Step::ApprovePayment { .. }
                    | Step::RecordPaid { .. }
                    | Step::Score { .. }
            ) =>
        {
            Err(refuse(c, Why::ArchivedOnlyFollowUp))
        }
        Status::Denied | Status::Terminated => {
            let ok = match step {
                Step::Object { .. } => true,
                Step::DecideObjection { .. } | Step::Note { .. } | Step::StrikeNote { .. } => {
                    pending
                }
                _ => false,
            };
            match (ok, pending) {
                (true, _) => Ok(()),
                (false, true) => Err(refuse(c, Why::ObjectionPendingOnlyDecision)),
                (false, false) => Err(refuse(c, Why::ClosedOnlyObjection)),
            }
        }
        _ => Ok(()),
    }
}

/// Refused because of the case's state: "case 2026-0003 is received: …".
fn refuse(c: &Case, why: Why) -> Refusal {
    Refusal::of(c, why)
}

fn expect(c: &Case, ok: bool, why: Why) -> Result<(), Refusal> {
    if ok { Ok(()) } else { Err(refuse(c, why)) }
}

/// The trimmed text, or the refusal when it is empty.
fn required(text: &str, why: Why) -> Result<String, Refusal> {
    let t = text.trim();
    if t.is_empty() {
        Err(why.into())
    } else {
        Ok(t.to_string())
    }
}

fn optional(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

/// The review is open before the decision, and after emergency aid until
/// the review it postponed is approved (Law Art. 44).
fn in_review(c: &Case) -> bool {
    let approved = c
        .review
        .decision
        .as_ref()
        .is_some_and(|d| d.approved_by.is_some());
    c.status.is_undecided()
        || (c.review.emergency_aid.is_some() && !approved && !c.status.is_closed())
}

/// The decision proposed and not yet approved.
fn proposal(c: &mut Case) -> Option<&mut Decision> {
    c.review
        .decision
        .as_mut()
        .filter(|d| d.approved_by.is_none())
}

fn pending_objection(c: &Case) -> Option<&Objection> {
    c.review.objection.as_ref().filter(|o| o.outcome.is_none())
}

fn decision_word(grant: bool) -> &'static str {
    if grant { "grant" } else { "denial" }
}

// ---------------------------------------------------------------------------
// Eligibility review (审查)

fn set_means(c: &mut Case, household_size: u32, monthly_income: u32) -> Result<Detail, Refusal> {
    expect(c, in_review(c), Why::MeansOnlyInReview)?;
    if household_size == 0 {
        return Err(Why::HouseholdAtLeastOne.into());
    }
    c.review.household_size = Some(household_size);
    c.review.monthly_income = Some(monthly_income);
    Ok(Detail::Means {
        household_size,
        monthly_income,
    })
}

fn confirm(
    c: &mut Case,
    ctx: &Ctx,
    item: Item,
    verdict: Verdict,
    reason: &str,
) -> Result<Detail, Refusal> {
    expect(c, in_review(c), Why::ConfirmOnlyInReview)?;
    // Whoever sets an item by hand says why: the reason is what the
    // decision relies on (an override of the means test, Art. 34).
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Why::VerdictNeedsReason {
            verdict: Coded::new(Table::Verdict, verdict.code()),
            item: Coded::new(Table::Item, item.code()),
        }
        .into());
    }
    c.review.overrides.push(CheckOverride {
        item: item.code().to_string(),
        verdict: verdict.code().to_string(),
        reason: reason.to_string(),
        who: ctx.who.to_string(),
        on: ctx.today,
    });
    Ok(Detail::Confirmed {
        item: item.code().to_string(),
        verdict: verdict.code().to_string(),
        reason: reason.to_string(),
    })
}

/// 补充材料: one notice lists every missing document; the review clock
/// stops until they arrive (Law Art. 43; MOJ rules 2012 Art. 13).
fn request_documents(
    c: &mut Case,
    today: NaiveDate,
    items: &[String],
    due: NaiveDate,
) -> Result<Detail, Refusal> {
    if let Some(on) = c.steps.documents_requested {
        return Err(refuse(c, Why::DocumentsAlreadyRequested { on }));
    }
    expect(c, c.status == Status::Received, Why::DocumentsOnlyInReview)?;
    expect(
        c,
        c.channel != Channel::Notified,
        Why::NotifiedAsksNoDocuments,
    )?;
    let items: Vec<String> = items
        .iter()
        .map(|i| i.trim().to_string())
        .filter(|i| !i.is_empty())
        .collect();
    if items.is_empty() {
        return Err(Why::SupplementNeedsDocument.into());
    }
    if due <= today {
        return Err(Why::SupplementDateNotAfterToday { due, today }.into());
    }
    if due > super::record::LATEST {
        return Err(Why::SupplementDateTooLate {
            due,
            latest: super::record::LATEST,
        }
        .into());
    }
    c.review.documents_missing = items.clone();
    c.steps.documents_requested = Some(today);
    c.steps.documents_due = Some(due);
    c.steps.documents_received = None;
    c.status = Status::AwaitingDocuments;
    Ok(Detail::DocumentsRequested { items, due })
}

fn documents_received(c: &mut Case, today: NaiveDate) -> Result<Detail, Refusal> {
    expect(
        c,
        c.status == Status::AwaitingDocuments,
        Why::OnlyAwaitingReceives,
    )?;
    let waited = c
        .steps
        .documents_requested
        .map_or(0, |on| (today - on).num_days());
    c.steps.documents_received = Some(today);
    c.status = Status::Received;
    Ok(Detail::DocumentsReceived {
        waited_days: waited,
    })
}

/// The supplement date passed without the documents: the application is
/// deemed withdrawn (Law Art. 43).
fn deem_withdrawn(c: &mut Case, today: NaiveDate) -> Result<Detail, Refusal> {
    expect(
        c,
        c.status == Status::AwaitingDocuments,
        Why::OnlyAwaitingDeemed,
    )?;
    let due = c.steps.documents_due.unwrap_or(NaiveDate::MAX);
    if due >= today {
        return Err(refuse(c, Why::SupplementNotPassed { due }));
    }
    c.status = Status::Withdrawn;
    c.closing_reason = Some(DEEMED_WITHDRAWN.to_string());
    Ok(Detail::DeemedWithdrawn { due })
}

/// The applicant withdraws the application (撤回, at their word), with
/// their reason: an open case only, not one concluded (a closed one is
/// refused by `admit` before).
fn withdraw(c: &mut Case, reason: &str) -> Result<Detail, Refusal> {
    let reason = required(reason, Why::WithdrawalNeedsReason)?;
    expect(c, c.status != Status::Concluded, Why::OnlyOpenWithdrawn)?;
    c.status = Status::Withdrawn;
    c.closing_reason = Some(reason.clone());
    Ok(Detail::Withdrawn { reason })
}

// ---------------------------------------------------------------------------
// Decision and approval (决定, 审批)

fn propose(
    c: &mut Case,
    ctx: &Ctx,
    grant: bool,
    code: ReasonCode,
    text: &str,
    standard: Option<&str>,
) -> Result<Detail, Refusal> {
    expect(
        c,
        c.status != Status::AwaitingDocuments,
        Why::DocumentsBeforeDecision,
    )?;
    expect(c, in_review(c), Why::ProposeOnlyInReview)?;
    let text = text.trim();
    let codes = |grant: bool| {
        let codes: Vec<&str> = ReasonCode::for_decision(grant)
            .iter()
            .map(|c| c.code())
            .collect();
        super::codes::or_list(&codes)
    };
    // A denial is given in writing, with reasons (Law Art. 43).
    if !grant && text.is_empty() {
        return Err(Why::DenialNeedsReason {
            expected: codes(false),
        }
        .into());
    }
    if !code.fits(grant) {
        return Err(Why::NotAReason {
            code: code.code().to_string(),
            decision: Coded::new(Table::Word, decision_word(grant)),
            expected: codes(grant),
        }
        .into());
    }
    if code == ReasonCode::Other && text.is_empty() {
        return Err(Why::OtherNeedsText.into());
    }
    c.review.decision = Some(Decision {
        grant,
        reason_code: code.code().to_string(),
        text: text.to_string(),
        proposed_by: ctx.who.to_string(),
        proposed_on: ctx.today,
        approved_by: None,
        approved_on: None,
        standard: optional(standard),
    });
    Ok(Detail::Proposed {
        grant,
        reason_code: code.code().to_string(),
        text: text.to_string(),
    })
}

fn may_approve(c: &Case, ctx: &Ctx, verb: &str) -> Result<(), Refusal> {
    if ctx.role.may_approve() {
        Ok(())
    } else {
        Err(refuse(
            c,
            Why::DirectorOnly {
                action: Coded::new(Table::Word, verb),
                role: Coded::new(Table::Role, ctx.role),
            },
        ))
    }
}

fn approve(c: &mut Case, ctx: &Ctx, note: &str) -> Result<Detail, Refusal> {
    may_approve(c, ctx, "approve")?;
    let emergency = c.review.emergency_aid.is_some();
    let Some(d) = proposal(c) else {
        return Err(refuse(c, Why::NoProposalToApprove));
    };
    // Separation of duties: the proposer never approves their own proposal.
    if d.proposed_by == ctx.who && !ctx.self_approval {
        let who = d.proposed_by.clone();
        return Err(refuse(c, Why::OwnProposal { who }));
    }
    d.approved_by = Some(ctx.who.to_string());
    d.approved_on = Some(ctx.today);
    let (grant, code) = (d.grant, d.reason_code.clone());
    // After emergency aid the decision date is the day aid was given.
    if !emergency {
        c.steps.decided = Some(ctx.today);
    }
    if grant {
        if c.status.is_undecided() {
            c.status = Status::Granted;
        }
    } else {
        c.status = Status::Denied;
        if emergency {
            c.closing_reason = Some(DENIED_AFTER_EMERGENCY.to_string());
        }
    }
    Ok(Detail::Approved {
        grant,
        reason_code: code,
        note: note.trim().to_string(),
    })
}

fn return_proposal(c: &mut Case, ctx: &Ctx, note: &str) -> Result<Detail, Refusal> {
    may_approve(c, ctx, "return_proposal")?;
    let Some(grant) = proposal(c).map(|d| d.grant) else {
        return Err(refuse(c, Why::NoProposalToReturn));
    };
    let note = required(note, Why::ReturnNeedsNote)?;
    c.review.decision = None;
    Ok(Detail::Returned { grant, note })
}

/// 先行提供 (Law Art. 44): a limitation period or filing deadline is less
/// than 7 days away, so aid is given now and the review completed afterwards.
fn emergency_aid(c: &mut Case, today: NaiveDate) -> Result<Detail, Refusal> {
    expect(c, c.status.is_undecided(), Why::EmergencyOnlyBeforeDecision)?;
    c.status = Status::Granted;
    c.steps.decided = Some(today);
    c.review.emergency_aid = Some(today);
    Ok(Detail::EmergencyAid)
}

// ---------------------------------------------------------------------------
// Objection (异议, Law Art. 49): decided by the justice bureau within 5 days

fn object(c: &mut Case, today: NaiveDate, against: Against) -> Result<Detail, Refusal> {
    let decided = match c.status {
        Status::Denied => Against::Denial,
        Status::Terminated => Against::Termination,
        _ => {
            return Err(refuse(c, Why::ObjectOnlyDenialOrTermination));
        }
    };
    if against != decided {
        return Err(refuse(
            c,
            Why::ObjectionOnlyAgainst {
                decided: Coded::new(Table::Word, decided.code()),
            },
        ));
    }
    if let Some(o) = &c.review.objection {
        match (o.outcome.as_deref(), o.decided) {
            (None, _) => {
                return Err(refuse(c, Why::ObjectionStillPending { filed: o.filed }));
            }
            (Some("upheld"), on) => {
                return Err(refuse(
                    c,
                    Why::ObjectionUpheld {
                        filed: o.filed,
                        on,
                        decided: Coded::new(Table::Word, decided.code()),
                    },
                ));
            }
            // An earlier objection was corrected: this one is against a later decision.
            _ => {}
        }
    }
    c.review.objection = Some(Objection {
        filed: today,
        against: against.code().to_string(),
        outcome: None,
        decided: None,
    });
    c.steps.objection_filed = Some(today);
    c.steps.objection_decided = None;
    Ok(Detail::Objection {
        against: against.code().to_string(),
    })
}

/// Upheld: the denial or termination stands. Corrected: a denial reopens the
/// review; a termination is lifted and the aid resumes where it stopped.
fn decide_objection(
    c: &mut Case,
    today: NaiveDate,
    upheld: bool,
    note: &str,
) -> Result<Detail, Refusal> {
    let Some(against) = pending_objection(c).map(|o| o.against.clone()) else {
        return Err(refuse(c, Why::NoPendingObjection));
    };
    if let Some(o) = c.review.objection.as_mut() {
        o.outcome = Some(if upheld { "upheld" } else { "corrected" }.to_string());
        o.decided = Some(today);
    }
    c.steps.objection_decided = Some(today);
    match (upheld, against.as_str()) {
        (true, _) => {}
        (false, "denial") => {
            c.review.decision = None;
            c.closing_reason = None;
            if c.review.emergency_aid.is_some() {
                // Aid was given before the decision (Art. 44): it resumes
                // where it stood, and the review stays open beside it.
                c.status = resumed_status(c);
            } else {
                c.status = Status::Received;
                c.steps.decided = None;
            }
        }
        (false, _) => {
            c.status = resumed_status(c);
            c.handling.termination_ground = None;
            c.closing_reason = None;
        }
    }
    Ok(Detail::ObjectionDecided {
        against,
        upheld,
        note: note.trim().to_string(),
    })
}

/// Where a terminated case stood before the termination.
fn resumed_status(c: &Case) -> Status {
    if c.steps.concluded.is_some() {
        Status::Concluded
    } else if c.provider.is_some() && c.steps.assigned.is_some() {
        Status::Assigned
    } else {
        Status::Granted
    }
}

// ---------------------------------------------------------------------------
// Assignment and handling (指派, 承办)

/// A granted case, or a notified criminal case (no application, no review:
/// assigned within 3 days of the notice, Law Art. 36).
fn assign(
    c: &mut Case,
    ctx: &Ctx,
    provider: &str,
    reason: Option<&str>,
) -> Result<Detail, Refusal> {
    expect(c, c.status != Status::Assigned, Why::AlreadyHasProvider)?;
    let notified = c.channel == Channel::Notified && c.status.is_undecided();
    expect(
        c,
        c.status == Status::Granted || notified,
        Why::AssignOnlyGranted,
    )?;
    let provider = required(provider, Why::AssignNeedsProvider)?;
    let reason = optional(reason);
    c.handling.assignments.push(Assignment {
        provider: provider.clone(),
        on: ctx.today,
        by: ctx.who.to_string(),
        reason: reason.clone(),
    });
    c.provider = Some(provider.clone());
    c.steps.assigned = Some(ctx.today);
    c.steps.agreement_signed = None;
    c.status = Status::Assigned;
    Ok(Detail::Assigned {
        provider,
        reason: reason.unwrap_or_default(),
    })
}

/// On a complaint or a request to replace the provider (Law Art. 55). The
/// new provider signs a new agreement, counted from the reassignment.
fn reassign(c: &mut Case, ctx: &Ctx, provider: &str, reason: &str) -> Result<Detail, Refusal> {
    expect(c, c.status == Status::Assigned, Why::ReassignOnlyAssigned)?;
    let provider = required(provider, Why::ReassignNeedsProvider)?;
    let reason = required(reason, Why::ReassignNeedsReason)?;
    let from = c.provider.clone().unwrap_or_else(|| "—".to_string());
    if from == provider {
        return Err(refuse(c, Why::AlreadyAssignedTo { provider }));
    }
    c.handling.assignments.push(Assignment {
        provider: provider.clone(),
        on: ctx.today,
        by: ctx.who.to_string(),
        reason: Some(reason.clone()),
    });
    c.provider = Some(provider.clone());
    c.steps.assigned = Some(ctx.today);
    c.steps.agreement_signed = None;
    Ok(Detail::Reassigned {
        from,
        to: provider,
        reason,
    })
}

/// The agency or defence agreement (MOJ rules 2023 Art. 27: within 5 days).
fn agreement_signed(c: &mut Case, today: NaiveDate) -> Result<Detail, Refusal> {
    expect(c, c.status == Status::Assigned, Why::AgreementOnlyAssigned)?;
    if let Some(on) = c.steps.agreement_signed {
        return Err(refuse(c, Why::AgreementAlreadySigned { on }));
    }
    c.steps.agreement_signed = Some(today);
    Ok(Detail::Agreement {
        provider: c.provider.clone(),
    })
}

fn note(c: &mut Case, ctx: &Ctx, text: &str) -> Result<Detail, Refusal> {
    let text = required(text, Why::NoteNeedsText)?;
    c.notes.push(Note {
        on: ctx.today,
        who: ctx.who.to_string(),
        text: text.clone(),
        struck: None,
    });
    Ok(Detail::Note { text })
}

/// A note filed by mistake (on the wrong case, or wrong) is struck out by
/// its author or a director, with the reason: it stays in the case and the
/// history, marked, never deleted.
fn strike_note(c: &mut Case, ctx: &Ctx, number: u32, reason: &str) -> Result<Detail, Refusal> {
    let reason = required(reason, Why::StrikeNeedsReason)?;
    let count = c.notes.len() as u32;
    let Some(n) = (number as usize)
        .checked_sub(1)
        .and_then(|i| c.notes.get_mut(i))
    else {
        return Err(refuse(
            c,
            Why::NoSuchNote {
                note: number,
                count,
            },
        ));
    };
    if let Some(s) = &n.struck {
        let on = s.on;
        return Err(refuse(c, Why::NoteAlreadyStruck { note: number, on }));
    }
    if n.who != ctx.who && !ctx.role.may_approve() {
        let who = n.who.clone();
        return Err(refuse(c, Why::StrikeOthersNote { note: number, who }));
    }
    n.struck = Some(Strike {
        on: ctx.today,
        who: ctx.who.to_string(),
        reason: reason.clone(),
    });
    Ok(Detail::NoteStruck {
        note: number,
        text: n.text.clone(),
        reason,
    })
}

fn conclude(
    c: &mut Case,
    today: NaiveDate,
    outcome: &str,
    result: Option<&crate::domain::case::CaseResult>,
) -> Result<Detail, Refusal> {
    expect(c, c.status == Status::Assigned, Why::ConcludeOnlyAssigned)?;
    expect(
        c,
        c.steps.agreement_signed.is_some(),
        Why::AgreementBeforeConclusion,
    )?;
    let outcome = required(outcome, Why::ConclusionNeedsOutcome)?;
    if let Some(r) = result
        && let Some(why) = crate::domain::record::result_problems(r, c.kind, true)
            .into_iter()
            .next()
    {
        return Err(refuse(c, why));
    }
    c.result = result.cloned();
    c.outcome = Some(outcome.clone());
    c.steps.concluded = Some(today);
    c.status = Status::Concluded;
    Ok(Detail::Concluded { outcome })
}

/// 终止 on an Art. 48 ground, at any point between the grant and the conclusion.
fn terminate(c: &mut Case, ground: Ground) -> Result<Detail, Refusal> {
    expect(
        c,
        matches!(c.status, Status::Granted | Status::Assigned),
        Why::TerminateOnlyGrantedOrAssigned,
    )?;
    c.handling.termination_ground = Some(ground.code().to_string());
    c.closing_reason = Some(format!("terminated: {}", ground_description(ground)));
    c.status = Status::Terminated;
    Ok(Detail::Terminated {
        ground: ground.code().to_string(),
    })
}

// ---------------------------------------------------------------------------
// Case file, subsidy, archive, follow-up (结案归档, 办案补贴, 归档, 回访)

fn submit_file(c: &mut Case, today: NaiveDate) -> Result<Detail, Refusal> {
    expect(c, c.status == Status::Concluded, Why::SubmitOnlyConcluded)?;
    if let Some(on) = c.steps.file_submitted {
        return Err(refuse(c, Why::FileAlreadySubmitted { on }));
    }
    c.steps.file_submitted = Some(today);
    Ok(Detail::FileSubmitted {
        provider: c.provider.clone(),
    })
}

fn review_file(
    c: &mut Case,
    today: NaiveDate,
    amount: u32,
    standard: u32,
    reason: Option<&str>,
) -> Result<Detail, Refusal> {
    expect(
        c,
        c.status == Status::Concluded,
        Why::ReviewFileOnlyConcluded,
    )?;
    expect(c, c.steps.file_submitted.is_some(), Why::SubmitBeforeReview)?;
    if let Some(on) = c.steps.file_reviewed {
        return Err(refuse(c, Why::FileAlreadyReviewed { on }));
    }
    let reason = optional(reason);
    if amount != standard && reason.is_none() {
        return Err(Why::SubsidyDiffers { amount, standard }.into());
    }
    c.handling.subsidy = Some(Subsidy {
        amount,
        standard,
        reason: reason.clone(),
    });
    c.steps.file_reviewed = Some(today);
    Ok(Detail::FileReviewed {
        amount,
        standard,
        reason,
    })
}

fn archive(c: &mut Case, today: NaiveDate) -> Result<Detail, Refusal> {
    expect(c, c.status == Status::Concluded, Why::ArchiveOnlyConcluded)?;
    expect(c, c.steps.file_reviewed.is_some(), Why::ReviewBeforeArchive)?;
    c.steps.archived = Some(today);
    c.status = Status::Archived;
    Ok(Detail::Nothing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Calendar;
    use crate::domain::case::CaseNo;
    use crate::domain::codes::{Kind, Matter};
    use crate::domain::deadlines::{DeadlineKind, open_deadlines};
    use crate::domain::policy::Policy;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case(status: Status) -> Case {
        Case {
            status,
            revision: 4,
            ..Case::received(
                CaseNo::new(2026, 3),
                d("2026-03-02"),
                Kind::Civil,
                Matter::Wages,
                Channel::WalkIn,
            )
        }
    }

    fn worker(today: &str) -> Ctx<'static> {
        Ctx {
            who: "wang",
            role: Role::Caseworker,
            today: d(today),
            self_approval: false,
        }
    }

    fn director(today: &str) -> Ctx<'static> {
        Ctx {
            who: "li",
            role: Role::Director,
            today: d(today),
            self_approval: false,
        }
    }

    /// Applies a step that must succeed.
    fn ok(c: &Case, step: Step, ctx: Ctx) -> (Case, Vec<Change>) {
        apply(c, &step, &ctx).unwrap_or_else(|e| panic!("{step:?} refused: {e}"))
    }

    fn then(c: &Case, step: Step, ctx: Ctx) -> Case {
        ok(c, step, ctx).0
    }

    /// Applies a step that must be refused; the case is unchanged.
    fn refused(c: &Case, step: Step, ctx: Ctx) -> String {
        match apply(c, &step, &ctx) {
            Err(e) => crate::i18n::Lang::En.refusal(&e),
            Ok((next, _)) => panic!("{step:?} accepted: {:?}", next.status),
        }
    }

    /// What the step recorded, as an English history line shows it.
    fn detail(changes: &[Change]) -> String {
        match &changes[0] {
            Change::Taken { detail, .. } => crate::i18n::Lang::En.detail(detail),
            other => panic!("not a step: {other:?}"),
        }
    }

    fn status_change(changes: &[Change]) -> Option<(String, String)> {
        changes.iter().find_map(|ch| match ch {
            Change::Updated { field, from, to } if field == "status" => {
                Some((from.clone()?, to.clone()?))
            }
            _ => None,
        })
    }

    fn open(c: &Case) -> Vec<DeadlineKind> {
        open_deadlines(c, &Policy::default(), &Calendar::builtin())
            .into_iter()
            .map(|x| x.kind)
            .collect()
    }

    fn propose_grant() -> Step {
        Step::Propose {
            grant: true,
            reason_code: ReasonCode::HardshipMet,
            text: "符合经济困难标准".into(),
            standard: Some("effective 2026-01-01: 1200 yuan per member per month".into()),
        }
    }

    fn propose_denial() -> Step {
        Step::Propose {
            grant: false,
            reason_code: ReasonCode::NotHardship,
            text: "家庭人均收入高于标准".into(),
            standard: None,
        }
    }

    fn approve_step() -> Step {
        Step::Approve {
            note: "同意".into(),
        }
    }

    fn assign_step(provider: &str) -> Step {
        Step::Assign {
            provider: provider.into(),
            reason: None,
        }
    }

    /// A case granted on 03-04.
    fn granted() -> Case {
        let c = then(
            &case(Status::Received),
            propose_grant(),
            worker("2026-03-03"),
        );
        then(&c, approve_step(), director("2026-03-04"))
    }

    /// Granted, assigned on 03-05, agreement signed on 03-06.
    fn in_progress() -> Case {
        let c = then(&granted(), assign_step("P-0003"), worker("2026-03-05"));
        then(&c, Step::AgreementSigned, worker("2026-03-06"))
    }

    /// Concluded on 06-01, file submitted on 06-10.
    fn submitted() -> Case {
        let c = then(
            &in_progress(),
            Step::Conclude {
                outcome: "调解结案".into(),
                result: None,
            },
            worker("2026-06-01"),
        );
        then(&c, Step::SubmitFile, worker("2026-06-10"))
    }

    fn denied() -> Case {
        let c = then(
            &case(Status::Received),
            propose_denial(),
            worker("2026-03-03"),
        );
        then(&c, approve_step(), director("2026-03-04"))
    }

    #[test]
    fn step_codes_are_distinct_snake_case() {
        let steps = [
            Step::SetMeans {
                household_size: 1,
                monthly_income: 0,
            },
            Step::DocumentsReceived,
            Step::DeemWithdrawn,
            Step::EmergencyAid,
            Step::AgreementSigned,
            Step::SubmitFile,
            Step::Archive,
            Step::Return {
                note: String::new(),
            },
            Step::FollowUp {
                record: crate::domain::input::follow_up("1 满意").unwrap(),
            },
        ];
        let codes: Vec<&str> = steps.iter().map(Step::code).collect();
        assert_eq!(
            codes,
            [
                "set_means",
                "documents_received",
                "deem_withdrawn",
                "emergency_aid",
                "agreement_signed",
                "submit_file",
                "archive",
                "return",
                "follow_up"
            ]
        );
        // The serialized name is the code.
        let json = serde_json::to_string(&Step::DeemWithdrawn).unwrap();
        assert_eq!(json, "\"deem_withdrawn\"");
        let back: Step =
            serde_json::from_str(&serde_json::to_string(&propose_grant()).unwrap()).unwrap();
        assert_eq!(back, propose_grant());
    }

    #[test]
    fn each_reason_fits_its_decision_and_each_ground_names_art_48() {
        for code in ReasonCode::ALL {
            let fits = [true, false].map(|grant| code.fits(grant));
            let both = *code == ReasonCode::Other;
            assert_eq!(fits, if both { [true, true] } else { fits }, "{code}");
            assert!(fits.contains(&true), "{code} fits no decision");
            assert!(both || fits != [true, true], "{code} fits both");
        }
        assert!(
            Ground::ALL
                .iter()
                .all(|g| ground_description(*g).contains("Art. 48"))
        );
    }

    #[test]
    fn set_means_and_confirm() {
        let c = case(Status::Received);
        let (c, changes) = ok(
            &c,
            Step::SetMeans {
                household_size: 3,
                monthly_income: 2400,
            },
            worker("2026-03-03"),
        );
        assert_eq!(c.review.household_size, Some(3));
        assert_eq!(c.review.monthly_income, Some(2400));
        assert_eq!(
            detail(&changes),
            "household of 3, 2400 yuan a month (800 per member)"
        );
        assert_eq!(changes.len(), 1, "no status change");
        assert_eq!(c.revision, 4, "the store bumps the revision");

        let (c, changes) = ok(
            &c,
            Step::Confirm {
                item: Item::Identity,
                verdict: Verdict::Pass,
                reason: "身份证原件已核验".into(),
            },
            worker("2026-03-03"),
        );
        let o = &c.review.overrides[0];
        assert_eq!(
            (o.item.as_str(), o.verdict.as_str(), o.who.as_str(), o.on),
            ("identity", "pass", "wang", d("2026-03-03"))
        );
        assert_eq!(detail(&changes), "Identity: pass — 身份证原件已核验");
    }

    #[test]
    fn set_means_and_confirm_refusals() {
        let c = case(Status::Received);
        let ctx = worker("2026-03-03");
        let means = |n| Step::SetMeans {
            household_size: n,
            monthly_income: 1000,
        };
        assert_eq!(
            refused(&c, means(0), ctx),
            "a household has at least one member"
        );
        assert_eq!(
            refused(&in_progress(), means(2), ctx),
            "case 2026-0003 is assigned: the household's means are recorded only during the review"
        );
        // An item or a verdict that does not exist cannot be sent: the
        // CLI and the app offer only those that do.
        let confirm = |item: Item, verdict: Verdict, reason: &str| Step::Confirm {
            item,
            verdict,
            reason: reason.into(),
        };
        assert!(
            refused(&c, confirm(Item::Scope, Verdict::Fail, " "), ctx)
                .starts_with("a fail verdict on Scope needs a reason")
        );
        // A pass set by hand needs its reason too: a decision may rely on it.
        assert!(
            refused(&c, confirm(Item::Hardship, Verdict::Pass, ""), ctx)
                .starts_with("a pass verdict on Economic hardship needs a reason")
        );
    }

    #[test]
    fn a_notified_defence_is_asked_for_no_documents() {
        let mut c = case(Status::Received);
        c.channel = Channel::Notified;
        let step = Step::RequestDocuments {
            items: vec!["身份证".into()],
            due: d("2026-12-20"),
        };
        let err = refused(&c, step, worker("2026-11-26"));
        assert!(err.contains("Art. 25, 36"), "{err}");
    }

    #[test]
    fn request_documents_stops_the_review_clock() {
        let c = case(Status::Received);
        let (c, changes) = ok(
            &c,
            Step::RequestDocuments {
                items: vec!["身份证复印件".into(), " ".into(), "经济困难申报表".into()],
                due: d("2026-03-13"),
            },
            worker("2026-03-03"),
        );
        assert_eq!(c.status, Status::AwaitingDocuments);
        assert_eq!(c.steps.documents_requested, Some(d("2026-03-03")));
        assert_eq!(c.steps.documents_due, Some(d("2026-03-13")));
        assert_eq!(
            c.review.documents_missing,
            ["身份证复印件", "经济困难申报表"]
        );
        assert_eq!(
            detail(&changes),
            "身份证复印件, 经济困难申报表 due 2026-03-13"
        );
        assert_eq!(
            status_change(&changes),
            Some(("received".into(), "awaiting_documents".into()))
        );
        // While the clock is stopped only the supplement date is open.
        assert_eq!(open(&c), [DeadlineKind::Supplement]);

        let (c, changes) = ok(&c, Step::DocumentsReceived, worker("2026-03-06"));
        assert_eq!(c.status, Status::Received);
        assert_eq!(c.steps.documents_received, Some(d("2026-03-06")));
        assert_eq!(
            detail(&changes),
            "3 days after the notice; the review clock restarts"
        );
        assert_eq!(open(&c), [DeadlineKind::Review]);
    }

    #[test]
    fn request_documents_refusals() {
        let c = case(Status::Received);
        let ctx = worker("2026-03-03");
        let req = |items: Vec<&str>, due: &str| Step::RequestDocuments {
            items: items.into_iter().map(String::from).collect(),
            due: d(due),
        };
        assert_eq!(
            refused(&c, req(vec![" "], "2026-03-13"), ctx),
            "a supplement notice needs at least one document"
        );
        assert!(refused(&c, req(vec!["ID"], "2026-03-03"), ctx).contains("must be after today"));
        let waiting = then(&c, req(vec!["ID"], "2026-03-13"), ctx);
        assert_eq!(
            refused(&waiting, req(vec!["more"], "2026-03-20"), ctx),
            "case 2026-0003 is awaiting documents: documents were already requested on 2026-03-03 (one notice lists them all)"
        );
        assert_eq!(
            refused(&c, Step::DocumentsReceived, ctx),
            "case 2026-0003 is received: only a case awaiting documents can receive them"
        );
        assert!(refused(&waiting, propose_grant(), ctx).contains("before proposing a decision"));
    }

    #[test]
    fn deemed_withdrawn_after_the_supplement_date() {
        let c = then(
            &case(Status::Received),
            Step::RequestDocuments {
                items: vec!["劳动合同".into()],
                due: d("2026-03-13"),
            },
            worker("2026-03-03"),
        );
        assert_eq!(
            refused(&c, Step::DeemWithdrawn, worker("2026-03-13")),
            "case 2026-0003 is awaiting documents: the supplement date 2026-03-13 has not passed yet"
        );
        let (c, changes) = ok(&c, Step::DeemWithdrawn, worker("2026-03-14"));
        assert_eq!(c.status, Status::Withdrawn);
        assert_eq!(
            c.closing_reason.as_deref(),
            Some("deemed withdrawn (Law Art. 43)")
        );
        assert_eq!(
            status_change(&changes),
            Some(("awaiting_documents".into(), "withdrawn".into()))
        );
        // Closed: nothing more, not even a note.
        for step in [
            Step::DocumentsReceived,
            Step::Note { text: "x".into() },
            Step::FollowUp {
                record: crate::domain::input::follow_up("1 满意").unwrap(),
            },
        ] {
            assert_eq!(
                refused(&c, step, worker("2026-03-15")),
                "case 2026-0003 is withdrawn: a withdrawn case takes no further steps"
            );
        }
        assert!(open(&c).is_empty());
    }

    #[test]
    fn propose_keeps_the_status() {
        let (c, changes) = ok(
            &case(Status::Received),
            propose_grant(),
            worker("2026-03-03"),
        );
        assert_eq!(c.status, Status::Received);
        assert_eq!(changes.len(), 1);
        assert_eq!(
            detail(&changes),
            "grant, Economic hardship met (Art. 34) — 符合经济困难标准"
        );
        let dec = c.review.decision.as_ref().unwrap();
        assert!(dec.grant);
        assert_eq!(dec.proposed_by, "wang");
        assert_eq!(dec.proposed_on, d("2026-03-03"));
        assert_eq!(dec.approved_by, None);
        assert!(dec.standard.as_deref().unwrap().contains("1200"));
    }

    #[test]
    fn propose_refusals() {
        let c = case(Status::Received);
        let ctx = worker("2026-03-03");
        let deny = |code: ReasonCode, text: &str| Step::Propose {
            grant: false,
            reason_code: code,
            text: text.into(),
            standard: None,
        };
        for step in [
            deny(ReasonCode::NotInScope, ""),
            deny(ReasonCode::NotInScope, " "),
        ] {
            assert!(refused(&c, step, ctx).starts_with("a denial needs a reason"));
        }
        assert!(
            refused(&c, deny(ReasonCode::HardshipMet, "x"), ctx)
                .starts_with("'hardship_met' is not a denial reason")
        );
        let grant = |code: ReasonCode| Step::Propose {
            grant: true,
            reason_code: code,
            text: String::new(),
            standard: None,
        };
        assert!(
            refused(&c, grant(ReasonCode::NotHardship), ctx)
                .starts_with("'not_hardship' is not a grant reason")
        );
        assert_eq!(
            refused(&c, grant(ReasonCode::Other), ctx),
            "the reason 'other' needs a text"
        );
        assert_eq!(
            refused(&granted(), propose_grant(), ctx),
            "case 2026-0003 is granted: a decision is proposed only during the review"
        );
    }

    #[test]
    fn approval_needs_a_director() {
        let c = then(
            &case(Status::Received),
            propose_grant(),
            worker("2026-03-03"),
        );
        assert_eq!(
            refused(&c, approve_step(), worker("2026-03-04")),
            "case 2026-0003 is received: only a director or admin may approve (you are a caseworker)"
        );
        assert_eq!(
            refused(
                &case(Status::Received),
                approve_step(),
                director("2026-03-04")
            ),
            "case 2026-0003 is received: there is no proposed decision to approve"
        );
        let admin = Ctx {
            role: Role::Admin,
            ..director("2026-03-04")
        };
        let (c, changes) = ok(&c, approve_step(), admin);
        assert_eq!(c.status, Status::Granted);
        assert_eq!(c.steps.decided, Some(d("2026-03-04")));
        let dec = c.review.decision.as_ref().unwrap();
        assert_eq!(dec.approved_by.as_deref(), Some("li"));
        assert_eq!(dec.approved_on, Some(d("2026-03-04")));
        assert_eq!(
            detail(&changes),
            "grant, Economic hardship met (Art. 34) — 同意"
        );
        assert_eq!(
            status_change(&changes),
            Some(("received".into(), "granted".into()))
        );
        assert_eq!(open(&c), [DeadlineKind::AssignAfterGrant]);
    }

    #[test]
    fn approved_denial_closes_the_case() {
        let c = denied();
        assert_eq!(c.status, Status::Denied);
        assert_eq!(c.steps.decided, Some(d("2026-03-04")));
        assert!(open(&c).is_empty());
        assert_eq!(
            refused(&c, assign_step("P-0001"), worker("2026-03-05")),
            "case 2026-0003 is denied: the case is closed: only an objection (Law Art. 49) can be filed"
        );
    }

    #[test]
    fn a_returned_proposal_is_withdrawn_with_a_note() {
        let c = then(
            &case(Status::Received),
            propose_denial(),
            worker("2026-03-03"),
        );
        let back = |note: &str| Step::Return { note: note.into() };
        assert_eq!(
            refused(&c, back("补充核查"), worker("2026-03-04")),
            "case 2026-0003 is received: only a director or admin may return a proposal (you are a caseworker)"
        );
        assert_eq!(
            refused(&c, back(" "), director("2026-03-04")),
            "returning a proposal needs a note saying why"
        );
        let (c, changes) = ok(&c, back("收入证明需核实"), director("2026-03-04"));
        assert_eq!(c.review.decision, None);
        assert_eq!(c.status, Status::Received);
        assert_eq!(detail(&changes), "denial: 收入证明需核实");
        assert!(
            refused(&c, back("again"), director("2026-03-04")).contains("no proposed decision")
        );
    }

    #[test]
    fn emergency_aid_then_a_completed_review() {
        let c = case(Status::Received);
        let (c, changes) = ok(&c, Step::EmergencyAid, worker("2026-03-03"));
        assert_eq!(c.status, Status::Granted);
        assert_eq!(c.steps.decided, Some(d("2026-03-03")));
        assert_eq!(c.review.emergency_aid, Some(d("2026-03-03")));
        assert_eq!(
            status_change(&changes),
            Some(("received".into(), "granted".into()))
        );
        assert_eq!(
            refused(&c, Step::EmergencyAid, worker("2026-03-03")),
            "case 2026-0003 is granted: emergency aid is given only before the decision"
        );

        // Aid goes ahead while the review is completed.
        let c = then(&c, assign_step("P-0007"), worker("2026-03-04"));
        let c = then(
            &c,
            Step::SetMeans {
                household_size: 2,
                monthly_income: 1800,
            },
            worker("2026-03-05"),
        );
        let c = then(&c, propose_grant(), worker("2026-03-05"));
        let (c, changes) = ok(&c, approve_step(), director("2026-03-06"));
        assert_eq!(c.status, Status::Assigned, "the aid goes on");
        assert_eq!(changes.len(), 1, "no status change");
        assert_eq!(
            c.steps.decided,
            Some(d("2026-03-03")),
            "decided when aid was given"
        );
        assert!(c.review.decision.as_ref().unwrap().approved_by.is_some());
        // The review is complete now.
        assert!(
            refused(&c, propose_grant(), worker("2026-03-07"))
                .contains("a decision is proposed only during the review")
        );
    }

    #[test]
    fn emergency_aid_then_a_denial() {
        let c = then(
            &case(Status::Received),
            Step::EmergencyAid,
            worker("2026-03-03"),
        );
        let c = then(&c, propose_denial(), worker("2026-03-05"));
        let c = then(&c, approve_step(), director("2026-03-06"));
        assert_eq!(c.status, Status::Denied);
        assert_eq!(
            c.closing_reason.as_deref(),
            Some("denied after emergency aid (Law Art. 44)")
        );
    }

    #[test]
    fn an_objection_to_a_denial_corrected_reopens_the_review() {
        let c = denied();
        let (c, changes) = ok(
            &c,
            Step::Object {
                against: Against::Denial,
            },
            worker("2026-03-09"),
        );
        assert_eq!(c.status, Status::Denied);
        assert_eq!(c.steps.objection_filed, Some(d("2026-03-09")));
        assert_eq!(detail(&changes), "against the denial (Law Art. 49)");
        let o = c.review.objection.as_ref().unwrap();
        assert_eq!(
            (o.filed, o.against.as_str(), o.outcome.as_ref()),
            (d("2026-03-09"), "denial", None)
        );
        // The objection deadline stays open on the closed case.
        assert_eq!(open(&c), [DeadlineKind::Objection]);
        // While pending: a note, its decision, nothing else.
        then(
            &c,
            Step::Note {
                text: "司法局已受理".into(),
            },
            worker("2026-03-10"),
        );
        assert_eq!(
            refused(
                &c,
                Step::Object {
                    against: Against::Denial
                },
                worker("2026-03-10")
            ),
            "case 2026-0003 is denied: the objection filed on 2026-03-09 is still pending"
        );
        assert_eq!(
            refused(&c, propose_grant(), worker("2026-03-10")),
            "case 2026-0003 is denied: while the objection is pending only its decision or a note can be recorded"
        );

        let (c, changes) = ok(
            &c,
            Step::DecideObjection {
                upheld: false,
                note: "应予援助".into(),
            },
            worker("2026-03-12"),
        );
        assert_eq!(c.status, Status::Received);
        assert_eq!(c.review.decision, None);
        assert_eq!(c.steps.decided, None);
        assert_eq!(c.steps.objection_decided, Some(d("2026-03-12")));
        let o = c.review.objection.as_ref().unwrap();
        assert_eq!(
            (o.outcome.as_deref(), o.decided),
            (Some("corrected"), Some(d("2026-03-12")))
        );
        assert_eq!(
            detail(&changes),
            "denial corrected: the review reopens — 应予援助"
        );
        assert_eq!(
            status_change(&changes),
            Some(("denied".into(), "received".into()))
        );
        // The review goes on to a grant.
        let c = then(&c, propose_grant(), worker("2026-03-13"));
        let c = then(&c, approve_step(), director("2026-03-13"));
        assert_eq!(c.status, Status::Granted);
    }

    #[test]
    fn an_upheld_objection_keeps_the_case_closed() {
        let c = then(
            &denied(),
            Step::Object {
                against: Against::Denial,
            },
            worker("2026-03-09"),
        );
        let (c, changes) = ok(
            &c,
            Step::DecideObjection {
                upheld: true,
                note: String::new(),
            },
            director("2026-03-11"),
        );
        assert_eq!(c.status, Status::Denied);
        assert_eq!(detail(&changes), "denial upheld");
        assert!(open(&c).is_empty());
        assert_eq!(
            refused(
                &c,
                Step::Object {
                    against: Against::Denial
                },
                worker("2026-03-12")
            ),
            "case 2026-0003 is denied: the objection filed on 2026-03-09 was decided on 2026-03-11: the denial was upheld"
        );
        assert!(
            refused(&c, Step::Note { text: "x".into() }, worker("2026-03-12"))
                .contains("the case is closed")
        );
    }

    #[test]
    fn objection_refusals() {
        let ctx = worker("2026-03-09");
        let obj = |a: &str| Step::Object {
            against: Against::from_code(a).unwrap(),
        };
        assert_eq!(
            refused(&granted(), obj("denial"), ctx),
            "case 2026-0003 is granted: only a denial or a termination can be objected to (Law Art. 49)"
        );
        assert_eq!(
            refused(&denied(), obj("termination"), ctx),
            "case 2026-0003 is denied: the objection can only be against the denial"
        );
        // Only a denial or a termination can be named at all.
        assert_eq!(Against::from_code("grant"), None);
        assert!(
            refused(
                &granted(),
                Step::DecideObjection {
                    upheld: true,
                    note: String::new()
                },
                ctx
            )
            .contains("there is no pending objection")
        );
    }

    #[test]
    fn a_corrected_termination_resumes_the_aid() {
        let c = then(
            &in_progress(),
            Step::Terminate {
                ground: Ground::OwnLawyer,
            },
            worker("2026-03-20"),
        );
        let c = then(
            &c,
            Step::Object {
                against: Against::Termination,
            },
            worker("2026-03-21"),
        );
        let (c, changes) = ok(
            &c,
            Step::DecideObjection {
                upheld: false,
                note: String::new(),
            },
            worker("2026-03-24"),
        );
        assert_eq!(c.status, Status::Assigned);
        assert_eq!(c.handling.termination_ground, None);
        assert_eq!(c.closing_reason, None);
        assert_eq!(detail(&changes), "termination corrected: the aid resumes");
        assert_eq!(
            status_change(&changes),
            Some(("terminated".into(), "assigned".into()))
        );
    }

    #[test]
    fn assignment() {
        let (c, changes) = ok(
            &granted(),
            Step::Assign {
                provider: "P-0003".into(),
                reason: Some(" ".into()),
            },
            worker("2026-03-05"),
        );
        assert_eq!(c.status, Status::Assigned);
        assert_eq!(c.provider.as_deref(), Some("P-0003"));
        assert_eq!(c.steps.assigned, Some(d("2026-03-05")));
        let a = &c.handling.assignments[0];
        assert_eq!(
            (a.provider.as_str(), a.on, a.by.as_str(), a.reason.as_ref()),
            ("P-0003", d("2026-03-05"), "wang", None)
        );
        assert_eq!(detail(&changes), "assigned to P-0003");
        assert_eq!(
            status_change(&changes),
            Some(("granted".into(), "assigned".into()))
        );
        assert_eq!(open(&c), [DeadlineKind::Agreement]);

        assert_eq!(
            refused(&c, assign_step("P-0004"), worker("2026-03-05")),
            "case 2026-0003 is assigned: the case already has a provider: reassign it, with a reason"
        );
        assert_eq!(
            refused(
                &case(Status::Received),
                assign_step("P-0004"),
                worker("2026-03-05")
            ),
            "case 2026-0003 is received: only a granted case (or a notified criminal case) can be assigned"
        );
        assert_eq!(
            refused(&granted(), assign_step(" "), worker("2026-03-05")),
            "an assignment needs a provider"
        );
    }

    #[test]
    fn a_notified_case_is_assigned_without_a_review() {
        let mut c = case(Status::Received);
        c.kind = Kind::Criminal;
        c.matter = Matter::Defense;
        c.channel = Channel::Notified;
        let (c, changes) = ok(
            &c,
            Step::Assign {
                provider: "P-0009".into(),
                reason: Some("十年以上刑辩经验 (Law Art. 26)".into()),
            },
            worker("2026-03-03"),
        );
        assert_eq!(c.status, Status::Assigned);
        assert_eq!(
            detail(&changes),
            "assigned to P-0009 — 十年以上刑辩经验 (Law Art. 26)"
        );
        assert_eq!(open(&c), [DeadlineKind::Agreement]);
    }

    #[test]
    fn reassignment_keeps_history_and_needs_a_reason() {
        let c = in_progress();
        let re = |p: &str, r: &str| Step::Reassign {
            provider: p.into(),
            reason: r.into(),
        };
        assert_eq!(
            refused(&c, re("P-0004", " "), worker("2026-03-10")),
            "a reassignment needs a reason (a complaint or a request for replacement, Law Art. 55)"
        );
        assert_eq!(
            refused(&c, re("P-0003", "投诉"), worker("2026-03-10")),
            "case 2026-0003 is assigned: it is already assigned to P-0003"
        );
        assert_eq!(
            refused(&granted(), re("P-0004", "投诉"), worker("2026-03-10")),
            "case 2026-0003 is granted: only an assigned case can be reassigned"
        );
        let (c, changes) = ok(&c, re("P-0004", "受援人投诉"), worker("2026-03-10"));
        assert_eq!(c.status, Status::Assigned);
        assert_eq!(c.provider.as_deref(), Some("P-0004"));
        assert_eq!(c.steps.assigned, Some(d("2026-03-10")));
        assert_eq!(c.steps.agreement_signed, None);
        let providers: Vec<&str> = c
            .handling
            .assignments
            .iter()
            .map(|a| a.provider.as_str())
            .collect();
        assert_eq!(providers, ["P-0003", "P-0004"]);
        assert_eq!(detail(&changes), "from P-0003 to P-0004: 受援人投诉");
        assert_eq!(open(&c), [DeadlineKind::Agreement]);
    }

    #[test]
    fn agreement_signed_once() {
        let c = then(&granted(), assign_step("P-0003"), worker("2026-03-05"));
        let (c, changes) = ok(&c, Step::AgreementSigned, worker("2026-03-06"));
        assert_eq!(c.steps.agreement_signed, Some(d("2026-03-06")));
        assert_eq!(detail(&changes), "with P-0003");
        assert!(open(&c).is_empty());
        assert_eq!(
            refused(&c, Step::AgreementSigned, worker("2026-03-07")),
            "case 2026-0003 is assigned: the agreement was already signed on 2026-03-06"
        );
        assert!(
            refused(&granted(), Step::AgreementSigned, worker("2026-03-07"))
                .contains("only an assigned case")
        );
    }

    #[test]
    fn notes() {
        let (c, changes) = ok(
            &case(Status::Received),
            Step::Note {
                text: " 电话联系申请人 ".into(),
            },
            worker("2026-03-03"),
        );
        assert_eq!(c.notes.len(), 1);
        assert_eq!(
            (c.notes[0].who.as_str(), c.notes[0].text.as_str()),
            ("wang", "电话联系申请人")
        );
        assert_eq!(detail(&changes), "电话联系申请人");
        assert_eq!(
            refused(&c, Step::Note { text: "".into() }, worker("2026-03-03")),
            "a note needs a text"
        );
    }

    /// Issue 16, 3: a note filed by mistake is struck out, never deleted.
    #[test]
    fn a_note_is_struck_out_by_its_author_or_a_director_with_a_reason() {
        let note = |t: &str| Step::Note { text: t.into() };
        let strike = |n: u32, r: &str| Step::StrikeNote {
            note: n,
            reason: r.into(),
        };
        let c = then(
            &case(Status::Received),
            note("电话联系申请人"),
            worker("2026-03-03"),
        );
        let c = then(&c, note("误记：另一案的开庭"), worker("2026-03-03"));
        assert_eq!(
            refused(&c, strike(2, " "), worker("2026-03-04")),
            "striking out a note needs a reason"
        );
        assert!(
            refused(&c, strike(3, "x"), worker("2026-03-04"))
                .contains("there is no note 3: the case has 2")
        );
        assert!(refused(&c, strike(0, "x"), worker("2026-03-04")).contains("there is no note 0"));
        let other = Ctx {
            who: "zhao",
            ..worker("2026-03-04")
        };
        assert!(refused(&c, strike(2, "x"), other).contains("only its author or a director"));
        let (c, changes) = ok(&c, strike(2, "记错案件"), worker("2026-03-04"));
        assert_eq!(c.notes.len(), 2, "kept");
        assert_eq!(c.notes[1].text, "误记：另一案的开庭");
        let s = c.notes[1].struck.as_ref().unwrap();
        assert_eq!((s.who.as_str(), s.reason.as_str()), ("wang", "记错案件"));
        assert!(c.notes[0].struck.is_none());
        assert_eq!(
            detail(&changes),
            "note 2 struck out: “误记：另一案的开庭” — 记错案件"
        );
        assert!(
            refused(&c, strike(2, "x"), director("2026-03-05"))
                .contains("struck out on 2026-03-04 already")
        );
        // A director strikes out someone else's note.
        let (c, _) = ok(&c, strike(1, "重复"), director("2026-03-05"));
        assert_eq!(c.notes[0].struck.as_ref().unwrap().who, "li");
    }

    #[test]
    fn conclusion_needs_the_agreement() {
        let c = then(&granted(), assign_step("P-0003"), worker("2026-03-05"));
        let conclude = Step::Conclude {
            outcome: "胜诉".into(),
            result: None,
        };
        assert_eq!(
            refused(&c, conclude.clone(), worker("2026-05-01")),
            "case 2026-0003 is assigned: the agreement must be signed before the case is concluded"
        );
        assert_eq!(
            refused(
                &in_progress(),
                Step::Conclude {
                    outcome: " ".into(),
                    result: None,
                },
                worker("2026-05-01")
            ),
            "a conclusion needs an outcome"
        );
        let (c, changes) = ok(&in_progress(), conclude, worker("2026-05-01"));
        assert_eq!(c.status, Status::Concluded);
        assert_eq!(c.outcome.as_deref(), Some("胜诉"));
        assert_eq!(c.steps.concluded, Some(d("2026-05-01")));
        assert_eq!(detail(&changes), "胜诉");
        assert_eq!(open(&c), [DeadlineKind::CaseFile]);
    }

    #[test]
    fn termination_on_an_art48_ground() {
        let term = |g: &str| Step::Terminate {
            ground: Ground::from_code(g).unwrap(),
        };
        let (c, changes) = ok(&granted(), term("recipient_request"), worker("2026-03-05"));
        assert_eq!(c.status, Status::Terminated);
        assert_eq!(
            c.handling.termination_ground.as_deref(),
            Some("recipient_request")
        );
        assert!(c.closing_reason.as_deref().unwrap().contains("Art. 48(7)"));
        assert_eq!(
            detail(&changes),
            "The recipient asked, with good reason, to end it (Art. 48(7))"
        );
        assert_eq!(
            status_change(&changes),
            Some(("granted".into(), "terminated".into()))
        );
        // Only a ground of Art. 48 can be named at all.
        assert_eq!(Ground::from_code("bored"), None);
        assert_eq!(
            refused(&case(Status::Received), term("fraud"), worker("2026-03-05")),
            "case 2026-0003 is received: only a granted or assigned case can be terminated (Law Art. 48)"
        );
        assert!(refused(&c, term("fraud"), worker("2026-03-06")).contains("only an objection"));
    }

    #[test]
    fn case_file_subsidy_and_archive() {
        let c = then(
            &in_progress(),
            Step::Conclude {
                outcome: "调解结案".into(),
                result: None,
            },
            worker("2026-06-01"),
        );
        let review = |amount, reason: Option<&str>| Step::ReviewFile {
            amount: Some(amount),
            standard: 1200,
            reason: reason.map(String::from),
        };
        assert_eq!(
            refused(&c, review(1200, None), worker("2026-06-05")),
            "case 2026-0003 is concluded: the case file must be submitted before it is reviewed"
        );
        assert_eq!(
            refused(&c, Step::Archive, worker("2026-06-05")),
            "case 2026-0003 is concluded: the case file must be reviewed before the case is archived"
        );
        let (c, changes) = ok(&c, Step::SubmitFile, worker("2026-06-10"));
        assert_eq!(c.steps.file_submitted, Some(d("2026-06-10")));
        assert_eq!(detail(&changes), "by P-0003");
        assert!(
            refused(&c, Step::SubmitFile, worker("2026-06-11"))
                .contains("already submitted on 2026-06-10")
        );

        assert_eq!(
            refused(&c, review(1500, Some(" ")), worker("2026-06-20")),
            "a subsidy of 1500 yuan differs from the standard 1200 yuan: give a reason"
        );
        let (r, changes) = ok(&c, review(1500, Some("案情复杂")), worker("2026-06-20"));
        assert_eq!(
            detail(&changes),
            "subsidy 1500 yuan (standard 1200): 案情复杂"
        );
        assert_eq!(
            r.handling.subsidy.as_ref().unwrap().reason.as_deref(),
            Some("案情复杂")
        );
        let (r, changes) = ok(&c, review(1200, None), worker("2026-06-20"));
        assert_eq!(detail(&changes), "subsidy 1200 yuan (the standard)");
        assert_eq!(r.steps.file_reviewed, Some(d("2026-06-20")));

        let (a, changes) = ok(&r, Step::Archive, worker("2026-06-22"));
        assert_eq!(a.status, Status::Archived);
        assert_eq!(a.steps.archived, Some(d("2026-06-22")));
        assert_eq!(
            status_change(&changes),
            Some(("concluded".into(), "archived".into()))
        );
        assert_eq!(
            refused(&a, Step::Note { text: "x".into() }, worker("2026-06-23")),
            "case 2026-0003 is archived: an archived case takes only a follow-up, a payment or a peer-review score"
        );
    }

    #[test]
    fn a_follow_up_is_a_record_during_or_after_the_case() {
        use crate::domain::quality::{FollowUpInput, Method, Satisfaction, Timing};
        let c = then(
            &submitted(),
            Step::ReviewFile {
                amount: Some(1200),
                standard: 1200,
                reason: None,
            },
            worker("2026-06-20"),
        );
        let fu = |reached, satisfaction| Step::FollowUp {
            record: FollowUpInput {
                method: Method::Phone,
                reached,
                answers: Default::default(),
                satisfaction,
                comments: "满意".into(),
                action: String::new(),
            },
        };
        assert_eq!(
            refused(&c, fu(true, None), worker("2026-06-25")),
            "a recipient reached gives their satisfaction (satisfied, fair or dissatisfied)"
        );
        let (c, changes) = ok(&c, fu(true, Some(Satisfaction::Fair)), worker("2026-06-25"));
        let f = c.handling.follow_ups.last().unwrap();
        assert_eq!(
            (f.on, f.timing, f.satisfaction, f.comments.as_str()),
            (
                d("2026-06-25"),
                Timing::After,
                Some(Satisfaction::Fair),
                "满意"
            )
        );
        assert_eq!(detail(&changes), "phone: fairly satisfied — 满意");
        // An attempt that did not reach the recipient keeps no answers.
        let (c, _) = ok(
            &c,
            fu(false, Some(Satisfaction::Satisfied)),
            worker("2026-06-26"),
        );
        assert_eq!(c.handling.follow_ups.last().unwrap().satisfaction, None);
        // During the case, while it is assigned.
        let (during, _) = ok(
            &in_progress(),
            fu(true, Some(Satisfaction::Satisfied)),
            worker("2026-06-25"),
        );
        assert_eq!(during.handling.follow_ups[0].timing, Timing::During);
        assert_eq!(
            refused(
                &case(Status::Received),
                fu(true, Some(Satisfaction::Satisfied)),
                worker("2026-06-25")
            ),
            "case 2026-0003 is received: only an assigned, concluded or archived case is followed up"
        );
    }

    #[test]
    fn a_whole_life() {
        let mut c = case(Status::Received);
        let life: Vec<(Step, Ctx, Status)> = vec![
            (
                Step::RequestDocuments {
                    items: vec!["工资欠条".into()],
                    due: d("2026-03-13"),
                },
                worker("2026-03-03"),
                Status::AwaitingDocuments,
            ),
            (
                Step::DocumentsReceived,
                worker("2026-03-06"),
                Status::Received,
            ),
            (propose_grant(), worker("2026-03-09"), Status::Received),
            (approve_step(), director("2026-03-09"), Status::Granted),
            (
                assign_step("P-0003"),
                worker("2026-03-10"),
                Status::Assigned,
            ),
            (
                Step::AgreementSigned,
                worker("2026-03-12"),
                Status::Assigned,
            ),
            (
                Step::Note {
                    text: "已开庭".into(),
                },
                worker("2026-04-20"),
                Status::Assigned,
            ),
            (
                Step::Conclude {
                    outcome: "判决支持全部工资".into(),
                    result: None,
                },
                worker("2026-06-01"),
                Status::Concluded,
            ),
            (Step::SubmitFile, worker("2026-06-10"), Status::Concluded),
            (
                Step::ReviewFile {
                    amount: Some(1200),
                    standard: 1200,
                    reason: None,
                },
                director("2026-06-20"),
                Status::Concluded,
            ),
            (Step::Archive, worker("2026-06-22"), Status::Archived),
            (
                Step::FollowUp {
                    record: crate::domain::input::follow_up("1 满意").unwrap(),
                },
                worker("2026-06-30"),
                Status::Archived,
            ),
        ];
        for (step, ctx, status) in life {
            let code = step.code();
            let (next, changes) = ok(&c, step, ctx);
            assert_eq!(next.status, status, "after {code}");
            assert!(matches!(&changes[0], Change::Taken { step, .. } if step == code));
            assert_eq!(
                status_change(&changes).is_some(),
                next.status != c.status,
                "{code}"
            );
            assert_eq!(next.revision, c.revision);
            c = next;
        }
        let s = &c.steps;
        assert_eq!(s.documents_requested, Some(d("2026-03-03")));
        assert_eq!(s.documents_due, Some(d("2026-03-13")));
        assert_eq!(s.documents_received, Some(d("2026-03-06")));
        assert_eq!(s.decided, Some(d("2026-03-09")));
        assert_eq!(s.assigned, Some(d("2026-03-10")));
        assert_eq!(s.agreement_signed, Some(d("2026-03-12")));
        assert_eq!(s.concluded, Some(d("2026-06-01")));
        assert_eq!(s.file_submitted, Some(d("2026-06-10")));
        assert_eq!(s.file_reviewed, Some(d("2026-06-20")));
        assert_eq!(s.archived, Some(d("2026-06-22")));
        assert_eq!((s.objection_filed, s.objection_decided), (None, None));
        assert_eq!(c.notes.len(), 1);
        assert_eq!(c.handling.follow_ups.len(), 1);
        assert!(open(&c).is_empty());
    }

    /// A step of each kind, with parameters a caseworker might give.
    fn any_step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        let text = || prop_oneof![Just(String::new()), Just("理由".to_string())];
        prop_oneof![
            (1u32..6, 0u32..9000).prop_map(|(h, i)| Step::SetMeans {
                household_size: h,
                monthly_income: i
            }),
            (
                prop::sample::select(Item::ALL.to_vec()),
                prop::sample::select(Verdict::ALL.to_vec()),
                text()
            )
                .prop_map(|(item, verdict, reason)| Step::Confirm {
                    item,
                    verdict,
                    reason
                }),
            (1u64..20).prop_map(|days| Step::RequestDocuments {
                items: vec!["工资条".into()],
                due: d("2026-03-02") + chrono::Days::new(days),
            }),
            Just(Step::DocumentsReceived),
            Just(Step::DeemWithdrawn),
            (
                any::<bool>(),
                prop::sample::select(ReasonCode::ALL.to_vec()),
                text()
            )
                .prop_map(|(grant, code, text)| Step::Propose {
                    grant,
                    reason_code: code,
                    text,
                    standard: None
                }),
            text().prop_map(|note| Step::Approve { note }),
            text().prop_map(|note| Step::Return { note }),
            Just(Step::EmergencyAid),
            prop::sample::select(Against::ALL.to_vec())
                .prop_map(|against| Step::Object { against }),
            (any::<bool>(), text())
                .prop_map(|(upheld, note)| Step::DecideObjection { upheld, note }),
            (
                prop::sample::select(vec!["P-0001", "P-0002"]),
                proptest::option::of(text())
            )
                .prop_map(|(p, reason)| Step::Assign {
                    provider: p.into(),
                    reason
                }),
            (prop::sample::select(vec!["P-0001", "P-0002"]), text()).prop_map(|(p, reason)| {
                Step::Reassign {
                    provider: p.into(),
                    reason,
                }
            }),
            Just(Step::AgreementSigned),
            text().prop_map(|text| Step::Note { text }),
            (0u32..4, text()).prop_map(|(note, reason)| Step::StrikeNote { note, reason }),
            text().prop_map(|outcome| Step::Conclude {
                outcome,
                result: None
            }),
            prop::sample::select(Ground::ALL.to_vec())
                .prop_map(|ground| Step::Terminate { ground }),
            Just(Step::SubmitFile),
            (
                proptest::option::of(0u32..3000),
                proptest::option::of(text())
            )
                .prop_map(|(amount, reason)| {
                    Step::ReviewFile {
                        amount,
                        standard: 1500,
                        reason,
                    }
                }),
            Just(Step::Archive),
            (0u8..5, text()).prop_map(|(digit, note)| Step::FollowUp {
                record: crate::domain::input::follow_up(&format!("{digit} {note}"))
                    .unwrap_or_else(|| crate::domain::input::follow_up("0").expect("0 reads")),
            }),
        ]
    }

    /// What a case's status says must agree with what its steps recorded.
    fn consistent(c: &Case) -> Result<(), String> {
        let s = &c.steps;
        let approved = |grant: bool| {
            c.review
                .decision
                .as_ref()
                .is_some_and(|d| d.grant == grant && d.approved_by.is_some())
        };
        let ok = match c.status {
            Status::Received | Status::AwaitingDocuments => {
                !approved(true) && !approved(false) && c.provider.is_none()
            }
            Status::Granted => {
                (approved(true) || c.review.emergency_aid.is_some()) && s.decided.is_some()
            }
            Status::Denied => approved(false),
            Status::Assigned => c.provider.is_some() && s.assigned.is_some(),
            Status::Concluded => s.concluded.is_some() && s.agreement_signed.is_some(),
            Status::Archived => s.archived.is_some() && s.file_reviewed.is_some(),
            Status::Terminated => c.handling.termination_ground.is_some(),
            Status::Withdrawn => c.closing_reason.is_some(),
        };
        if !ok {
            return Err(format!("status {} does not fit {c:?}", c.status));
        }
        if let Some(p) = s.out_of_order(c.received).first() {
            return Err(format!("out of order: {p:?}"));
        }
        if c.status == Status::AwaitingDocuments && s.documents_due.is_none() {
            return Err("awaiting documents without a due date".into());
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(256))]
        /// Whatever steps are taken, in whatever order and on whatever
        /// days, a case stays consistent: its status agrees with its
        /// steps, and no date is before the case was received or the step
        /// it follows. A refused step changes nothing.
        #[test]
        fn random_steps_keep_a_case_consistent(
            steps in proptest::collection::vec((any_step(), 0u64..4, proptest::bool::ANY), 1..40)
        ) {
            let mut c = case(Status::Received);
            let mut today = d("2026-03-02");
            for (step, days, as_director) in steps {
                today = today + chrono::Days::new(days);
                let ctx = Ctx {
                    who: if as_director { "li" } else { "wang" },
                    role: if as_director { Role::Director } else { Role::Caseworker },
                    today,
                    self_approval: false,
                };
                match apply(&c, &step, &ctx) {
                    Ok((next, changes)) => {
                        proptest::prop_assert!(!changes.is_empty());
                        proptest::prop_assert_eq!(next.revision, c.revision);
                        c = next;
                        if let Err(why) = consistent(&c) {
                            proptest::prop_assert!(false, "after {:?}: {}", step, why);
                        }
                    }
                    Err(why) => proptest::prop_assert!(!crate::i18n::Lang::En.refusal(&why).is_empty()),
                }
            }
        }
    }
}
