//! A question with choices, in a box over everything: a draft from before,
//! keeping the draft when the form closes, possible duplicates before
//! saving, the field of a case to correct. Each choice shows its key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{block, fill, word, wrap};
use crate::display::{cell, fit, width};
use crate::domain::case::CaseNo;
use crate::domain::codes::{Ground, ReasonCode};
use crate::domain::eligibility::Verdict;
use crate::tui::action::{Action, Context};
use crate::tui::app::{App, Ask, Choice, Question};
use crate::tui::rows::ProviderRow;
use crate::tui::theme::SELECTED;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(q) = app.overlays.question() else {
        return;
    };
    let w = area.width.saturating_sub(4).min(72);
    let text_w = usize::from(w.saturating_sub(2));
    let (mut title, mut lines) = content(app, q, text_w);
    // A question longer than the box's top edge is asked whole, wrapped at
    // the top of the box, never cut ("…death penalty?" must be read).
    if width(&title) + 4 > usize::from(w) {
        let mut asked: Vec<Line> = wrap(&title, text_w).into_iter().map(Line::raw).collect();
        asked.append(&mut lines);
        lines = asked;
        title = String::new();
    }
    let h = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let b = block(app, &title, true);
    let inner = b.inner(rect);
    super::clear_for_overlay(frame, rect);
    frame.render_widget(b, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The first key of an action in the question's table.
fn key(app: &App, action: Action) -> String {
    app.keymap
        .keys(Context::Question, action)
        .first()
        .map(|k| k.to_string())
        .unwrap_or_default()
}

/// The title and lines of a question, `cols` wide.
pub fn content<'a>(app: &App, q: &Question, cols: usize) -> (String, Vec<Line<'a>>) {
    let t = |k: &str| app.t(&format!("tui.question.{k}")).to_string();
    let mut lines: Vec<Line> = Vec::new();
    let para = |lines: &mut Vec<Line>, text: &str| {
        for part in wrap(text, cols) {
            lines.push(Line::raw(part));
        }
    };
    let back = key(app, Action::Back);
    let (title, esc) = match &q.ask {
        Ask::DraftOffer(form) => {
            let name = form.name.text().trim();
            let name = if name.is_empty() {
                t("unnamed")
            } else {
                name.to_string()
            };
            para(
                &mut lines,
                &fill(app.t("tui.question.draft_body"), &[("name", &name)]),
            );
            (t("draft_title"), "esc_later")
        }
        Ask::LeaveForm => {
            para(&mut lines, &t("leave_body"));
            (t("leave_title"), "esc_form")
        }
        Ask::Duplicates { conflicts, .. } => {
            para(&mut lines, &t("dup_body"));
            if !conflicts.is_empty() {
                para(
                    &mut lines,
                    &fill(
                        app.t("tui.question.conflict_body"),
                        &[("cases", &CaseNo::list(conflicts))],
                    ),
                );
            }
            (t("dup_title"), "esc_form")
        }
        Ask::PickField { no, .. } => (
            fill(
                app.t("tui.question.field_title"),
                &[("case", &no.to_string())],
            ),
            "esc_cancel",
        ),
        Ask::Verdict { no, item, .. } => (
            fill(
                app.t("tui.question.verdict_title"),
                &[
                    ("case", &no.to_string()),
                    ("item", &word(app, "tui.item", item.code())),
                ],
            ),
            "esc_cancel",
        ),
        Ask::PickItem { no, .. } => (
            fill(
                app.t("tui.question.item_title"),
                &[("case", &no.to_string())],
            ),
            "esc_cancel",
        ),
        Ask::PickNote { no, .. } => (
            fill(
                app.t("tui.question.note_title"),
                &[("case", &no.to_string())],
            ),
            "esc_cancel",
        ),
        Ask::Ground { no, .. } => (
            fill(
                app.t("tui.question.ground_title"),
                &[("case", &no.to_string())],
            ),
            "esc_cancel",
        ),
        Ask::Result { no, .. } => (
            fill(
                app.t("tui.question.result_title"),
                &[("case", &no.to_string())],
            ),
            "esc_cancel",
        ),
        Ask::ObjectionDecision { no, .. } => (
            fill(
                app.t("tui.question.objection_title"),
                &[("case", &no.to_string())],
            ),
            "esc_cancel",
        ),
        Ask::Serious { no, .. } => (
            fill(
                app.t("tui.question.serious_title"),
                &[("case", &no.to_string())],
            ),
            "esc_cancel",
        ),
        Ask::Decision { no, .. } => (
            fill(
                app.t("tui.question.decision_title"),
                &[("case", &no.to_string())],
            ),
            "esc_cancel",
        ),
        Ask::ReasonCode { no, grant, .. } => (
            fill(
                app.t(if *grant {
                    "tui.question.grant_title"
                } else {
                    "tui.question.deny_title"
                }),
                &[("case", &no.to_string())],
            ),
            "esc_cancel",
        ),
        Ask::Providers {
            no,
            choices,
            reassign,
            ..
        } => {
            let (title, body) = if *reassign {
                ("reassign_title", "reassign_body")
            } else {
                ("providers_title", "providers_body")
            };
            para(
                &mut lines,
                &fill(
                    app.t(&format!("tui.question.{body}")),
                    &[("n", &choices.len().to_string())],
                ),
            );
            (
                fill(
                    app.t(&format!("tui.question.{title}")),
                    &[("case", &no.to_string())],
                ),
                "esc_cancel",
            )
        }
        Ask::PickProvider { .. } => (t("pick_provider_title"), "esc_cancel"),
        Ask::ApprovePayments { items, total } => {
            let cases: Vec<String> = items
                .iter()
                .map(|(no, _, seq)| format!("{no} #{seq}"))
                .collect();
            para(&mut lines, &cases.join("  "));
            (
                fill(
                    app.t("tui.question.approve_payments_title"),
                    &[
                        ("n", &items.len().to_string()),
                        ("total", &total.to_string()),
                    ],
                ),
                "esc_cancel",
            )
        }
        Ask::ProviderView { rows } => {
            para(&mut lines, &t("provider_view_head"));
            if rows.is_empty() {
                lines.push(Line::raw(""));
                para(&mut lines, &t("no_providers"));
            }
            (
                fill(
                    app.t("tui.question.provider_view_title"),
                    &[("n", &rows.len().to_string())],
                ),
                "esc_cancel",
            )
        }
    };
    if !lines.is_empty() {
        lines.push(Line::raw(""));
    }
    let choices = q.choices();
    // Long lists (providers) show a window around the cursor.
    let room = usize::from(app.size.1.saturating_sub(12)).max(3);
    // The provider view gives each provider two lines (its scorecard).
    let room = match &q.ask {
        Ask::ProviderView { .. } => (room / 2).max(2),
        _ => room,
    };
    let window = match &q.ask {
        Ask::PickProvider { .. } | Ask::ProviderView { .. } => {
            let top = q.cursor.saturating_sub(room - 1);
            top..top + room
        }
        _ => 0..usize::MAX,
    };
    let label_w = match &q.ask {
        Ask::PickField { fields, .. } => fields
            .iter()
            .map(|(f, _)| width(&app.lang.field_word(f)))
            .max()
            .unwrap_or(0)
            .min(16),
        _ => 0,
    };
    for (i, c) in choices.iter().enumerate() {
        if !window.contains(&i) {
            continue;
        }
        let (k, text) = match (c, &q.ask) {
            (Choice::Pick(0), Ask::PickProvider { .. }) => (String::new(), t("all_providers")),
            (Choice::Pick(n), Ask::PickProvider { rows }) => {
                let Some(r) = rows.get(n - 1) else { continue };
                (
                    String::new(),
                    provider_line(app, r, cols.saturating_sub(5), false),
                )
            }
            (Choice::Pick(n), Ask::ProviderView { rows }) => {
                let Some(r) = rows.get(*n) else { continue };
                (
                    String::new(),
                    provider_line(app, r, cols.saturating_sub(5), true),
                )
            }
            (Choice::Resume, _) => (key(app, Action::Resume), t("resume")),
            (Choice::Discard, _) => (key(app, Action::Discard), t("discard")),
            (Choice::Keep, _) => (key(app, Action::Keep), t("keep")),
            (Choice::Proceed, _) => (key(app, Action::Proceed), t("proceed")),
            (Choice::Open(no), Ask::Duplicates { cases, .. }) => {
                let why = cases
                    .iter()
                    .find(|(n, _)| n == no)
                    .map(|(_, why)| reason(app, why))
                    .unwrap_or_default();
                (
                    key(app, Action::OpenExisting),
                    fill(
                        app.t("tui.question.open"),
                        &[("case", &no.to_string()), ("why", &why)],
                    ),
                )
            }
            (Choice::Field(n), Ask::PickField { fields, .. }) => {
                let (f, v) = fields.get(*n).cloned().unwrap_or_default();
                (
                    String::new(),
                    format!("{}  {v}", cell(&app.lang.field_word(&f), label_w)),
                )
            }
            (Choice::Pick(n), Ask::Verdict { .. }) => (
                String::new(),
                word(
                    app,
                    "tui.verdict",
                    Verdict::ALL.get(*n).map_or("", |v| v.code()),
                ),
            ),
            (Choice::Pick(n), Ask::PickItem { .. }) => {
                let item = crate::domain::eligibility::Item::ALL
                    .get(*n)
                    .map_or("", |i| i.code());
                (String::new(), word(app, "tui.item", item))
            }
            (Choice::Pick(n), Ask::PickNote { notes, .. }) => {
                let (note, line) = notes.get(*n).cloned().unwrap_or_default();
                (String::new(), format!("{note}. {line}"))
            }
            (Choice::Pick(n), Ask::Ground { .. }) => {
                let code = Ground::ALL.get(*n).map_or("", |g| g.code());
                (String::new(), word(app, "tui.ground", code))
            }
            (Choice::Pick(n), Ask::Result { kind, .. }) => {
                let codes = crate::domain::codes::ResultCode::for_kind(*kind);
                match codes.get(*n) {
                    Some(code) => (String::new(), word(app, "result", code.code())),
                    None => (String::new(), t("result_none")),
                }
            }
            (Choice::Pick(n), Ask::ObjectionDecision { .. }) => (
                String::new(),
                t(if *n == 0 { "upheld" } else { "corrected" }),
            ),
            (Choice::Pick(n), Ask::Serious { .. }) => (
                String::new(),
                t(if *n == 0 { "serious_no" } else { "serious_yes" }),
            ),
            (Choice::Pick(n), Ask::ApprovePayments { .. }) => (
                String::new(),
                t(if *n == 0 {
                    "approve_payments"
                } else {
                    "approve_none"
                }),
            ),
            (Choice::Pick(n), Ask::Decision { .. }) => {
                (String::new(), t(if *n == 0 { "grant" } else { "deny" }))
            }
            (Choice::Pick(n), Ask::ReasonCode { grant, .. }) => {
                let code = ReasonCode::for_decision(*grant)
                    .get(*n)
                    .map_or("", |c| c.code());
                let table = if *grant { "tui.grant" } else { "tui.deny" };
                (String::new(), word(app, table, code))
            }
            (Choice::Pick(n), Ask::Providers { choices, .. }) => {
                let Some(p) = choices.get(*n) else {
                    continue;
                };
                let head = format!(
                    "{}{} {} {}/{}",
                    if p.excluded.is_empty() { "" } else { "✗ " },
                    p.name,
                    p.organization,
                    p.open,
                    p.capacity
                );
                let why = app.lang.why(&p.excluded, &p.reasons);
                let selected = i == q.cursor;
                let marker = if selected { SELECTED } else { " " };
                let rank = if p.excluded.is_empty() {
                    format!("{}.", n + 1)
                } else {
                    String::new()
                };
                let line = fit(&format!("{marker} {} {head}", cell(&rank, 3)), cols);
                let style = if selected {
                    app.theme.selected(true)
                } else if p.excluded.is_empty() {
                    ratatui::style::Style::new()
                } else {
                    app.theme.dim()
                };
                lines.push(Line::styled(cell(&line, cols), style));
                let dim = if selected { style } else { app.theme.dim() };
                if !why.is_empty() {
                    for part in wrap(&why, cols.saturating_sub(6)) {
                        lines.push(Line::styled(cell(&format!("      {part}"), cols), dim));
                    }
                }
                continue;
            }
            _ => (String::new(), String::new()),
        };
        // A choice without a key of its own shows the number that takes it.
        let k = match c {
            Choice::Pick(_) | Choice::Field(_) if k.is_empty() && i < 9 => (i + 1).to_string(),
            _ => k,
        };
        let selected = i == q.cursor;
        let marker = if selected { SELECTED } else { " " };
        let line = fit(&format!("{marker} {} {text}", cell(&k, 2)), cols);
        let style = app.theme.selected(selected);
        lines.push(if selected {
            Line::styled(cell(&line, cols), style)
        } else {
            Line::raw(line)
        });
        // The provider view: each provider's scorecard under its line.
        if let (Choice::Pick(n), Ask::ProviderView { rows }) = (c, &q.ask)
            && let Some(card) = rows.get(*n).and_then(|r| r.card.as_ref())
        {
            lines.push(Line::styled(
                fit(&format!("     {}", scorecard_line(app, card)), cols),
                app.theme.dim(),
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        fit(&fill(&t(esc), &[("key", &back)]), cols),
        app.theme.dim(),
    ));
    (title, lines)
}

/// A provider in one line `cols` wide: name, organization, open cases /
/// capacity and, in the provider view, the overdue items.
fn provider_line(app: &App, r: &ProviderRow, cols: usize, overdue: bool) -> String {
    let load = format!("{}/{}", r.open, r.capacity);
    let late = if overdue {
        fill(
            app.t("tui.question.overdue"),
            &[("n", &r.overdue.to_string())],
        )
    } else {
        String::new()
    };
    let name_w = 12;
    let tail_w = if overdue { 8 + 2 + 10 } else { 8 };
    let org_w = cols.saturating_sub(name_w + 2 + 2 + tail_w).max(4);
    let mut line = format!(
        "{}  {}  {}",
        cell(&r.name, name_w),
        cell(&r.organization, org_w),
        cell(&load, 8)
    );
    if overdue {
        line.push_str(&format!("  {late}"));
    }
    fit(line.trim_end(), cols)
}

/// A provider's grades, satisfaction, complaints and subsidies paid this
/// year, on one line (the provider view).
fn scorecard_line(app: &App, c: &crate::domain::quality::Scorecard) -> String {
    let grades: Vec<String> = c
        .grades
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(g, n)| format!("{} {n}", app.lang.code_in("quality.grade", g.code())))
        .collect();
    let grades = if grades.is_empty() {
        app.t("quality.not_scored").to_string()
    } else {
        grades.join(" ")
    };
    let satisfied: u32 = c.satisfaction.iter().map(|(_, n)| n).sum();
    let happy = c
        .satisfaction
        .iter()
        .find(|(s, _)| *s == crate::domain::quality::Satisfaction::Satisfied)
        .map_or(0, |(_, n)| *n);
    fill(
        app.t("tui.question.scorecard"),
        &[
            ("grades", &grades),
            ("satisfied", &happy.to_string()),
            ("asked", &satisfied.to_string()),
            ("complaints", &c.complaints.to_string()),
            ("open", &c.complaints_open.to_string()),
            ("paid", &c.paid_this_year.to_string()),
        ],
    )
}

/// A same-person reason from the store in the user's words.
fn reason(app: &App, why: &str) -> String {
    let key = match why {
        "same ID number" => "tui.dup.id",
        "same phone" => "tui.dup.phone",
        "same name and birth date" => "tui.dup.name_birth",
        other => return other.to_string(),
    };
    app.t(key).to_string()
}
