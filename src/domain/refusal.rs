//! Why a step is refused, as a typed value with its parameters. The domain
//! never words a refusal: the i18n catalog does (`[refusal]`, one key per
//! kind), in the reader's language, at the edge (`i18n::refusal`).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case::{Case, CaseNo};
use super::codes::Status;

/// A refusal, about a case in a status when it concerns the case's state
/// ("case 2026-0003 is received: …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub case: Option<(CaseNo, Status)>,
    pub why: Why,
}

impl Refusal {
    /// A refusal because of the state the case is in.
    pub fn of(case: &Case, why: Why) -> Refusal {
        Refusal {
            case: Some((case.no, case.status)),
            why,
        }
    }
}

impl From<Why> for Refusal {
    /// A refusal of what was asked, whatever the case's state.
    fn from(why: Why) -> Refusal {
        Refusal { case: None, why }
    }
}

/// A parameter of a refusal: the user's own text or a date or figure, shown
/// as it is; or a code, worded by the catalog's table of that name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Code(&'static str, String),
    /// Why a provider may not take a case, each worded.
    Exclusions(Vec<super::provider::Exclusion>),
    /// A refusal's part that is worded by its own key.
    Part(Box<Why>),
    /// Several codes of one table, each worded, as a list.
    Codes(&'static str, Vec<String>),
}

/// What a refusal's field holds, as a parameter.
pub trait ToArg {
    fn to_arg(&self) -> Arg;
}

macro_rules! text_args {
    ($($t:ty),*) => {$(
        impl ToArg for $t {
            fn to_arg(&self) -> Arg {
                Arg::Text(self.to_string())
            }
        }
    )*};
}
text_args!(String, NaiveDate, u32, u8, CaseNo, u64);

/// The catalog tables a refusal's codes are worded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Table {
    /// The dates of a case's steps (`step`).
    Step,
    Role,
    Item,
    Verdict,
    /// Words of refusals themselves: grant, denial, termination, actions.
    Word,
    Status,
    Matter,
    Kind,
    Result,
    Grade,
}

impl Table {
    pub fn catalog(self) -> &'static str {
        match self {
            Table::Step => "step",
            Table::Role => "tui.role",
            Table::Item => "tui.item",
            Table::Verdict => "tui.verdict",
            Table::Word => "refusal.word",
            Table::Status => "status",
            Table::Matter => "matter",
            Table::Kind => "kind",
            Table::Result => "result",
            Table::Grade => "grade",
        }
    }
}

/// A code worded by a catalog table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coded {
    pub table: Table,
    pub code: String,
}

impl Coded {
    pub fn new(table: Table, code: impl ToString) -> Coded {
        Coded {
            table,
            code: code.to_string(),
        }
    }
}

impl ToArg for Coded {
    fn to_arg(&self) -> Arg {
        Arg::Code(self.table.catalog(), self.code.clone())
    }
}

impl Why {
    /// Why a person's text for `field` (a `Table::Word` code) cannot be kept.
    /// Why an ID number is not valid.
    pub fn id(e: &super::idnumber::IdError) -> Why {
        use super::idnumber::IdError;
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        match e {
            IdError::WrongLength { len } => Why::IdLength { len: n(*len) },
            IdError::BadArea { code, province } => Why::IdArea {
                code: code.clone(),
                province: province.clone(),
            },
            IdError::BadCharacter { position, ch } => Why::IdCharacter {
                position: n(*position),
                ch: ch.to_string(),
            },
            IdError::BadDate { date } => Why::IdDate { date: date.clone() },
            IdError::FutureBirthDate { date } => Why::IdFutureBirth { date: *date },
            IdError::TooOld { date } => Why::IdTooOld { date: *date },
            IdError::WrongCheckDigit { expected, found } => Why::IdCheck {
                expected: expected.to_string(),
                found: found.to_string(),
            },
        }
    }

