//! The JSON Lines interchange format (import and export), one case a line,
//! and its validation into a [`Case`]. See docs/formats.md.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::case::{
    Applicant, Case, CaseNo, Flags, Handling, MatterDeadline, Note, Review, Steps, Strike,
};
use super::codes::{Channel, Group, Kind, Matter, Status};
use super::event::Event;
use super::idnumber::{Gender, IdNumber};
use super::refusal::{Coded, Table, Why};
use super::text;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CaseRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_no: Option<String>,
    pub received: String,
    pub kind: String,
    pub matter: String,
    pub channel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub station: Option<String>,
    pub applicant: ApplicantRecord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adverse_party: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_requested: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_due: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_received: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement_signed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concluded: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_submitted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_reviewed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objection_filed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objection_decided: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caseworker: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deadlines: Vec<DeadlineRecord>,
    /// Intake findings: possible duplicates and conflicts, emergency.
    #[serde(default, skip_serializing_if = "Flags::is_empty")]
    pub flags: Flags,
    /// Why the case was withdrawn or terminated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing_reason: Option<String>,
    /// Progress notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The review and the decision.
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
    /// Assignments, termination, subsidy, follow-up.
    #[serde(
        default,
        skip_serializing_if = "Handling::is_empty",
        deserialize_with = "crate::domain::quality::handling_with_old_follow_up"
    )]
    pub handling: Handling,
    /// The charge may bring life imprisonment or the death penalty (Law
    /// Art. 26): criminal cases only.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub serious: bool,
    /// The coded result at conclusion and the amounts recovered (yuan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<crate::domain::case::CaseResult>,
    /// A criminal case's stage and ground of notification, or how its
    /// application came (T5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criminal: Option<crate::domain::case::CriminalFacts>,
    /// Present in exports; an import restores it as it was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ApplicantRecord {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Only when there is no ID number (it is derived from the number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Only when there is no ID number (it is derived from the number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRecord {
    pub date: String,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done: Option<String>,
}

/// One problem with one field of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's path in the record (`applicant.phone`, `deadlines[0].date`).
    pub field: String,
    /// Why, worded by the catalog where it is shown (`i18n::refusal`).
    pub why: Why,
}

/// A validated record, ready for the store. `case.no` is a placeholder
/// when `no` is None: the store gives the next number of the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidCase {
    pub no: Option<CaseNo>,
    pub case: Case,
    pub history: Vec<Event>,
}

impl ValidCase {
    /// Whether the case is as docket itself validates it. What a client
    /// sends is turned back into a record and validated again (a server does
    /// not take a client's checking on trust), and must come out the same.
    pub fn checked(&self, today: NaiveDate) -> Result<(), String> {
        let mut record = CaseRecord::from_case(&self.case);
        if self.no.is_none() {
            record.case_no = None;
        }
        record.history = self.history.clone();
        let again = record.validate(today).map_err(|errs| {
            errs.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        })?;
        let mut got = again.case.clone();
        got.no = self.case.no;
        got.revision = self.case.revision;
        if again.no != self.no || got != self.case {
            return Err("it was not sent as docket validates a case".to_string());
        }
        Ok(())
    }
}

/// Collects every problem of a record instead of stopping at the first.
pub(crate) struct Checker {
    pub(crate) errors: Vec<FieldError>,
    today: NaiveDate,
}

impl Checker {
    pub(crate) fn new(today: NaiveDate) -> Checker {
        Checker {
            errors: Vec::new(),
            today,
        }
    }

    pub(crate) fn fail(&mut self, field: &str, why: Why) {
        self.errors.push(FieldError {
            field: field.to_string(),
            why,
        });
    }

    pub(crate) fn text(&mut self, field: &str, value: &str) -> String {
        match text::clean(value) {
            Ok(t) => t,
            Err(e) => {
                // The field is named before the reason: "applicant.name: the value …".
                self.fail(field, Why::text("value", e));
                String::new()
            }
        }
    }

    pub(crate) fn opt_text(&mut self, field: &str, value: &Option<String>) -> Option<String> {
        let v = value.as_deref()?;
        let t = self.text(field, v);
        (!t.is_empty()).then_some(t)
    }

    /// Text of several lines (a note, a decision's text).
    pub(crate) fn lines(&mut self, field: &str, value: &str) -> String {
        match text::clean_multiline(value) {
            Ok(t) => t,
            Err(e) => {
                // The field is named before the reason: "applicant.name: the value …".
                self.fail(field, Why::text("value", e));
                String::new()
            }
        }
    }

