//! The whole state of the screen. `update` changes it, `view` draws it; the
//! loader fills the lists (see the module docs of `tui`).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::case::CaseNo;
use crate::i18n::Lang;

use super::action::Context;
use super::field::TextField;
use super::keymap::Keymap;
use super::paged::Paged;
use super::rows::{Card, ChecklistView, DetailView, DueRow, QueueRow, Stage, Summary};
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
    pub columns: [Paged<Card>; 5],
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Terminal width and height.
    pub size: (u16, u16),
    pub focus: Pane,
    pub queue: Paged<QueueRow>,
    pub checklist: Checklist,
    pub board: Board,
    pub due: Paged<DueRow>,
    pub detail: Option<Detail>,
    /// Open with this scroll offset.
    pub help: Option<usize>,
    /// The search prompt, while typing.
    pub search: Option<TextField>,
    pub results: Option<Results>,
    pub status: Status,
    /// Something changed since the last frame: the shell redraws and clears it.
    pub dirty: bool,
}

impl App {
    pub fn new(lang: Lang, theme: Theme, keymap: Keymap, status: Status) -> App {
        App {
            lang,
            theme,
            keymap,
            size: NARROW,
            focus: Pane::Queue,
            queue: Paged::new(),
            checklist: Checklist::default(),
            board: Board::default(),
            due: Paged::new(),
            detail: None,
            help: None,
            search: None,
            results: None,
            status,
            dirty: true,
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
        if self.search.is_some() {
            Context::Form
        } else if self.help.is_some() {
            Context::Help
        } else if self.detail.is_some() {
            Context::Detail
        } else if self.results.is_some() {
            Context::List
        } else if self.focus == Pane::Board {
            Context::Board
        } else {
            Context::List
        }
    }

    /// The case the user is pointing at in the focused pane or results.
    pub fn pointed_case(&self) -> Option<CaseNo> {
        if let Some(r) = &self.results {
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

    pub fn set_message(&mut self, text: impl Into<String>, error: bool) {
        self.status.message = Some(Message {
            text: text.into(),
            error,
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
