//! Deadline warnings: the login check's list (overdue, and due within the
//! policy's warning window), soonest first, kept live.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Cell, Col, block, days_left, due_state, fill, note, row, widths, word};
use crate::domain::deadlines::DeadlineKind;
use crate::tui::app::App;
use crate::tui::rows::DueRow;
use crate::tui::theme::{SELECTED, due_symbol};

/// Below this width the holder column goes and dates lose their year.
const ROOMY: usize = 60;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, focused: bool) {
    let title = format!("4 {} ({})", app.t("tui.pane.deadlines"), app.due.total());
    let b = block(app, &title, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if !app.due.is_loaded() {
        return note(frame, inner, app, app.t("tui.loading"));
    }
    if app.due.is_empty() {
        let days = app.status.summary.warning_days.to_string();
        let text = fill(app.t("tui.deadlines.empty"), &[("days", &days)]);
        return note(frame, inner, app, &text);
    }
    let roomy = usize::from(inner.width) >= ROOMY;
    let mut spec = vec![
        Col::Fixed(2),
        Col::Fixed(9),
        Col::Flex(2, 4),
        Col::Flex(4, 6),
        Col::Fixed(if roomy { 10 } else { 5 }),
        Col::Fixed(4),
    ];
    let h = |k: &str| Cell::new(app.t(k), app.theme.header());
    let mut header = vec![
        Cell::plain(""),
        h("tui.col.case"),
        h("tui.col.applicant"),
        h("tui.col.deadline"),
        h("tui.col.due"),
        h("tui.col.left").right(),
    ];
    if roomy {
        spec.push(Col::Flex(3, 4));
        header.push(h("tui.col.holder"));
    }
    let cols = widths(usize::from(inner.width), &spec);
    let mut lines = vec![row(header, &cols)];
    let height = usize::from(inner.height.saturating_sub(1));
    let top = app.due.visible_top(height);
    for i in top..(top + height).min(app.due.total()) {
        let selected = i == app.due.cursor();
        lines.push(match app.due.get(i) {
            Some(r) => due_line(app, r, &cols, roomy, selected, focused),
            None => Line::from(format!("  {}", app.t("tui.loading"))).style(app.theme.dim()),
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The deadline's name: the caseworker's label for matter dates.
pub fn deadline_name(app: &App, kind: DeadlineKind, label: &str) -> String {
    if kind == DeadlineKind::Matter && !label.is_empty() {
        label.to_string()
    } else {
        word(app, "deadline", kind.code())
    }
}

fn due_line<'a>(
    app: &App,
    r: &DueRow,
    cols: &[usize],
    roomy: bool,
    selected: bool,
    focused: bool,
) -> Line<'a> {
    let state = due_state(app, r.due);
    let style = app.theme.due(state);
    let marker = if selected { SELECTED } else { " " };
    let due = if roomy {
        r.due.to_string()
    } else {
        r.due.format("%m-%d").to_string()
    };
    let mut cells = vec![
        Cell::new(format!("{marker}{}", due_symbol(state)), style),
        Cell::plain(r.no.to_string()),
        Cell::plain(r.applicant.clone()),
        Cell::plain(deadline_name(app, r.kind, &r.label)),
        Cell::new(due, style),
        Cell::new(days_left(app, r.due), style).right(),
    ];
    if roomy {
        cells.push(Cell::plain(r.holder.clone().unwrap_or_else(|| "-".into())));
    }
    let line = row(cells, cols);
    if selected {
        line.style(app.theme.selected(focused))
    } else {
        line
    }
}