    /// An optional text, kept even when empty.
    fn kept_opt(&mut self, field: &str, value: &Option<String>) -> Option<String> {
        value.as_deref().map(|v| self.text(field, v))
    }

    /// The review's text through the same rule as the steps that wrote it.
    fn review(&mut self, r: &Review) -> Review {
        let mut r = r.clone();
        for (i, o) in r.overrides.iter_mut().enumerate() {
            let f = |name: &str| format!("review.overrides[{i}].{name}");
            o.item = self.text(&f("item"), &o.item);
            o.verdict = self.text(&f("verdict"), &o.verdict);
            o.reason = self.text(&f("reason"), &o.reason);
            o.who = self.text(&f("who"), &o.who);
        }
        for (i, d) in r.documents_missing.iter_mut().enumerate() {
            *d = self.text(&format!("review.documents_missing[{i}]"), d);
        }
        if let Some(d) = r.decision.as_mut() {
            d.reason_code = self.text("review.decision.reason_code", &d.reason_code);
            d.text = self.lines("review.decision.text", &d.text);
            d.proposed_by = self.text("review.decision.proposed_by", &d.proposed_by);
            d.approved_by = self.kept_opt("review.decision.approved_by", &d.approved_by);
            d.standard = self.kept_opt("review.decision.standard", &d.standard);
        }
        if let Some(o) = r.objection.as_mut() {
            o.against = self.text("review.objection.against", &o.against);
            o.outcome = self.kept_opt("review.objection.outcome", &o.outcome);
        }
        r
    }

    /// Assignments, termination, subsidy and follow-up, likewise.
    fn handling(&mut self, h: &Handling) -> Handling {
        let mut h = h.clone();
        for (i, a) in h.assignments.iter_mut().enumerate() {
            let f = |name: &str| format!("handling.assignments[{i}].{name}");
            a.provider = self.text(&f("provider"), &a.provider);
            a.by = self.text(&f("by"), &a.by);
            a.reason = self.kept_opt(&f("reason"), &a.reason);
        }
        h.termination_ground = self.kept_opt("handling.termination_ground", &h.termination_ground);
        if let Some(s) = h.subsidy.as_mut() {
            s.reason = self.kept_opt("handling.subsidy.reason", &s.reason);
        }
        for (i, f) in h.follow_ups.iter_mut().enumerate() {
            let name = |n: &str| format!("handling.follow_ups[{i}].{n}");
            f.by = self.text(&name("by"), &f.by);
            f.comments = self.text(&name("comments"), &f.comments);
            f.action = self.text(&name("action"), &f.action);
        }
        for (i, p) in h.payments.iter_mut().enumerate() {
            let name = |n: &str| format!("handling.payments[{i}].{n}");
            p.payee = self.text(&name("payee"), &p.payee);
            p.proposed_by = self.text(&name("proposed_by"), &p.proposed_by);
            p.reason = self.kept_opt(&name("reason"), &p.reason);
            p.approved_by = self.kept_opt(&name("approved_by"), &p.approved_by);
            p.voucher = self.kept_opt(&name("voucher"), &p.voucher);
        }
        if let Some(q) = h.quality.as_mut() {
            for (i, sheet) in q.sheets.iter_mut().enumerate() {
                let name = |n: &str| format!("handling.quality.sheets[{i}].{n}");
                sheet.by = self.text(&name("by"), &sheet.by);
                sheet.note = self.text(&name("note"), &sheet.note);
            }
        }
        h
    }

    pub(crate) fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        match read_date(value) {
            Ok(d) if d < EARLIEST => {
                self.fail(field, out_of_range(d));
                None
            }
            Ok(d) if d > self.today => {
                let today = self.today;
                self.fail(field, Why::DateAfterToday { date: d, today });
                None
            }
            Ok(d) => Some(d),
            Err(why) => {
                self.fail(field, why);
                None
            }
        }
    }

    fn opt_date(&mut self, field: &str, value: &Option<String>) -> Option<NaiveDate> {
        value.as_deref().and_then(|v| self.date(field, v))
    }

    /// A date that may lie in the future (a deadline, a due date).
    fn any_date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        match read_date(value) {
            Ok(d) if !(EARLIEST..=LATEST).contains(&d) => {
                self.fail(field, out_of_range(d));
                None
            }
            Ok(d) => Some(d),
            Err(why) => {
                self.fail(field, why);
                None
            }
        }
    }

    pub(crate) fn code<T>(
        &mut self,
        field: &str,
        value: &str,
        from: fn(&str) -> Option<T>,
        choices: fn() -> String,
    ) -> Option<T> {
        let found = from(value.trim());
        if found.is_none() {
            self.fail(
                field,
                Why::NotOneOf {
                    value: value.to_string(),
                    expected: choices(),
                },
            );
        }
        found
    }
}

