//! The pure heart of the TUI: an action or a loaded result goes in, the
//! state changes, and the effects the shell must carry out come out. No
//! terminal, no store, no clock: every function here is tested directly.

use crate::domain::case::CaseNo;
use crate::domain::record::CaseRecord;

use super::action::Action;
use super::app::{
    App, Ask, Choice, Detail, Intake, Pane, Prompt, PromptKind, Question, Results,
};
use super::command::{Command, Outcome};
use super::field::TextField;
use super::intake::{self, Form};
use super::keys::Key;
use super::layout;
use super::paged::{PAGE, Page, Window};
use super::panes::{self, fill};
use super::rows::{Card, ChecklistView, DetailView, DueRow, QueueRow, Stage, Summary};

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
    Queue(Window),
    /// The login check's list: open deadlines due within the warning window
    /// or overdue, soonest first.
    Deadlines(Window),
    /// Cards of one board column, oldest step first.
    Board(Stage, Window),
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
    Board(Stage, Page<Card>),
    Search {
        query: String,
        page: Page<QueueRow>,
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
    out
}

/// The request for a window of the queue as filtered now.
///
/// The filter (`app.queue_filter`) is applied by the store while it reads
/// the queue, never over a loaded page. Until the loader passes it on
/// (`Request::Queue(window, filter)`, see the report of the intake work),
/// the request carries the window only.
pub fn queue_request(_app: &App, window: Window) -> Request {
    Request::Queue(window)
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
        out.push(Request::Board(stage, app.board.column(stage).window()));
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
    let ctx = app.context();
    match app.keymap.action(ctx, &key) {
        Some(action) => update(app, action),
        None => match key.text() {
            Some(c) if ctx.types_text() => type_text(app, &c.to_string()),
            _ => Vec::new(),
        },
    }
}

/// Pasted text (bracketed paste) goes into the field that has the cursor.
/// The registration draft is saved with the next key; the shell may call
/// [`paste_effects`] instead to save it at once.
pub fn paste(app: &mut App, text: &str) {
    let _ = paste_effects(app, text);
}

