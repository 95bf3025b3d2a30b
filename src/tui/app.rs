//! The whole state of the screen. `update` changes it, `view` draws it; the
//! loader fills the lists (see the module docs of `tui`).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::case::CaseNo;
use crate::domain::codes::ReasonCode;
use crate::domain::eligibility::Verdict;
use crate::domain::policy::Policy;
use crate::i18n::Lang;

use super::action::Context;
use super::field::TextField;
use super::intake::{self, Form};
use super::keymap::Keymap;
use super::paged::Paged;
use super::rows::{
    BoardFilter, Card, ChecklistView, DetailView, DueRow, ProviderRow, QueueFilter, QueueRow,
    Stage, Summary,
};
use super::theme::Theme;

/// The four panes, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Queue,
    Checklist,
    Board,
    Deadlines,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Queue, Pane::Checklist, Pane::Board, Pane::Deadlines];

    pub fn code(self) -> &'static str {
        match self {
            Pane::Queue => "queue",
            Pane::Checklist => "checklist",
            Pane::Board => "board",
            Pane::Deadlines => "deadlines",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// The next pane (`step` 1) or the previous one (`step` -1), wrapping.
    pub fn cycle(self, step: isize) -> Pane {
        let n = Pane::ALL.len() as isize;
        Pane::ALL[(self.index() as isize + step).rem_euclid(n) as usize]
    }
}

/// How the panes fit the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// 120x35 or larger: all four panes at once.
    Wide,
    /// 80x24 or larger: one pane and a tab bar.
    Narrow,
    /// Smaller: a short message instead of a broken screen.
    TooSmall,
}

pub const WIDE: (u16, u16) = (120, 35);
pub const NARROW: (u16, u16) = (80, 24);

impl Mode {
    pub fn of(width: u16, height: u16) -> Mode {
        if width >= WIDE.0 && height >= WIDE.1 {
            Mode::Wide
        } else if width >= NARROW.0 && height >= NARROW.1 {
            Mode::Narrow
        } else {
            Mode::TooSmall
        }
    }
}

/// The assignment board: one paged column per stage.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Board {
    pub columns: [Paged<Card>; Stage::ALL.len()],
    /// The column with the cursor.
    pub column: usize,
}

impl Board {
    pub fn column(&self, stage: Stage) -> &Paged<Card> {
        &self.columns[stage.index()]
    }

    pub fn current(&self) -> &Paged<Card> {
        &self.columns[self.column]
    }

    pub fn current_mut(&mut self) -> &mut Paged<Card> {
        &mut self.columns[self.column]
    }
}

/// The checklist pane: the view of the queue's selected case and a cursor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Checklist {
    pub view: Option<ChecklistView>,
    pub cursor: usize,
}

/// The case detail view, open over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub no: CaseNo,
    /// None until the loader delivers it.
    pub view: Option<DetailView>,
    pub scroll: usize,
}

/// The results of a search, open over the panes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Results {
    pub query: String,
    pub list: Paged<QueueRow>,
    /// What each result matched (a `[find.matched]` code), when the row
    /// does not show it (an ID number, a phone, pinyin, a given name).
    pub matched: std::collections::HashMap<CaseNo, &'static str>,
    /// The report period and column the list opens, if it is one.
    pub report: Option<(crate::domain::report::Period, crate::domain::report::Column)>,
}

/// The director's statistics screen: a period, its figures once loaded,
/// the cases per month over the twelve months up to it, and the line of the
/// table selected.
#[derive(Debug, Clone, PartialEq)]
pub struct Reports {
    pub period: crate::domain::report::Period,
    pub figures: Option<crate::domain::report::Figures>,
    pub trend: Vec<(crate::domain::report::Month, u64)>,
    pub cursor: usize,
}

/// The ratios in the figures are never NaN (a ratio of nothing is 0).
impl Eq for Reports {}

/// The director's supervision screen: what it shows once loaded, and the
/// payment selected in its list of payments to approve.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Supervision {
    pub view: Option<super::rows::SupervisionView>,
    pub cursor: usize,
}

/// The registration form, open over the panes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Intake {
    pub form: Form,
    pub stage: intake::Stage,
    /// The draft last sent to the store (None: none stored).
    pub saved: Option<String>,
    /// Applicants named like the adverse party, found before saving.
    pub conflicts: Vec<CaseNo>,
}

impl Intake {
    /// A form resumed from a draft that is in the store.
    pub fn resumed(form: Form) -> Intake {
        let saved = Some(form.to_draft());
        Intake {
            form,
            saved,
            ..Intake::default()
        }
    }
}