/// The earliest date of a case (the founding of the People's Republic):
/// anything before it is a typing error.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(1949, 10, 1) {
    Some(d) => d,
    None => panic!("1949-10-01 is a date"),
};

/// The latest date a deadline may have.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(d) => d,
    None => panic!("2100-12-31 is a date"),
};

fn out_of_range(d: NaiveDate) -> Why {
    Why::DateOutOfRange {
        date: d,
        earliest: EARLIEST,
        latest: LATEST,
    }
}

/// Parses YYYY-MM-DD with a reason a person can act on, worded in the
/// process's language.
pub fn parse_date(value: &str) -> Result<NaiveDate, String> {
    read_date(value).map_err(|why| super::refusal::Refusal::from(why).to_string())
}

/// Parses YYYY-MM-DD, or why not.
pub fn read_date(value: &str) -> Result<NaiveDate, Why> {
    let v = value.trim();
    let shape_ok = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(Why::NotADate {
            value: value.to_string(),
        });
    }
    // The shape is checked, so chrono's ISO parser (much faster than a
    // format string) sees only YYYY-MM-DD.
    v.parse::<NaiveDate>().map_err(|_| Why::NotARealDate {
        value: v.to_string(),
    })
}

/// What is wrong with a result for a case of `kind`: the one rule for
/// imports and the conclusion step.
pub fn result_problems(
    r: &crate::domain::case::CaseResult,
    kind: Kind,
    concluded: bool,
) -> Vec<Why> {
    let mut out = Vec::new();
    if !r.code.fits(kind) {
        out.push(Why::ResultNotOfKind {
            result: Coded::new(Table::Result, r.code.code()),
            kind: Coded::new(Table::Kind, kind.code()),
            results: crate::domain::codes::ResultCode::for_kind(kind)
                .iter()
                .map(|c| Coded::new(Table::Result, c.code()))
                .collect(),
        });
    }
    if !concluded {
        out.push(Why::ResultBeforeConclusion);
    }
    if r.wages > r.recovered {
        out.push(Why::WagesOverRecovered {
            wages: r.wages,
            recovered: r.recovered,
        });
    }
    out
}

