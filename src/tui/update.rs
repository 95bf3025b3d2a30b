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
mod correct;
mod finding;
mod intake_flow;
mod navigation;
mod outcomes;
mod questions;
mod steps;
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
    if let Some(d) = &app.detail {
        out.push(Request::Detail(d.no));
    }
    if let Some(r) = &app.results {
        out.push(Request::Search {
            query: r.query.clone(),
            window: r.list.window(),
        });
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
    match app.question.as_mut() {
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
    if app.question.is_some() {
        return;
    }
    app.dirty = true;
    if let Some(p) = app.prompt.as_mut() {
        p.field.insert(&line);
    } else if let Some(field) = app.search.as_mut() {
        field.insert(&line);
    } else if let Some(i) = app.intake.as_mut() {
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
    if let Some(p) = app.prompt.as_mut() {
        p.error = None;
        p.field.insert(text);
    } else if let Some(field) = app.search.as_mut() {
        field.insert(text);
    } else if let Some(i) = app.intake.as_mut() {
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
            app.help = match app.help {
                Some(_) => None,
                None => Some(0),
            };
            Vec::new()
        }
        Search => {
            // The results will show over the panes: nothing may hide them.
            app.help = None;
            app.search = Some(TextField::new());
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
        NextField => intake_focus(app, 1),
        PrevField => intake_focus(app, -1),
        Save => save(app),
        Confirm => confirm(app),
        Choose | Resume | Keep | Discard | Proceed | OpenExisting => answer(app, action),
        ConfirmItem | SetMeans | RequestDocuments | DocumentsReceived | Propose | Approve
        | ReturnProposal | Assign | AgreementSigned | Conclude | SubmitFile | ReviewFile
        | Archive | AddNote | Terminate | DeemWithdrawn | EmergencyAid | Object
        | DecideObjection | FollowUp | Reassign | StrikeNote => step_action(app, action),
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
            if app.question.is_none() && app.prompt.is_none() && app.intake.is_none() {
                app.help = None;
                let mut q = Question::new(if view {
                    Ask::ProviderView { rows }
                } else {
                    Ask::PickProvider { rows }
                });
                // The picker starts on the provider in force.
                if let (Ask::PickProvider { rows }, Some(f)) = (&q.ask, &app.board_filter) {
                    q.cursor = rows.iter().position(|r| r.id == f.id).map_or(0, |i| i + 1);
                }
                app.question = Some(q);
            }
        }
        Loaded::Search {
            query,
            page,
            matched,
        } => {
            if let Some(r) = app.results.as_mut().filter(|r| r.query == query) {
                r.list.replace(page);
                r.matched = matched.into_iter().collect();
            }
        }
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
                .prompt
                .as_mut()
                .filter(|p| p.stale && p.no == view.case.no)
            {
                p.revision = view.case.revision;
                p.stale = false;
            }
            if let Some(d) = app.detail.as_mut().filter(|d| d.no == view.case.no) {
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
            if app.detail.as_ref().is_some_and(|d| d.no == no) {
                app.detail = None;
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
    if let Some(p) = app.prompt.as_mut() {
        match action {
            Action::Submit => return confirm(app),
            Action::Cancel => app.prompt = None,
            other => edit(&mut p.field, other),
        }
        return Vec::new();
    }
    if app.search.is_some() {
        return search(app, action);
    }
    let today = app.today();
    let Some(i) = app.intake.as_mut() else {
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
    if app.intake.is_some() {
        return Vec::new();
    }
    app.help = None;
    match app.pending_draft.take() {
        Some(form) => app.question = Some(Question::new(Ask::DraftOffer(form))),
        None => app.intake = Some(Intake::default()),
    }
    Vec::new()
}

/// The case open in the detail view, once loaded.
fn open_case(app: &App) -> Option<(CaseNo, u64, &crate::domain::case::Case)> {
    let d = app.detail.as_ref()?;
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
    let Some(p) = app.prompt.as_ref() else {
        return Vec::new();
    };
    let text = p.field.text().trim().to_string();
    let command = match &p.kind {
        PromptKind::Withdraw if text.is_empty() => {
            let t = app.t("tui.prompt.reason_needed");
            app.set_message(t, true);
            return Vec::new();
        }
        PromptKind::Withdraw => Command::Withdraw {
            no: p.no,
            revision: p.revision,
            reason: text,
        },
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
    let Some(i) = app.intake.as_mut() else {
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
    if app.detail.is_some() {
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
    use super::*;
    use crate::domain::codes::ReasonCode;
    use crate::domain::codes::{Against, Ground};
    use crate::domain::eligibility::Verdict;
    use crate::domain::workflow::Step;
    use crate::tui::app::StepDraft;
    use crate::tui::command::Outcome;
    use crate::tui::intake::FieldId;
    use crate::tui::intake::{self, Form};
    use crate::tui::paged::PAGE;
    use crate::tui::rows::BoardFilter;
    use crate::tui::sample::{self as fixtures, app_with_data};
    use crossterm::event::KeyCode;

    fn keys(app: &mut App, names: &[&str]) -> Vec<Effect> {
        names
            .iter()
            .flat_map(|n| handle_key(app, Key::parse(n).unwrap()))
            .collect()
    }

    fn loads(effects: &[Effect]) -> Vec<&Request> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Load(r) => Some(r),
                _ => None,
            })
            .collect()
    }

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
    fn moving_in_the_queue_loads_the_checklist() {
        let mut app = app_with_data();
        let second = app.queue.get(1).unwrap().no;
        let e = update(&mut app, Action::Down);
        assert_eq!(e, [Effect::Load(Request::Checklist(second))]);
        assert_eq!(app.checklist.view, None);
        // At the bottom, down changes nothing and loads nothing.
        update(&mut app, Action::Bottom);
        assert!(update(&mut app, Action::Down).is_empty());
    }

    #[test]
    fn a_stale_checklist_is_dropped() {
        let mut app = app_with_data();
        let first = fixtures::checklist_for(&app, 0);
        update(&mut app, Action::Down);
        apply(&mut app, Loaded::Checklist(first));
        assert_eq!(app.checklist.view, None);
        let second = fixtures::checklist_for(&app, 1);
        apply(&mut app, Loaded::Checklist(second.clone()));
        assert_eq!(app.checklist.view, Some(second));
    }

    #[test]
    fn a_reload_keeps_the_selection_on_the_same_case() {
        let mut app = app_with_data();
        update(&mut app, Action::Down);
        let chosen = app.queue.selected_case().unwrap();
        // Another caseworker registers an urgent application: it comes first.
        let mut rows: Vec<QueueRow> = (0..app.queue.total())
            .filter_map(|i| app.queue.get(i).cloned())
            .collect();
        let mut new = rows[0].clone();
        new.no = CaseNo::new(2026, 9999);
        rows.insert(0, new);
        let e = apply(&mut app, Loaded::Queue(Page::all(rows)));
        assert!(e.is_empty(), "{e:?}");
        assert_eq!(app.queue.selected_case(), Some(chosen));
        assert_eq!(app.queue.cursor(), 2);
    }

    #[test]
    fn when_the_selected_case_leaves_the_queue_the_next_is_selected() {
        let mut app = app_with_data();
        let rows: Vec<QueueRow> = (1..app.queue.total())
            .filter_map(|i| app.queue.get(i).cloned())
            .collect();
        let next = rows[0].no;
        let e = apply(&mut app, Loaded::Queue(Page::all(rows)));
        assert_eq!(e, [Effect::Load(Request::Checklist(next))]);
    }

    #[test]
    fn reload_names_the_selection() {
        let mut app = app_with_data();
        update(&mut app, Action::Down);
        let chosen = app.queue.selected_case();
        let e = reload(&app);
        assert!(loads(&e).iter().any(|r| matches!(r,
            Request::Queue(w, _) if w.around == chosen)));
        assert!(loads(&e).contains(&&Request::Checklist(chosen.unwrap())));
    }

    #[test]
    fn tab_cycles_panes_and_numbers_jump() {
        let mut app = app_with_data();
        assert_eq!(app.focus, Pane::Queue);
        keys(&mut app, &["tab"]);
        assert_eq!(app.focus, Pane::Checklist);
        keys(&mut app, &["shift-tab", "shift-tab"]);
        assert_eq!(app.focus, Pane::Deadlines);
        keys(&mut app, &["3"]);
        assert_eq!((app.focus, app.context()), (Pane::Board, Context::Board));
    }

    #[test]
    fn the_board_moves_between_columns() {
        let mut app = app_with_data();
        keys(&mut app, &["3", "l", "l"]);
        assert_eq!(app.board.column, 2);
        keys(&mut app, &["l", "l", "l", "l", "l"]);
        assert_eq!(app.board.column, 5);
        keys(&mut app, &["h"]);
        assert_eq!(app.board.column, 4);
        let col = app.board.current().clone();
        keys(&mut app, &["j"]);
        assert_eq!(
            app.board.current().cursor(),
            1.min(col.total().saturating_sub(1))
        );
    }

    #[test]
    fn enter_opens_the_detail_and_esc_returns() {
        let mut app = app_with_data();
        // A case far along the board: a long record and history.
        keys(&mut app, &["3", "l", "l", "l", "l"]);
        let no = app.board.current().selected_case().unwrap();
        let e = keys(&mut app, &["enter"]);
        assert_eq!(e, [Effect::Load(Request::Detail(no))]);
        assert_eq!(app.context(), Context::Detail);
        let view = fixtures::detail_for(&app, no);
        apply(&mut app, Loaded::Detail(Box::new(view)));
        assert!(app.detail.as_ref().unwrap().view.is_some());
        // Scrolling stops where the last line is at the bottom.
        resize(&mut app, 80, 24);
        let extent = app.extent();
        let max = extent.detail_lines.saturating_sub(extent.overlay_rows);
        assert!(max > 0, "the sample case is longer than a small screen");
        keys(&mut app, &["j", "j"]);
        assert_eq!(app.detail.as_ref().unwrap().scroll, 2.min(max));
        keys(&mut app, &["G"]);
        assert_eq!(app.detail.as_ref().unwrap().scroll, max);
        keys(&mut app, &["k"]);
        assert_eq!(app.detail.as_ref().unwrap().scroll, max - 1);
        keys(&mut app, &["esc"]);
        assert!(app.detail.is_none());
        assert_eq!(app.context(), Context::Board);
    }

    #[test]
    fn enter_on_the_board_and_deadlines_opens_their_case() {
        let mut app = app_with_data();
        keys(&mut app, &["4", "j"]);
        let no = app.due.selected_case().unwrap();
        assert_eq!(
            keys(&mut app, &["enter"]),
            [Effect::Load(Request::Detail(no))]
        );
        keys(&mut app, &["3"]);
        let no = app.board.current().selected_case().unwrap();
        assert_eq!(
            keys(&mut app, &["enter"]),
            [Effect::Load(Request::Detail(no))]
        );
    }

    #[test]
    fn enter_on_nothing_says_so() {
        let mut app = fixtures::empty_app();
        assert!(keys(&mut app, &["enter"]).is_empty());
        assert!(app.status.message.is_some());
        keys(&mut app, &["esc"]);
        assert!(app.status.message.is_none());
    }

    #[test]
    fn a_missing_case_closes_the_detail() {
        let mut app = app_with_data();
        let no = app.queue.selected_case().unwrap();
        keys(&mut app, &["enter"]);
        apply(&mut app, Loaded::Missing(no));
        assert!(app.detail.is_none());
        assert!(app.status.message.as_ref().unwrap().error);
    }

    #[test]
    fn help_opens_scrolls_and_closes() {
        let mut app = app_with_data();
        keys(&mut app, &["?"]);
        assert_eq!(app.context(), Context::Help);
        keys(&mut app, &["j", "j", "j"]);
        assert_eq!(app.help, Some(3));
        keys(&mut app, &["G"]);
        let end = app.help.unwrap();
        keys(&mut app, &["j"]);
        assert_eq!(app.help, Some(end), "no scrolling past the end");
        keys(&mut app, &["q"]);
        assert_eq!(app.help, None);
        // q in help closed it; q again quits.
        assert_eq!(keys(&mut app, &["q"]), [Effect::Quit]);
    }

    #[test]
    fn search_types_text_and_submits() {
        let mut app = app_with_data();
        keys(&mut app, &["/"]);
        assert_eq!(app.context(), Context::Form);
        // In a form, q and j are text, not quit and down.
        keys(&mut app, &["q", "j", "x", "backspace"]);
        handle_key(&mut app, Key::char('张'));
        assert_eq!(app.search.as_ref().unwrap().text(), "qj张");
        paste(&mut app, "三\n");
        let e = keys(&mut app, &["enter"]);
        assert_eq!(app.search, None);
        assert_eq!(
            loads(&e),
            [&Request::Search {
                query: "qj张三".into(),
                window: Window {
                    offset: 0,
                    limit: PAGE,
                    around: None
                }
            }]
        );
        let rows: Vec<QueueRow> = app.queue.get(2).into_iter().cloned().collect();
        let found = rows[0].no;
        apply(
            &mut app,
            Loaded::Search {
                query: "qj张三".into(),
                page: Page::all(rows),
                matched: Vec::new(),
            },
        );
        assert_eq!(app.pointed_case(), Some(found));
        assert_eq!(
            keys(&mut app, &["enter"]),
            [Effect::Load(Request::Detail(found))]
        );
        keys(&mut app, &["esc"]);
        assert!(app.results.is_some());
        keys(&mut app, &["esc"]);
        assert!(app.results.is_none());
    }

    #[test]
    fn an_empty_search_or_cancel_does_nothing() {
        let mut app = app_with_data();
        keys(&mut app, &["/", "a", "esc"]);
        assert_eq!(app.search, None);
        assert!(keys(&mut app, &["/", "space", "enter"]).is_empty());
        assert_eq!(app.results, None);
        keys(&mut app, &["/", "a", "ctrl-c"]);
        assert_eq!(app.search, None, "ctrl-c cancels a form");
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
    fn paging_moves_by_the_visible_rows() {
        let mut app = app_with_data();
        resize(&mut app, 80, 24);
        keys(&mut app, &["4"]);
        let rows = app.extent().pane_rows[Pane::Deadlines.index()];
        keys(&mut app, &["pagedown"]);
        assert_eq!(app.due.cursor(), rows.min(app.due.total() - 1));
        keys(&mut app, &["G"]);
        assert_eq!(app.due.cursor(), app.due.total() - 1);
        keys(&mut app, &["g"]);
        assert_eq!(app.due.cursor(), 0);
    }

    #[test]
    fn a_jump_beyond_the_page_asks_for_it() {
        let mut app = app_with_data();
        let rows: Vec<QueueRow> = (0..3).filter_map(|i| app.queue.get(i).cloned()).collect();
        apply(
            &mut app,
            Loaded::Queue(Page {
                offset: 0,
                total: 5000,
                rows,
            }),
        );
        let e = update(&mut app, Action::Bottom);
        assert_eq!(
            e,
            [Effect::Load(Request::Queue(
                Window {
                    offset: 4999 - PAGE / 2,
                    limit: PAGE,
                    around: None
                },
                Default::default()
            ))]
        );
    }

    #[test]
    fn focus_keys_close_overlays() {
        let mut app = app_with_data();
        keys(&mut app, &["enter", "2"]);
        assert!(app.detail.is_none());
        assert_eq!(app.focus, Pane::Checklist);
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

    // --- Intake: the registration form, drafts, withdraw and correct ---

    fn commands(effects: &[Effect]) -> Vec<&Command> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Do(c) => Some(c),
                _ => None,
            })
            .collect()
    }

    fn type_in(app: &mut App, text: &str) -> Vec<Effect> {
        text.chars()
            .flat_map(|c| handle_key(app, Key::char(c)))
            .collect()
    }

    fn form(app: &App) -> &Form {
        &app.intake.as_ref().expect("the form is open").form
    }

    #[test]
    fn start_asks_for_the_draft_and_the_role() {
        let mut app = fixtures::empty_app();
        let e = start(&mut app);
        assert_eq!(commands(&e), [&Command::LoadDraft, &Command::MyRole]);
    }

    #[test]
    fn n_opens_the_form_and_typing_saves_the_draft() {
        let mut app = app_with_data();
        assert_eq!(app.context(), Context::Queue);
        assert!(keys(&mut app, &["n"]).is_empty());
        assert_eq!(app.context(), Context::Intake);
        // q and j are text in the form; Chinese arrives as characters.
        let e = type_in(&mut app, "张三q");
        let saved: Vec<&Command> = commands(&e);
        assert_eq!(saved.len(), 3, "one save per change");
        let Command::SaveDraft(Some(json)) = saved[2] else {
            panic!("{saved:?}")
        };
        assert_eq!(Form::from_draft(json).unwrap().name.text(), "张三q");
        // A key that changes nothing saves nothing.
        keys(&mut app, &["backspace"]);
        assert!(commands(&keys(&mut app, &["home", "left"])).is_empty());
        assert_eq!(form(&app).name.text(), "张三");
        // Tab moves on (and the draft remembers where).
        let e = keys(&mut app, &["tab"]);
        assert_eq!(form(&app).focus, FieldId::IdNumber);
        assert_eq!(commands(&e).len(), 1);
        keys(&mut app, &["shift-tab", "shift-tab"]);
        assert_eq!(form(&app).focus, FieldId::DeadlineDate);
        // On a choice, left and right change it.
        for _ in 0..7 {
            keys(&mut app, &["shift-tab"]);
        }
        assert_eq!(form(&app).focus, FieldId::Kind);
        keys(&mut app, &["right"]);
        assert_eq!(form(&app).kind, crate::domain::codes::Kind::Administrative);
        // A paste goes into the focused text field, on one line.
        keys(&mut app, &["shift-tab", "shift-tab"]);
        let e = paste_effects(&mut app, "荷塘区\n建设路1号");
        assert_eq!(form(&app).address.text(), "荷塘区 建设路1号");
        assert_eq!(commands(&e).len(), 1);
        // A paste the shell does not save is saved with the next key.
        paste(&mut app, "2栋");
        let e = keys(&mut app, &["end"]);
        let [Command::SaveDraft(Some(json))] = commands(&e)[..] else {
            panic!("{e:?}")
        };
        assert!(json.contains("2栋"), "{json}");
    }

    #[test]
    fn esc_asks_to_keep_or_discard_and_n_offers_the_kept_draft() {
        let mut app = app_with_data();
        // An untouched form closes at once.
        keys(&mut app, &["n", "tab", "esc"]);
        assert!(app.intake.is_none() && app.question.is_none());
        keys(&mut app, &["n"]);
        type_in(&mut app, "王五");
        keys(&mut app, &["esc"]);
        assert_eq!(app.context(), Context::Question);
        // Esc on the question goes back to the form.
        keys(&mut app, &["esc"]);
        assert_eq!(app.context(), Context::Intake);
        keys(&mut app, &["esc", "l"]);
        assert!(app.intake.is_none());
        assert!(app.pending_draft.is_some());
        assert!(app.status.message.as_ref().unwrap().text.contains(" n "));
        // n offers the draft again; r resumes it as it was.
        keys(&mut app, &["n"]);
        assert!(matches!(
            app.question.as_ref().unwrap().ask,
            Ask::DraftOffer(_)
        ));
        keys(&mut app, &["r"]);
        assert_eq!(form(&app).name.text(), "王五");
        // Discarding removes the stored draft.
        keys(&mut app, &["esc"]);
        let e = keys(&mut app, &["d"]);
        assert_eq!(commands(&e), [&Command::SaveDraft(None)]);
        assert!(app.intake.is_none() && app.pending_draft.is_none());
    }

    #[test]
    fn a_draft_from_before_is_offered_at_start() {
        let mut app = app_with_data();
        let mut f = Form::new();
        f.name = TextField::with_text("赵六");
        apply(&mut app, Loaded::Done(Outcome::Draft(Some(f.to_draft()))));
        let q = app.question.as_ref().unwrap();
        assert!(matches!(&q.ask, Ask::DraftOffer(d) if d.name.text() == "赵六"));
        // Later: the draft waits for n.
        keys(&mut app, &["esc"]);
        assert!(app.question.is_none() && app.pending_draft.is_some());
        keys(&mut app, &["n", "enter"]);
        assert_eq!(form(&app).name.text(), "赵六");
        // Resumed drafts are not saved again until something changes.
        assert!(commands(&keys(&mut app, &["tab", "shift-tab"])).len() <= 2);
        // No draft, or a blank one: nothing is offered.
        let mut app = app_with_data();
        apply(&mut app, Loaded::Done(Outcome::Draft(None)));
        apply(
            &mut app,
            Loaded::Done(Outcome::Draft(Some(Form::new().to_draft()))),
        );
        assert!(app.question.is_none());
        apply(&mut app, Loaded::Done(Outcome::Draft(Some("{".into()))));
        assert!(app.status.message.as_ref().unwrap().error);
    }

    fn filled_form(app: &mut App) {
        keys(app, &["n"]);
        type_in(app, "张三");
        keys(app, &["tab"]);
        type_in(app, "11010519491231002X");
        for _ in 0..8 {
            keys(app, &["tab"]);
        }
        assert_eq!(form(app).focus, FieldId::AdverseParty);
        type_in(app, "李四");
    }

    #[test]
    fn saving_checks_then_registers_and_shows_the_number() {
        let mut app = app_with_data();
        keys(&mut app, &["n", "tab"]);
        type_in(&mut app, "123");
        // Problems: nothing is checked, the focus goes to the first.
        let e = keys(&mut app, &["ctrl-s"]);
        assert!(
            commands(&e)
                .iter()
                .all(|c| matches!(c, Command::SaveDraft(_))),
            "{e:?}"
        );
        assert_eq!(form(&app).focus, FieldId::Name);
        assert!(form(&app).tried);
        assert!(app.status.message.as_ref().unwrap().error);
        keys(&mut app, &["esc", "d"]);

        filled_form(&mut app);
        let e = keys(&mut app, &["ctrl-s"]);
        let [
            Command::CheckPerson {
                applicant,
                adverse_party,
            },
        ] = commands(&e)[..]
        else {
            panic!("{e:?}")
        };
        assert_eq!(applicant.name, "张三");
        assert!(applicant.birth_date.is_some(), "derived from the ID");
        assert_eq!(adverse_party.as_deref(), Some("李四"));
        // No duplicates: register at once.
        let conflict = CaseNo::new(2026, 7);
        let e = apply(
            &mut app,
            Loaded::Done(Outcome::Person {
                duplicates: vec![],
                conflicts: vec![conflict],
            }),
        );
        let [Command::Register(record)] = commands(&e)[..] else {
            panic!("{e:?}")
        };
        assert_eq!(record.applicant.name, "张三");
        assert_eq!(record.caseworker.as_deref(), Some("liwei"));
        assert_eq!(record.applicant.groups, ["elderly"]);
        let no = CaseNo::new(2026, 931);
        let e = apply(&mut app, Loaded::Done(Outcome::Registered(no)));
        assert_eq!(commands(&e), [&Command::SaveDraft(None)]);
        assert!(app.intake.is_none());
        let msg = &app.status.message.as_ref().unwrap().text;
        assert!(
            msg.contains("2026-0931") && msg.contains("2026-0007"),
            "{msg}"
        );
    }

    #[test]
    fn duplicates_are_shown_before_saving() {
        let mut app = app_with_data();
        filled_form(&mut app);
        keys(&mut app, &["ctrl-s"]);
        let dup = CaseNo::new(2026, 12);
        let e = apply(
            &mut app,
            Loaded::Done(Outcome::Person {
                duplicates: vec![(dup, "same ID number".into())],
                conflicts: vec![],
            }),
        );
        assert!(commands(&e).is_empty());
        assert_eq!(app.context(), Context::Question);
        // Back to the form, then save again and continue.
        keys(&mut app, &["esc"]);
        assert_eq!(app.intake.as_ref().unwrap().stage, intake::Stage::Editing);
        keys(&mut app, &["ctrl-s"]);
        let person = Outcome::Person {
            duplicates: vec![(dup, "same ID number".into())],
            conflicts: vec![],
        };
        apply(&mut app, Loaded::Done(person.clone()));
        let e = keys(&mut app, &["c"]);
        assert!(matches!(commands(&e)[..], [Command::Register(_)]));
        // Or open the existing case: the draft is kept.
        let mut app = app_with_data();
        filled_form(&mut app);
        keys(&mut app, &["ctrl-s"]);
        apply(&mut app, Loaded::Done(person));
        let e = keys(&mut app, &["o"]);
        assert_eq!(loads(&e), [&Request::Detail(dup)]);
        assert!(app.intake.is_none() && app.pending_draft.is_some());
        assert_eq!(app.context(), Context::Detail);
    }

    #[test]
    fn a_refused_registration_keeps_the_form() {
        let mut app = app_with_data();
        filled_form(&mut app);
        keys(&mut app, &["ctrl-s"]);
        apply(
            &mut app,
            Loaded::Done(Outcome::Person {
                duplicates: vec![],
                conflicts: vec![],
            }),
        );
        apply(
            &mut app,
            Loaded::Done(Outcome::Refused {
                message: "store is read-only".into(),
                stale: false,
            }),
        );
        let i = app.intake.as_ref().unwrap();
        assert_eq!(i.stage, intake::Stage::Editing);
        assert_eq!(i.form.name.text(), "张三");
    }

    #[test]
    fn filters_reload_the_queue_from_the_top() {
        let mut app = app_with_data();
        keys(&mut app, &["j", "j"]);
        let e = keys(&mut app, &["c"]);
        assert_eq!(
            app.queue_filter.channel,
            Some(crate::domain::codes::Channel::WalkIn)
        );
        assert!(
            matches!(loads(&e)[..], [Request::Queue(w, _)] if w.offset == 0 && w.around.is_none())
        );
        assert!(!app.queue.is_loaded());
        keys(&mut app, &["t", "m"]);
        assert_eq!(
            app.queue_filter.kind,
            Some(crate::domain::codes::Kind::Criminal)
        );
        assert_eq!(app.queue_filter.caseworker.as_deref(), Some("liwei"));
        keys(&mut app, &["m"]);
        assert_eq!(app.queue_filter.caseworker, None);
        keys(&mut app, &["backspace"]);
        assert!(app.queue_filter.is_empty());
        // Filters belong to the queue: elsewhere the keys do nothing.
        keys(&mut app, &["4", "c"]);
        assert!(app.queue_filter.is_empty());
    }

    fn open_detail(app: &mut App) -> (CaseNo, u64) {
        let no = app.queue.selected_case().unwrap();
        keys(app, &["enter"]);
        let mut view = fixtures::detail_for(app, no);
        view.case.revision = 5;
        view.case.applicant.phone = Some("13800000000".into());
        apply(app, Loaded::Detail(Box::new(view)));
        (no, 5)
    }

    #[test]
    fn a_digit_takes_the_choice_of_that_number() {
        let mut app = app_with_data();
        let (_, _) = open_detail(&mut app);
        keys(&mut app, &["t"]);
        // Beyond the list: nothing happens, the question stays.
        assert!(commands(&keys(&mut app, &["9"])).is_empty());
        assert!(app.question.is_some());
        let e = keys(&mut app, &["6"]);
        assert_eq!(
            step_of(&e).2,
            Step::Terminate {
                ground: Ground::OwnLawyer
            }
        );
        // 1-4 focus panes elsewhere; in a question they are choices.
        keys(&mut app, &["p", "2"]);
        assert!(matches!(
            app.question.as_ref().unwrap().ask,
            Ask::ReasonCode { grant: false, .. }
        ));
    }

    #[test]
    fn the_rest_of_a_case_life_is_one_key_away_in_the_detail_view() {
        let mut app = app_with_data();
        let (no, revision) = open_detail(&mut app);
        let step = |e: &[Effect]| step_of(e).2;
        // A note needs its text.
        keys(&mut app, &["n"]);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        type_in(&mut app, "电话联系申请人");
        let e = keys(&mut app, &["enter"]);
        assert_eq!(
            step_of(&e),
            (
                no,
                revision,
                Step::Note {
                    text: "电话联系申请人".into()
                }
            )
        );
        app.prompt = None;
        // Termination: the ground is picked from Art. 48's list.
        keys(&mut app, &["t"]);
        assert!(matches!(
            app.question.as_ref().unwrap().ask,
            Ask::Ground { .. }
        ));
        let e = keys(&mut app, &["down", "down", "down", "down", "down", "enter"]);
        assert_eq!(
            step(&e),
            Step::Terminate {
                ground: Ground::OwnLawyer
            }
        );
        assert_eq!(step(&keys(&mut app, &["D"])), Step::DeemWithdrawn);
        assert_eq!(step(&keys(&mut app, &["E"])), Step::EmergencyAid);
        assert_eq!(
            step(&keys(&mut app, &["o"])),
            Step::Object {
                against: Against::Denial
            }
        );
        // The objection's decision: upheld or rejected, then why.
        keys(&mut app, &["O", "enter"]);
        type_in(&mut app, "原决定认定事实清楚");
        assert_eq!(
            step(&keys(&mut app, &["enter"])),
            Step::DecideObjection {
                upheld: true,
                note: "原决定认定事实清楚".into()
            }
        );
        app.prompt = None;
        // The follow-up starts with the satisfaction.
        keys(&mut app, &["u"]);
        type_in(&mut app, "很满意");
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(app.status.message.as_ref().unwrap().error);
        keys(&mut app, &["ctrl-u"]);
        type_in(&mut app, "5，很满意");
        assert_eq!(
            step(&keys(&mut app, &["enter"])),
            Step::FollowUp {
                satisfaction: 5,
                note: "很满意".into()
            }
        );
    }

    #[test]
    fn withdraw_asks_for_a_reason_and_keeps_it_when_stale() {
        let mut app = app_with_data();
        let (no, revision) = open_detail(&mut app);
        keys(&mut app, &["w"]);
        assert_eq!(app.context(), Context::Prompt);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(app.status.message.as_ref().unwrap().error);
        type_in(&mut app, "已和解");
        let e = keys(&mut app, &["enter"]);
        assert_eq!(
            commands(&e),
            [&Command::Withdraw {
                no,
                revision,
                reason: "已和解".into()
            }]
        );
        // Someone else changed the case first: the reason stays, the case
        // is read again, and the next try carries the new revision.
        let e = apply(
            &mut app,
            Loaded::Done(Outcome::Refused {
                message: "conflict".into(),
                stale: true,
            }),
        );
        assert_eq!(loads(&e), [&Request::Detail(no)]);
        assert_eq!(app.prompt.as_ref().unwrap().field.text(), "已和解");
        let mut view = fixtures::detail_for(&app, no);
        view.case.revision = 6;
        apply(&mut app, Loaded::Detail(Box::new(view)));
        let e = keys(&mut app, &["enter"]);
        assert!(matches!(
            commands(&e)[..],
            [Command::Withdraw { revision: 6, .. }]
        ));
        let e = apply(&mut app, Loaded::Done(Outcome::Changed("done".into())));
        assert_eq!(loads(&e), [&Request::Detail(no)]);
        assert!(app.prompt.is_none());
        assert!(
            app.status
                .message
                .as_ref()
                .unwrap()
                .text
                .contains("withdrawn")
        );
        // Esc closes a prompt.
        keys(&mut app, &["w", "x", "esc"]);
        assert!(app.prompt.is_none() && app.detail.is_some());
    }

    #[test]
    fn correct_picks_a_field_and_sends_the_new_value() {
        let mut app = app_with_data();
        let (no, revision) = open_detail(&mut app);
        keys(&mut app, &["e"]);
        let Some(Question {
            ask: Ask::PickField { fields, .. },
            ..
        }) = &app.question
        else {
            panic!("{:?}", app.question)
        };
        let phone = fields
            .iter()
            .position(|(f, _)| f == "applicant.phone")
            .unwrap();
        for _ in 0..phone {
            keys(&mut app, &["down"]);
        }
        keys(&mut app, &["enter"]);
        let p = app.prompt.as_ref().unwrap();
        assert_eq!(p.field.text(), "13800000000", "the current value to edit");
        keys(&mut app, &["ctrl-u"]);
        type_in(&mut app, "13912345678");
        let e = keys(&mut app, &["enter"]);
        assert_eq!(
            commands(&e),
            [&Command::Correct {
                no,
                revision,
                field: "applicant.phone".into(),
                value: "13912345678".into()
            }]
        );
    }

    #[test]
    fn corrected_words_become_codes() {
        assert_eq!(correction_value("matter", "劳动报酬"), "wages");
        assert_eq!(correction_value("matter", "unpaid wages"), "wages");
        assert_eq!(correction_value("channel", "walk_in"), "walk_in");
        assert_eq!(correction_value("kind", "刑事"), "criminal");
        assert_eq!(
            correction_value("applicant.groups", "老年人, migrant worker"),
            r#"["elderly","migrant_worker"]"#
        );
        assert_eq!(correction_value("applicant.groups", ""), "[]");
        assert_eq!(correction_value("applicant.phone", "138"), "138");
        assert_eq!(correction_value("matter", "nonsense"), "nonsense");
    }

    use crate::domain::provider::{Exclusion, Reason};

    fn choice(id: &str, excluded: &[Exclusion]) -> crate::api::views::Choice {
        crate::api::views::Choice {
            id: id.into(),
            name: format!("律师{id}"),
            organization: "湘潭所".into(),
            open: 1,
            capacity: 5,
            excluded: excluded.to_vec(),
            reasons: vec![Reason::Kind(crate::domain::codes::Kind::LaborArbitration)],
        }
    }

    fn step_of(effects: &[Effect]) -> (CaseNo, u64, Step) {
        match commands(effects)[..] {
            [
                Command::Step {
                    no, revision, step, ..
                },
            ] => (*no, *revision, (**step).clone()),
            ref other => panic!("{other:?}"),
        }
    }

    fn selected_row(app: &App) -> (CaseNo, u64) {
        let r = app.queue.selected_row().unwrap();
        (r.no, r.revision)
    }

    #[test]
    fn confirm_picks_a_verdict_then_needs_a_reason() {
        let mut app = app_with_data();
        let (no, revision) = selected_row(&app);
        keys(&mut app, &["2"]);
        assert_eq!(app.context(), Context::Checklist);
        keys(&mut app, &["j", "c"]);
        let item = app.checklist.view.as_ref().unwrap().checks[1].item;
        assert!(matches!(
            &app.question.as_ref().unwrap().ask,
            Ask::Verdict { item: i, .. } if *i == item
        ));
        keys(&mut app, &["down", "enter"]);
        assert_eq!(app.context(), Context::Prompt);
        // No reason: refused before the store is asked.
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(app.status.message.as_ref().unwrap().error);
        type_in(&mut app, "户籍在外省");
        let (n, r, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!((n, r), (no, revision));
        assert_eq!(
            step,
            Step::Confirm {
                item,
                verdict: Verdict::Fail,
                reason: "户籍在外省".into()
            }
        );
        let e = apply(&mut app, Loaded::Done(Outcome::Changed("x".into())));
        assert!(e.is_empty(), "the live feed reloads");
        assert!(app.prompt.is_none());
        let m = app.status.message.as_ref().unwrap();
        assert!(!m.error && m.text.contains("item confirmed"), "{m:?}");
    }

    #[test]
    fn propose_asks_grant_or_deny_then_the_reason_code_then_the_text() {
        let mut app = app_with_data();
        let (no, _) = selected_row(&app);
        keys(&mut app, &["2", "p"]);
        assert!(matches!(
            app.question.as_ref().unwrap().ask,
            Ask::Decision { .. }
        ));
        keys(&mut app, &["down", "enter"]);
        assert!(matches!(
            app.question.as_ref().unwrap().ask,
            Ask::ReasonCode { grant: false, .. }
        ));
        keys(&mut app, &["down", "enter"]);
        type_in(&mut app, "月收入高于标准");
        let (n, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(n, no);
        assert_eq!(
            step,
            Step::Propose {
                grant: false,
                reason_code: ReasonCode::NotHardship,
                text: "月收入高于标准".into(),
                standard: None
            }
        );
        // A grant starts on the reason the checklist supports.
        app.prompt = None;
        let checks = app.checklist.view.as_ref().unwrap().checks.clone();
        let supported = crate::domain::decision::supported_reason(&checks, true);
        keys(&mut app, &["p", "enter", "enter"]);
        type_in(&mut app, "ok");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert!(
            matches!(step, Step::Propose { grant: true, reason_code, .. } if reason_code == supported),
            "{step:?}"
        );
        // Without a text: asked once more, then proposed.
        app.prompt = None;
        keys(&mut app, &["p", "enter", "enter"]);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(app.prompt.as_ref().unwrap().error.is_some());
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert!(matches!(step, Step::Propose { grant: true, ref text, .. } if text.is_empty()));
    }

    #[test]
    fn approving_is_refused_on_screen_for_a_caseworker() {
        use crate::domain::user::Role;
        let mut app = app_with_data();
        apply(
            &mut app,
            Loaded::Done(Outcome::Me {
                role: Role::Caseworker,
                names: Default::default(),
            }),
        );
        assert!(commands(&keys(&mut app, &["2", "A"])).is_empty());
        assert!(app.prompt.is_none());
        let m = app.status.message.as_ref().unwrap();
        assert!(m.error && m.text.contains("director"), "{m:?}");
        // A director approves with an optional note; a return needs one.
        apply(
            &mut app,
            Loaded::Done(Outcome::Me {
                role: Role::Director,
                names: Default::default(),
            }),
        );
        keys(&mut app, &["A"]);
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(step, Step::Approve { note: "".into() });
        app.prompt = None;
        keys(&mut app, &["x"]);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        type_in(&mut app, "收入未核实");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(
            step,
            Step::Return {
                note: "收入未核实".into()
            }
        );
        // The store's refusal shows as it is.
        apply(
            &mut app,
            Loaded::Done(Outcome::Refused {
                message: "only a director may approve".into(),
                stale: false,
            }),
        );
        assert!(
            app.status
                .message
                .as_ref()
                .unwrap()
                .text
                .contains("only a director")
        );
        assert!(app.prompt.is_some(), "what was typed stays");
    }

    #[test]
    fn means_and_documents_are_typed_in_prompts() {
        let mut app = app_with_data();
        keys(&mut app, &["2", "m"]);
        type_in(&mut app, "three");
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        keys(&mut app, &["ctrl-u"]);
        type_in(&mut app, "3 2400");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(
            step,
            Step::SetMeans {
                household_size: 3,
                monthly_income: 2400
            }
        );
        app.prompt = None;
        keys(&mut app, &["r"]);
        type_in(&mut app, "身份证复印件，收入证明");
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        let due = app.today() + chrono::Days::new(15);
        assert_eq!(app.prompt.as_ref().unwrap().field.text(), due.to_string());
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(
            step,
            Step::RequestDocuments {
                items: vec!["身份证复印件".into(), "收入证明".into()],
                due
            }
        );
        app.prompt = None;
        // The day they arrived: today, written in; Enter takes it.
        keys(&mut app, &["R"]);
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(step, Step::DocumentsReceived);
        // The date proposed follows the policy's period (Law Art. 43).
        app.prompt = None;
        app.status.summary.supplement_days = 10;
        keys(&mut app, &["r"]);
        type_in(&mut app, "劳动合同");
        keys(&mut app, &["enter"]);
        let due = app.today() + chrono::Days::new(10);
        assert_eq!(app.prompt.as_ref().unwrap().field.text(), due.to_string());
    }

    #[test]
    fn assigning_a_criminal_case_asks_first_whether_it_is_serious() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        let column = &app.board.columns[0];
        let mut cards: Vec<crate::tui::rows::Card> = (0..column.total())
            .filter_map(|i| column.get(i).cloned())
            .collect();
        cards[0].matter = crate::domain::codes::Matter::Defense;
        let (no, revision) = (cards[0].no, cards[0].revision);
        app.board.columns[0] = crate::tui::paged::Paged::with_rows(cards);
        assert!(commands(&keys(&mut app, &["a"])).is_empty());
        assert!(matches!(
            app.question.as_ref().unwrap().ask,
            Ask::Serious { .. }
        ));
        // Esc: nothing is ranked.
        assert!(commands(&keys(&mut app, &["esc"])).is_empty());
        assert!(app.question.is_none());
        keys(&mut app, &["a"]);
        let e = keys(&mut app, &["down", "enter"]);
        assert_eq!(
            commands(&e),
            [
                &Command::Correct {
                    no,
                    revision,
                    field: "serious".into(),
                    value: "true".into()
                },
                &Command::RankProviders { no }
            ]
        );
        assert_eq!(app.assigning, Some((no, revision + 1)));
        assert_eq!(app.assigning.map(|(n, _)| n), Some(no));
    }

    #[test]
    fn assign_shows_providers_ranked_and_another_needs_a_reason() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        assert_eq!(app.board.column, 0, "awaiting assignment");
        let card = app.board.current().selected_row().unwrap().clone();
        let e = keys(&mut app, &["a"]);
        assert_eq!(commands(&e), [&Command::RankProviders { no: card.no }]);
        let ranked = vec![
            choice(
                "p9",
                &[Exclusion::ActedForAdverseParty {
                    case: CaseNo::new(2025, 3),
                }],
            ),
            choice("p1", &[]),
            choice("p2", &[]),
        ];
        apply(
            &mut app,
            Loaded::Done(Outcome::Providers {
                no: card.no,
                choices: ranked.clone(),
            }),
        );
        let Some(Question {
            ask: Ask::Providers { choices, .. },
            ..
        }) = &app.question
        else {
            panic!("{:?}", app.question)
        };
        let ids: Vec<&str> = choices.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["p1", "p2", "p9"], "excluded last");
        // The first ranked: assigned at once.
        let (no, revision, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!((no, revision), (card.no, card.revision));
        assert_eq!(
            step,
            Step::Assign {
                provider: "p1".into(),
                reason: None
            }
        );
        apply(&mut app, Loaded::Done(Outcome::Changed("x".into())));
        assert!(
            app.status
                .message
                .as_ref()
                .unwrap()
                .text
                .contains("assigned")
        );
        // An excluded one: refused with why, the list stays.
        keys(&mut app, &["a"]);
        apply(
            &mut app,
            Loaded::Done(Outcome::Providers {
                no: card.no,
                choices: ranked.clone(),
            }),
        );
        assert!(commands(&keys(&mut app, &["down", "down", "enter"])).is_empty());
        assert!(
            app.status
                .message
                .as_ref()
                .unwrap()
                .text
                .contains("conflict of interest")
        );
        assert!(app.question.is_some());
        // Another: a reason first.
        keys(&mut app, &["up", "enter"]);
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        type_in(&mut app, "当事人要求女律师");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(
            step,
            Step::Assign {
                provider: "p2".into(),
                reason: Some("当事人要求女律师".into())
            }
        );
    }

    #[test]
    fn reassigning_asks_for_a_reason_whoever_is_picked() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        let card = app.board.current().selected_row().unwrap().clone();
        let e = keys(&mut app, &["r"]);
        assert_eq!(commands(&e), [&Command::RankProviders { no: card.no }]);
        apply(
            &mut app,
            Loaded::Done(Outcome::Providers {
                no: card.no,
                choices: vec![choice("p1", &[]), choice("p2", &[])],
            }),
        );
        assert!(matches!(
            app.question.as_ref().unwrap().ask,
            Ask::Providers { reassign: true, .. }
        ));
        // Even the first ranked needs the reason for the replacement.
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(
            commands(&keys(&mut app, &["enter"])).is_empty(),
            "no reason yet"
        );
        type_in(&mut app, "受援人投诉承办律师");
        let (no, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(no, card.no);
        assert_eq!(
            step,
            Step::Reassign {
                provider: "p1".into(),
                reason: "受援人投诉承办律师".into()
            }
        );
        // A plain assignment afterwards is not a replacement.
        app.prompt = None;
        keys(&mut app, &["a"]);
        apply(
            &mut app,
            Loaded::Done(Outcome::Providers {
                no: card.no,
                choices: vec![choice("p1", &[])],
            }),
        );
        assert!(matches!(
            app.question.as_ref().unwrap().ask,
            Ask::Providers {
                reassign: false,
                ..
            }
        ));
    }

    #[test]
    fn board_steps_and_a_stale_refusal_reads_everything_again() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        keys(&mut app, &["s"]);
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert_eq!(step, Step::AgreementSigned);
        let e = apply(
            &mut app,
            Loaded::Done(Outcome::Refused {
                message: "conflict".into(),
                stale: true,
            }),
        );
        assert!(loads(&e).contains(&&Request::Summary));
        // The refused step's prompt stays until Esc.
        assert!(app.prompt.is_some());
        keys(&mut app, &["esc"]);
        keys(&mut app, &["c"]);
        type_in(&mut app, "调解结案");
        // Then the day it ended: an earlier one is typed over today's.
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        keys(&mut app, &["ctrl-u"]);
        type_in(&mut app, "2026-11-24");
        let e = keys(&mut app, &["enter"]);
        assert!(matches!(
            commands(&e)[..],
            [Command::Step { on: Some(d), .. }] if d.to_string() == "2026-11-24"
        ));
        let (_, _, step) = step_of(&e);
        assert_eq!(
            step,
            Step::Conclude {
                outcome: "调解结案".into()
            }
        );
        app.prompt = None;
        keys(&mut app, &["v"]);
        type_in(&mut app, "800元");
        // Not the standard: the reason is asked before anything is sent.
        assert!(commands(&keys(&mut app, &["enter"])).is_empty());
        assert!(matches!(
            app.prompt.as_ref().map(|p| &p.kind),
            Some(PromptKind::Step(StepDraft::SubsidyReason {
                amount: 800,
                ..
            }))
        ));
        type_in(&mut app, "部分代理");
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert!(matches!(
            step,
            Step::ReviewFile {
                amount: Some(800),
                reason: Some(ref r),
                ..
            } if r == "部分代理"
        ));
        // Nothing typed: the policy's standard, which the store fills in.
        app.prompt = None;
        keys(&mut app, &["v"]);
        let (_, _, step) = step_of(&keys(&mut app, &["enter"]));
        assert!(matches!(step, Step::ReviewFile { amount: None, .. }));
        app.prompt = None;
        keys(&mut app, &["f"]);
        assert_eq!(step_of(&keys(&mut app, &["enter"])).2, Step::SubmitFile);
        app.prompt = None;
        assert_eq!(step_of(&keys(&mut app, &["z"])).2, Step::Archive);
    }

    fn provider_rows() -> Vec<ProviderRow> {
        let row = |id: &str, name: &str, open, overdue| ProviderRow {
            id: id.into(),
            name: name.into(),
            organization: "湘潭市法律援助中心".into(),
            open,
            capacity: 8,
            overdue,
        };
        vec![row("p1", "王律师", 2, 0), row("p2", "李律师", 5, 1)]
    }

    fn board_loads(effects: &[Effect]) -> Vec<(Stage, Option<String>)> {
        loads(effects)
            .into_iter()
            .filter_map(|r| match r {
                Request::Board(stage, _, p) => Some((*stage, p.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_board_filters_by_a_provider_picked_from_a_list() {
        let mut app = app_with_data();
        keys(&mut app, &["3"]);
        let e = keys(&mut app, &["p"]);
        assert_eq!(loads(&e), [&Request::Providers { view: false }]);
        apply(
            &mut app,
            Loaded::Providers {
                view: false,
                rows: provider_rows(),
            },
        );
        let q = app.question.as_ref().unwrap();
        assert!(matches!(q.ask, Ask::PickProvider { .. }));
        // "All providers" first, then each.
        assert_eq!(q.choices().len(), 3);
        let e = keys(&mut app, &["down", "down", "enter"]);
        assert!(app.question.is_none());
        let filter = app.board_filter.clone().unwrap();
        assert_eq!((filter.id.as_str(), filter.name.as_str()), ("p2", "李律师"));
        let asked = board_loads(&e);
        assert_eq!(asked.len(), Stage::ALL.len());
        assert!(asked.iter().all(|(_, p)| p.as_deref() == Some("p2")));
        assert!(app.board.columns.iter().all(|c| !c.is_loaded()));
        // A page read before the filter changed is stale: dropped.
        let card = fixtures::Sample::standard().board(Stage::Assigned);
        apply(
            &mut app,
            Loaded::Board(Stage::Assigned, None, Page::all(card.clone())),
        );
        assert!(!app.board.column(Stage::Assigned).is_loaded());
        apply(
            &mut app,
            Loaded::Board(
                Stage::Assigned,
                Some("p2".into()),
                Page::all(card[..1].to_vec()),
            ),
        );
        assert_eq!(app.board.column(Stage::Assigned).total(), 1);
        // Moving in the board asks for the filtered column.
        assert!(reload(&app).iter().all(|e| match e {
            Effect::Load(Request::Board(_, _, p)) => p.as_deref() == Some("p2"),
            _ => true,
        }));
        // The picker opens on the provider in force; "all" clears.
        keys(&mut app, &["p"]);
        apply(
            &mut app,
            Loaded::Providers {
                view: false,
                rows: provider_rows(),
            },
        );
        assert_eq!(app.question.as_ref().unwrap().cursor, 2);
        let e = keys(&mut app, &["up", "up", "enter"]);
        assert_eq!(app.board_filter, None);
        assert!(board_loads(&e).iter().all(|(_, p)| p.is_none()));
    }

    #[test]
    fn backspace_on_the_board_clears_the_provider_filter_only() {
        let mut app = app_with_data();
        app.board_filter = Some(BoardFilter {
            id: "p1".into(),
            name: "王律师".into(),
        });
        app.queue_filter.caseworker = Some("liwei".into());
        keys(&mut app, &["3"]);
        let e = keys(&mut app, &["backspace"]);
        assert_eq!(app.board_filter, None);
        assert_eq!(app.queue_filter.caseworker.as_deref(), Some("liwei"));
        assert_eq!(board_loads(&e).len(), Stage::ALL.len());
    }

    #[test]
    fn the_provider_view_lists_providers_and_enter_filters_the_board() {
        let mut app = app_with_data();
        let e = keys(&mut app, &["3", "P"]);
        assert_eq!(loads(&e), [&Request::Providers { view: true }]);
        apply(
            &mut app,
            Loaded::Providers {
                view: true,
                rows: provider_rows(),
            },
        );
        let q = app.question.as_ref().unwrap();
        assert!(matches!(&q.ask, Ask::ProviderView { rows } if rows[1].overdue == 1));
        assert_eq!(q.choices().len(), 2);
        // Esc closes it and changes nothing.
        keys(&mut app, &["esc"]);
        assert!(app.question.is_none());
        assert_eq!(app.board_filter, None);
        // Enter on a provider filters the board by them, from anywhere.
        keys(&mut app, &["1", "3", "P"]);
        apply(
            &mut app,
            Loaded::Providers {
                view: true,
                rows: provider_rows(),
            },
        );
        let e = keys(&mut app, &["enter"]);
        assert_eq!(app.board_filter.as_ref().map(|f| f.id.as_str()), Some("p1"));
        assert_eq!(app.focus, Pane::Board);
        assert_eq!(board_loads(&e).len(), Stage::ALL.len());
    }
}