/// What a one-line prompt asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// The new value of a field (a record path such as `applicant.phone`).
    Correct { field: String },
    /// What a step of the procedure still needs: the text completes it.
    Step(StepDraft),
}

/// A step of the procedure waiting for the text of its prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepDraft {
    /// The reason of a verdict set by hand on a checklist item.
    Confirm {
        item: crate::domain::eligibility::Item,
        verdict: crate::domain::eligibility::Verdict,
    },
    /// Household size and monthly income ("3 2400").
    Means,
    /// The documents to request, separated by commas.
    DocumentItems,
    /// The date the requested documents are due.
    DocumentsDue { items: Vec<String> },
    /// The text of a proposed decision.
    Propose {
        grant: bool,
        reason_code: crate::domain::codes::ReasonCode,
    },
    /// The director's note on an approval (may be empty).
    Approve,
    /// The director's reason for returning a proposal.
    Return,
    /// Why another provider than the first ranked.
    /// `name`: the provider as the prompt names them.
    Assign { provider: String, name: String },
    /// Why the provider is replaced (Art. 55).
    Reassign { provider: String, name: String },
    /// The outcome of the matter.
    Conclude,
    /// The subsidy amount of the case file review, in yuan.
    /// `standard`: the policy's subsidy for the case's kind, when known.
    ReviewFile { standard: Option<u32> },
    /// An amount other than the standard: why (asked after the amount).
    SubsidyReason { amount: u32, standard: u32 },
    /// The day `step` happened: today unless the caseworker types an
    /// earlier one (an agreement signed, a judgment, documents received).
    Dated {
        step: Box<crate::domain::workflow::Step>,
    },
    /// A note for the case's file.
    Note,
    /// A phone follow-up: 1 satisfied, 2 fairly, 3 not, 0 not reached,
    /// then the comments ("1 很满意").
    FollowUp,
    /// A score sheet: the items' points in order, or the total. `points`:
    /// each item's most points, from the policy.
    Score { points: Vec<u32> },
    /// The yuan recovered and, of it, migrant workers' wages ("120000
    /// 80000"), for a result that obtained something.
    Recovered {
        outcome: String,
        code: crate::domain::codes::ResultCode,
    },
    /// Why note number `note` is struck out.
    StrikeNote { note: u32 },
    /// Why the decision objected to is upheld or corrected.
    ObjectionNote { upheld: bool },
    /// The applicant's reason for withdrawing (撤回).
    Withdraw,
}

impl StepDraft {
    /// The catalog key of the prompt's title (`tui.prompt.step_NAME`).
    pub fn code(&self) -> &'static str {
        match self {
            StepDraft::Confirm { .. } => "confirm",
            StepDraft::Means => "means",
            StepDraft::DocumentItems => "document_items",
            StepDraft::DocumentsDue { .. } => "documents_due",
            StepDraft::Propose { .. } => "propose",
            StepDraft::Approve => "approve",
            StepDraft::Return => "return",
            StepDraft::Assign { .. } => "assign",
            StepDraft::Reassign { .. } => "reassign",
            StepDraft::Conclude => "conclude",
            StepDraft::ReviewFile { .. } => "review_file",
            StepDraft::SubsidyReason { .. } => "subsidy_reason",
            StepDraft::Dated { .. } => "dated",
            StepDraft::Note => "note",
            StepDraft::FollowUp => "follow_up",
            StepDraft::Score { .. } => "score",
            StepDraft::Recovered { .. } => "recovered",
            StepDraft::StrikeNote { .. } => "strike_note",
            StepDraft::ObjectionNote { .. } => "objection_note",
            StepDraft::Withdraw => "withdraw",
        }
    }
}

/// A one-line prompt in the status bar, about one case at one revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub no: CaseNo,
    /// The case's revision when the prompt opened: a change made meanwhile
    /// by someone else is refused, and the prompt keeps what was typed.
    pub revision: u64,
    pub field: TextField,
    /// Refused as stale: the revision is renewed when the case reloads.
    pub stale: bool,
    /// The applicant's name, so that the prompt names whose case it acts on.
    pub applicant: String,
    /// Why what was typed was refused, shown whole in the prompt (which
    /// keeps the text and the cursor) until the text is edited.
    pub error: Option<String>,
}