impl CaseRecord {
    /// Validates every field; all problems of the line are reported at once.
    pub fn validate(&self, today: NaiveDate) -> Result<ValidCase, Vec<FieldError>> {
        let mut c = Checker {
            errors: Vec::new(),
            today,
        };

        let no = match self.case_no.as_deref() {
            None => None,
            Some(s) => match s.parse::<CaseNo>() {
                Ok(no) => Some(no),
                Err(_) => {
                    c.fail(
                        "case_no",
                        Why::NotACaseNo {
                            value: s.to_string(),
                        },
                    );
                    None
                }
            },
        };
        let received = c.date("received", &self.received);
        let kind = c.code("kind", &self.kind, Kind::from_code, Kind::codes);
        let matter = c.code("matter", &self.matter, Matter::from_code, Matter::codes);
        if let (Some(k), Some(m)) = (kind, matter)
            && !m.fits(k)
        {
            let kinds = m.kinds().iter().map(|k| Coded::new(Table::Kind, k.code()));
            c.fail(
                "matter",
                Why::MatterNotOfKind {
                    matter: Coded::new(Table::Matter, m.code()),
                    kind: Coded::new(Table::Kind, k.code()),
                    kinds: kinds.collect(),
                },
            );
        }
        if let Some(f) = &self.criminal {
            if kind.is_some_and(|k| k != Kind::Criminal) {
                c.fail("criminal", Why::CriminalFactsOnlyCriminal);
            }
            let notified = self.channel.trim() == Channel::Notified.code();
            if !notified && (f.stage.is_some() || f.ground.is_some()) {
                c.fail("criminal", Why::NoticeFactsOnlyNotified);
            }
            if notified && f.source.is_some() {
                c.fail("criminal.source", Why::SourceOnlyApplication);
            }
            if f.ground == Some(crate::domain::codes::NoticeGround::LifeOrDeath) && !self.serious {
                c.fail("criminal.ground", Why::LifeOrDeathIsSerious);
            }
        }
        if self.serious && kind.is_some_and(|k| k != Kind::Criminal) {
            c.fail("serious", Why::SeriousOnlyCriminal);
        }
        let channel = c.code("channel", &self.channel, Channel::from_code, Channel::codes);
        let status = match self.status.as_deref() {
            None => Some(Status::Received),
            Some(s) => c.code("status", s, Status::from_code, Status::codes),
        };

        let applicant = self.applicant.validate(&mut c);

        let steps = Steps {
            documents_requested: c.opt_date("documents_requested", &self.documents_requested),
            documents_due: self
                .documents_due
                .as_deref()
                .and_then(|v| c.any_date("documents_due", v)),
            documents_received: c.opt_date("documents_received", &self.documents_received),
            decided: c.opt_date("decided", &self.decided),
            assigned: c.opt_date("assigned", &self.assigned),
            agreement_signed: c.opt_date("agreement_signed", &self.agreement_signed),
            concluded: c.opt_date("concluded", &self.concluded),
            file_submitted: c.opt_date("file_submitted", &self.file_submitted),
            file_reviewed: c.opt_date("file_reviewed", &self.file_reviewed),
            archived: c.opt_date("archived", &self.archived),
            objection_filed: c.opt_date("objection_filed", &self.objection_filed),
            objection_decided: c.opt_date("objection_decided", &self.objection_decided),
        };
        if let Some(r) = received {
            check_order(&mut c, r, &steps);
        }
        // A status comes with the date of the step that made it so.
        if let Some(status) = status {
            for field in steps.missing_for(status) {
                c.fail(
                    field,
                    Why::StepDateMissing {
                        status: Coded::new(Table::Status, status.code()),
                    },
                );
            }
        }

        let mut deadlines = Vec::new();
        let mut next_id = 1;
        for (i, d) in self.deadlines.iter().enumerate() {
            let field = format!("deadlines[{i}]");
            let date = c.any_date(&format!("{field}.date"), &d.date);
            let label = c.text(&format!("{field}.label"), &d.label);
            if label.is_empty() {
                c.fail(&format!("{field}.label"), Why::DeadlineNeedsLabel);
            }
            let done = d
                .done
                .as_deref()
                .and_then(|v| c.date(&format!("{field}.done"), v));
            let id = d.id.unwrap_or(next_id);
            if deadlines.iter().any(|x: &MatterDeadline| x.id == id) {
                c.fail(&format!("{field}.id"), Why::DeadlineIdTwice { id });
            }
            next_id = next_id.max(id) + 1;
            if let Some(date) = date {
                deadlines.push(MatterDeadline {
                    id,
                    date,
                    label,
                    done,
                });
            }
        }

        let station = c.opt_text("station", &self.station);
        let adverse_party = c.opt_text("adverse_party", &self.adverse_party);
        let summary = match self.summary.as_deref() {
            Some(s) => c.lines("summary", s),
            None => String::new(),
        };
        let provider = c.opt_text("provider", &self.provider);
        let outcome = c.opt_text("outcome", &self.outcome);
        let caseworker = c.opt_text("caseworker", &self.caseworker);
        let closing_reason = c.opt_text("closing_reason", &self.closing_reason);
        let mut notes = Vec::new();
        for (i, n) in self.notes.iter().enumerate() {
            notes.push(Note {
                on: n.on,
                who: c.text(&format!("notes[{i}].who"), &n.who),
                text: c.lines(&format!("notes[{i}].text"), &n.text),
                struck: n.struck.as_ref().map(|s| Strike {
                    on: s.on,
                    who: c.text(&format!("notes[{i}].struck.who"), &s.who),
                    reason: c.text(&format!("notes[{i}].struck.reason"), &s.reason),
                }),
            });
        }
        let review = c.review(&self.review);
        let handling = c.handling(&self.handling);
        if let (Some(r), Some(k)) = (&self.result, kind) {
            for why in result_problems(r, k, steps.concluded.is_some()) {
                c.fail("result", why);
            }
        }

        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        // Every field was valid, so each Option above is Some where required.
        let (Some(received), Some(kind), Some(matter), Some(channel), Some(status)) =
            (received, kind, matter, channel, status)
        else {
            return Err(vec![FieldError {
                field: "record".into(),
                why: Why::RecordIncomplete,
            }]);
        };
        let case = Case {
            no: no.unwrap_or(CaseNo::new(0, 0)),
            received,
            kind,
            matter,
            channel,
            station,
            applicant,
            adverse_party,
            summary,
            status,
            steps,
            provider,
            outcome,
            deadlines,
            caseworker,
            revision: 0,
            flags: self.flags.clone(),
            closing_reason,
            notes,
            review,
            handling,
            serious: self.serious,
            result: self.result.clone(),
            criminal: self.criminal.clone().filter(|f| *f != Default::default()),
        };
        Ok(ValidCase {
            no,
            case,
            history: self.history.clone(),
        })
    }