/// [`paste`], with the effects it asks for (the draft saved).
pub fn paste_effects(app: &mut App, text: &str) -> Vec<Effect> {
    // One line only: a pasted newline must not submit.
    let line = text.replace(['\n', '\r'], " ");
    if app.question.is_some() {
        return Vec::new();
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
    autosave(app)
}

/// Printable text typed where the context takes text.
fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    app.dirty = true;
    let today = app.today();
    if let Some(p) = app.prompt.as_mut() {
        p.field.insert(text);
    } else if let Some(field) = app.search.as_mut() {
        field.insert(text);
    } else if let Some(i) = app.intake.as_mut() {
        for c in text.chars() {
            i.form.type_char(c, today);
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
        FilterChannel | FilterKind | FilterMine | FilterClear => filter(app, action),
        Withdraw => withdraw(app),
        Correct => correct(app),
        NextField => intake_focus(app, 1),
        PrevField => intake_focus(app, -1),
        Save => save(app),
        Confirm => confirm(app),
        Choose | Resume | Keep | Discard | Proceed | OpenExisting => answer(app, action),
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
        Loaded::Board(stage, page) => {
            let col = &mut app.board.columns[stage.index()];
            col.replace(page);
            out.extend(
                col.missing()
                    .map(|w| Effect::Load(Request::Board(stage, w))),
            );
        }
        Loaded::Search { query, page } => {
            if let Some(r) = app.results.as_mut().filter(|r| r.query == query) {
                r.list.replace(page);
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
        Loaded::Summary(s) => app.status.summary = s,
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

fn motion(app: &mut App, m: Motion) -> Vec<Effect> {
    if let Some(q) = app.question.as_mut() {
        let len = q.choices().len();
        q.cursor = m.target(q.cursor, len, len);
        return Vec::new();
    }
    let rows = layout::overlay_rows(app);
    if let Some(scroll) = app.help {
        let len = panes::help::line_count(app).saturating_sub(rows) + 1;
        app.help = Some(m.target(scroll, len, rows));
        return Vec::new();
    }
    if let Some(scroll) = app.detail.as_ref().map(|d| d.scroll) {
        let len = panes::detail::line_count(app).saturating_sub(rows) + 1;
        if let Some(d) = app.detail.as_mut() {
            d.scroll = m.target(scroll, len, rows);
        }
        return Vec::new();
    }
    if let Some(r) = app.results.as_mut() {
        let target = m.target(r.list.cursor(), r.list.total(), rows);
        let query = r.query.clone();
        return r
            .list
            .move_to(target)
            .map(|window| Effect::Load(Request::Search { query, window }))
            .into_iter()
            .collect();
    }
    let rows = layout::pane_rows(app, app.focus);
    match app.focus {
        Pane::Queue => {
            let before = app.queue.selected_case();
            let target = m.target(app.queue.cursor(), app.queue.total(), rows);
            let mut out: Vec<Effect> = app
                .queue
                .move_to(target)
                .map(|w| Effect::Load(queue_request(app, w)))
                .into_iter()
                .collect();
            if app.queue.selected_case() != before {
                out.extend(checklist_for_selection(app));
            }
            out
        }
        Pane::Checklist => {
            let len = app.checklist.view.as_ref().map_or(0, |v| v.checks.len());
            app.checklist.cursor = m.target(app.checklist.cursor, len, rows);
            Vec::new()
        }
        Pane::Board => {
            let col = app.board.column;
            let list = app.board.current_mut();
            let target = m.target(list.cursor(), list.total(), rows);
            list.move_to(target)
                .map(|w| Effect::Load(Request::Board(Stage::ALL[col], w)))
                .into_iter()
                .collect()
        }
        Pane::Deadlines => {
            let target = m.target(app.due.cursor(), app.due.total(), rows);
            app.due
                .move_to(target)
                .map(|w| Effect::Load(Request::Deadlines(w)))
                .into_iter()
                .collect()
        }
    }
}

/// The queue's selection moved: the checklist follows it.
fn checklist_for_selection(app: &mut App) -> Vec<Effect> {
    app.checklist.view = None;
    app.checklist.cursor = 0;
    app.queue
        .selected_case()
        .map(|no| Effect::Load(Request::Checklist(no)))
        .into_iter()
        .collect()
}

/// Moving between panes leaves whatever is open on top of them.
fn focus(app: &mut App, pane: Pane) -> Vec<Effect> {
    app.help = None;
    app.detail = None;
    app.results = None;
    app.focus = pane;
    Vec::new()
}

fn column(app: &mut App, step: isize) -> Vec<Effect> {
    let last = Stage::ALL.len() - 1;
    app.board.column = app.board.column.saturating_add_signed(step).min(last);
    Vec::new()
}

fn open(app: &mut App) -> Vec<Effect> {
    match app.pointed_case() {
        Some(no) => {
            app.detail = Some(Detail {
                no,
                view: None,
                scroll: 0,
            });
            vec![Effect::Load(Request::Detail(no))]
        }
        None => {
            let text = app.t("tui.msg.nothing_selected").to_string();
            app.set_message(text, false);
            Vec::new()
        }
    }
}

/// Closes the top-most thing; with nothing open, clears the message.
fn back(app: &mut App) -> Vec<Effect> {
    if app.question.is_some() {
        dismiss(app);
        return Vec::new();
    }
    if app.help.take().is_none() && app.detail.take().is_none() && app.results.take().is_none() {
        app.status.message = None;
    }
    Vec::new()
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

/// The search prompt: run the search or edit the query.
fn search(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(field) = app.search.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Submit => {
            let query = field.text().trim().to_string();
            app.search = None;
            if query.is_empty() {
                return Vec::new();
            }
            app.detail = None;
            app.results = Some(Results {
                query: query.clone(),
                list: Default::default(),
            });
            let window = Window {
                offset: 0,
                limit: PAGE,
                around: None,
            };
            return vec![Effect::Load(Request::Search { query, window })];
        }
        Action::Cancel => app.search = None,
        other => edit(field, other),
    }
    Vec::new()
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

/// Changes the queue's filter and loads the queue again from its top.
fn filter(app: &mut App, action: Action) -> Vec<Effect> {
    let f = &mut app.queue_filter;
    match action {
        Action::FilterChannel => f.next_channel(),
        Action::FilterKind => f.next_kind(),
        Action::FilterMine => {
            f.caseworker = match f.caseworker {
                Some(_) => None,
                None => Some(app.status.user.clone()),
            }
        }
        _ => *f = Default::default(),
    }
    app.queue = Default::default();
    app.checklist = Default::default();
    let window = Window {
        offset: 0,
        limit: PAGE,
        around: None,
    };
    vec![Effect::Load(queue_request(app, window))]
}

/// The case open in the detail view, once loaded.
fn open_case(app: &App) -> Option<(CaseNo, u64, &crate::domain::case::Case)> {
    let d = app.detail.as_ref()?;
    let v = d.view.as_ref()?;
    Some((d.no, v.case.revision, &v.case))
}

/// Asks for the reason of a withdrawal of the case in the detail view.
fn withdraw(app: &mut App) -> Vec<Effect> {
    let Some((no, revision, _)) = open_case(app) else {
        return Vec::new();
    };
    app.prompt = Some(Prompt {
        kind: PromptKind::Withdraw,
        no,
        revision,
        field: TextField::new(),
        stale: false,
    });
    Vec::new()
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
    "outcome",
];

/// The value of a record path as the prompt shows it: text as it is,
/// lists of codes joined by commas, nothing for an empty field.
pub fn field_value(case: &crate::domain::case::Case, path: &str) -> String {
    let record = serde_json::to_value(CaseRecord::from_case(case)).unwrap_or_default();
    let mut at = &record;
    for part in path.split('.') {
        at = &at[part];
    }
    match at {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// Asks which field of the case in the detail view to correct.
fn correct(app: &mut App) -> Vec<Effect> {
    let Some((no, revision, case)) = open_case(app) else {
        return Vec::new();
    };
    let fields = CORRECTABLE
        .iter()
        .map(|f| (f.to_string(), field_value(case, f)))
        .collect();
    app.question = Some(Question::new(Ask::PickField {
        no,
        revision,
        fields,
    }));
    Vec::new()
}

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
    };
    vec![Effect::Do(command)]
}

/// Groups may be typed as codes separated by commas: the store takes a
/// JSON list.
pub fn correction_value(field: &str, text: &str) -> String {
    if field == "applicant.groups" && !text.starts_with('[') {
        let codes: Vec<&str> = text
            .split([',', '，', '、', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        return serde_json::to_string(&codes).unwrap_or_default();
    }
    text.to_string()
}

/// Tab or Shift-Tab in the registration form.
fn intake_focus(app: &mut App, step: isize) -> Vec<Effect> {
    if let Some(i) = app.intake.as_mut() {
        i.form.move_focus(step);
    }
    Vec::new()
}

/// The catalog word of the form's matter deadline label, stored on the case.
fn deadline_label(app: &App, form: &Form) -> String {
    form.deadline
        .map(|d| app.t(&format!("tui.deadline_kind.{}", d.code())).to_string())
        .unwrap_or_default()
}

/// Save: check the form, then ask the store for cases of the same person
/// and applicants named like the adverse party before registering.
fn save(app: &mut App) -> Vec<Effect> {
    let Some(i) = app.intake.as_ref() else {
        return Vec::new();
    };
    let label = deadline_label(app, &i.form);
    let result = i.form.finish(app.today(), &app.status.user, &label);
    let Some(i) = app.intake.as_mut() else {
        return Vec::new();
    };
    match result {
        Err(problems) => {
            i.form.tried = true;
            if let Some(f) = problems.iter().find_map(|(f, _)| *f) {
                i.form.focus = f;
            }
            // A problem that belongs to no field is shown as it is.
            let text = match problems.iter().find(|(f, _)| f.is_none()) {
                Some((_, intake::Problem::Record(reason))) => reason.clone(),
                _ => app.t("tui.intake.fix").to_string(),
            };
            app.set_message(text, true);
            Vec::new()
        }
        Ok((record, applicant)) => {
            i.stage = intake::Stage::Checking;
            let adverse_party = record.adverse_party;
            app.set_message(app.t("tui.intake.checking"), false);
            vec![Effect::Do(Command::CheckPerson {
                applicant: Box::new(applicant),
                adverse_party,
            })]
        }
    }
}

/// Registers the form as checked (it cannot change while the check and
/// its question are open).
fn register(app: &mut App) -> Vec<Effect> {
    let Some(i) = app.intake.as_ref() else {
        return Vec::new();
    };
    let label = deadline_label(app, &i.form);
    let record = i.form.record(app.today(), &app.status.user, &label);
    if let Some(i) = app.intake.as_mut() {
        i.stage = intake::Stage::Saving;
    }
    vec![Effect::Do(Command::Register(Box::new(record)))]
}

/// Esc in the form: close at once when nothing was typed, else ask.
fn leave_form(app: &mut App) -> Vec<Effect> {
    let Some(i) = app.intake.as_ref() else {
        return Vec::new();
    };
    if i.form.is_blank() {
        let stored = i.saved.is_some();
        app.intake = None;
        return if stored {
            vec![Effect::Do(Command::SaveDraft(None))]
        } else {
            Vec::new()
        };
    }
    app.question = Some(Question::new(Ask::LeaveForm));
    Vec::new()
}

/// A key of a question: a choice by its letter, or the selected one.
fn answer(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(q) = app.question.as_ref() else {
        return Vec::new();
    };
    let choices = q.choices();
    let selected = choices.get(q.cursor).copied();
    let choice = match action {
        Action::Choose => selected,
        Action::Resume => choices.iter().copied().find(|c| *c == Choice::Resume),
        Action::Keep => choices.iter().copied().find(|c| *c == Choice::Keep),
        Action::Discard => choices.iter().copied().find(|c| *c == Choice::Discard),
        Action::Proceed => choices.iter().copied().find(|c| *c == Choice::Proceed),
        Action::OpenExisting => selected
            .filter(|c| matches!(c, Choice::Open(_)))
            .or_else(|| {
                choices
                    .iter()
                    .copied()
                    .find(|c| matches!(c, Choice::Open(_)))
            }),
        _ => None,
    };
    match choice {
        Some(c) => choose(app, c),
        None => Vec::new(),
    }
}

fn choose(app: &mut App, choice: Choice) -> Vec<Effect> {
    let Some(Question { ask, cursor }) = app.question.take() else {
        return Vec::new();
    };
    match (ask, choice) {
        (Ask::DraftOffer(form), Choice::Resume) => {
            app.pending_draft = None;
            app.intake = Some(Intake::resumed(*form));
            Vec::new()
        }
        (Ask::DraftOffer(_), Choice::Discard) | (Ask::LeaveForm, Choice::Discard) => {
            app.pending_draft = None;
            app.intake = None;
            app.set_message(app.t("tui.intake.discarded"), false);
            vec![Effect::Do(Command::SaveDraft(None))]
        }
        (Ask::LeaveForm, Choice::Keep) => {
            keep_draft(app);
            Vec::new()
        }
        (Ask::Duplicates { .. }, Choice::Proceed) => register(app),
        (Ask::Duplicates { .. }, Choice::Open(no)) => {
            // The existing case instead: the draft stays for later.
            keep_draft(app);
            app.help = None;
            app.detail = Some(Detail {
                no,
                view: None,
                scroll: 0,
            });
            vec![Effect::Load(Request::Detail(no))]
        }
        (Ask::PickField { no, revision, fields }, Choice::Field(i)) => {
            if let Some((field, value)) = fields.get(i) {
                app.prompt = Some(Prompt {
                    kind: PromptKind::Correct {
                        field: field.clone(),
                    },
                    no,
                    revision,
                    field: TextField::with_text(value),
                    stale: false,
                });
            }
            Vec::new()
        }
        // A choice the question does not have: it stays open.
        (ask, _) => {
            app.question = Some(Question { ask, cursor });
            Vec::new()
        }
    }
}

/// Closes the form and keeps its draft (in the store already) for `n`.
fn keep_draft(app: &mut App) {
    if let Some(i) = app.intake.take() {
        app.pending_draft = Some(Box::new(i.form));
    }
    kept_message(app);
}

/// Says how to come back to a draft kept for later.
fn kept_message(app: &mut App) {
    let key = app
        .keymap
        .keys(super::action::Context::Queue, Action::NewApplication)
        .first()
        .map(|k| k.to_string())
        .unwrap_or_default();
    let text = fill(app.t("tui.intake.kept"), &[("key", &key)]);
    app.set_message(text, false);
}

/// Esc on a question: back to the form, or the draft put off for later.
fn dismiss(app: &mut App) {
    let Some(q) = app.question.take() else {
        return;
    };
    match q.ask {
        Ask::DraftOffer(form) => {
            app.pending_draft = Some(form);
            kept_message(app);
        }
        Ask::Duplicates { .. } => {
            if let Some(i) = app.intake.as_mut() {
                i.stage = intake::Stage::Editing;
            }
        }
        Ask::LeaveForm | Ask::PickField { .. } => {}
    }
}

/// The outcome of a change the screen asked for.
fn done(app: &mut App, outcome: Outcome) -> Vec<Effect> {
    match outcome {
        Outcome::Draft(Some(json)) => {
            if app.intake.is_some() || app.question.is_some() {
                return Vec::new();
            }
            match Form::from_draft(&json) {
                Some(form) if !form.is_blank() => {
                    app.question = Some(Question::new(Ask::DraftOffer(Box::new(form))));
                }
                Some(_) => {}
                None => app.set_message(app.t("tui.intake.unreadable"), true),
            }
            Vec::new()
        }
        Outcome::Draft(None) | Outcome::DraftSaved => Vec::new(),
        Outcome::Person {
            duplicates,
            conflicts,
        } => {
            let Some(i) = app
                .intake
                .as_mut()
                .filter(|i| i.stage == intake::Stage::Checking)
            else {
                return Vec::new();
            };
            i.conflicts = conflicts.clone();
            if duplicates.is_empty() {
                return register(app);
            }
            app.status.message = None;
            app.question = Some(Question::new(Ask::Duplicates {
                cases: duplicates,
                conflicts,
            }));
            Vec::new()
        }
        Outcome::Registered(no) => {
            let conflicts = app
                .intake
                .take()
                .map(|i| i.conflicts)
                .unwrap_or_default();
            app.pending_draft = None;
            let mut text = fill(app.t("tui.intake.registered"), &[("case", &no.to_string())]);
            if !conflicts.is_empty() {
                text.push_str(&fill(
                    app.t("tui.intake.conflict_noted"),
                    &[("cases", &case_list(&conflicts))],
                ));
            }
            app.set_message(text, false);
            vec![Effect::Do(Command::SaveDraft(None))]
        }
        Outcome::Changed(text) => {
            let Some(p) = app.prompt.take() else {
                app.set_message(text, false);
                return Vec::new();
            };
            let case = p.no.to_string();
            let text = match &p.kind {
                PromptKind::Withdraw => fill(app.t("tui.msg.withdrawn"), &[("case", &case)]),
                PromptKind::Correct { field } => fill(
                    app.t("tui.msg.corrected"),
                    &[("case", &case), ("field", &field_word(app, field))],
                ),
            };
            app.set_message(text, false);
            vec![Effect::Load(Request::Detail(p.no))]
        }
        Outcome::Refused { message, stale } => {
            if let Some(i) = app.intake.as_mut() {
                i.stage = intake::Stage::Editing;
            }
            let mut out = Vec::new();
            if let Some(p) = app.prompt.as_mut() {
                // What was typed stays; the case is read again.
                p.stale = stale;
                if stale {
                    out.push(Effect::Load(Request::Detail(p.no)));
                }
            }
            let text = if stale {
                format!("{} ({message})", app.t("tui.msg.stale"))
            } else {
                message
            };
            app.set_message(text, true);
            out
        }
    }
}

/// The word of a record path (`applicant.phone` → "Phone").
pub fn field_word(app: &App, path: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let key = format!("tui.field.{last}");
    match app.t(&key) {
        k if k == key => path.to_string(),
        w => w.to_string(),
    }
}

fn case_list(cases: &[CaseNo]) -> String {
    cases
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
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

/// Scroll positions follow the selections after anything that moves them.
fn keep_visible(app: &mut App) {
    let rows: Vec<usize> = Pane::ALL
        .iter()
        .map(|p| layout::pane_rows(app, *p))
        .collect();
    app.queue.keep_visible(rows[Pane::Queue.index()]);
    app.due.keep_visible(rows[Pane::Deadlines.index()]);
    for col in &mut app.board.columns {
        col.keep_visible(rows[Pane::Board.index()]);
    }
    let overlay = layout::overlay_rows(app);
    if let Some(r) = app.results.as_mut() {
        r.list.keep_visible(overlay);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
                .any(|r| matches!(r, Request::Queue(w) if w.offset == 0))
        );
        assert!(r.iter().any(|r| matches!(r, Request::Deadlines(_))));
        assert_eq!(
            r.iter().filter(|r| matches!(r, Request::Board(..))).count(),
            5
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
            Request::Queue(w) if w.around == chosen)));
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
        keys(&mut app, &["l", "l", "l", "l"]);
        assert_eq!(app.board.column, 4);
        keys(&mut app, &["h"]);
        assert_eq!(app.board.column, 3);
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
        let max = panes::detail::line_count(&app).saturating_sub(layout::overlay_rows(&app));
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
        let before = app.clone();
        assert!(handle_key(&mut app, Key::char('z')).is_empty());
        assert!(handle_key(&mut app, Key::plain(KeyCode::F(9))).is_empty());
        assert_eq!(app, before);
    }

    #[test]
    fn paging_moves_by_the_visible_rows() {
        let mut app = app_with_data();
        resize(&mut app, 80, 24);
        keys(&mut app, &["4"]);
        let rows = layout::pane_rows(&app, Pane::Deadlines);
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
            [Effect::Load(Request::Queue(Window {
                offset: 4999 - PAGE / 2,
                limit: PAGE,
                around: None
            }))]
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
}
