//! The case detail view (Enter): the whole case, its open deadlines and its
//! history, scrolled line by line. Lines are built for the width they are
//! shown in, so that scrolling counts the lines the user sees.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::deadlines::deadline_name;
use super::{block, days_left, due_state, fill, note, word, wrap};
use crate::display::{cell, fit, width};
use crate::domain::deadlines::DueState;
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::rows::DetailView;
use crate::tui::theme::due_symbol;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(d) = app.overlays.detail() else {
        return;
    };
    let title = fill(app.t("tui.detail.title"), &[("case", &d.no.to_string())]);
    let b = block(app, &title, true);
    let inner = b.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(b, area);
    if d.view.is_none() {
        return note(frame, inner, app, app.t("tui.loading"));
    }
    let lines = lines(app, usize::from(inner.width));
    let shown: Vec<Line> = lines.into_iter().skip(d.scroll).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// How many lines the open case has at the current width (for scrolling).
pub fn line_count(app: &App) -> usize {
    let width = usize::from(layout::app_areas(app).main.width.saturating_sub(2));
    lines(app, width).len()
}

pub fn lines<'a>(app: &App, width: usize) -> Vec<Line<'a>> {
    match app.overlays.detail().and_then(|d| d.view.as_ref()) {
        Some(view) => Builder::new(app, width).build(view),
        None => Vec::new(),
    }
}

struct Builder<'x, 'a> {
    app: &'x App,
    width: usize,
    lines: Vec<Line<'a>>,
}

impl<'x, 'a> Builder<'x, 'a> {
    fn new(app: &'x App, width: usize) -> Self {
        Builder {
            app,
            width,
            lines: Vec::new(),
        }
    }

    fn t(&self, key: &str) -> String {
        self.app.t(key).to_string()
    }

    fn heading(&mut self, text: &str) {
        if !self.lines.is_empty() {
            self.lines.push(Line::raw(""));
        }
        self.lines
            .push(Line::styled(fit(text, self.width), self.app.theme.header()));
    }

    /// Label/value rows; long values wrap under the value column.
    fn rows(&mut self, rows: Vec<(String, String)>) {
        let rows: Vec<_> = rows.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        let lw = rows
            .iter()
            .map(|(l, _)| width(l))
            .max()
            .unwrap_or(0)
            .min(16);
        let vw = self.width.saturating_sub(lw + 4).max(8);
        for (label, value) in rows {
            for (i, part) in wrap(&value, vw).into_iter().enumerate() {
                let label = if i == 0 {
                    cell(&label, lw)
                } else {
                    " ".repeat(lw)
                };
                self.lines.push(Line::from(vec![
                    Span::styled(format!("  {label}"), Style::new()),
                    Span::raw(format!("  {part}")),
                ]));
            }
        }
    }

    fn build(mut self, v: &DetailView) -> Vec<Line<'a>> {
        let app = self.app;
        let c = &v.case;
        let head = format!(
            "{}  {} / {} / {}",
            c.no,
            word(app, "kind", c.kind.code()),
            word(app, "matter", c.matter.code()),
            word(app, "status", c.status.code())
        );
        self.lines
            .push(Line::styled(fit(&head, self.width), app.theme.title(true)));

        let a = &c.applicant;
        let mut via = word(app, "channel", c.channel.code());
        if let Some(s) = &c.station {
            match &v.station {
                Some(name) => via.push_str(&format!(" ({name}, {s})")),
                None => via.push_str(&format!(" ({s})")),
            }
        }
        let age = |b: chrono::NaiveDate| app.today().years_since(b).unwrap_or(0).to_string();
        let facts = match (a.gender, a.birth_date) {
            (Some(g), Some(b)) => fill(
                app.t("tui.detail.person"),
                &[
                    ("gender", &word(app, "gender", g.code())),
                    ("date", &b.to_string()),
                    ("age", &age(b)),
                ],
            ),
            (None, Some(b)) => fill(
                app.t("tui.detail.born"),
                &[("date", &b.to_string()), ("age", &age(b))],
            ),
            (Some(g), None) => word(app, "gender", g.code()),
            (None, None) => String::new(),
        };
        let who = if facts.is_empty() {
            a.name.clone()
        } else {
            format!("{}  {facts}", a.name)
        };
        let groups: Vec<String> = a
            .groups
            .iter()
            .map(|g| word(app, "group", g.code()))
            .collect();
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let list = crate::domain::case::CaseNo::list;
        let mut flags = Vec::new();
        if c.flags.emergency {
            flags.push(self.t("tui.detail.emergency"));
        }
        if !c.flags.possible_duplicates.is_empty() {
            flags.push(fill(
                app.t("tui.detail.duplicates"),
                &[("cases", &list(&c.flags.possible_duplicates))],
            ));
        }
        if !c.flags.possible_conflicts.is_empty() {
            flags.push(fill(
                app.t("tui.detail.conflicts"),
                &[("cases", &list(&c.flags.possible_conflicts))],
            ));
        }
        if !v.complaints.is_empty() {
            let nos: Vec<String> = v.complaints.iter().map(|n| n.to_string()).collect();
            flags.push(fill(
                app.t("show.under_complaint"),
                &[("nos", &nos.join(" "))],
            ));
        }
        self.rows(vec![
            (
                self.t("show.received"),
                format!("{}  {} {via}", c.received, self.t("show.via")),
            ),
            (self.t("show.applicant"), who),
            (
                self.t("show.id_number"),
                a.id_number.as_ref().map(|n| n.masked()).unwrap_or_default(),
            ),
            (self.t("show.phone"), opt(&a.phone)),
            (
                self.t("show.address"),
                match &a.address {
                    Some(_) if c.address_protected() => self.t("tui.detail.address_hidden"),
                    _ => opt(&a.address),
                },
            ),
            (self.t("show.groups"), groups.join(", ")),
            (self.t("show.adverse_party"), opt(&c.adverse_party)),
            (
                self.t("show.serious"),
                if c.serious {
                    self.t("show.serious_yes").to_string()
                } else {
                    String::new()
                },
            ),
            (self.t("show.summary"), c.summary.clone()),
            (self.t("show.caseworker"), opt(&c.caseworker)),
            (self.t("show.provider"), opt(&c.provider)),
            (self.t("show.outcome"), opt(&c.outcome)),
            (
                self.t("show.result"),
                app.lang.case_result(c).unwrap_or_default(),
            ),
            (
                self.t("tui.detail.closing_reason"),
                app.lang.closing_reason(c).unwrap_or_default(),
            ),
            (self.t("tui.detail.flags"), flags.join("; ")),
        ]);

