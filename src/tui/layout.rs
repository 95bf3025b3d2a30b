//! Where things go on the screen. Pure geometry from the terminal size, used
//! by the view to draw and by `update` to know how far a page moves.

use ratatui::layout::{Constraint, Layout, Rect};

use super::app::{App, Mode, Pane};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// The tab bar (narrow mode only).
    pub tabs: Option<Rect>,
    /// Each pane's rectangle, indexed by `Pane::index`; None when hidden.
    pub panes: [Option<Rect>; 4],
    /// Everything but the tab bar and the status bar: where overlays go.
    pub main: Rect,
    pub status: Rect,
}

pub fn areas(area: Rect, mode: Mode, focus: Pane) -> Areas {
    let mut panes = [None; 4];
    match mode {
        Mode::TooSmall => Areas {
            tabs: None,
            panes,
            main: area,
            status: Rect::new(area.x, area.y, area.width, 0),
        },
        Mode::Narrow => {
            let [tabs, main, status] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Fill(1),
                Constraint::Length(1),
            ])
            .areas(area);
            panes[focus.index()] = Some(main);
            Areas {
                tabs: Some(tabs),
                panes,
                main,
                status,
            }
        }
        Mode::Wide => {
            let [main, status] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
            let [top, bottom] =
                Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(main);
            // The queue and its checklist side by side; the board needs width.
            let [queue, checklist] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(top);
            let [board, deadlines] =
                Layout::horizontal([Constraint::Percentage(67), Constraint::Fill(1)]).areas(bottom);
            panes[Pane::Queue.index()] = Some(queue);
            panes[Pane::Checklist.index()] = Some(checklist);
            panes[Pane::Board.index()] = Some(board);
            panes[Pane::Deadlines.index()] = Some(deadlines);
            Areas {
                tabs: None,
                panes,
                main,
                status,
            }
        }
    }
}

/// The areas of the app's current terminal size and focus.
pub fn app_areas(app: &App) -> Areas {
    let (w, h) = app.size;
    areas(Rect::new(0, 0, w, h), app.mode(), app.focus)
}

/// Lines inside a bordered box of `height`, less `header` lines.
fn inner(height: u16, header: u16) -> usize {
    usize::from(height.saturating_sub(2 + header)).max(1)
}

/// How many rows of a pane's list are visible (cards for the board).
pub fn pane_rows(app: &App, pane: Pane) -> usize {
    let areas = app_areas(app);
    let Some(rect) = areas.panes[pane.index()] else {
        return 1;
    };
    match pane {
        Pane::Queue | Pane::Deadlines => inner(rect.height, 1),
        // Cards take two lines under a column heading.
        Pane::Board => (inner(rect.height, 1) / 2).max(1),
        Pane::Checklist => inner(rect.height, 0),
    }
}

/// How many lines the overlay (detail, help, search results) shows.
pub fn overlay_rows(app: &App) -> usize {
    let header = u16::from(
        app.overlays.results().is_some()
            && app.overlays.detail().is_none()
            && app.overlays.help().is_none(),
    );
    inner(app_areas(app).main.height, header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_shows_all_four_panes() {
        let a = areas(Rect::new(0, 0, 120, 35), Mode::Wide, Pane::Queue);
        assert!(a.panes.iter().all(Option::is_some));
        assert_eq!(a.status, Rect::new(0, 34, 120, 1));
        assert!(a.tabs.is_none());
        // No overlap and nothing outside the screen.
        let rects: Vec<Rect> = a.panes.iter().flatten().copied().collect();
        for (i, r) in rects.iter().enumerate() {
            assert!(r.right() <= 120 && r.bottom() <= 34);
            for s in &rects[i + 1..] {
                assert!(!r.intersects(*s), "{r:?} {s:?}");
            }
        }
    }

    #[test]
    fn narrow_shows_the_focused_pane_and_tabs() {
        let a = areas(Rect::new(0, 0, 80, 24), Mode::Narrow, Pane::Board);
        assert_eq!(a.tabs, Some(Rect::new(0, 0, 80, 1)));
        assert_eq!(a.panes[Pane::Board.index()], Some(Rect::new(0, 1, 80, 22)));
        assert_eq!(a.panes.iter().flatten().count(), 1);
        assert_eq!(a.status, Rect::new(0, 23, 80, 1));
    }
}
