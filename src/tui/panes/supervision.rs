//! The director's supervision screen, over the panes: the year's funds as a
//! gauge (spent, committed, left, the 90% warning), the payments waiting
//! for approval (the selected one opens its case; `a` approves them all
//! after a confirmation), and beside them the quarter's peer review, the
//! follow-ups due and the open complaints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Gauge, Paragraph};

use super::{block, clear_for_overlay, fill, note};
use crate::display::{cell, cell_right, fit};
use crate::domain::supervision::List;
use crate::tui::app::App;
use crate::tui::rows::SupervisionView;
use crate::tui::theme::SELECTED;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(s) = app.overlays.supervision() else {
        return;
    };
    clear_for_overlay(frame, area);
    let outer = block(app, app.t("tui.supervision.title"), true)
        .title_bottom(Line::from(format!(" {} ", app.t("tui.supervision.hint"))));
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let Some(v) = &s.view else {
        note(frame, inner, app, app.t("tui.supervision.loading"));
        return;
    };
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .split(inner);
    budget(frame, rows[0], app, v);
    let line = fill(
        app.t("tui.supervision.money"),
        &[
            ("received", &v.funds.received_total().to_string()),
            ("spent", &v.funds.spent.to_string()),
            ("committed", &v.funds.committed.to_string()),
            ("left", &v.funds.left().to_string()),
            ("to_pay", &v.count(List::ToPay).to_string()),
        ],
    );
    frame.render_widget(
        Paragraph::new(fit(&line, usize::from(rows[1].width))).style(app.theme.dim()),
        rows[1],
    );
    if v.funds.warning() {
        frame.render_widget(
            Paragraph::new(fit(app.t("funds.warning"), usize::from(rows[2].width)))
                .style(app.theme.error()),
            rows[2],
        );
    }
    let columns =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).split(rows[3]);
    payments(frame, columns[0], app, v, s.cursor);
    side(frame, columns[1], app, v);
}

/// Spent and committed against what the year received.
fn budget(frame: &mut Frame, area: Rect, app: &App, v: &SupervisionView) {
    let f = &v.funds;
    let received = f.received_total();
    let used = f.spent + f.committed;
    let ratio = if received == 0 {
        if used > 0 { 1.0 } else { 0.0 }
    } else {
        (used as f64 / received as f64).min(1.0)
    };
    let label = fill(
        app.t("tui.supervision.gauge"),
        &[
            ("year", &f.year.to_string()),
            ("pct", &format!("{:.0}%", ratio * 100.0)),
        ],
    );
    let style = if f.warning() {
        app.theme.error()
    } else {
        app.theme.selected(true)
    };
    frame.render_widget(
        Gauge::default()
            .ratio(ratio)
            .label(fit(&label, usize::from(area.width)))
            .gauge_style(style),
        area,
    );
}

/// The payments waiting for a director, the selected one marked.
fn payments(frame: &mut Frame, area: Rect, app: &App, v: &SupervisionView, cursor: usize) {
    let title = fill(
        app.t("tui.supervision.to_approve"),
        &[
            ("n", &v.to_approve.len().to_string()),
            (
                "total",
                &v.to_approve
                    .iter()
                    .map(|p| u64::from(p.amount))
                    .sum::<u64>()
                    .to_string(),
            ),
        ],
    );
    let b = block(app, &title, true);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if v.to_approve.is_empty() {
        note(
            frame,
            inner,
            app,
            app.t("tui.supervision.nothing_to_approve"),
        );
        return;
    }
    let cols = usize::from(inner.width);
    let rows = usize::from(inner.height);
    let top = cursor.saturating_sub(rows.saturating_sub(1));
    // The amount always shows: the payee gives up room first.
    let payee_w = cols.saturating_sub(30).clamp(4, 18);
    let mut lines = Vec::new();
    for (i, p) in v.to_approve.iter().enumerate().skip(top).take(rows) {
        let selected = i == cursor;
        let marker = if selected { SELECTED } else { " " };
        let differs = if p.amount == p.standard {
            String::new()
        } else {
            fill(
                app.t("tui.supervision.standard"),
                &[("standard", &p.standard.to_string())],
            )
        };
        let text = format!(
            "{marker} {} {} {} {} {}",
            p.no,
            cell(&p.applicant, 8),
            cell(&p.payee, payee_w),
            cell_right(&p.amount.to_string(), 6),
            differs
        );
        let style = if selected {
            app.theme.selected(true)
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::styled(fit(&text, cols), style));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The quarter's peer review, the follow-ups due and the open complaints.
fn side(frame: &mut Frame, area: Rect, app: &App, v: &SupervisionView) {
    let b = block(app, app.t("tui.supervision.quality"), false);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let cols = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    let mut push = |text: String| lines.push(Line::raw(fit(&text, cols)));
    push(match v.sample {
        Some((drawn, scored)) => fill(
            app.t("tui.supervision.sample"),
            &[
                ("period", &v.quarter.to_string()),
                ("drawn", &drawn.to_string()),
                ("scored", &scored.to_string()),
            ],
        ),
        None => fill(
            app.t("tui.supervision.no_sample"),
            &[("period", &v.quarter.to_string())],
        ),
    });
    push(fill(
        app.t("tui.supervision.second_review"),
        &[("n", &v.count(List::SecondReview).to_string())],
    ));
    push(String::new());
    push(fill(
        app.t("tui.supervision.follow_ups"),
        &[("n", &v.count(List::FollowUpDue).to_string())],
    ));
    for (day, no, name) in v.follow_ups.iter().take(5) {
        push(format!("  {no} {} {day}", cell(name, 8)));
    }
    push(String::new());
    push(fill(
        app.t("tui.supervision.complaints"),
        &[("n", &v.complaints.len().to_string())],
    ));
    for (c, against) in v.complaints.iter().take(5) {
        let against = against
            .clone()
            .unwrap_or_else(|| app.t("quality.the_center").to_string());
        push(format!(
            "  {} {} {}",
            c.no,
            against,
            app.lang.code_in("quality.complaint_kind", c.kind.code())
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}