/// A question with choices, over everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// A draft from before (a crash, a kill, a dropped connection).
    DraftOffer(Box<Form>),
    /// Esc in the registration form: keep the draft or discard it.
    LeaveForm,
    /// Cases of the same person, found before saving.
    Duplicates {
        cases: Vec<(CaseNo, String)>,
        conflicts: Vec<CaseNo>,
    },
    /// The field of a case to correct, with its current value.
    PickField {
        no: CaseNo,
        revision: u64,
        fields: Vec<(String, String)>,
    },
    /// The checklist item to set by hand (from the case view, which has
    /// no checklist cursor).
    PickItem { no: CaseNo, revision: u64 },
    /// The note to strike out: its number (from 1) and its line.
    PickNote {
        no: CaseNo,
        revision: u64,
        notes: Vec<(u32, String)>,
    },
    /// The verdict to set by hand on a checklist item.
    Verdict {
        no: CaseNo,
        revision: u64,
        item: crate::domain::eligibility::Item,
    },
    /// Grant or deny, before the reason code.
    Decision { no: CaseNo, revision: u64 },
    /// The reason code of a grant or a denial.
    ReasonCode {
        no: CaseNo,
        revision: u64,
        grant: bool,
    },
    /// Before ranking providers for a criminal case: might it bring a life
    /// sentence or the death penalty (Art. 26)? Only the caseworker knows.
    Serious {
        no: CaseNo,
        revision: u64,
        reassign: bool,
    },
    /// The ground of a termination (Art. 48).
    Ground { no: CaseNo, revision: u64 },
    /// The coded result of a conclusion (for the statistics), after its
    /// outcome was typed: the results of the case's kind, then "none".
    Result {
        no: CaseNo,
        revision: u64,
        kind: crate::domain::codes::Kind,
        outcome: String,
    },
    /// Whether the decision objected to is upheld or corrected.
    ObjectionDecision { no: CaseNo, revision: u64 },
    /// Providers ranked for a case: who may take it first, in rank order,
    /// then those excluded, with why.
    Providers {
        no: CaseNo,
        revision: u64,
        choices: Vec<crate::api::views::Choice>,
        /// Replacing the provider (Art. 55): any pick needs a reason.
        reassign: bool,
    },
    /// The provider whose cases the board shows: "all" first, then each.
    PickProvider { rows: Vec<ProviderRow> },
    /// Every provider with open cases, capacity and overdue items; Enter
    /// filters the board by the one selected.
    ProviderView { rows: Vec<ProviderRow> },
    /// Approve these payments (case, its revision, the entry), for `total`
    /// yuan in all, or not.
    ApprovePayments {
        items: Vec<(CaseNo, u64, u32)>,
        total: u64,
    },
}

/// One choice of a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Resume,
    Keep,
    Discard,
    Open(CaseNo),
    Proceed,
    Field(usize),
    /// The n-th entry of a list (verdict, decision, reason code, provider).
    Pick(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub ask: Ask,
    /// The selected choice.
    pub cursor: usize,
}

impl Question {
    pub fn new(ask: Ask) -> Question {
        Question { ask, cursor: 0 }
    }

    pub fn choices(&self) -> Vec<Choice> {
        match &self.ask {
            Ask::DraftOffer(_) => vec![Choice::Resume, Choice::Discard],
            Ask::LeaveForm => vec![Choice::Keep, Choice::Discard],
            Ask::Duplicates { cases, .. } => {
                let mut out: Vec<Choice> = cases.iter().map(|(no, _)| Choice::Open(*no)).collect();
                out.push(Choice::Proceed);
                out
            }
            Ask::PickField { fields, .. } => (0..fields.len()).map(Choice::Field).collect(),
            Ask::Verdict { .. } => (0..Verdict::ALL.len()).map(Choice::Pick).collect(),
            Ask::PickItem { .. } => (0..crate::domain::eligibility::Item::ALL.len())
                .map(Choice::Pick)
                .collect(),
            Ask::PickNote { notes, .. } => (0..notes.len()).map(Choice::Pick).collect(),
            Ask::Decision { .. }
            | Ask::Serious { .. }
            | Ask::ObjectionDecision { .. }
            | Ask::ApprovePayments { .. } => {
                vec![Choice::Pick(0), Choice::Pick(1)]
            }
            Ask::Ground { .. } => (0..crate::domain::codes::Ground::ALL.len())
                .map(Choice::Pick)
                .collect(),
            Ask::Result { kind, .. } => (0..=crate::domain::codes::ResultCode::for_kind(*kind)
                .len())
                .map(Choice::Pick)
                .collect(),
            Ask::ReasonCode { grant, .. } => (0..ReasonCode::for_decision(*grant).len())
                .map(Choice::Pick)
                .collect(),
            Ask::Providers { choices, .. } => (0..choices.len()).map(Choice::Pick).collect(),
            Ask::PickProvider { rows } => (0..=rows.len()).map(Choice::Pick).collect(),
            Ask::ProviderView { rows } => (0..rows.len()).map(Choice::Pick).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// Not yet seen past a key: a message too long for the status bar is
    /// shown whole in a box until the next key.
    pub fresh: bool,
}

/// What the status bar shows besides the last message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The caseworker running docket (OS user name).
    pub user: String,
    pub store: PathBuf,
    /// The date docket works as of (today, or --today).
    pub today: NaiveDate,
    pub summary: Summary,
    pub message: Option<Message>,
}

/// How much of the state the screen shows: what scrolling and paging need
/// to know of the view, which the view measures (`view::extent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Extent {
    /// The rows of a page of each pane (`Pane::index`).
    pub pane_rows: [usize; 4],
    /// The rows of the overlay: the case view, help, search results.
    pub overlay_rows: usize,
    /// The lines of the help and of the open case view, as drawn.
    pub help_lines: usize,
    pub detail_lines: usize,
}

