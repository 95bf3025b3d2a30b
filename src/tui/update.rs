//! The pure heart of the TUI: an action or a loaded result goes in, the
//! state changes, and the effects the shell must carry out come out. No
//! terminal, no store, no clock: every function here is tested directly.

use crate::domain::case::CaseNo;

use super::action::{Action, Context};
use super::app::{App, Ask, Intake, Pane, PromptKind, Question};
use super::command::Command;
use super::field::TextField;
use super::keys::Key;
use super::paged::{Page, Window};
use super::rows::{Card, ChecklistView, DetailView, DueRow, ProviderRow, QueueRow, Stage, Summary};

mod assign;
mod consult_flow;
mod correct;
mod finding;
mod intake_flow;
mod navigation;
mod outcomes;
mod questions;
mod reports;
mod steps;
mod supervision;
#[cfg(test)]
mod testing;
use correct::{correct, correction_value, withdraw};
use finding::{filter, search, set_board_filter};
use intake_flow::{intake_focus, leave_form, save};
use navigation::{back, checklist_for_selection, column, focus, keep_visible, motion, open};
use outcomes::done;
use questions::answer;
use steps::{step_action, step_prompt};

/// What the shell must do after an update.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Save, restore the terminal and exit.
    Quit,
    /// Restore the terminal and stop (SIGTSTP); redraw fully on resume.
    Suspend,
    /// Clear the terminal and draw everything again.
    ClearScreen,
    /// Ask the loader for data; the answer comes back through [`apply`].
    Load(Request),
    /// Ask the store for a change; the outcome comes back as `Loaded::Done`.
    Do(super::command::Command),
}

/// A question for the loader. Each has one answer in [`Loaded`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Undecided applications (received, awaiting documents), most urgent first.
    Queue(Window, crate::domain::queue::QueueFilter),
    /// The login check's list: open deadlines due within the warning window
    /// or overdue, soonest first.
    Deadlines(Window),
    /// Cards of one board column, oldest step first; with a provider's id,
    /// only that provider's cases.
    Board(Stage, Window, Option<String>),
    /// Every provider with open cases, capacity and overdue items, for the
    /// provider view (`view`) or the board's provider picker.
    Providers { view: bool },
    /// Cases matching a search by number, name, ID number or phone.
    Search { query: String, window: Window },
    /// The eligibility checklist of a case (answer: `Loaded::Checklist`).
    Checklist(CaseNo),
    /// The whole case with its open deadlines and history.
    Detail(CaseNo),
    /// Counts and calendar warnings for the status bar.
    Summary,
    /// A report's figures and the cases per month of the year up to it.
    Report(crate::domain::report::Period),
    /// The supervision screen's figures and lists.
    Supervision,
    /// The cases behind one number of a report, as a list titled `title`.
    ReportCases {
        period: crate::domain::report::Period,
        column: crate::domain::report::Column,
        title: String,
        window: Window,
    },
}

/// An answer from the loader.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Queue(Page<QueueRow>),
    Deadlines(Page<DueRow>),
    /// A column, for the provider filter it was asked with.
    Board(Stage, Option<String>, Page<Card>),
    Providers {
        view: bool,
        rows: Vec<ProviderRow>,
    },
    Search {
        query: String,
        page: Page<QueueRow>,
        /// What each result matched, where the row does not show it.
        matched: Vec<(CaseNo, &'static str)>,
    },
    Checklist(ChecklistView),
    /// Boxed: a whole case is much larger than the other answers.
    Detail(Box<DetailView>),
    Summary(Summary),
    /// A report's figures, with the cases per month over twelve months.
    Report {
        period: crate::domain::report::Period,
        figures: Box<crate::domain::report::Figures>,
        trend: Vec<(crate::domain::report::Month, u64)>,
    },
    /// The supervision screen's figures and lists.
    Supervision(Box<super::rows::SupervisionView>),
    /// A case asked for is not (or no longer) in the store.
    Missing(CaseNo),
    /// The loader failed; shown in the status bar.
    Error(String),
    /// The outcome of an `Effect::Do`.
    Done(super::command::Outcome),
}

