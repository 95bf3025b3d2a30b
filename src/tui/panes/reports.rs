//! The statistics screen, over the panes: the year against the plan's
//! targets (gauges), cases per month over twelve months (a sparkline), the
//! recipients by group (bars), and the monthly table of the period, whose
//! selected line opens to its cases.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Gauge, Paragraph, Sparkline};

use super::{block, clear_for_overlay, fill, note};
use crate::display::{cell, cell_right, fit, width};
use crate::domain::report::{Column, Figures, shown};
use crate::tui::app::{App, Reports};

/// The recipient groups the bars show, in the form's order.
const GROUPS: &[Column] = Column::OF_WHOM;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(r) = app.overlays.reports() else {
        return;
    };
    clear_for_overlay(frame, area);
    let title = fill(
        app.t("tui.reports.title"),
        &[
            (
                "report",
                app.t(&format!("report.{}", r.period.kind().code())),
            ),
            ("period", &r.period.to_string()),
        ],
    );
    let outer = block(app, &title, true)
        .title_bottom(Line::from(format!(" {} ", app.t("tui.reports.hint"))));
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let Some(f) = &r.figures else {
        note(frame, inner, app, app.t("tui.reports.loading"));
        return;
    };
    let charts = 11.min(inner.height.saturating_sub(6) / 2).max(3);
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(charts),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .split(inner);
    gauges(frame, rows[0], app, f);
    let middle =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).split(rows[1]);
    trend(frame, middle[0], app, r);
    groups(frame, middle[1], app, f);
    let t = &f.targets;
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    let line = fill(
        app.t("tui.reports.overdue"),
        &[
            ("n", &t.overdue_now.to_string()),
            ("rate", &pct(t.conclusion_rate)),
            ("met", &t.deadlines_met.to_string()),
            ("missed", &t.deadlines_missed.to_string()),
        ],
    );
    let style = if t.overdue_now > 0 {
        app.theme.error()
    } else {
        app.theme.dim()
    };
    frame.render_widget(
        Paragraph::new(fit(&line, usize::from(rows[2].width))).style(style),
        rows[2],
    );
    table(frame, rows[3], app, r, f);
}

/// The year's cases against the target, and the workstation share
/// against its target, side by side.
fn gauges(frame: &mut Frame, area: Rect, app: &App, f: &Figures) {
    let t = &f.targets;
    let halves =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).split(area);
    let cases = if t.cases_target == 0 {
        1.0
    } else {
        (t.cases_year_to_date as f64 / f64::from(t.cases_target)).min(1.0)
    };
    let label = fill(
        app.t("tui.reports.cases_gauge"),
        &[
            ("n", &t.cases_year_to_date.to_string()),
            ("target", &t.cases_target.to_string()),
        ],
    );
    frame.render_widget(
        Gauge::default()
            .ratio(cases)
            .label(fit(&label, usize::from(halves[0].width)))
            .gauge_style(app.theme.selected(true)),
        halves[0],
    );
    let share = if t.workstation_share_target <= 0.0 {
        1.0
    } else {
        (t.workstation_share / t.workstation_share_target).min(1.0)
    };
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    let label = fill(
        app.t("tui.reports.share_gauge"),
        &[
            ("share", &pct(t.workstation_share)),
            ("target", &pct(t.workstation_share_target)),
        ],
    );
    frame.render_widget(
        Gauge::default()
            .ratio(share)
            .label(fit(&label, usize::from(halves[1].width)))
            .gauge_style(app.theme.selected(true)),
        halves[1],
    );
}

fn trend(frame: &mut Frame, area: Rect, app: &App, r: &Reports) {
    let (from, to) = match (r.trend.first(), r.trend.last()) {
        (Some(a), Some(b)) => (a.0.to_string(), b.0.to_string()),
        _ => (String::new(), String::new()),
    };
    let max = r.trend.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let title = fill(
        app.t("tui.reports.trend"),
        &[("from", &from), ("to", &to), ("max", &max.to_string())],
    );
    // Each month as wide as the box allows, so the line fills it.
    let each = (usize::from(area.width.saturating_sub(2)) / r.trend.len().max(1)).max(1);
    let data: Vec<u64> = r
        .trend
        .iter()
        .flat_map(|(_, n)| std::iter::repeat_n(*n, each))
        .collect();
    let b = Block::bordered()
        .border_style(app.theme.border(false))
        .title(fit(&format!(" {title} "), usize::from(area.width)));
    frame.render_widget(Sparkline::default().block(b).data(&data), area);
}

fn groups(frame: &mut Frame, area: Rect, app: &App, f: &Figures) {
    let label_width = GROUPS
        .iter()
        .map(|c| width(&app.word("report.column", c.code())))
        .max()
        .unwrap_or(4)
        .min(usize::from(area.width / 2));
    let bars: Vec<Bar> = GROUPS
        .iter()
        .map(|c| {
            let n = f.total(*c);
            let name = cell(&app.word("report.column", c.code()), label_width);
            Bar::default()
                .value(n)
                .label(Line::from(name))
                .text_value(n.to_string())
        })
        .collect();
    let b = Block::bordered()
        .border_style(app.theme.border(false))
        .title(fit(
            &format!(" {} ", app.t("tui.reports.groups")),
            usize::from(area.width),
        ));
    frame.render_widget(
        BarChart::default()
            .block(b)
            .direction(Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
            .data(BarGroup::default().bars(&bars)),
        area,
    );
}

/// The monthly table of the period: a line per column of the form, its
/// months and total; the selected line is marked.
fn table(frame: &mut Frame, area: Rect, app: &App, r: &Reports, f: &Figures) {
    if area.height == 0 {
        return;
    }
    let months: Vec<String> = if f.months.len() > 1 {
        f.months.iter().map(|(m, _)| m.to_string()).collect()
    } else {
        Vec::new()
    };
    let value_width = 9;
    let label_width = usize::from(area.width)
        .saturating_sub(2 + value_width * (months.len() + 1))
        .clamp(8, 40);
    let fits = |n: usize| 2 + label_width + value_width * n <= usize::from(area.width);
    let shown_months = (0..=months.len()).rev().find(|n| fits(n + 1)).unwrap_or(0);
    let skip = months.len() - shown_months;
    let mut lines = Vec::new();
    let mut head = cell("", label_width + 2);
    for m in &months[skip..] {
        head.push_str(&cell_right(m, value_width));
    }
    head.push_str(&cell_right(app.t("report.total"), value_width));
    lines.push(Line::styled(head, app.theme.header()));
    let visible = usize::from(area.height).saturating_sub(1);
    let first = r.cursor.saturating_sub(visible.saturating_sub(1));
    for (i, c) in Column::MONTHLY.iter().enumerate().skip(first).take(visible) {
        let selected = i == r.cursor;
        let mut text = String::from(if selected { "▶ " } else { "  " });
        text.push_str(&cell(&app.lang.report_column(*c), label_width));
        for (_, counts) in &f.months[skip..] {
            if months.is_empty() {
                break;
            }
            text.push_str(&cell_right(
                &shown(*c, counts.get(c).copied().unwrap_or(0)),
                value_width,
            ));
        }
        text.push_str(&cell_right(&shown(*c, f.total(*c)), value_width));
        let style = if selected {
            app.theme.selected(true)
        } else {
            ratatui::style::Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    frame.render_widget(Paragraph::new(lines), area);
}