    /// The record of a stored case, for export (history added by the caller).
    pub fn from_case(case: &Case) -> CaseRecord {
        let d = |d: Option<NaiveDate>| d.map(|d| d.to_string());
        let a = &case.applicant;
        let derived = a.id_number.is_some();
        CaseRecord {
            case_no: Some(case.no.to_string()),
            received: case.received.to_string(),
            kind: case.kind.code().into(),
            matter: case.matter.code().into(),
            channel: case.channel.code().into(),
            station: case.station.clone(),
            applicant: ApplicantRecord {
                name: a.name.clone(),
                id_number: a.id_number.as_ref().map(|n| n.to_string()),
                phone: a.phone.clone(),
                address: a.address.clone(),
                gender: a.gender.filter(|_| !derived).map(|g| g.code().to_string()),
                birth_date: a.birth_date.filter(|_| !derived).map(|b| b.to_string()),
                groups: a.groups.iter().map(|g| g.code().to_string()).collect(),
            },
            adverse_party: case.adverse_party.clone(),
            summary: (!case.summary.is_empty()).then(|| case.summary.clone()),
            status: Some(case.status.code().into()),
            documents_requested: d(case.steps.documents_requested),
            documents_due: d(case.steps.documents_due),
            documents_received: d(case.steps.documents_received),
            decided: d(case.steps.decided),
            assigned: d(case.steps.assigned),
            provider: case.provider.clone(),
            agreement_signed: d(case.steps.agreement_signed),
            concluded: d(case.steps.concluded),
            file_submitted: d(case.steps.file_submitted),
            file_reviewed: d(case.steps.file_reviewed),
            archived: d(case.steps.archived),
            objection_filed: d(case.steps.objection_filed),
            objection_decided: d(case.steps.objection_decided),
            outcome: case.outcome.clone(),
            caseworker: case.caseworker.clone(),
            deadlines: case
                .deadlines
                .iter()
                .map(|m| DeadlineRecord {
                    date: m.date.to_string(),
                    label: m.label.clone(),
                    id: Some(m.id),
                    done: d(m.done),
                })
                .collect(),
            flags: case.flags.clone(),
            closing_reason: case.closing_reason.clone(),
            notes: case.notes.clone(),
            review: case.review.clone(),
            handling: case.handling.clone(),
            result: case.result.clone(),
            criminal: case.criminal.clone(),
            serious: case.serious,
            history: Vec::new(),
        }
    }
}

/// Each step after the one it follows and not before the case was
/// received ([`Steps::out_of_order`]): a date out of order is refused,
/// naming both.
fn check_order(c: &mut Checker, received: NaiveDate, s: &Steps) {
    for (field, date, after, earlier) in s.out_of_order(received) {
        if after == "received" {
            c.fail(
                field,
                Why::BeforeReceived {
                    date,
                    received: earlier,
                },
            );
        } else {
            c.fail(
                field,
                Why::BeforeStep {
                    date,
                    after: Coded::new(Table::Step, after),
                    earlier,
                },
            );
        }
    }
}