/// Everything to load for the first frame, and the draft a registration
/// left behind (a crash, a kill, a dropped connection), to offer it back.
pub fn start(app: &mut App) -> Vec<Effect> {
    app.dirty = true;
    let mut out = reload(app);
    out.push(Effect::Do(Command::LoadDraft));
    out.push(Effect::Do(Command::MyRole));
    out
}

/// The request for a window of the queue as filtered now. The filter
/// (`app.queue_filter`) is applied by the store while it reads the queue,
/// never over a loaded page.
pub fn queue_request(app: &App, window: Window) -> Request {
    Request::Queue(window, app.queue_filter.clone())
}

/// The request for a window of a board column as filtered now.
pub fn board_request(app: &App, stage: Stage, window: Window) -> Request {
    let provider = app.board_filter.as_ref().map(|f| f.id.clone());
    Request::Board(stage, window, provider)
}

/// Everything on screen, to load again after a change in the store. Windows
/// name the selected case so that the loader can follow it if it moved.
pub fn reload(app: &App) -> Vec<Effect> {
    let mut out = vec![
        Request::Summary,
        queue_request(app, app.queue.window()),
        Request::Deadlines(app.due.window()),
    ];
    for stage in Stage::ALL {
        out.push(board_request(app, stage, app.board.column(stage).window()));
    }
    if let Some(no) = app.queue.selected_case() {
        out.push(Request::Checklist(no));
    }
    if let Some(d) = app.overlays.detail() {
        out.push(Request::Detail(d.no));
    }
    if let Some(r) = app.overlays.results() {
        out.push(Request::Search {
            query: r.query.clone(),
            window: r.list.window(),
        });
    }
    if app.overlays.supervision().is_some() {
        out.push(Request::Supervision);
    }
    out.into_iter().map(Effect::Load).collect()
}

/// The terminal changed size: everything is laid out again on the next frame.
pub fn resize(app: &mut App, width: u16, height: u16) {
    app.size = (width, height);
    app.dirty = true;
    keep_visible(app);
}

/// A key from the terminal: its action in the current context, or text
/// typed into the field that has the cursor.
pub fn handle_key(app: &mut App, key: Key) -> Vec<Effect> {
    // Whatever a key does, the next frame shows it: a change made outside
    // `update` (a numbered choice, a question's answer) must redraw too.
    app.dirty = true;
    // A message shown whole has been seen: the status bar keeps it.
    if let Some(m) = app.status.message.as_mut() {
        m.fresh = false;
    }
    let ctx = app.context();
    match app.keymap.action(ctx, &key) {
        Some(action) => update(app, action),
        None => match key.text() {
            Some(c) if ctx.types_text() => type_text(app, &c.to_string()),
            // In a list of choices, 1-9 take the choice of that number.
            Some(c @ '1'..='9') if ctx == Context::Question => {
                pick_numbered(app, c as usize - '1' as usize)
            }
            _ => Vec::new(),
        },
    }
}

/// Selects choice `i` of the question (when it has one) and takes it.
fn pick_numbered(app: &mut App, i: usize) -> Vec<Effect> {
    match app.overlays.question_mut() {
        Some(q) if i < q.choices().len() => q.cursor = i,
        _ => return Vec::new(),
    }
    answer(app, Action::Choose)
}

/// Pasted text (bracketed paste) goes into the field that has the cursor.
/// The registration draft is saved with the next change; the shell may
/// call [`paste_effects`] instead to save it at once.
pub fn paste(app: &mut App, text: &str) {
    // One line only: a pasted newline must not submit.
    let line = crate::domain::text::one_line(text);
    if app.overlays.question().is_some() {
        return;
    }
    app.dirty = true;
    if let Some(p) = app.overlays.prompt_mut() {
        p.field.insert(&line);
    } else if let Some(field) = app.overlays.search_mut() {
        field.insert(&line);
    } else if app.overlays.consult().is_some() {
        consult_flow::paste(app, &line);
    } else if let Some(i) = app.overlays.intake_mut() {
        let today = app.status.today;
        i.form.paste(&line, today);
    }
}

