//! The intake queue: applications not yet decided, most urgent first,
//! filtered by channel, kind and "mine" (the filter shows in the title).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{Cell, Col, block, days_left, due_state, note, row, widths, word};
use crate::display::width;
use crate::domain::codes::Status;
use crate::domain::deadlines::DueState;
use crate::tui::app::App;
use crate::tui::paged::Paged;
use crate::tui::rows::{QueueFilter, QueueRow};
use crate::tui::theme::{SELECTED, due_symbol};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, focused: bool) {
    let mut title = format!("1 {} ({})", app.t("tui.pane.queue"), app.queue.total());
    let filter = filter_words(app, &app.queue_filter);
    let empty = if filter.is_empty() {
        app.t("tui.queue.empty")
    } else {
        title.push_str(&format!(" · {}", filter.join(" · ")));
        app.t("tui.queue.none_filtered")
    };
    draw_list(
        frame,
        area,
        app,
        &app.queue,
        &title,
        empty,
        focused,
        Third::Channel,
    );
}

/// The filter in force, in words ("walk-in", "civil", "mine").
pub fn filter_words(app: &App, f: &QueueFilter) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(c) = f.channel {
        out.push(word(app, "channel", c.code()));
    }
    if let Some(k) = f.kind {
        out.push(word(app, "kind", k.code()));
    }
    if f.caseworker.is_some() {
        out.push(app.t("tui.queue.mine").to_string());
    }
    if f.awaiting_approval {
        out.push(app.t("tui.queue.awaiting_approval").to_string());
    }
    out
}

/// The column after kind / matter: the channel in the queue (every row is
/// undecided), the status in search results (any status).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Third {
    Channel,
    Status,
}

/// Also draws search results, which are queue rows of any status.
#[allow(clippy::too_many_arguments)]
pub fn draw_list(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    list: &Paged<QueueRow>,
    title: &str,
    empty: &str,
    focused: bool,
    third: Third,
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
    let total = usize::from(inner.width);
    // The full received date where there is room; the case number has the year.
    let long_date = total >= 100;
    let cols = widths(
        total,
        &[
            Col::Fixed(2),
            Col::Fixed(9),
            Col::Fixed(if long_date { 10 } else { 5 }),
            Col::Flex(4, 8),
            Col::Flex(4, 8),
            Col::Flex(2, 6),
            Col::Fixed(4),
            Col::Fixed(5),
        ],
    );
    let h = |k: &str| Cell::new(app.t(k), app.theme.header());
    let header = vec![
        Cell::plain(""),
        h("tui.col.case"),
        h(if long_date {
            "tui.col.received"
        } else {
            "tui.col.received_short"
        }),
        h("tui.col.applicant"),
        h("tui.col.kind_matter"),
        h(match third {
            Third::Channel => "tui.col.channel",
            Third::Status => "tui.col.status",
        }),
        h("tui.col.left").right(),
        h("tui.col.flags"),
    ];
    let mut lines = vec![row(header, &cols)];
    let height = usize::from(inner.height.saturating_sub(1));
    let top = list.visible_top(height);
    for i in top..(top + height).min(list.total()) {
        let selected = i == list.cursor();
        lines.push(match list.get(i) {
            Some(r) => queue_line(app, r, &cols, selected, focused, third, long_date),
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
    third: Third,
    long_date: bool,
) -> Line<'a> {
    let state = r
        .next
        .as_ref()
        .map_or(DueState::Later, |n| due_state(app, n.due));
    let marker = if selected { SELECTED } else { " " };
    let due_style = app.theme.due(state);
    let left = r
        .next
        .as_ref()
        .map(|n| days_left(app, n.due))
        .unwrap_or_default();
    let received = if long_date {
        r.received.to_string()
    } else {
        r.received.format("%m-%d").to_string()
    };
    let third = match third {
        Third::Channel => word(app, "channel", r.channel.code()),
        Third::Status => word(app, "status", r.status.code()),
    };
    let emergency = r.emergency || r.flags.emergency;
    let flag_style = if emergency {
        app.theme.due(DueState::Overdue)
    } else {
        Style::new()
    };
    let cells = vec![
        Cell::new(format!("{marker}{}", due_symbol(state)), due_style),
        Cell::plain(r.no.to_string()),
        Cell::plain(received),
        Cell::plain(applicant(r, cols[3])),
        Cell::plain(format!(
            "{}/{}",
            word(app, "kind", r.kind.code()),
            word(app, "matter", r.matter.code())
        )),
        Cell::plain(third),
        Cell::new(left, due_style).right(),
        Cell::new(flags(app, r), flag_style),
    ];
    let line = row(cells, cols);
    if selected {
        line.style(app.theme.selected(focused))
    } else {
        line
    }
}

/// The name with the masked ID number when it fits, else its last digits.
fn applicant(r: &QueueRow, cols: usize) -> String {
    let name = crate::display::fit(&r.applicant, usize::MAX);
    let Some(id) = &r.id_masked else {
        return name;
    };
    let room = cols.saturating_sub(width(&name) + 1);
    let tail = &id[id.len().saturating_sub(4)..];
    if room >= id.len() {
        format!("{name} {id}")
    } else if room >= 5 && width(&name) <= cols / 2 {
        format!("{name} *{tail}")
    } else {
        name
    }
}

/// The flags column: one letter per flag (the legend is in the help).
pub fn flags(app: &App, r: &QueueRow) -> String {
    let f = &r.flags;
    [
        (r.emergency || f.emergency, "emergency"),
        (f.notified, "notified"),
        (f.exempt, "exempt"),
        (f.duplicate, "duplicate"),
        (f.conflict, "conflict"),
        (r.status == Status::AwaitingDocuments, "awaiting"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, code)| app.t(&format!("tui.flag.{code}")))
    .collect()
}