impl ApplicantRecord {
    fn validate(&self, c: &mut Checker) -> Applicant {
        let name = c.text("applicant.name", &self.name);
        if name.is_empty() && c.errors.iter().all(|e| e.field != "applicant.name") {
            c.fail("applicant.name", Why::NameRequired);
        }
        let id_number = match self.id_number.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => match IdNumber::parse(s, c.today) {
                Ok(n) => Some(n),
                Err(e) => {
                    c.fail("applicant.id_number", Why::id(&e));
                    None
                }
            },
        };
        let phone = c.opt_text("applicant.phone", &self.phone);
        if let Some(p) = &phone
            && !valid_phone(p)
        {
            c.fail("applicant.phone", Why::NotAPhone { value: p.clone() });
        }
        let address = c.opt_text("applicant.address", &self.address);
        let mut groups = Vec::new();
        for (i, g) in self.groups.iter().enumerate() {
            if let Some(g) = c.code(
                &format!("applicant.groups[{i}]"),
                g,
                Group::from_code,
                Group::codes,
            ) && !groups.contains(&g)
            {
                groups.push(g);
            }
        }
        let given_gender = match self.gender.as_deref() {
            None => None,
            Some("male") => Some(Gender::Male),
            Some("female") => Some(Gender::Female),
            Some(other) => {
                c.fail(
                    "applicant.gender",
                    Why::NotOneOf {
                        value: other.to_string(),
                        expected: "male, female".to_string(),
                    },
                );
                None
            }
        };
        // A birth date may be long before any case: not held to EARLIEST.
        let given_birth = self.birth_date.as_deref().and_then(|v| match read_date(v) {
            Ok(d) if d > c.today => {
                let today = c.today;
                c.fail(
                    "applicant.birth_date",
                    Why::DateAfterToday { date: d, today },
                );
                None
            }
            Ok(d) => Some(d),
            Err(why) => {
                c.fail("applicant.birth_date", why);
                None
            }
        });
        let (gender, birth_date) = match &id_number {
            Some(n) => {
                if given_gender.is_some_and(|g| g != n.gender()) {
                    c.fail("applicant.gender", Why::NotTheIdNumbers);
                }
                if given_birth.is_some_and(|b| b != n.birth_date()) {
                    c.fail("applicant.birth_date", Why::NotTheIdNumbers);
                }
                (Some(n.gender()), Some(n.birth_date()))
            }
            None => (given_gender, given_birth),
        };
        Applicant {
            name,
            id_number,
            phone,
            address,
            gender,
            birth_date,
            groups,
        }
    }
}