/// [`paste`], with the effects it asks for (the draft saved).
pub fn paste_effects(app: &mut App, text: &str) -> Vec<Effect> {
    paste(app, text);
    autosave(app)
}

/// Printable text typed where the context takes text.
fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    app.dirty = true;
    let today = app.today();
    if let Some(p) = app.overlays.prompt_mut() {
        p.error = None;
        p.field.insert(text);
    } else if let Some(field) = app.overlays.search_mut() {
        field.insert(text);
    } else if app.overlays.consult().is_some() {
        for c in text.chars() {
            consult_flow::type_char(app, c);
        }
    } else if let Some(i) = app.overlays.intake_mut() {
        let lang = app.lang;
        for c in text.chars() {
            i.form.type_char(c, today, |key| lang.t(key).to_string());
        }
    }
    autosave(app)
}

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    app.dirty = true;
    use Action::*;
    let effects = match action {
        Quit => vec![Effect::Quit],
        Suspend => vec![Effect::Suspend],
        Redraw => {
            let mut e = vec![Effect::ClearScreen];
            e.extend(reload(app));
            e
        }
        Help => {
            if app.overlays.take_help().is_none() {
                app.overlays.open_help(0);
            }
            Vec::new()
        }
        Search => {
            // The results will show over the panes: nothing may hide them.
            app.overlays.close_help();
            app.overlays.open_search(TextField::new());
            Vec::new()
        }
        Back => back(app),
        NextPane => focus(app, app.focus.cycle(1)),
        PrevPane => focus(app, app.focus.cycle(-1)),
        FocusQueue => focus(app, Pane::Queue),
        FocusChecklist => focus(app, Pane::Checklist),
        FocusBoard => focus(app, Pane::Board),
        FocusDeadlines => focus(app, Pane::Deadlines),
        Up => motion(app, Motion::By(-1)),
        Down => motion(app, Motion::By(1)),
        Top => motion(app, Motion::Top),
        Bottom => motion(app, Motion::Bottom),
        PageUp => motion(app, Motion::Page(-1)),
        PageDown => motion(app, Motion::Page(1)),
        Left => column(app, -1),
        Right => column(app, 1),
        Open if app.context() == Context::Reports => reports::open_cell(app),
        Open if app.context() == Context::Supervision => supervision::open_case(app),
        Open => open(app),
        Submit | Cancel | DeleteBack | DeleteForward | DeleteWord | Clear | CursorLeft
        | CursorRight | LineStart | LineEnd => editing(app, action),
        NewApplication => new_application(app),
        FilterClear if app.focus == Pane::Board => set_board_filter(app, None),
        FilterChannel | FilterKind | FilterMine | FilterApproval | FilterClear => {
            filter(app, action)
        }
        FilterProvider => vec![Effect::Load(Request::Providers { view: false })],
        Providers => vec![Effect::Load(Request::Providers { view: true })],
        Withdraw => withdraw(app),
        Correct => correct(app),
        NextField if app.overlays.consult().is_some() => consult_flow::focus(app, 1),
        PrevField if app.overlays.consult().is_some() => consult_flow::focus(app, -1),
        NextField => intake_focus(app, 1),
        PrevField => intake_focus(app, -1),
        Save => save(app),
        Confirm => confirm(app),
        Choose | Resume | Keep | Discard | Proceed | OpenExisting => answer(app, action),
        ConfirmItem | SetMeans | RequestDocuments | DocumentsReceived | Propose | Approve
        | ReturnProposal | Assign | AgreementSigned | Conclude | SubmitFile | ReviewFile
        | Archive | AddNote | Terminate | DeemWithdrawn | EmergencyAid | Object
        | DecideObjection | FollowUp | Reassign | StrikeNote | Score => step_action(app, action),
        Reports => reports::open(app),
        Supervision => supervision::open(app),
        ApprovePayments => supervision::approve_all(app),
        Consult => consult_flow::open(app),
        SaveConsult => consult_flow::save(app, false),
        ConsultToApplication => consult_flow::save(app, true),
        PrevPeriod => reports::step(app, false),
        NextPeriod => reports::step(app, true),
        PeriodKind => reports::next_kind(app),
    };
    let mut effects = effects;
    effects.extend(autosave(app));
    keep_visible(app);
    effects
}