/// The view's measure of the state, handed to the app by whoever makes it
/// (the shell, a test), so that the pure update never imports the view.
#[derive(Clone, Copy)]
pub struct Geometry(pub fn(&App) -> Extent);

impl std::fmt::Debug for Geometry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Geometry")
    }
}

/// Not part of the state: any two measures are the same measure.
impl PartialEq for Geometry {
    fn eq(&self, _: &Geometry) -> bool {
        true
    }
}

impl Eq for Geometry {}

/// A request the app waits for, to act on its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InFlight {
    /// A step sent to the store: the case and the step's code, to word
    /// the outcome.
    Step { no: CaseNo, code: &'static str },
    /// The providers ranked for a case to assign at this revision (to
    /// replace the current one: `reassign`).
    Ranking {
        no: CaseNo,
        revision: u64,
        reassign: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    pub lang: Lang,
    /// The time zone history times are shown in: None, the reader's own.
    pub zone: Option<chrono::FixedOffset>,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Terminal width and height.
    pub size: (u16, u16),
    pub focus: Pane,
    pub queue: Paged<QueueRow>,
    pub checklist: Checklist,
    pub board: Board,
    pub due: Paged<DueRow>,
    /// What is open over the panes, the last opened on top (`overlay.rs`).
    pub overlays: super::overlay::Overlays,
    /// A draft offered at start and put off: `new_application` offers it again.
    pub pending_draft: Option<Box<Form>>,
    /// Which applications the queue shows.
    pub queue_filter: QueueFilter,
    /// Which provider's cases the board shows (None: everyone's).
    pub board_filter: Option<BoardFilter>,
    /// The policy's emergency threshold (Law Art. 44), for the form.
    pub emergency_days: u32,
    pub status: Status,
    /// The user's role, once the store said (`Command::MyRole`).
    pub role: Option<crate::domain::user::Role>,
    /// Who the store's users are (display names for logins).
    pub names: crate::domain::user::Names,
    /// Measures what the screen shows of the state.
    pub geometry: Geometry,
    /// What was asked of the store and is not yet answered.
    pub in_flight: Option<InFlight>,
    /// Something changed since the last frame: the shell redraws and clears it.
    pub dirty: bool,
}

impl App {
    /// The policy's standard subsidy for case `no`, by its kind as loaded
    /// on screen.
    pub fn subsidy_of(&self, no: CaseNo) -> Option<u32> {
        let kind = self.kind_of(no)?;
        self.status
            .summary
            .subsidies
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, amount)| *amount)
    }

    /// The kind of a case on screen (the case view, the board, the queue).
    pub fn kind_of(&self, no: CaseNo) -> Option<crate::domain::codes::Kind> {
        self.overlays
            .detail()
            .filter(|d| d.no == no)
            .and_then(|d| d.view.as_ref())
            .map(|v| v.case.kind)
            .or_else(|| {
                self.board
                    .columns
                    .iter()
                    .find_map(|c| c.find(|r| r.no == no).map(|r| r.kind))
            })
            .or_else(|| self.queue.find(|r| r.no == no).map(|r| r.kind))
    }

    /// The applicant of case `no` as loaded on screen (empty if not shown).
    pub fn applicant_of(&self, no: CaseNo) -> String {
        if let Some(v) = self.checklist.view.as_ref().filter(|v| v.no == no) {
            return v.applicant.clone();
        }
        if let Some(v) = self
            .overlays
            .detail()
            .filter(|d| d.no == no)
            .and_then(|d| d.view.as_ref())
        {
            return v.case.applicant.name.clone();
        }
        let card = self
            .board
            .columns
            .iter()
            .find_map(|c| c.find(|r| r.no == no).map(|r| r.applicant.clone()));
        card.or_else(|| self.queue.find(|r| r.no == no).map(|r| r.applicant.clone()))
            .unwrap_or_default()
    }

    pub fn new(lang: Lang, theme: Theme, keymap: Keymap, status: Status) -> App {
        App {
            lang,
            zone: None,
            theme,
            keymap,
            size: NARROW,
            focus: Pane::Queue,
            queue: Paged::new(),
            checklist: Checklist::default(),
            board: Board::default(),
            due: Paged::new(),
            overlays: Default::default(),
            pending_draft: None,
            queue_filter: QueueFilter::default(),
            board_filter: None,
            emergency_days: Policy::default().emergency_days,
            status,
            role: None,
            names: Default::default(),
            geometry: Geometry(super::view::extent),
            in_flight: None,
            dirty: true,
        }
    }

    /// The step sent and not yet answered, no longer waited for.
    pub fn take_step_sent(&mut self) -> Option<(CaseNo, &'static str)> {
        match self.in_flight {
            Some(InFlight::Step { no, code }) => {
                self.in_flight = None;
                Some((no, code))
            }
            _ => None,
        }
    }

    pub fn mode(&self) -> Mode {
        Mode::of(self.size.0, self.size.1)
    }

    pub fn today(&self) -> NaiveDate {
        self.status.today
    }

    /// Which keymap table is in force: what is on top decides.
    pub fn context(&self) -> Context {
        use super::overlay::Overlay;
        match self.overlays.top() {
            Some(Overlay::Question(_)) => Context::Question,
            Some(Overlay::Prompt(_)) => Context::Prompt,
            Some(Overlay::Search(_)) => Context::Form,
            Some(Overlay::Consult(_)) => Context::Consult,
            Some(Overlay::Intake(_)) => Context::Intake,
            Some(Overlay::Help(_)) => Context::Help,
            Some(Overlay::Detail(_)) => Context::Detail,
            Some(Overlay::Results(_)) => Context::List,
            Some(Overlay::Reports(_)) => Context::Reports,
            Some(Overlay::Supervision(_)) => Context::Supervision,
            None => match self.focus {
                Pane::Board => Context::Board,
                Pane::Queue => Context::Queue,
                Pane::Checklist => Context::Checklist,
                Pane::Deadlines => Context::List,
            },
        }
    }

    /// The case the user is pointing at in the focused pane or results.
    pub fn pointed_case(&self) -> Option<CaseNo> {
        if let Some(r) = self.overlays.results() {
            return r.list.selected_case();
        }
        match self.focus {
            Pane::Queue | Pane::Checklist => self.queue.selected_case(),
            Pane::Board => self.board.current().selected_case(),
            Pane::Deadlines => self.due.selected_case(),
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// A catalog entry chosen by a code: `app.word("matter", "wages")`.
    pub fn word(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}.{code}")).to_string()
    }

    /// What the screen shows of the state now.
    pub fn extent(&self) -> Extent {
        (self.geometry.0)(self)
    }

    pub fn set_message(&mut self, text: impl Into<String>, error: bool) {
        self.status.message = Some(Message {
            text: text.into(),
            error,
            fresh: true,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_by_size() {
        assert_eq!(Mode::of(120, 35), Mode::Wide);
        assert_eq!(Mode::of(200, 60), Mode::Wide);
        assert_eq!(Mode::of(119, 40), Mode::Narrow);
        assert_eq!(Mode::of(120, 34), Mode::Narrow);
        assert_eq!(Mode::of(80, 24), Mode::Narrow);
        assert_eq!(Mode::of(79, 24), Mode::TooSmall);
        assert_eq!(Mode::of(80, 23), Mode::TooSmall);
    }

    #[test]
    fn panes_cycle_both_ways() {
        assert_eq!(Pane::Queue.cycle(1), Pane::Checklist);
        assert_eq!(Pane::Deadlines.cycle(1), Pane::Queue);
        assert_eq!(Pane::Queue.cycle(-1), Pane::Deadlines);
    }
}
