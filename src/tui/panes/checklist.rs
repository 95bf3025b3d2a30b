//! The eligibility checklist of the case selected in the queue: one line per
//! item, and the selected item's note in full below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{block, fill, note, word, wrap};
use crate::display::{cell, width};
use crate::domain::codes::{Group, Matter};
use crate::domain::eligibility::{Check, Item, Means, Reason, Summary, Verdict, summarize};
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
            Span::raw(cell(&reason(app, &check.reason), note_w)),
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
                    ("reason", &reason(app, &check.reason)),
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

/// "石峰区 (430204)", or the bare code when the table lacks it.
fn place(code: &str, area: &Option<String>) -> String {
    match area {
        Some(a) => format!("{a} ({code})"),
        None => code.to_string(),
    }
}

/// The reason in the user's language.
pub fn reason(app: &App, r: &Reason) -> String {
    let f = |k: &str, args: &[(&str, &str)]| fill(app.t(&format!("tui.reason.{k}")), args);
    let t = |k: &str| f(k, &[]);
    let matter = |m: &Matter| word(app, "matter", m.code());
    let group = |g: &Group| word(app, "group", g.code());
    let with_means = |k: &str, m: &Means| {
        let fields = m.fields();
        let args: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        f(k, &args)
    };
    match r {
        Reason::IdValid { masked } => f("id_valid", &[("masked", masked)]),
        Reason::NoIdNumber => t("no_id_number"),
        Reason::NotifiedLocally => t("notified_locally"),
        Reason::AddressInArea { area } => f("address_in_area", &[("area", area)]),
        Reason::IdInArea { code, area } => f("id_in_area", &[("place", &place(code, area))]),
        Reason::IdNearby { code, area } => f("id_nearby", &[("place", &place(code, area))]),
        Reason::IdElsewhere { code, area } => f("id_elsewhere", &[("place", &place(code, area))]),
        Reason::NoPlaceKnown => t("no_place_known"),
        Reason::MandatoryNotified => t("mandatory_notified"),
        Reason::MandatoryMinor => t("mandatory_minor"),
        Reason::CompulsoryTreatment => t("compulsory_treatment"),
        Reason::DefenceOnApplication => t("defence_on_application"),
        Reason::VictimAgency => t("victim_agency"),
        Reason::CivilMatter { matter: m } => f("civil_matter", &[("matter", &matter(m))]),
        Reason::DomesticViolenceMatter => t("domestic_violence_matter"),
        Reason::ProvincialMatter { matter: m } => f("provincial_matter", &[("matter", &matter(m))]),
        Reason::NoMeansTest => t("no_means_test"),
        Reason::Exempt { group: g } => f("exempt", &[("group", &group(g))]),
        Reason::ExemptIfAcquitted => t("exempt_if_acquitted"),
        Reason::NotVerified { group: g } => f("not_verified", &[("group", &group(g))]),
        Reason::ToVerify => t("to_verify"),
        Reason::DocumentsReceived { on } => f("documents_received", &[("date", &on.to_string())]),
        Reason::DocumentsAwaited {
            requested,
            due: Some(due),
        } => f(
            "documents_awaited",
            &[
                ("requested", &requested.to_string()),
                ("due", &due.to_string()),
            ],
        ),
        Reason::DocumentsAwaited {
            requested,
            due: None,
        } => f(
            "documents_requested",
            &[("requested", &requested.to_string())],
        ),
        Reason::DocumentsLate { due } => f("documents_late", &[("due", &due.to_string())]),
        Reason::DocumentsToCheck => t("documents_to_check"),
        Reason::NoPrivateAdverse => t("no_private_adverse"),
        Reason::NoAdverseParty => t("no_adverse_party"),
        Reason::ConflictsNotChecked { party } => f("conflicts_not_checked", &[("party", party)]),
        Reason::NoConflict { party } => f("no_conflict", &[("party", party)]),
        Reason::Conflict { party, cases } => {
            let cases: Vec<String> = cases.iter().map(|c| c.to_string()).collect();
            f(
                "conflict",
                &[("party", party), ("cases", &cases.join(", "))],
            )
        }
        Reason::MandatoryDisabled => t("mandatory_disabled"),
        Reason::ExtraMatter { name } => f("extra_matter", &[("name", name)]),
        Reason::ExtraMatterToCheck { matter: m, names } => f(
            "extra_matter_to_check",
            &[("matter", &matter(m)), ("names", &names.join(", "))],
        ),
        Reason::HardshipMet { means } => with_means("hardship_met", means),
        Reason::HardshipNotMet { means } => with_means("hardship_not_met", means),
        Reason::NotMetUnlessSerious { means } => with_means("not_met_unless_serious", means),
        Reason::NotMetUnlessAcquitted { means } => with_means("not_met_unless_acquitted", means),
        Reason::IncomeNotRecorded {
            standard,
            effective,
        } => f(
            "income_not_recorded",
            &[
                ("standard", &standard.to_string()),
                ("effective", &effective.to_string()),
            ],
        ),
        Reason::NoStandard { received } => f("no_standard", &[("date", &received.to_string())]),
        Reason::DocumentsMissing {
            items,
            due: Some(due),
        } => f(
            "documents_missing_due",
            &[("items", &items.join(", ")), ("due", &due.to_string())],
        ),
        Reason::DocumentsMissing { items, due: None } => {
            f("documents_missing", &[("items", &items.join(", "))])
        }
        Reason::NoDocumentsMissing => t("no_documents_missing"),
        Reason::Override { who, on, note } => f(
            "override",
            &[("who", who), ("date", &on.to_string()), ("note", note)],
        ),
    }
}
