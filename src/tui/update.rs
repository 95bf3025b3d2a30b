//! The pure heart of the TUI: an action or a loaded result goes in, the
//! state changes, and the effects the shell must carry out come out. No
//! terminal, no store, no clock: every function here is tested directly.

use crate::domain::case::CaseNo;

use super::action::{Action, Context};
use super::app::{App, Detail, Pane, Results};
use super::field::TextField;
use super::keys::Key;
use super::layout;
use super::paged::{PAGE, Page, Window};
use super::panes;
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

/// Everything to load for the first frame.
pub fn start(app: &mut App) -> Vec<Effect> {
    app.dirty = true;
    reload(app)
}

/// Everything on screen, to load again after a change in the store. Windows
/// name the selected case so that the loader can follow it if it moved.
pub fn reload(app: &App) -> Vec<Effect> {
    let mut out = vec![
        Request::Summary,
        Request::Queue(app.queue.window()),
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
/// typed into the search field.
pub fn handle_key(app: &mut App, key: Key) -> Vec<Effect> {
    let ctx = app.context();
    match app.keymap.action(ctx, &key) {
        Some(action) => update(app, action),
        None => match (ctx, key.text(), app.search.as_mut()) {
            (Context::Form, Some(c), Some(field)) => {
                field.insert(&c.to_string());
                app.dirty = true;
                Vec::new()
            }
            _ => Vec::new(),
        },
    }
}

/// Pasted text (bracketed paste) goes into the search field when it is open.
pub fn paste(app: &mut App, text: &str) {
    if let Some(field) = app.search.as_mut() {
        // One line only: a pasted newline must not submit.
        field.insert(&text.replace(['\n', '\r'], " "));
        app.dirty = true;
    }
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
        | CursorRight | LineStart | LineEnd => form(app, action),
    };
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
            out.extend(app.queue.missing().map(Request::Queue).map(Effect::Load));
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
        Loaded::Done(outcome) => {
            use super::command::Outcome;
            match outcome {
                Outcome::Changed(text) => app.set_message(text, false),
                Outcome::Refused { message, .. } => app.set_message(message, true),
                Outcome::Registered(no) => app.set_message(no.to_string(), false),
                Outcome::Draft(_) | Outcome::DraftSaved | Outcome::Person { .. } => {}
            }
        }
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
                .map(|w| Effect::Load(Request::Queue(w)))
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
    if app.help.take().is_none() && app.detail.take().is_none() && app.results.take().is_none() {
        app.status.message = None;
    }
    Vec::new()
}

fn form(app: &mut App, action: Action) -> Vec<Effect> {
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
    Vec::new()
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