/// Applies an answer of the loader. Stale answers (for a case no longer
/// selected, a search no longer shown) are dropped.
pub fn apply(app: &mut App, loaded: Loaded) -> Vec<Effect> {
    app.dirty = true;
    let mut out = Vec::new();
    match loaded {
        Loaded::Queue(page) => {
            if app.queue.replace(page) {
                out.extend(checklist_for_selection(app));
            }
            let missing = app.queue.missing();
            out.extend(missing.map(|w| Effect::Load(queue_request(app, w))));
        }
        Loaded::Deadlines(page) => {
            app.due.replace(page);
            out.extend(app.due.missing().map(Request::Deadlines).map(Effect::Load));
        }
        Loaded::Board(stage, provider, page) => {
            // A page for another filter than the one in force is stale.
            if provider.as_deref() == app.board_filter.as_ref().map(|f| f.id.as_str()) {
                let col = &mut app.board.columns[stage.index()];
                col.replace(page);
                let missing = col.missing();
                out.extend(missing.map(|w| Effect::Load(board_request(app, stage, w))));
            }
        }
        Loaded::Providers { view, rows } => {
            // Only when nothing else has come on top meanwhile.
            if app.overlays.question().is_none()
                && app.overlays.prompt().is_none()
                && app.overlays.intake().is_none()
            {
                app.overlays.close_help();
                let mut q = Question::new(if view {
                    Ask::ProviderView { rows }
                } else {
                    Ask::PickProvider { rows }
                });
                // The picker starts on the provider in force.
                if let (Ask::PickProvider { rows }, Some(f)) = (&q.ask, &app.board_filter) {
                    q.cursor = rows.iter().position(|r| r.id == f.id).map_or(0, |i| i + 1);
                }
                app.overlays.open_question(q);
            }
        }
        Loaded::Search {
            query,
            page,
            matched,
        } => {
            if let Some(r) = app.overlays.results_mut().filter(|r| r.query == query) {
                r.list.replace(page);
                r.matched = matched.into_iter().collect();
            }
        }
        Loaded::Report {
            period,
            figures,
            trend,
        } => reports::loaded(app, period, *figures, trend),
        Loaded::Supervision(view) => supervision::loaded(app, *view),
        Loaded::Checklist(view) => {
            if app.queue.selected_case() == Some(view.no) {
                let last = view.checks.len().saturating_sub(1);
                app.checklist.cursor = app.checklist.cursor.min(last);
                app.checklist.view = Some(view);
            }
        }
        Loaded::Detail(view) => {
            // A prompt refused as stale goes on from the case as it is now.
            if let Some(p) = app
                .overlays
                .prompt_mut()
                .filter(|p| p.stale && p.no == view.case.no)
            {
                p.revision = view.case.revision;
                p.stale = false;
            }
            if let Some(d) = app.overlays.detail_mut().filter(|d| d.no == view.case.no) {
                d.view = Some(*view);
            }
        }
        Loaded::Summary(s) => {
            if s.emergency_days > 0 {
                app.emergency_days = s.emergency_days;
            }
            app.status.summary = s;
        }
        Loaded::Missing(no) => {
            if app.overlays.detail().is_some_and(|d| d.no == no) {
                app.overlays.close_detail();
                let text = app.t("tui.msg.missing").replace("{case}", &no.to_string());
                app.set_message(text, true);
            }
            if app.checklist.view.as_ref().is_some_and(|v| v.no == no) {
                app.checklist.view = None;
            }
        }
        Loaded::Error(text) => app.set_message(text, true),
        Loaded::Done(outcome) => out.extend(done(app, outcome)),
    }
    keep_visible(app);
    out
}

#[derive(Debug, Clone, Copy)]
enum Motion {
    By(isize),
    Page(isize),
    Top,
    Bottom,
}

