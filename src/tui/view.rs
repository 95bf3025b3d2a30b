//! Draws the whole screen from the state alone. Called only when
//! `app.dirty` is set: an idle docket draws nothing and sends nothing.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::app::{App, Mode, NARROW, Pane};
use super::layout;
use super::overlay::Overlay;
use super::panes::{self, fill};

/// What the screen shows of the state: page and overlay heights, and the
/// lines of help and of the case view as drawn at this size.
pub fn extent(app: &App) -> super::app::Extent {
    super::app::Extent {
        pane_rows: Pane::ALL.map(|p| layout::pane_rows(app, p)),
        overlay_rows: layout::overlay_rows(app),
        help_lines: if app.overlays.help().is_some() {
            panes::help::line_count(app)
        } else {
            0
        },
        detail_lines: if app.overlays.detail().is_some() {
            panes::detail::line_count(app)
        } else {
            0
        },
    }
}

pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let mode = Mode::of(area.width, area.height);
    if mode == Mode::TooSmall {
        return too_small(app, frame, area);
    }
    let areas = layout::areas(area, mode, app.focus);
    if let Some(tabs) = areas.tabs {
        tab_bar(app, frame, tabs);
    }
    // A screen over the panes takes their focus; the search line (in the
    // status bar), a prompt and a question leave it where it is.
    let overlay = app.overlays.iter().any(|o| {
        !matches!(
            o,
            Overlay::Search(_) | Overlay::Prompt(_) | Overlay::Question(_)
        )
    });
    for pane in Pane::ALL {
        let Some(rect) = areas.panes[pane.index()] else {
            continue;
        };
        let focused = pane == app.focus && !overlay;
        match pane {
            Pane::Queue => panes::queue::draw(frame, rect, app, focused),
            Pane::Checklist => panes::checklist::draw(frame, rect, app, focused),
            Pane::Board => panes::board::draw(frame, rect, app, focused),
            Pane::Deadlines => panes::deadlines::draw(frame, rect, app, focused),
        }
    }
    // Bottom to top: the one opened last is drawn last.
    for o in app.overlays.iter() {
        let draw = match o {
            Overlay::Reports(_) => panes::reports::draw,
            Overlay::Supervision(_) => panes::supervision::draw,
            Overlay::Results(_) => panes::results::draw,
            Overlay::Detail(_) => panes::detail::draw,
            Overlay::Intake(_) => panes::intake::draw,
            Overlay::Consult(_) => panes::consult::draw,
            Overlay::Help(_) => panes::help::draw,
            Overlay::Prompt(_) => panes::prompt::draw,
            Overlay::Question(_) => panes::question::draw,
            Overlay::Search(_) => continue,
        };
        draw(frame, areas.main, app);
    }
    if app.overlays.question().is_none() && app.overlays.prompt().is_none() {
        panes::message::draw(frame, areas.main, areas.status, app);
    }
    panes::status::draw(frame, areas.status, app);
}

/// Narrow mode: which pane is shown, and the keys to the others.
fn tab_bar(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = Vec::new();
    for pane in Pane::ALL {
        let count = match pane {
            Pane::Queue => Some(app.queue.total()),
            Pane::Checklist => None,
            Pane::Board => Some(app.board.columns.iter().map(|c| c.total()).sum()),
            Pane::Deadlines => Some(app.due.total()),
        };
        let name = app.t(&format!("tui.pane.{}", pane.code())).to_string();
        let label = match count {
            Some(n) => format!("{} {name} ({n})", pane.index() + 1),
            None => format!("{} {name}", pane.index() + 1),
        };
        // Brackets mark the shown pane even where reverse video is lost.
        let active = pane == app.focus;
        let label = if active {
            format!("[{label}]")
        } else {
            format!(" {label} ")
        };
        spans.push(Span::styled(label, app.theme.tab(active)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn too_small(app: &App, frame: &mut Frame, area: Rect) {
    let text = fill(
        app.t("tui.too_small"),
        &[
            ("width", &area.width.to_string()),
            ("height", &area.height.to_string()),
            ("min_width", &NARROW.0.to_string()),
            ("min_height", &NARROW.1.to_string()),
        ],
    );
    let y = area.height / 2;
    let rect = Rect::new(
        area.x,
        area.y + y.saturating_sub(1),
        area.width,
        area.height - y.saturating_sub(1),
    );
    let p = Paragraph::new(text)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true });
    frame.render_widget(p, rect);
}