    pub fn text(field: &str, e: super::text::TextError) -> Why {
        use super::text::TextError;
        let field = Coded::new(Table::Word, field);
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        match e {
            TextError::Control { code, position } => Why::ControlCharacter {
                field,
                code: format!("U+{code:04X}"),
                position: n(position),
            },
            TextError::TooLong { len, max } => Why::TextTooLong {
                field,
                len: n(len),
                max: n(max),
            },
        }
    }
}

impl ToArg for Vec<Coded> {
    fn to_arg(&self) -> Arg {
        let table = self.first().map_or("", |c| c.table.catalog());
        Arg::Codes(table, self.iter().map(|c| c.code.clone()).collect())
    }
}

impl ToArg for Vec<super::provider::Exclusion> {
    fn to_arg(&self) -> Arg {
        Arg::Exclusions(self.clone())
    }
}

impl ToArg for Box<Why> {
    fn to_arg(&self) -> Arg {
        Arg::Part(self.clone())
    }
}

impl ToArg for Option<NaiveDate> {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.map_or(String::new(), |d| d.to_string()))
    }
}

macro_rules! refusals {
    ($( $(#[$m:meta])* $V:ident $({ $($f:ident: $t:ty),* $(,)? })? = $key:literal, )*) => {
        /// Each kind of refusal, with what its words need.
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Why {
            $( $(#[$m])* $V $({ $($f: $t),* })?, )*
        }

        impl Why {
            /// The catalog key (`refusal.<key>`).
            pub fn key(&self) -> &'static str {
                match self { $( Why::$V { .. } => $key, )* }
            }

            /// The parameters, by the names the catalog's words use.
            pub fn args(&self) -> Vec<(&'static str, Arg)> {
                match self {
                    $( Why::$V $({ $($f),* })? => vec![$($( (stringify!($f), $f.to_arg()) ),*)?], )*
                }
            }

            /// Every key, for the catalog test.
            pub const KEYS: &'static [&'static str] = &[$($key),*];
        }
    };
}

refusals! {
    WithdrawnTakesNoSteps = "withdrawn_takes_no_steps",
    ArchivedOnlyFollowUp = "archived_only_follow_up",
    ObjectionPendingOnlyDecision = "objection_pending_only_decision",
    ClosedOnlyObjection = "closed_only_objection",
    /// A step dated before the one it follows.
    OutOfOrder { field: Coded, date: NaiveDate, after: Coded, earlier: NaiveDate } = "out_of_order",
    MeansOnlyInReview = "means_only_in_review",
    HouseholdAtLeastOne = "household_at_least_one",
    ConfirmOnlyInReview = "confirm_only_in_review",
    VerdictNeedsReason { verdict: Coded, item: Coded } = "verdict_needs_reason",
    DocumentsAlreadyRequested { on: NaiveDate } = "documents_already_requested",
    DocumentsOnlyInReview = "documents_only_in_review",
    /// Law Art. 25, 36.
    NotifiedAsksNoDocuments = "notified_asks_no_documents",
    SupplementNeedsDocument = "supplement_needs_document",
    SupplementDateNotAfterToday { due: NaiveDate, today: NaiveDate } = "supplement_date_not_after_today",
    SupplementDateTooLate { due: NaiveDate, latest: NaiveDate } = "supplement_date_too_late",
    OnlyAwaitingReceives = "only_awaiting_receives",
    OnlyAwaitingDeemed = "only_awaiting_deemed",
    SupplementNotPassed { due: NaiveDate } = "supplement_not_passed",
    DocumentsBeforeDecision = "documents_before_decision",
    ProposeOnlyInReview = "propose_only_in_review",
    DenialNeedsReason { expected: String } = "denial_needs_reason",
    NotAReason { code: String, decision: Coded, expected: String } = "not_a_reason",
    OtherNeedsText = "other_needs_text",
    DirectorOnly { action: Coded, role: Coded } = "director_only",
    NoProposalToApprove = "no_proposal_to_approve",
    /// Separation of duties: the proposer does not approve.
    OwnProposal { who: String } = "own_proposal",
    NoProposalToReturn = "no_proposal_to_return",
    ReturnNeedsNote = "return_needs_note",
    EmergencyOnlyBeforeDecision = "emergency_only_before_decision",
    /// Law Art. 49.
    ObjectOnlyDenialOrTermination = "object_only_denial_or_termination",
    ObjectionOnlyAgainst { decided: Coded } = "objection_only_against",
    ObjectionStillPending { filed: NaiveDate } = "objection_still_pending",
    ObjectionUpheld { filed: NaiveDate, on: Option<NaiveDate>, decided: Coded } = "objection_upheld",
    NoPendingObjection = "no_pending_objection",
    AlreadyHasProvider = "already_has_provider",
    AssignOnlyGranted = "assign_only_granted",
    AssignNeedsProvider = "assign_needs_provider",
    ReassignOnlyAssigned = "reassign_only_assigned",
    ReassignNeedsProvider = "reassign_needs_provider",
    /// Law Art. 55.
    ReassignNeedsReason = "reassign_needs_reason",
    AlreadyAssignedTo { provider: String } = "already_assigned_to",
    AgreementOnlyAssigned = "agreement_only_assigned",
    AgreementAlreadySigned { on: NaiveDate } = "agreement_already_signed",
    NoteNeedsText = "note_needs_text",
    ConcludeOnlyAssigned = "conclude_only_assigned",
    AgreementBeforeConclusion = "agreement_before_conclusion",
    ConclusionNeedsOutcome = "conclusion_needs_outcome",
    /// Law Art. 48.
    TerminateOnlyGrantedOrAssigned = "terminate_only_granted_or_assigned",
    SubmitOnlyConcluded = "submit_only_concluded",
    FileAlreadySubmitted { on: NaiveDate } = "file_already_submitted",
    ReviewFileOnlyConcluded = "review_file_only_concluded",
    SubmitBeforeReview = "submit_before_review",
    FileAlreadyReviewed { on: NaiveDate } = "file_already_reviewed",
    SubsidyDiffers { amount: u32, standard: u32 } = "subsidy_differs",
    ArchiveOnlyConcluded = "archive_only_concluded",
    ReviewBeforeArchive = "review_before_archive",
    FollowUpOnlyConcluded = "follow_up_only_concluded",
    SatisfactionRange { satisfaction: u8 } = "satisfaction_range",
    // The store's checks of an assignment (Law Art. 26, rules 2023 Art. 26).
    NoProvider { id: String } = "no_provider",
    ProviderExcluded { name: String, id: String, case: CaseNo, exclusions: Vec<super::provider::Exclusion> } = "provider_excluded",
    NotFirstRanked { id: String, case: CaseNo, first: String } = "not_first_ranked",
    NotFirstRankedFull { id: String, case: CaseNo, first: String, exclusions: Vec<super::provider::Exclusion> } = "not_first_ranked_full",
    AdminOnly { user: String, role: Coded } = "admin_only",
    /// A deactivated user asks anything of the server.
    UserDeactivated { user: String } = "user_deactivated",
    StrikeNeedsReason = "strike_needs_reason",
    NoSuchNote { note: u32, count: u32 } = "no_such_note",
    NoteAlreadyStruck { note: u32, on: NaiveDate } = "note_already_struck",
    StrikeOthersNote { note: u32, who: String } = "strike_others_note",
    UnknownUser { user: String } = "unknown_user",
    /// A report asked for a period no report covers.
    NotAPeriod { period: String } = "not_a_period",
    /// Only the store's owner stops its server (`docket stop`).
    StopOnlyOwner { owner: String, user: String } = "stop_only_owner",
    StopOthersConnected { others: u32 } = "stop_others_connected",
    /// A consultation an application is said to come from.
    NoSuchConsultation { id: String, day: NaiveDate } = "no_such_consultation",
    ConsultationLinked { id: String, case: CaseNo } = "consultation_linked",
    DeactivateSelf = "deactivate_self",
    DeactivationNeedsReason = "deactivation_needs_reason",
    BadDisplayName { max: u32 } = "bad_display_name",
    WithdrawalNeedsReason = "withdrawal_needs_reason",
    OnlyOpenWithdrawn = "only_open_withdrawn",
    DeadlineNeedsLabel = "deadline_needs_label",
    DateOutOfRange { date: NaiveDate, earliest: NaiveDate, latest: NaiveDate } = "date_out_of_range",
    DeadlineAlreadyDone { id: u32, case: CaseNo, done: NaiveDate } = "deadline_already_done",
    /// A change dated after the server's today.
    DatedInFuture { given: NaiveDate, today: NaiveDate } = "dated_in_future",
    // A decision the checklist does not support (`decision`).
    HardshipNotDone { case: CaseNo, pending: Box<Why> } = "hardship_not_done",
    PendingNoMeans { standard: u32, effective: NaiveDate } = "pending_no_means",
    PendingNoStandard { received: NaiveDate } = "pending_no_standard",
    PendingAbove { per_member: u32, standard: u32 } = "pending_above",
    PendingHardship = "pending_hardship",
    NoGroundArt32 { case: CaseNo } = "no_ground_art32",
    NoGroupArt42 { case: CaseNo } = "no_group_art42",
    NotMandatoryArt25 { case: CaseNo } = "not_mandatory_art25",
    /// Law Art. 34: the figures of the means test.
    HardshipNotMet { case: CaseNo, per_member: u32, income: u32, household: u32, standard: u32, received: NaiveDate, effective: NaiveDate } = "hardship_not_met",
    /// Lawyers Law Art. 39.
    ConflictBlocksGrant { case: CaseNo, party: String, cases: String } = "conflict_blocks_grant",
    /// Law Art. 43.
    DocumentsLate { case: CaseNo, due: NaiveDate } = "documents_late",
    FailedByOverride { case: CaseNo, who: String, on: NaiveDate, note: String, item: Coded } = "failed_by_override",
    ItemFails { case: CaseNo, item: Coded } = "item_fails",
    /// Law Art. 25, 36.
    NotifiedDeclinedOnly { case: CaseNo, code: String } = "notified_declined_only",
    NotDeniedOnHardship { case: CaseNo, why: Box<Why> } = "not_denied_on_hardship",
    MandatoryNoMeansTest = "mandatory_no_means_test",
    ExemptFromHardship = "exempt_from_hardship",
    HardshipNotVerified = "hardship_not_verified",
    MeansMeetStandard = "means_meet_standard",
    MeansTestNotDone = "means_test_not_done",
    /// Law Art. 43.
    DocumentsComplete { case: CaseNo } = "documents_complete",
    // Corrections (`correct`).
    FieldNotCorrected { field: String } = "field_not_corrected",
    FieldOwnedByStep { field: String, how: Coded } = "field_owned_by_step",
    AlreadyFalse { field: String } = "already_false",
    AlreadyValue { field: String, value: String } = "already_value",
    NotAField { field: String } = "not_a_field",
    NotTrueFalse { field: String, value: String } = "not_true_false",
    InvalidValue { field: String, problem: String } = "invalid_value",
    /// Text a person typed with a control character in it (`text`).
    ControlCharacter { field: Coded, code: String, position: u32 } = "control_character",
    /// Text longer than the text rule keeps (`text`).
    TextTooLong { field: Coded, len: u32, max: u32 } = "text_too_long",
    // A field of an imported or registered record (`record`).
    NotADate { value: String } = "not_a_date",
    NotARealDate { value: String } = "not_a_real_date",
    DateAfterToday { date: NaiveDate, today: NaiveDate } = "date_after_today",
    NotOneOf { value: String, expected: String } = "not_one_of",
    MatterNotOfKind { matter: Coded, kind: Coded, kinds: Vec<Coded> } = "matter_not_of_kind",
    SeriousOnlyCriminal = "serious_only_criminal",
    /// The national tables' results by kind of case.
    ResultNotOfKind { result: Coded, kind: Coded, results: Vec<Coded> } = "result_not_of_kind",
    ResultBeforeConclusion = "result_before_conclusion",
    CriminalFactsOnlyCriminal = "criminal_facts_only_criminal",
    NoticeFactsOnlyNotified = "notice_facts_only_notified",
    SourceOnlyApplication = "source_only_application",
    /// Law Art. 26.
    LifeOrDeathIsSerious = "life_or_death_is_serious",
    WagesOverRecovered { wages: u64, recovered: u64 } = "wages_over_recovered",
    StepDateMissing { status: Coded } = "step_date_missing",
    DeadlineIdTwice { id: u32 } = "deadline_id_twice",
    BeforeReceived { date: NaiveDate, received: NaiveDate } = "before_received",
    BeforeStep { date: NaiveDate, after: Coded, earlier: NaiveDate } = "before_step",
    NameRequired = "name_required",
    RecordIncomplete = "record_incomplete",
    NotAPhone { value: String } = "not_a_phone",
    NotTheIdNumbers = "not_the_id_numbers",
    NotACaseNo { value: String } = "not_a_case_no",
    IdLength { len: u32 } = "id_length",
    IdArea { code: String, province: String } = "id_area",
    IdCharacter { position: u32, ch: String } = "id_character",
    IdDate { date: String } = "id_date",
    IdFutureBirth { date: NaiveDate } = "id_future_birth",
    IdTooOld { date: NaiveDate } = "id_too_old",
    IdCheck { expected: String, found: String } = "id_check",
    // Funds (`funds`, Law Art. 52): paid once, approved by a director.
    PayOnlyReviewed = "pay_only_reviewed",
    PaidOnce { on: NaiveDate } = "paid_once",
    NoSuchPayment { case: CaseNo, seq: u32 } = "no_such_payment",
    PaymentApproverOnly = "payment_approver_only",
    PaymentApproved { seq: u32, on: NaiveDate } = "payment_approved",
    OwnPayment { seq: u32 } = "own_payment",
    PayBeforeApproval { seq: u32 } = "pay_before_approval",
    PaymentPaid { seq: u32, on: NaiveDate } = "payment_paid",
    VoucherNeeded = "voucher_needed",
    NoRates { date: NaiveDate } = "no_rates",
    NoPayee = "no_payee",
    BudgetDirectorOnly = "budget_director_only",
    // Quality (`quality`, Law Art. 57, 59): peer review and follow-up.
    ScoreOnlySubmitted = "score_only_submitted",
    PointsRange { total: u32 } = "points_range",
    BadScoreSheet = "bad_score_sheet",
    AlreadyScored { grade: Coded } = "already_scored",
    SecondReviewOthers = "second_review_others",
    SatisfactionNeeded = "satisfaction_needed",
    SampleDrawn { period: String, seed: u64 } = "sample_drawn",
    NoClosedFiles { period: String } = "no_closed_files",
    SampleDirectorOnly = "sample_director_only",
    // Complaints (Law Art. 56).
    NoSuchComplaint { no: String } = "no_such_complaint",
    ComplaintDecided { no: String, on: NaiveDate } = "complaint_decided",
    ComplaintNeedsFacts = "complaint_needs_facts",
    ComplaintDirectorOnly = "complaint_director_only",
    HandlingIsPerCase = "handling_is_per_case",
    UnitsAtLeastOne = "units_at_least_one",
    NoSuchOtherPayment { no: u32 } = "no_such_other_payment",
}
