//! The statistics screen: open it on the period holding today, move between
//! periods and kinds of period, and open a number to the cases behind it.

use super::{Effect, Request};
use crate::domain::report::{Column, Period, ReportKind};
use crate::i18n::fill;
use crate::tui::app::{App, Reports, Results};
use crate::tui::paged::{PAGE, Window};

/// Opens the screen (or reloads it when open) on its period.
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    app.overlays.close_help();
    let period = match app.overlays.reports() {
        Some(r) => r.period,
        None => Period::holding(
            ReportKind::Monthly,
            app.today(),
            app.status.summary.half_year_from,
        ),
    };
    show(app, period)
}

fn show(app: &mut App, period: Period) -> Vec<Effect> {
    let cursor = app.overlays.reports().map_or(0, |r| r.cursor);
    app.overlays.open_reports(Reports {
        period,
        figures: None,
        trend: Vec::new(),
        cursor,
    });
    vec![Effect::Load(Request::Report(period))]
}

/// The period before or after, of the same kind.
pub(super) fn step(app: &mut App, forward: bool) -> Vec<Effect> {
    let Some(r) = app.overlays.reports() else {
        return Vec::new();
    };
    let next = r.period.step(forward, app.status.summary.half_year_from);
    show(app, next)
}

/// Month, quarter, half-year, year in turn, each the one holding the
/// current period's last day.
pub(super) fn next_kind(app: &mut App) -> Vec<Effect> {
    let Some(r) = app.overlays.reports() else {
        return Vec::new();
    };
    let from = app.status.summary.half_year_from;
    let kind = match r.period.kind() {
        ReportKind::Monthly => ReportKind::Quarterly,
        ReportKind::Quarterly => ReportKind::HalfYear,
        ReportKind::HalfYear => ReportKind::Yearly,
        ReportKind::Yearly => ReportKind::Monthly,
    };
    let last = r
        .period
        .months(from)
        .last()
        .map_or(app.today(), |m| m.last_day());
    show(app, Period::holding(kind, last.min(app.today()), from))
}

/// Moves the selected line of the table.
pub(super) fn motion(app: &mut App, target: impl Fn(usize, usize) -> usize) {
    if let Some(r) = app.overlays.reports_mut() {
        r.cursor = target(r.cursor, Column::MONTHLY.len());
    }
}

/// The cases behind the selected number, as a list over the screen.
pub(super) fn open_cell(app: &mut App) -> Vec<Effect> {
    let Some(r) = app.overlays.reports() else {
        return Vec::new();
    };
    let Some(&column) = Column::MONTHLY.get(r.cursor) else {
        return Vec::new();
    };
    if column == Column::Consultations {
        let text = app.t("tui.reports.consultations_not_cases").to_string();
        app.set_message(text, false);
        return Vec::new();
    }
    if column.is_amount() {
        // An amount in yuan: its cases are the ones that recovered something.
        return open_cases(app, r.period, Column::Recovered);
    }
    open_cases(app, r.period, column)
}

fn open_cases(app: &mut App, period: Period, column: Column) -> Vec<Effect> {
    let title = fill(
        app.t("tui.reports.cases_title"),
        &[
            ("column", &app.lang.report_column(column)),
            ("period", &period.to_string()),
        ],
    );
    app.overlays.open_results(Results {
        query: title.clone(),
        list: Default::default(),
        matched: Default::default(),
        report: Some((period, column)),
    });
    let window = Window {
        offset: 0,
        limit: PAGE,
        around: None,
    };
    vec![Effect::Load(Request::ReportCases {
        period,
        column,
        title,
        window,
    })]
}

/// A report arrived: kept when it is the period on screen.
pub(super) fn loaded(
    app: &mut App,
    period: Period,
    figures: crate::domain::report::Figures,
    trend: Vec<(crate::domain::report::Month, u64)>,
) {
    if let Some(r) = app.overlays.reports_mut().filter(|r| r.period == period) {
        r.figures = Some(figures);
        r.trend = trend;
    }
}

#[cfg(test)]
mod tests {
    use crate::tui::update::testing::*;

    fn open_reports(app: &mut App) -> Vec<Effect> {
        keys(app, &["5"])
    }

    #[test]
    fn five_opens_the_statistics_on_this_month_and_brackets_move_the_period() {
        let mut app = app_with_data();
        let e = open_reports(&mut app);
        let this_month = crate::domain::report::Period::holding(
            crate::domain::report::ReportKind::Monthly,
            app.today(),
            1,
        );
        assert_eq!(loads(&e), [&Request::Report(this_month)]);
        assert_eq!(app.context(), Context::Reports);
        let e = keys(&mut app, &["["]);
        let before = this_month.step(false, 1);
        assert_eq!(loads(&e), [&Request::Report(before)]);
        let e = keys(&mut app, &["]", "v"]);
        let quarter = app.overlays.reports().unwrap().period;
        assert_eq!(quarter.kind(), crate::domain::report::ReportKind::Quarterly);
        assert_eq!(loads(&e).last(), Some(&&Request::Report(quarter)));
        // Esc closes it; the panes have the keys again.
        keys(&mut app, &["esc"]);
        assert!(app.overlays.reports().is_none());
    }

    #[test]
    fn a_report_for_another_period_is_dropped() {
        let mut app = app_with_data();
        open_reports(&mut app);
        keys(&mut app, &["["]);
        let shown = app.overlays.reports().unwrap().period;
        let other = shown.step(true, 1);
        let figures = fixtures::figures(other);
        apply(
            &mut app,
            Loaded::Report {
                period: other,
                figures: Box::new(figures),
                trend: Vec::new(),
            },
        );
        assert!(app.overlays.reports().unwrap().figures.is_none());
        let figures = fixtures::figures(shown);
        apply(
            &mut app,
            Loaded::Report {
                period: shown,
                figures: Box::new(figures.clone()),
                trend: Vec::new(),
            },
        );
        assert_eq!(app.overlays.reports().unwrap().figures, Some(figures));
    }

    #[test]
    fn enter_on_the_consultations_line_says_where_they_are_listed() {
        let mut app = app_with_data();
        open_reports(&mut app);
        let e = keys(&mut app, &["enter"]);
        assert!(loads(&e).is_empty());
        assert!(app.overlays.results().is_none());
        let said = &app.status.message.as_ref().unwrap().text;
        assert!(said.contains("docket consult list"), "{said}");
    }

    #[test]
    fn enter_on_a_line_lists_its_cases_and_esc_returns_to_the_table() {
        let mut app = app_with_data();
        open_reports(&mut app);
        let period = app.overlays.reports().unwrap().period;
        // The third line: criminal cases applied for.
        keys(&mut app, &["j", "j"]);
        let e = keys(&mut app, &["enter"]);
        match loads(&e)[..] {
            [
                Request::ReportCases {
                    period: p, column, ..
                },
            ] => {
                assert_eq!(
                    (*p, *column),
                    (period, crate::domain::report::Column::CriminalApplication)
                );
            }
            ref other => panic!("{other:?}"),
        }
        assert_eq!(app.context(), Context::List);
        keys(&mut app, &["esc"]);
        assert_eq!(app.context(), Context::Reports);
        assert_eq!(
            app.overlays.reports().unwrap().cursor,
            2,
            "the line stays selected"
        );
    }
}