impl Motion {
    /// The new position in a list of `len` rows showing `rows` at a time.
    fn target(self, cursor: usize, len: usize, rows: usize) -> usize {
        let last = len.saturating_sub(1);
        let rows = rows.max(1) as isize;
        match self {
            Motion::By(d) => cursor.saturating_add_signed(d).min(last),
            Motion::Page(d) => cursor.saturating_add_signed(d * rows).min(last),
            Motion::Top => 0,
            Motion::Bottom => last,
        }
    }
}

/// Typing keys: in the prompt, the search field or the registration form,
/// whichever has the cursor.
fn editing(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(p) = app.overlays.prompt_mut() {
        match action {
            Action::Submit => return confirm(app),
            Action::Cancel => app.overlays.close_prompt(),
            other => edit(&mut p.field, other),
        }
        return Vec::new();
    }
    if app.overlays.search().is_some() {
        return search(app, action);
    }
    if app.overlays.consult().is_some() {
        return consult_flow::editing(app, action);
    }
    let today = app.today();
    let Some(i) = app.overlays.intake_mut() else {
        return Vec::new();
    };
    let form = &mut i.form;
    match action {
        Action::Submit => form.move_focus(1),
        Action::Cancel => return leave_form(app),
        Action::CursorLeft if !form.focus.is_text() => form.cycle(-1),
        Action::CursorRight if !form.focus.is_text() => form.cycle(1),
        Action::DeleteBack if !form.focus.is_text() => {
            let lang = app.lang;
            form.jump_back(|key| lang.t(key).to_string());
        }
        other => {
            if let Some(f) = form.focused_text() {
                edit(f, other);
                form.after_edit(today);
            }
        }
    }
    Vec::new()
}

/// An editing key on a text field.
fn edit(field: &mut TextField, action: Action) {
    match action {
        Action::DeleteBack => field.delete_back(),
        Action::DeleteForward => field.delete_forward(),
        Action::DeleteWord => field.delete_word(),
        Action::Clear => field.clear(),
        Action::CursorLeft => field.left(),
        Action::CursorRight => field.right(),
        Action::LineStart => field.home(),
        Action::LineEnd => field.end(),
        _ => {}
    }
}

/// Opens the registration form, or offers the draft put off at start.
fn new_application(app: &mut App) -> Vec<Effect> {
    if app.overlays.intake().is_some() {
        return Vec::new();
    }
    app.overlays.close_help();
    match app.pending_draft.take() {
        Some(form) => app
            .overlays
            .open_question(Question::new(Ask::DraftOffer(form))),
        None => app.overlays.open_intake(Intake::default()),
    }
    Vec::new()
}

/// The case open in the detail view, once loaded.
fn open_case(app: &App) -> Option<(CaseNo, u64, &crate::domain::case::Case)> {
    let d = app.overlays.detail()?;
    let v = d.view.as_ref()?;
    Some((d.no, v.case.revision, &v.case))
}

/// The fields a caseworker can correct from the detail view, as record
/// paths (`domain::correct`); the catalog word is `tui.field.LAST_PART`.
pub const CORRECTABLE: &[&str] = &[
    "applicant.name",
    "applicant.id_number",
    "applicant.phone",
    "applicant.address",
    "applicant.groups",
    "applicant.gender",
    "applicant.birth_date",
    "kind",
    "matter",
    "channel",
    "station",
    "adverse_party",
    "summary",
    "received",
    "caseworker",
    "serious",
];

/// Enter in a prompt: withdraw with the reason, or correct the field.
fn confirm(app: &mut App) -> Vec<Effect> {
    let Some(p) = app.overlays.prompt() else {
        return Vec::new();
    };
    let text = p.field.text().trim().to_string();
    let command = match &p.kind {
        PromptKind::Correct { field } => Command::Correct {
            no: p.no,
            revision: p.revision,
            field: field.clone(),
            value: correction_value(field, &text),
        },
        PromptKind::Step(draft) => {
            let draft = draft.clone();
            return step_prompt(app, draft, text);
        }
    };
    vec![Effect::Do(command)]
}