        let steps: Vec<(String, String)> = c
            .steps
            .dated()
            .into_iter()
            .filter_map(|(k, d)| d.map(|d| (word(app, "step", k), d.to_string())))
            .collect();
        if !steps.is_empty() {
            self.heading(&self.t("show.steps"));
            self.rows(steps);
        }

        self.heading(&self.t("show.open_deadlines"));
        if v.open.is_empty() {
            self.lines
                .push(Line::raw(format!("  {}", self.t("show.none"))));
        }
        for d in &v.open {
            let state = due_state(app, d.due);
            let name = deadline_name(app, d.kind, &d.label);
            let text = format!(
                "{} {}  {}  {:>4}  {}",
                due_symbol(state),
                d.due,
                cell(&name, 24),
                days_left(app, d.due),
                word(app, "state", state_code(state)),
            );
            self.lines.push(Line::styled(
                format!(" {}", fit(&text, self.width.saturating_sub(1))),
                app.theme.due(state),
            ));
            if !d.uncovered.is_empty() {
                let years: Vec<String> = d.uncovered.iter().map(|y| y.to_string()).collect();
                let warn = fill(app.t("show.no_calendar"), &[("years", &years.join(", "))]);
                self.lines
                    .push(Line::raw(format!("    ! {}", fit(&warn, self.width))));
            }
        }

        let done: Vec<_> = c.deadlines.iter().filter(|d| d.done.is_some()).collect();
        if !done.is_empty() {
            self.heading(&self.t("show.matter_dates"));
            for d in done {
                let on = d.done.map(|d| d.to_string()).unwrap_or_default();
                let text = format!(
                    "#{} {}  {}  ({} {on})",
                    d.id,
                    d.date,
                    d.label,
                    self.t("show.done")
                );
                self.lines.push(Line::raw(format!(
                    "  {}",
                    fit(&text, self.width.saturating_sub(2))
                )));
            }
        }

        // The ledger, the peer review and the follow-ups.
        let h = &c.handling;
        let mut quality: Vec<String> = h
            .payments
            .iter()
            .map(|p| app.lang.payment_line(p, &app.names))
            .collect();
        quality.extend(h.quality.iter().map(|q| {
            format!(
                "{}: {}",
                self.t("show.quality"),
                app.lang.quality_line(q, &app.names)
            )
        }));
        quality.extend(h.follow_ups.iter().map(|f| {
            format!(
                "{}: {}",
                self.t("show.follow_up"),
                app.lang.follow_up_line(f, &app.names)
            )
        }));
        if !quality.is_empty() {
            self.heading(&self.t("tui.detail.funds_quality"));
            for text in quality {
                for (j, part) in wrap(&text, self.width.saturating_sub(2))
                    .into_iter()
                    .enumerate()
                {
                    let indent = if j == 0 { "  " } else { "     " };
                    self.lines.push(Line::raw(format!("{indent}{part}")));
                }
            }
        }

        if !c.notes.is_empty() {
            self.heading(&self.t("show.notes"));
            for (i, n) in c.notes.iter().enumerate() {
                let text = app.lang.note_line(i + 1, n, &app.names);
                let style = if n.struck.is_some() {
                    app.theme
                        .dim()
                        .add_modifier(ratatui::style::Modifier::CROSSED_OUT)
                } else {
                    ratatui::style::Style::new()
                };
                for (j, part) in wrap(&text, self.width.saturating_sub(2))
                    .into_iter()
                    .enumerate()
                {
                    let indent = if j == 0 { "  " } else { "     " };
                    self.lines
                        .push(Line::styled(format!("{indent}{part}"), style));
                }
            }
        }

        self.heading(&self.t("show.history"));
        for e in &v.history {
            let text = format!(
                "{}  {}  {}",
                crate::display::local_time(e.at, app.zone),
                cell(app.names.of(&e.who), 10),
                app.lang.change(&e.change)
            );
            for (i, part) in wrap(&text, self.width.saturating_sub(2))
                .into_iter()
                .enumerate()
            {
                let indent = if i == 0 {
                    "  "
                } else {
                    "                      "
                };
                self.lines.push(Line::raw(format!("{indent}{part}")));
            }
        }
        self.lines
    }
}

pub fn state_code(s: DueState) -> &'static str {
    match s {
        DueState::Overdue => "overdue",
        DueState::Today => "today",
        DueState::Soon => "soon",
        DueState::Later => "later",
    }
}