/// A phone number: 5 to 20 digits, with spaces, + and - only (fullwidth
/// digits and spaces read as ASCII, as the store keeps them).
pub fn valid_phone(p: &str) -> bool {
    let p = text::fold_width(p);
    let digits = p.chars().filter(|c| c.is_ascii_digit()).count();
    (5..=20).contains(&digits)
        && p.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn parse(line: &str) -> CaseRecord {
        serde_json::from_str(line).unwrap()
    }

    /// A case whose every free text is `t`, as the steps would store it.
    #[test]
    fn a_status_needs_the_date_of_the_step_that_made_it_so() {
        let errs = parse(
            r#"{"received":"2026-11-20","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"王五"},"status":"concluded","decided":"2026-11-21","assigned":"2026-11-22","provider":"P-0001"}"#,
        )
        .validate(today())
        .unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.field == "concluded" && e.to_string().contains("missing")),
            "{errs:?}"
        );
    }

    fn case_with_text(line: &str, lines: &str) -> Case {
        use crate::domain::case::{
            Assignment, CheckOverride, Decision, FollowUp, Payment, Subsidy,
        };
        let mut c = parse(
            r#"{"case_no":"2026-0001","received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","status":"concluded","decided":"2026-11-03","assigned":"2026-11-04","concluded":"2026-11-20","applicant":{"name":"张三"}}"#,
        )
        .validate(today())
        .unwrap()
        .case;
        let on = today();
        c.summary = lines.to_string();
        c.adverse_party = Some(line.to_string()).filter(|t| !t.is_empty());
        c.closing_reason = Some(line.to_string()).filter(|t| !t.is_empty());
        c.notes.push(Note {
            on,
            who: "liwei".into(),
            text: lines.into(),
            struck: Some(Strike {
                on,
                who: "zhaomin".into(),
                reason: line.to_string(),
            }),
        });
        c.review.documents_missing = vec![line.into()];
        c.review.overrides.push(CheckOverride {
            item: "hardship".into(),
            verdict: "pass".into(),
            reason: line.into(),
            who: "liwei".into(),
            on,
        });
        c.review.decision = Some(Decision {
            grant: true,
            reason_code: "other".into(),
            text: lines.into(),
            proposed_by: "liwei".into(),
            proposed_on: on,
            approved_by: Some("dengym".into()),
            approved_on: Some(on),
            standard: None,
        });
        c.handling.assignments.push(Assignment {
            provider: "P-0001".into(),
            on,
            by: "liwei".into(),
            reason: Some(line.into()),
        });
        c.handling.subsidy = Some(Subsidy {
            amount: 1,
            standard: 2,
            reason: Some(line.into()),
        });
        c.handling.follow_ups.push(FollowUp {
            on,
            by: "liwei".into(),
            method: Some(crate::domain::quality::Method::Phone),
            timing: crate::domain::quality::Timing::After,
            reached: true,
            answers: Default::default(),
            satisfaction: Some(crate::domain::quality::Satisfaction::Fair),
            comments: line.into(),
            action: line.into(),
        });
        c.handling.payments.push(Payment {
            seq: 1,
            kind: crate::domain::funds::SubsidyKind::Handling,
            payee: "P-0001".into(),
            payee_type: crate::domain::funds::PayeeType::Lawyer,
            class: crate::domain::funds::RateClass::CivilLitigation,
            direct_costs: 400,
            labour_fee: 1100,
            base: 1500,
            standard: 1500,
            reason: Some(line.into()).filter(|t: &String| !t.is_empty()),
            cross_region: false,
            source: crate::domain::funds::Source::SameLevel,
            proposed_by: "liwei".into(),
            proposed_on: on,
            approved_by: None,
            approved_on: None,
            paid_on: None,
            voucher: None,
        });
        c
    }

    proptest::proptest! {
        /// Whatever text a command accepts (the one rule), the export
        /// writes and the import takes back unchanged: in every free-text
        /// field of a case.
        #[test]
        fn accepted_text_survives_export_and_import(
            raw in "\\PC{0,12}|[\t\r\n 　０-９Ａ-Ｚa-z张三，\u{301}\u{1b}\u{7f}]{0,12}"
        ) {
            use crate::domain::workflow::Step;
            let accepted = |step: Step| step.cleaned().ok();
            let line = match accepted(Step::Conclude {
                outcome: raw.clone(),
                result: None,
            }) {
                Some(Step::Conclude { outcome, .. }) => outcome,
                _ => return Ok(()),
            };
            let lines = match accepted(Step::Note { text: raw.clone() }) {
                Some(Step::Note { text }) => text,
                _ => return Ok(()),
            };
            let case = case_with_text(&line, &lines);
            let exported = serde_json::to_string(&CaseRecord::from_case(&case)).unwrap();
            let imported = parse(&exported).validate(today());
            proptest::prop_assert!(imported.is_ok(), "{exported}: {imported:?}");
            let mut back = imported.unwrap().case;
            back.revision = case.revision;
            proptest::prop_assert_eq!(back, case);
        }
    }

    #[test]
    fn a_note_with_a_tab_is_kept_with_a_space_and_imports_again() {
        use crate::domain::workflow::Step;
        let Ok(Step::Note { text }) = (Step::Note {
            text: "已电话联系\t申请人补交工资条".into(),
        })
        .cleaned() else {
            panic!("a tab is accepted")
        };
        assert_eq!(text, "已电话联系 申请人补交工资条");
        let case = case_with_text("x", &text);
        let line = serde_json::to_string(&CaseRecord::from_case(&case)).unwrap();
        assert!(parse(&line).validate(today()).is_ok());
        // An import of a tab is held to the same rule.
        let r = parse(
            r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张\t三"},"review":{"overrides":[{"item":"hardship","verdict":"pass","reason":"a\u001bb","who":"x","on":"2026-11-02"}]}}"#,
        );
        let errs = r.validate(today()).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].field, "review.overrides[0].reason");
    }

    #[test]
    fn absurd_values_are_refused_with_what_is_wrong() {
        let base = r#""kind":"civil","matter":"wages","channel":"walk_in""#;
        let errs = |line: String| -> Vec<String> {
            parse(&line)
                .validate(today())
                .unwrap_err()
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        // A name of ten million characters: refused, not stored.
        let long = "张".repeat(10_000_000);
        let e = errs(format!(
            r#"{{"received":"2026-11-02",{base},"applicant":{{"name":"{long}"}}}}"#
        ));
        assert!(
            e[0].starts_with("applicant.name: the value is 10000000 characters long"),
            "{e:?}"
        );
        // A received date of year 1.
        let e = errs(format!(
            r#"{{"received":"0001-01-01",{base},"applicant":{{"name":"张三"}}}}"#
        ));
        assert!(e[0].contains("outside 1949-10-01 to 2100-12-31"), "{e:?}");
        // Documents due before they were asked for; an agreement before the
        // assignment; a deadline in the year 9999.
        let e = errs(format!(
            r#"{{"received":"2026-11-02",{base},"applicant":{{"name":"张三"}},"documents_requested":"2026-11-10","documents_due":"2026-11-05","decided":"2026-11-12","assigned":"2026-11-20","agreement_signed":"2026-11-15","deadlines":[{{"date":"9999-01-01","label":"开庭"}}]}}"#
        ));
        let all = e.join("\n");
        assert!(
            all.contains("documents_due: 2026-11-05 is before documents requested (2026-11-10)"),
            "{all}"
        );
        assert!(
            all.contains("agreement_signed: 2026-11-15 is before assigned (2026-11-20)"),
            "{all}"
        );
        assert!(
            all.contains("deadlines[0].date: 9999-01-01 is outside"),
            "{all}"
        );
        // A birth date may be long before 1949.
        let ok = parse(&format!(
            r#"{{"received":"2026-11-02",{base},"applicant":{{"name":"张三","birth_date":"1930-05-01","gender":"male"}}}}"#
        ));
        assert!(ok.validate(today()).is_ok());
    }

    #[test]
    fn fullwidth_digits_are_read_at_intake() {
        let r = parse(
            r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三","id_number":"１１０１０５１９４９１２３１００２Ｘ","phone":"１３８ ００００ １２３４"}}"#,
        );
        let a = r.validate(today()).unwrap().case.applicant;
        assert_eq!(a.id_number.unwrap().as_str(), "11010519491231002X");
        assert_eq!(a.phone.as_deref(), Some("138 0000 1234"));
    }

    #[test]
    fn a_minimal_record_is_valid() {
        let r = parse(
            r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三","id_number":"11010519491231002x"}}"#,
        );
        let v = r.validate(today()).unwrap();
        assert_eq!(v.no, None);
        assert_eq!(v.case.status, Status::Received);
        let a = &v.case.applicant;
        assert_eq!(a.id_number.as_ref().unwrap().as_str(), "11010519491231002X");
        assert_eq!(a.gender, Some(Gender::Female));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let r = parse(
            r#"{"received":"2026-02-30","kind":"civill","matter":"wages","channel":"fax","applicant":{"name":"","id_number":"110105194912310021"}}"#,
        );
        let errs = r.validate(today()).unwrap_err();
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "received",
                "kind",
                "channel",
                "applicant.name",
                "applicant.id_number"
            ]
        );
        assert!(
            errs[0].to_string().contains("not a real date"),
            "{}",
            errs[0]
        );
        assert!(errs[1].to_string().contains("civil"), "{}", errs[1]);
    }

    #[test]
    fn a_matter_must_fit_the_kind() {
        let r = parse(
            r#"{"received":"2026-11-02","kind":"criminal","matter":"wages","channel":"walk_in","applicant":{"name":"李四"}}"#,
        );
        let errs = r.validate(today()).unwrap_err();
        assert_eq!(errs[0].field, "matter");
    }

    #[test]
    fn control_characters_are_refused() {
        let r = parse(
            r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"王\u001b[2J五"}}"#,
        );
        let errs = r.validate(today()).unwrap_err();
        assert_eq!(errs[0].field, "applicant.name");
        assert!(errs[0].to_string().contains("control character"));
    }

    #[test]
    fn unknown_fields_are_errors() {
        let line = r#"{"received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"x"},"recieved":"2026-01-01"}"#;
        assert!(serde_json::from_str::<CaseRecord>(line).is_err());
    }

    #[test]
    fn a_case_survives_the_record_round_trip() {
        let r = parse(
            r#"{"case_no":"2026-0007","received":"2026-11-02","kind":"civil","matter":"wages","channel":"workstation","station":"荷塘区总工会","applicant":{"name":"张三","groups":["migrant_worker"]},"status":"granted","decided":"2026-11-05","deadlines":[{"date":"2027-01-10","label":"仲裁时效"}]}"#,
        );
        let v = r.validate(today()).unwrap();
        let back = CaseRecord::from_case(&v.case).validate(today()).unwrap();
        assert_eq!(back.case, v.case);
    }
}