/// The registration form's draft goes to the store whenever what is typed
/// (or where) changed: a save is about a millisecond, so no debounce.
fn autosave(app: &mut App) -> Vec<Effect> {
    let Some(i) = app.overlays.intake_mut() else {
        return Vec::new();
    };
    if i.saved.is_none() && i.form.is_blank() {
        return Vec::new();
    }
    let json = i.form.to_draft();
    if i.saved.as_deref() == Some(json.as_str()) {
        return Vec::new();
    }
    i.saved = Some(json.clone());
    vec![Effect::Do(Command::SaveDraft(Some(json)))]
}

// ---------------------------------------------------------------------------
// The procedure: review, decision, approval, assignment, handling.

/// The case a step is about, with its revision as read: the case open in
/// the detail view, the card selected on the board, or the application
/// selected in the queue (whose checklist shows).
pub fn step_target(app: &App) -> Option<(CaseNo, u64)> {
    if let Some((no, revision, _)) = open_case(app) {
        return Some((no, revision));
    }
    if app.overlays.detail().is_some() {
        return None;
    }
    match app.focus {
        Pane::Board => app
            .board
            .current()
            .selected_row()
            .map(|c| (c.no, c.revision)),
        Pane::Queue | Pane::Checklist => app.queue.selected_row().map(|r| (r.no, r.revision)),
        Pane::Deadlines => None,
    }
}

/// The newest revision of a case on screen, after a refusal as stale.
fn current_revision(app: &App, no: CaseNo) -> Option<u64> {
    if let Some((n, revision, _)) = open_case(app)
        && n == no
    {
        return Some(revision);
    }
    let queue = (0..app.queue.total())
        .filter_map(|i| app.queue.get(i))
        .find(|r| r.no == no)
        .map(|r| r.revision);
    queue.or_else(|| {
        app.board.columns.iter().find_map(|col| {
            (0..col.total())
                .filter_map(|i| col.get(i))
                .find(|c| c.no == no)
                .map(|c| c.revision)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::testing::*;

    #[test]
    fn quit_and_suspend_are_effects() {
        let mut app = app_with_data();
        assert_eq!(update(&mut app, Action::Quit), [Effect::Quit]);
        assert_eq!(update(&mut app, Action::Suspend), [Effect::Suspend]);
        assert_eq!(keys(&mut app, &["q"]), [Effect::Quit]);
    }

    #[test]
    fn start_asks_for_everything() {
        let mut app = fixtures::empty_app();
        let e = start(&mut app);
        let r = loads(&e);
        assert!(r.contains(&&Request::Summary));
        assert!(
            r.iter()
                .any(|r| matches!(r, Request::Queue(w, _) if w.offset == 0))
        );
        assert!(r.iter().any(|r| matches!(r, Request::Deadlines(_))));
        assert_eq!(
            r.iter().filter(|r| matches!(r, Request::Board(..))).count(),
            Stage::ALL.len()
        );
    }

    #[test]
    fn unbound_keys_do_nothing() {
        let mut app = app_with_data();
        let mut before = app.clone();
        // Every key redraws; an unbound one changes nothing else.
        before.dirty = true;
        assert!(handle_key(&mut app, Key::char('z')).is_empty());
        assert!(handle_key(&mut app, Key::plain(KeyCode::F(9))).is_empty());
        assert_eq!(app, before);
    }

    #[test]
    fn redraw_clears_and_reloads() {
        let mut app = app_with_data();
        let e = keys(&mut app, &["ctrl-l"]);
        assert_eq!(e[0], Effect::ClearScreen);
        assert!(e.len() > 5);
    }

    #[test]
    fn errors_from_the_loader_reach_the_status_bar() {
        let mut app = app_with_data();
        apply(&mut app, Loaded::Error("store locked".into()));
        assert_eq!(app.status.message.as_ref().unwrap().text, "store locked");
    }

    #[test]
    fn start_asks_for_the_draft_and_the_role() {
        let mut app = fixtures::empty_app();
        let e = start(&mut app);
        assert_eq!(commands(&e), [&Command::LoadDraft, &Command::MyRole]);
    }
}
