//! A list the screen shows a window of. A list can hold a million cases, so
//! only a page of rows around the cursor is in memory; moving outside it asks
//! the loader for another page. The selection is kept by row id (the case),
//! so a reload that moves or removes rows keeps it on the same case.

use std::fmt::Debug;

use crate::domain::case::CaseNo;

/// Rows a page holds: a few screens, small enough to reload every second.
pub const PAGE: usize = 200;

pub trait Row {
    /// What identifies the row across reloads.
    type Id: Copy + Eq + Debug;
    fn id(&self) -> Self::Id;
    fn case_no(&self) -> CaseNo;
}

/// What to load: `limit` rows from `offset`, or the page that holds the
/// case `around` (it moved). The store reads the same windows.
pub use crate::api::views::PageWindow as Window;

/// What the loader returns: rows `offset..offset + rows.len()` of `total`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub offset: usize,
    pub total: usize,
    pub rows: Vec<T>,
}

impl<T> Page<T> {
    /// A whole short list as one page.
    pub fn all(rows: Vec<T>) -> Page<T> {
        Page {
            offset: 0,
            total: rows.len(),
            rows,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paged<T: Row> {
    rows: Vec<T>,
    offset: usize,
    total: usize,
    /// Absolute index of the selection (0 when the list is empty).
    cursor: usize,
    /// Absolute index of the first row shown; see [`Paged::visible_top`].
    top: usize,
    selected: Option<T::Id>,
    /// A case to select when a page brings it (it moved here after a step).
    follow: Option<CaseNo>,
    loaded: bool,
}

impl<T: Row> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            rows: Vec::new(),
            offset: 0,
            total: 0,
            cursor: 0,
            top: 0,
            selected: None,
            follow: None,
            loaded: false,
        }
    }
}

impl<T: Row> Paged<T> {
    /// Nothing loaded yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A list loaded whole (short lists, tests).
    pub fn with_rows(rows: Vec<T>) -> Self {
        let mut p = Self::new();
        p.replace(Page::all(rows));
        p
    }

    /// Takes a page from the loader; true when the selected case changed.
    pub fn replace(&mut self, page: Page<T>) -> bool {
        let before = self.selected_case();
        self.total = page.total.max(page.offset + page.rows.len());
        self.offset = page.offset;
        self.rows = page.rows;
        self.loaded = true;
        if let Some(no) = self.follow
            && let Some(row) = self.rows.iter().find(|r| r.case_no() == no)
        {
            self.selected = Some(row.id());
            self.follow = None;
        }
        let found = self
            .selected
            .and_then(|id| self.rows.iter().position(|r| r.id() == id));
        // Follow the selected row; if it is gone, stay at the same place.
        self.cursor = match found {
            Some(i) => self.offset + i,
            None => self.cursor.min(self.total.saturating_sub(1)),
        };
        self.selected = self.get(self.cursor).map(Row::id);
        before != self.selected_case()
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded
    }

