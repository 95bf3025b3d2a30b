//! The intake queue: applications not yet decided, most urgent first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Cell, Col, block, days_left, due_state, note, row, widths, word};
use crate::domain::deadlines::DueState;
use crate::tui::app::App;
use crate::tui::paged::Paged;
use crate::tui::rows::QueueRow;
use crate::tui::theme::{SELECTED, due_symbol};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, focused: bool) {
    let title = format!("1 {} ({})", app.t("tui.pane.queue"), app.queue.total());
    let empty = app.t("tui.queue.empty");
    draw_list(frame, area, app, &app.queue, &title, empty, focused);
}

/// Also draws search results, which are queue rows of any status.
pub fn draw_list(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    list: &Paged<QueueRow>,
    title: &str,
    empty: &str,
    focused: bool,
) {
    let b = block(app, title, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if !list.is_loaded() {
        return note(frame, inner, app, app.t("tui.loading"));
    }
    if list.is_empty() {
        return note(frame, inner, app, empty);
    }
    let cols = widths(
        usize::from(inner.width),
        &[
            Col::Fixed(2),
            Col::Fixed(9),
            Col::Flex(3, 6),
            Col::Flex(4, 6),
            Col::Flex(3, 6),
            Col::Fixed(10),
            Col::Fixed(4),
        ],
    );
    let h = |k: &str| Cell::new(app.t(k), app.theme.header());
    let header = vec![
        Cell::plain(""),
        h("tui.col.case"),
        h("tui.col.applicant"),
        h("tui.col.matter"),
        h("tui.col.status"),
        h("tui.col.due"),
        h("tui.col.left").right(),
    ];
    let mut lines = vec![row(header, &cols)];
    let height = usize::from(inner.height.saturating_sub(1));
    let top = list.visible_top(height);
    for i in top..(top + height).min(list.total()) {
        let selected = i == list.cursor();
        lines.push(match list.get(i) {
            Some(r) => queue_line(app, r, &cols, selected, focused),
            None => Line::from(format!("  {}", app.t("tui.loading"))).style(app.theme.dim()),
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

fn queue_line<'a>(
    app: &App,
    r: &QueueRow,
    cols: &[usize],
    selected: bool,
    focused: bool,
) -> Line<'a> {
    let state = r
        .next
        .as_ref()
        .map_or(DueState::Later, |n| due_state(app, n.due));
    let marker = if selected { SELECTED } else { " " };
    let status = if r.emergency {
        app.t("tui.queue.emergency").to_string()
    } else {
        word(app, "status", r.status.code())
    };
    let due_style = app.theme.due(state);
    let (due, left) = match &r.next {
        Some(n) => (n.due.to_string(), days_left(app, n.due)),
        None => (String::new(), String::new()),
    };
    let cells = vec![
        Cell::new(format!("{marker}{}", due_symbol(state)), due_style),
        Cell::plain(r.no.to_string()),
        Cell::plain(r.applicant.clone()),
        Cell::plain(word(app, "matter", r.matter.code())),
        Cell::new(status, if r.emergency { due_style } else { Style::new() }),
        Cell::new(due, due_style),
        Cell::new(left, due_style).right(),
    ];
    let line = row(cells, cols);
    if selected {
        line.style(app.theme.selected(focused))
    } else {
        line
    }
}
