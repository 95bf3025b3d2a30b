//! The eligibility checklist of the case selected in the queue: one line per
//! item, and the selected item's note in full below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, fill, note, word, wrap};
use crate::display::{cell, width};
use crate::domain::eligibility::{Check, Item, Summary, Verdict, summarize};
use crate::tui::app::App;
use crate::tui::theme::{SELECTED, verdict_symbol};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, focused: bool) {
    let mut title = format!("2 {}", app.t("tui.pane.checklist"));
    if let Some(v) = &app.checklist.view {
        title.push_str(&format!(" {} {}", v.no, v.applicant));
    }
    let b = block(app, &title, focused);
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let Some(view) = &app.checklist.view else {
        let text = if app.queue.selected_case().is_some() || !app.queue.is_loaded() {
            app.t("tui.loading")
        } else {
            app.t("tui.checklist.none")
        };
        return note(frame, inner, app, text);
    };
    let labels: Vec<String> = view
        .checks
        .iter()
        .map(|c| word(app, "tui.item", c.item.code()))
        .collect();
    let label_w = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    let note_w = usize::from(inner.width).saturating_sub(label_w + 5);
    let mut lines: Vec<Line> = Vec::new();
    for (i, (check, label)) in view.checks.iter().zip(&labels).enumerate() {
        let selected = i == app.checklist.cursor;
        let marker = if selected { SELECTED } else { " " };
        let style = app.theme.verdict(check.verdict);
        let line = Line::from(vec![
            Span::raw(marker.to_string()),
            Span::styled(verdict_symbol(check.verdict).to_string(), style),
            Span::raw(" "),
            Span::styled(cell(label, label_w), style),
            Span::raw("  "),
            Span::raw(cell(&app.lang.check_reason(&check.reason), note_w)),
        ]);
        lines.push(if selected {
            line.style(app.theme.selected(focused))
        } else {
            line
        });
    }
    // What the checklist adds up to.
    let (summary, verdict) = summary_line(app, &view.checks);
    lines.push(Line::styled(
        cell(&summary, usize::from(inner.width)),
        app.theme.verdict(verdict),
    ));
    // The proposal awaiting approval, in full: what the director approves.
    if let Some(d) = &view.proposal {
        let (what, table) = if d.grant {
            ("tui.checklist.proposed_grant", "tui.grant")
        } else {
            ("tui.checklist.proposed_denial", "tui.deny")
        };
        let text = fill(
            app.t(what),
            &[
                ("reason", &word(app, table, &d.reason_code)),
                ("who", app.names.of(&d.proposed_by)),
                ("on", &d.proposed_on.to_string()),
                ("text", &d.text),
            ],
        );
        lines.push(Line::raw(""));
        for l in wrap(&text, usize::from(inner.width)) {
            lines.push(Line::styled(l, app.theme.header()));
        }
    }
    // The selected item's note in full, when there is room under the list.
    if let Some(check) = view.checks.get(app.checklist.cursor) {
        let room = usize::from(inner.height).saturating_sub(lines.len() + 1);
        if room > 0 {
            lines.push(Line::raw(""));
            let verdict = word(app, "tui.verdict", check.verdict.code());
            let label = &labels[app.checklist.cursor];
            let full = fill(
                app.t("tui.checklist.full"),
                &[
                    ("item", label),
                    ("verdict", &verdict),
                    ("reason", &app.lang.check_reason(&check.reason)),
                ],
            );
            for l in wrap(&full, usize::from(inner.width)).into_iter().take(room) {
                lines.push(Line::styled(l, Style::new()));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// "Eligible", "Not eligible: Scope fails", "Open: Documents to check",
/// with the verdict whose colour it takes.
pub fn summary_line(app: &App, checks: &[Check]) -> (String, Verdict) {
    let items = |items: &[Item]| {
        items
            .iter()
            .map(|i| word(app, "tui.item", i.code()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match summarize(checks) {
        Summary::Eligible => (app.t("tui.checklist.eligible").to_string(), Verdict::Pass),
        Summary::NotEligible(failed) => (
            fill(
                app.t("tui.checklist.not_eligible"),
                &[("items", &items(&failed))],
            ),
            Verdict::Fail,
        ),
        Summary::Open(open) => (
            fill(app.t("tui.checklist.open"), &[("items", &items(&open))]),
            Verdict::Pending,
        ),
    }
}