    pub fn total(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The row at absolute `index`, when its page is loaded.
    pub fn get(&self, index: usize) -> Option<&T> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.rows.get(i))
    }

    pub fn selected_row(&self) -> Option<&T> {
        self.get(self.cursor)
    }

    pub fn selected_case(&self) -> Option<CaseNo> {
        self.selected_row().map(Row::case_no)
    }

    /// Moves the selection to `index` (clamped); returns the page to load
    /// when that row is not in memory.
    pub fn move_to(&mut self, index: usize) -> Option<Window> {
        // The user moved: a case still to follow here is no longer wanted.
        self.follow = None;
        if self.total == 0 {
            return None;
        }
        self.cursor = index.min(self.total - 1);
        self.selected = self.get(self.cursor).map(Row::id);
        self.missing()
    }

    pub fn move_by(&mut self, delta: isize) -> Option<Window> {
        let target = self.cursor.saturating_add_signed(delta);
        self.move_to(target)
    }

    /// The page to load when the selection is outside the rows in memory.
    pub fn missing(&self) -> Option<Window> {
        if self.total == 0 || self.get(self.cursor).is_some() {
            return None;
        }
        Some(Window {
            offset: self.cursor.saturating_sub(PAGE / 2),
            limit: PAGE,
            around: None,
        })
    }

    /// The window to reload after a change in the store.
    pub fn window(&self) -> Window {
        Window {
            offset: self.offset,
            limit: self.rows.len().max(PAGE),
            around: self.follow.or(self.selected_case()),
        }
    }

    /// The first loaded row for which `f` holds.
    pub fn find(&self, f: impl Fn(&T) -> bool) -> Option<&T> {
        self.rows.iter().find(|r| f(r))
    }

    /// Selects case `no` when the next page brings it: the case an action
    /// moved into this list keeps the selection.
    pub fn follow(&mut self, no: CaseNo) {
        self.follow = Some(no);
    }

    /// The first row to show in `height` rows so that the selection is
    /// visible, scrolling as little as possible from the last position.
    pub fn visible_top(&self, height: usize) -> usize {
        let height = height.max(1);
        let top = self.top.min(self.cursor);
        let top = if self.cursor >= top + height {
            self.cursor + 1 - height
        } else {
            top
        };
        // No empty space below the last row when the list is long enough.
        top.min(self.total.saturating_sub(height))
    }

    pub fn keep_visible(&mut self, height: usize) {
        self.top = self.visible_top(height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, Eq)]
    struct R(u32);

    impl Row for R {
        type Id = u32;
        fn id(&self) -> u32 {
            self.0
        }
        fn case_no(&self) -> CaseNo {
            CaseNo::new(2026, self.0)
        }
    }

    fn rows(ids: &[u32]) -> Vec<R> {
        ids.iter().map(|i| R(*i)).collect()
    }

    #[test]
    fn a_followed_case_is_selected_when_it_arrives_until_the_user_moves() {
        let mut col = Paged::with_rows(rows(&[1, 2]));
        col.follow(CaseNo::new(2026, 9));
        assert_eq!(col.window().around, Some(CaseNo::new(2026, 9)));
        col.replace(Page::all(rows(&[1, 9])));
        assert_eq!(col.selected_case(), Some(CaseNo::new(2026, 9)));
        // A case to follow that never came is dropped when the user moves.
        col.follow(CaseNo::new(2026, 7));
        col.move_by(-1);
        assert_eq!(col.window().around, Some(CaseNo::new(2026, 1)));
    }

    #[test]
    fn the_selection_follows_its_case_across_reloads() {
        let mut p = Paged::with_rows(rows(&[1, 2, 3]));
        p.move_to(1);
        assert_eq!(p.selected_case(), Some(CaseNo::new(2026, 2)));
        // Two rows arrive above: still on case 2.
        assert!(!p.replace(Page::all(rows(&[7, 8, 1, 2, 3]))));
        assert_eq!((p.cursor(), p.selected_row()), (3, Some(&R(2))));
        // Case 2 leaves: the row now at its place is selected.
        assert!(p.replace(Page::all(rows(&[7, 8, 1, 3]))));
        assert_eq!(p.selected_row(), Some(&R(3)));
        // The list empties and refills.
        p.replace(Page::all(vec![]));
        assert_eq!((p.cursor(), p.selected_row()), (0, None));
        p.replace(Page::all(rows(&[5])));
        assert_eq!(p.selected_row(), Some(&R(5)));
    }

    #[test]
    fn moving_is_clamped() {
        let mut p = Paged::with_rows(rows(&[1, 2, 3]));
        assert_eq!(p.move_by(-5), None);
        assert_eq!(p.cursor(), 0);
        assert_eq!(p.move_by(10), None);
        assert_eq!(p.cursor(), 2);
        let mut empty: Paged<R> = Paged::new();
        assert_eq!(empty.move_by(1), None);
        assert_eq!(empty.selected_row(), None);
    }

    #[test]
    fn leaving_the_page_asks_for_another() {
        let mut p: Paged<R> = Paged::new();
        p.replace(Page {
            offset: 0,
            total: 1000,
            rows: rows(&(0..200).collect::<Vec<_>>()),
        });
        assert_eq!(p.move_to(199), None);
        let w = p.move_to(999).unwrap();
        assert_eq!((w.offset, w.limit), (999 - PAGE / 2, PAGE));
        assert_eq!(p.selected_row(), None);
        p.replace(Page {
            offset: 899,
            total: 1000,
            rows: rows(&(899..1000).collect::<Vec<_>>()),
        });
        assert_eq!(p.selected_row(), Some(&R(999)));
        assert_eq!(p.window().around, Some(CaseNo::new(2026, 999)));
    }

    #[test]
    fn scrolling_keeps_the_selection_in_view() {
        let mut p = Paged::with_rows(rows(&(0..50).collect::<Vec<_>>()));
        assert_eq!(p.visible_top(10), 0);
        p.move_to(12);
        assert_eq!(p.visible_top(10), 3);
        p.keep_visible(10);
        p.move_to(8);
        // Still visible: no scroll.
        assert_eq!(p.visible_top(10), 3);
        p.move_to(1);
        assert_eq!(p.visible_top(10), 1);
        p.move_to(49);
        assert_eq!(p.visible_top(10), 40);
    }
}
