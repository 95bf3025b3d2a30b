//! Providers (法律援助人员): the people who do the legal work, and the
//! institutions they belong to; ranking them for an assignment (指派).
//!
//! Assignment follows MOJ rules 2023 Art. 25 (staffing, specialty and
//! experience) with two hard rules: a case with a possible life sentence or
//! death penalty needs 3+ years of criminal defence (Legal Aid Law Art. 26),
//! and a minor's case someone familiar with minors (rules 2023 Art. 26).
//! Nobody who acted for the adverse party may take the case.

use std::cmp::Ordering;
use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::case::{Case, CaseNo};
use super::codes::{Group, Kind, Matter};
use super::text;

code_enum!(
    /// What kind of provider a person is.
    ProviderKind {
        Lawyer => "lawyer",
        LegalServiceWorker => "legal_service_worker",
        JudicialOfficer => "judicial_officer",
        CenterStaff => "center_staff",
        Volunteer => "volunteer",
        SocialOrganization => "social_organization",
    }
);

/// One provider; also one line of the JSON Lines import/export format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// A short stable id, such as P-0001.
    pub id: String,
    pub name: String,
    /// The law firm, legal service office, judicial office or the center.
    pub organization: String,
    pub kind: ProviderKind,
    /// Kinds and matters the provider specializes in.
    #[serde(default)]
    pub kinds: Vec<Kind>,
    #[serde(default)]
    pub matters: Vec<Matter>,
    /// Years of criminal defence practice (Law Art. 26 needs 3+ for cases
    /// with a possible life sentence or death penalty).
    #[serde(default)]
    pub criminal_defense_years: u32,
    /// Familiar with minors' cases (MOJ rules 2023 Art. 26).
    #[serde(default)]
    pub juvenile: bool,
    /// Open cases at most.
    pub capacity: u32,
    pub active: bool,
    #[serde(default)]
    pub phone: Option<String>,
}

/// The longest provider id accepted.
pub const MAX_ID_LEN: usize = 32;

/// Years of criminal defence a case with a possible life sentence or death
/// penalty needs (Legal Aid Law Art. 26).
pub const SERIOUS_CASE_YEARS: u32 = 3;

impl Provider {
    /// The name as screens show it: with the organization, 赵磊（响石岭司法所）.
    pub fn display_name(&self) -> String {
        if self.organization.is_empty() {
            self.name.clone()
        } else {
            format!("{}（{}）", self.name, self.organization)
        }
    }

    /// Checks a record as it would be stored: every problem, one sentence each.
    /// Text must already be clean (see [`Provider::normalized`]).
    pub fn validate(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        let id_ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if self.id.is_empty() {
            problems.push("id: must not be empty (a short id such as P-0001)".to_string());
        } else if self.id.chars().count() > MAX_ID_LEN || !self.id.chars().all(id_ok) {
            problems.push(format!(
                "id: \"{}\" is not a provider id (letters, digits and '-', at most {MAX_ID_LEN} characters, such as P-0001)",
                text::printable(&self.id)
            ));
        }
        let mut text_field = |field: &str, value: &str, required: bool| match text::clean(value) {
            Err(e) => problems.push(format!("{field}: {e}")),
            Ok(clean) if required && clean.is_empty() => {
                problems.push(format!("{field}: must not be empty"));
            }
            Ok(clean) if clean != value => problems.push(format!(
                "{field}: has spaces around it or is not in Unicode NFC form"
            )),
            Ok(_) => {}
        };
        text_field("name", &self.name, true);
        text_field("organization", &self.organization, false);
        if let Some(phone) = &self.phone {
            text_field("phone", phone, true);
        }
        if self.capacity == 0 {
            problems.push("capacity: must be at least 1 open case".to_string());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The record with its text trimmed and normalized (NFC), then validated.
    pub fn normalized(mut self) -> Result<Provider, Vec<String>> {
        // The one text rule; a text it refuses is kept for `validate` to
        // say why.
        let tidy =
            |s: &str| -> String { text::clean(s).unwrap_or_else(|_| s.trim().nfc().collect()) };
        self.id = tidy(&self.id);
        self.name = tidy(&self.name);
        self.organization = tidy(&self.organization);
        self.phone = self.phone.as_deref().map(tidy).filter(|p| !p.is_empty());
        self.kinds.sort();
        self.kinds.dedup();
        self.matters.sort();
        self.matters.dedup();
        self.validate()?;
        Ok(self)
    }

    /// One line of the JSON Lines export (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).expect("a provider serializes") // ok: plain data always serializes
    }

    /// Reads one line of the JSON Lines import: unknown fields are errors,
    /// text is normalized, and the record is validated.
    pub fn from_json_line(line: &str) -> Result<Provider, Vec<String>> {
        let provider: Provider =
            serde_json::from_str(line).map_err(|e| vec![format!("column {}: {e}", e.column())])?;
        provider.normalized()
    }

    fn specialty(&self, case: &Case) -> (u32, Vec<Reason>) {
        let mut points = 0;
        let mut reasons = Vec::new();
        if self.matters.contains(&case.matter) {
            points += 2;
            reasons.push(Reason::Matter(case.matter));
        }
        if self.kinds.contains(&case.kind) {
            points += 1;
            reasons.push(Reason::Kind(case.kind));
        }
        if points == 0 {
            reasons.push(Reason::NoSpecialty {
                matter: case.matter,
                kind: case.kind,
            });
        }
        (points, reasons)
    }
}

/// Why a provider ranks where it does (shown in the caseworker's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// Lists the case's matter among their specialties.
    Matter(Matter),
    /// Lists the case's kind among their specialties.
    Kind(Kind),
    NoSpecialty {
        matter: Matter,
        kind: Kind,
    },
    /// Years of criminal defence, for a case that needs SERIOUS_CASE_YEARS.
    DefenceYears(u32),
    /// Familiar with minors' cases, for a minor's case.
    Juvenile,
    Load {
        open: u32,
        capacity: u32,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Matter(m) => write!(f, "specializes in the matter ({m})"),
            Reason::Kind(k) => write!(f, "specializes in {k} cases"),
            Reason::NoSpecialty { matter, kind } => {
                write!(f, "no listed specialty in {matter} or {kind} cases")
            }
            Reason::DefenceYears(y) => write!(
                f,
                "{y} years of criminal defence (Art. 26 needs {SERIOUS_CASE_YEARS})"
            ),
            Reason::Juvenile => f.write_str("familiar with minors' cases"),
            Reason::Load { open, capacity } => write!(f, "load {open}/{capacity}"),
        }
    }
}

/// Why a provider cannot take a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exclusion {
    Inactive,
    /// Legal Aid Law Art. 26: 3+ years of criminal defence for a case with
    /// a possible life sentence or death penalty.
    NeedsCriminalDefenseYears {
        has: u32,
    },
    /// MOJ rules 2023 Art. 26: a minor's case.
    NeedsJuvenile,
    /// Legal Aid Law Art. 25, 28, Criminal Procedure Law Art. 35: the
    /// center assigns a lawyer as defender; a legal service worker, staff
    /// member without a lawyer's licence or volunteer does not defend.
    NeedsLawyer,
    /// A past case of the provider whose applicant is this case's adverse party.
    ActedForAdverseParty {
        case: CaseNo,
    },
    /// As many open cases as the capacity allows.
    Full,
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::Inactive => f.write_str("The provider is not active."),
            Exclusion::NeedsCriminalDefenseYears { has } => write!(
                f,
                "A case with a possible life sentence or death penalty needs {SERIOUS_CASE_YEARS} or more years of criminal defence (Legal Aid Law Art. 26); the provider has {has}."
            ),
            Exclusion::NeedsJuvenile => f.write_str(
                "A minor's case needs a provider familiar with minors (MOJ rules 2023 Art. 26).",
            ),
            Exclusion::NeedsLawyer => f.write_str(
                "A criminal defence is assigned to a lawyer (Legal Aid Law Art. 25, 28; Criminal Procedure Law Art. 35).",
            ),
            Exclusion::ActedForAdverseParty { case } => write!(
                f,
                "The provider acted for the adverse party in case {case}: a conflict of interest (Lawyers Law Art. 39)."
            ),
            Exclusion::Full => {
                f.write_str("The provider has as many open cases as their capacity.")
            }
        }
    }
}

impl Exclusion {
    /// A rule of law or a fact nobody may pass over (Law Art. 26, rules
    /// 2023 Art. 26, a conflict, an inactive provider). A full provider is
    /// a preference: the caseworker may pass over it with a reason.
    pub fn is_hard(&self) -> bool {
        !matches!(self, Exclusion::Full)
    }
}

/// A provider's open cases (assigned, not yet concluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    pub provider: String,
    pub open: u32,
}

impl Load {
    /// A lookup for [`rank`]: the open cases of a provider id (0 when unlisted).
    pub fn lookup(loads: &[Load]) -> impl Fn(&str) -> u32 + '_ {
        move |id| {
            loads
                .iter()
                .find(|l| l.provider == id)
                .map_or(0, |l| l.open)
        }
    }
}

/// What the ranking compared: specialty first, then spare capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    /// 2 when the provider lists the case's matter, plus 1 for its kind.
    pub specialty: u32,
    pub open: u32,
    pub capacity: u32,
}

impl Score {
    /// Better first: more specialty, then the smaller share of capacity in use.
    fn better(&self, other: &Score) -> Ordering {
        other.specialty.cmp(&self.specialty).then_with(|| {
            // open/capacity compared without division; no capacity is full.
            let share = |s: &Score| (u64::from(s.open), u64::from(s.capacity.max(1)));
            let ((a, b), (c, d)) = (share(self), share(other));
            let full = |s: &Score| s.capacity == 0;
            full(self)
                .cmp(&full(other))
                .then_with(|| (a * d).cmp(&(c * b)))
                .then_with(|| self.open.cmp(&other.open))
        })
    }
}

/// One provider in the ranking for a case.
#[derive(Debug, Clone)]
pub struct Ranked<'p> {
    pub provider: &'p Provider,
    /// Hard rules the provider fails; empty when they may take the case.
    pub excluded: Vec<Exclusion>,
    /// Why this rank: specialty, experience, load n/capacity.
    pub reasons: Vec<Reason>,
    pub score: Score,
}

impl Ranked<'_> {
    /// Nothing speaks against the provider.
    pub fn eligible(&self) -> bool {
        self.excluded.is_empty()
    }

    /// No hard rule excludes the provider (a preference may, passed over
    /// with a reason).
    pub fn allowed(&self) -> bool {
        self.excluded.iter().all(|e| !e.is_hard())
    }
}

/// Whether the case is a minor's: the applicant is in the minor group or
/// under 18 on the received date.
pub fn is_minors_case(case: &Case) -> bool {
    let a = &case.applicant;
    let birth = a
        .birth_date
        .or_else(|| a.id_number.as_ref().map(|n| n.birth_date()));
    a.groups.contains(&Group::Minor)
        || birth.is_some_and(|b| case.received.years_since(b).is_some_and(|age| age < 18))
}

/// A name as people write it: NFC, no spaces, Latin case ignored (the
/// store indexes a provider's past clients under this key).
pub fn name_key(s: &str) -> String {
    s.nfc()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Names compared as people write them.
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_key(a), name_key(b));
    !a.is_empty() && a == b
}

/// A criminal defence (and a defence in compulsory treatment, Art. 28):
/// the center assigns a lawyer (Law Art. 25; Criminal Procedure Law Art. 35).
pub fn is_defence(matter: Matter) -> bool {
    matches!(matter, Matter::Defense | Matter::CompulsoryTreatment)
}

/// The rules of law that keep a provider from a case, whatever the
/// reason (the conflicts and the load need the store's data, in `rank`):
/// an inactive provider, Law Art. 26 for a possible life or death
/// sentence, a lawyer for a defence (Art. 25, 28), rules 2023 Art. 26 for
/// a minor's case. The one copy of these rules (`rank`, the demo).
pub fn rule_exclusions(p: &Provider, serious: bool, minors: bool, defence: bool) -> Vec<Exclusion> {
    let mut out = Vec::new();
    if !p.active {
        out.push(Exclusion::Inactive);
    }
    if serious && p.criminal_defense_years < SERIOUS_CASE_YEARS {
        out.push(Exclusion::NeedsCriminalDefenseYears {
            has: p.criminal_defense_years,
        });
    }
    if defence && p.kind != ProviderKind::Lawyer {
        out.push(Exclusion::NeedsLawyer);
    }
    if minors && !p.juvenile {
        out.push(Exclusion::NeedsJuvenile);
    }
    out
}

/// The providers for a case, best first; excluded providers come last, each
/// with why. `load` gives a provider's open cases; `past_clients` the
/// provider's past cases with their applicant's name. A case recorded as
/// possibly bringing a life sentence or the death penalty (`case.serious`)
/// needs SERIOUS_CASE_YEARS of criminal defence (Law Art. 26).
pub fn rank<'p>(
    case: &Case,
    providers: &'p [Provider],
    load: &dyn Fn(&str) -> u32,
    past_clients: &dyn Fn(&str) -> Vec<(CaseNo, String)>,
) -> Vec<Ranked<'p>> {
    let serious = case.serious;
    let minors = is_minors_case(case);
    let mut ranked: Vec<Ranked<'p>> = providers
        .iter()
        .map(|p| {
            let mut excluded = rule_exclusions(p, serious, minors, is_defence(case.matter));
            let mut reasons = Vec::new();
            if serious && p.criminal_defense_years >= SERIOUS_CASE_YEARS {
                reasons.push(Reason::DefenceYears(p.criminal_defense_years));
            }
            if minors && p.juvenile {
                reasons.push(Reason::Juvenile);
            }
            if let Some(party) = &case.adverse_party {
                let mut seen: Vec<CaseNo> = Vec::new();
                for (no, client) in past_clients(&p.id) {
                    if no != case.no && !seen.contains(&no) && same_name(&client, party) {
                        seen.push(no);
                    }
                }
                seen.sort();
                excluded.extend(
                    seen.into_iter()
                        .map(|no| Exclusion::ActedForAdverseParty { case: no }),
                );
            }
            let open = load(&p.id);
            if open >= p.capacity {
                excluded.push(Exclusion::Full);
            }
            let (specialty, why) = p.specialty(case);
            reasons.extend(why);
            reasons.push(Reason::Load {
                open,
                capacity: p.capacity,
            });
            Ranked {
                provider: p,
                excluded,
                reasons,
                score: Score {
                    specialty,
                    open,
                    capacity: p.capacity,
                },
            }
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.eligible()
            .cmp(&a.eligible())
            .then_with(|| b.allowed().cmp(&a.allowed()))
            .then_with(|| a.score.better(&b.score))
            .then_with(|| a.provider.id.cmp(&b.provider.id))
    });
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Applicant;
    use crate::domain::codes::{Channel, Status};
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn case(kind: Kind, matter: Matter) -> Case {
        Case {
            applicant: Applicant {
                name: "张三".into(),
                ..Applicant::default()
            },
            status: Status::Granted,
            revision: 1,
            ..Case::received(
                CaseNo::new(2026, 9),
                d("2026-11-20"),
                kind,
                matter,
                Channel::WalkIn,
            )
        }
    }

    fn provider(id: &str) -> Provider {
        Provider {
            id: id.into(),
            name: format!("律师{id}"),
            organization: "湖南某律师事务所".into(),
            kind: ProviderKind::Lawyer,
            kinds: Vec::new(),
            matters: Vec::new(),
            criminal_defense_years: 5,
            juvenile: true,
            capacity: 5,
            active: true,
            phone: None,
        }
    }

    fn no_load(_: &str) -> u32 {
        0
    }

    fn no_past(_: &str) -> Vec<(CaseNo, String)> {
        Vec::new()
    }

    fn ids(r: &[Ranked<'_>]) -> Vec<String> {
        r.iter().map(|x| x.provider.id.clone()).collect()
    }

    fn excluded<'a>(r: &'a [Ranked<'_>], id: &str) -> &'a [Exclusion] {
        &r.iter().find(|x| x.provider.id == id).unwrap().excluded
    }

    #[test]
    fn an_inactive_provider_is_excluded() {
        let mut off = provider("P-0002");
        off.active = false;
        let all = [off, provider("P-0001")];
        let r = rank(&case(Kind::Civil, Matter::Wages), &all, &no_load, &no_past);
        assert_eq!(ids(&r), ["P-0001", "P-0002"]);
        assert_eq!(excluded(&r, "P-0002"), [Exclusion::Inactive]);
        assert_eq!(
            Exclusion::Inactive.to_string(),
            "The provider is not active."
        );
        assert!(r[0].eligible() && !r[1].eligible());
    }

    #[test]
    fn a_serious_case_needs_three_years_of_criminal_defence() {
        let mut junior = provider("P-0001");
        junior.criminal_defense_years = 2;
        let senior = provider("P-0002");
        let all = [junior, senior];
        let mut c = case(Kind::Criminal, Matter::Defense);
        c.serious = true;
        let r = rank(&c, &all, &no_load, &no_past);
        assert_eq!(ids(&r), ["P-0002", "P-0001"]);
        let why = excluded(&r, "P-0001");
        assert_eq!(why, [Exclusion::NeedsCriminalDefenseYears { has: 2 }]);
        let text = why[0].to_string();
        assert!(text.contains("Art. 26") && text.contains("has 2"), "{text}");
        assert!(r[0].reasons.contains(&Reason::DefenceYears(5)));
        // Not serious: years do not matter.
        c.serious = false;
        let r = rank(&c, &all, &no_load, &no_past);
        assert!(r.iter().all(Ranked::eligible));
    }

    #[test]
    fn a_defence_is_assigned_to_a_lawyer_only() {
        let mut worker = provider("P-0001");
        worker.kind = ProviderKind::LegalServiceWorker;
        let mut volunteer = provider("P-0002");
        volunteer.kind = ProviderKind::Volunteer;
        let lawyer = provider("P-0003");
        let all = [worker, volunteer, lawyer];
        for matter in [Matter::Defense, Matter::CompulsoryTreatment] {
            let r = rank(&case(Kind::Criminal, matter), &all, &no_load, &no_past);
            assert_eq!(ids(&r)[0], "P-0003", "{matter:?}");
            for id in ["P-0001", "P-0002"] {
                let why = excluded(&r, id);
                assert_eq!(why, [Exclusion::NeedsLawyer]);
                assert!(why[0].is_hard(), "a rule of law, not a preference");
            }
        }
        // A victim's agent need not be a lawyer.
        let r = rank(
            &case(Kind::Criminal, Matter::Victim),
            &all,
            &no_load,
            &no_past,
        );
        assert!(r.iter().all(Ranked::eligible));
    }

    #[test]
    fn a_minors_case_needs_a_provider_familiar_with_minors() {
        let mut adult_only = provider("P-0001");
        adult_only.juvenile = false;
        let all = [adult_only, provider("P-0002")];
        let mut c = case(Kind::Criminal, Matter::Defense);
        c.applicant.birth_date = Some(d("2010-03-01"));
        assert!(is_minors_case(&c));
        let r = rank(&c, &all, &no_load, &no_past);
        assert_eq!(ids(&r), ["P-0002", "P-0001"]);
        assert_eq!(excluded(&r, "P-0001"), [Exclusion::NeedsJuvenile]);
        assert!(
            Exclusion::NeedsJuvenile
                .to_string()
                .contains("rules 2023 Art. 26")
        );
        // Turned 18 before the application was received: not a minor's case.
        c.applicant.birth_date = Some(d("2008-11-19"));
        assert!(!is_minors_case(&c));
        // The group counts even without a birth date.
        c.applicant.birth_date = None;
        c.applicant.groups = vec![Group::Minor];
        assert!(is_minors_case(&c));
    }

    #[test]
    fn a_provider_who_acted_for_the_adverse_party_is_excluded() {
        let all = [provider("P-0001"), provider("P-0002")];
        let mut c = case(Kind::Civil, Matter::Wages);
        c.adverse_party = Some("李 四".into());
        let past = |id: &str| -> Vec<(CaseNo, String)> {
            match id {
                "P-0001" => vec![
                    (CaseNo::new(2024, 3), "王五".into()),
                    (CaseNo::new(2025, 17), "李四".into()),
                ],
                _ => vec![(CaseNo::new(2025, 1), "李四明".into())],
            }
        };
        let r = rank(&c, &all, &no_load, &past);
        assert_eq!(ids(&r), ["P-0002", "P-0001"]);
        let why = excluded(&r, "P-0001");
        assert_eq!(
            why,
            [Exclusion::ActedForAdverseParty {
                case: CaseNo::new(2025, 17)
            }]
        );
        assert_eq!(
            why[0].to_string(),
            "The provider acted for the adverse party in case 2025-0017: a conflict of interest (Lawyers Law Art. 39)."
        );
        // Without an adverse party there is nothing to check.
        c.adverse_party = None;
        assert!(rank(&c, &all, &no_load, &past).iter().all(Ranked::eligible));
    }

    #[test]
    fn a_full_provider_is_a_preference_passed_over_with_a_reason() {
        let all = [provider("P-0001"), provider("P-0002")];
        let loads = [Load {
            provider: "P-0001".into(),
            open: 5,
        }];
        let load = Load::lookup(&loads);
        let r = rank(&case(Kind::Civil, Matter::Wages), &all, &load, &no_past);
        assert_eq!(ids(&r), ["P-0002", "P-0001"]);
        assert_eq!(excluded(&r, "P-0001"), [Exclusion::Full]);
        assert!(!r[1].eligible() && r[1].allowed());
        assert!(!Exclusion::Full.is_hard());
        assert!(r[1].reasons.contains(&Reason::Load {
            open: 5,
            capacity: 5
        }));
    }

    #[test]
    fn every_rule_broken_is_listed() {
        let mut p = provider("P-0001");
        p.active = false;
        p.juvenile = false;
        p.criminal_defense_years = 0;
        let all = [p];
        let mut c = case(Kind::Criminal, Matter::Defense);
        c.applicant.groups = vec![Group::Minor];
        c.serious = true;
        let load = |_: &str| 9;
        let r = rank(&c, &all, &load, &no_past);
        assert_eq!(
            r[0].excluded,
            [
                Exclusion::Inactive,
                Exclusion::NeedsCriminalDefenseYears { has: 0 },
                Exclusion::NeedsJuvenile,
                Exclusion::Full
            ]
        );
    }

    #[test]
    fn ranking_is_by_specialty_then_load() {
        let mut matter = provider("P-0001");
        matter.matters = vec![Matter::Wages];
        let mut both = provider("P-0002");
        both.matters = vec![Matter::Wages];
        both.kinds = vec![Kind::LaborArbitration];
        let mut kind = provider("P-0003");
        kind.kinds = vec![Kind::LaborArbitration];
        let none_idle = provider("P-0004");
        let none_busy = provider("P-0005");
        let mut none_big = provider("P-0006");
        none_big.capacity = 20;
        let all = [none_busy, kind, none_idle, matter, both, none_big];
        let loads = [
            Load {
                provider: "P-0002".into(),
                open: 4,
            },
            Load {
                provider: "P-0005".into(),
                open: 3,
            },
            Load {
                provider: "P-0006".into(),
                open: 4,
            },
        ];
        let load = Load::lookup(&loads);
        let c = case(Kind::LaborArbitration, Matter::Wages);
        let r = rank(&c, &all, &load, &no_past);
        // Specialty beats load (P-0002 is busier but matches both); among
        // equals, the smaller share of capacity in use: 0/5, 4/20, 3/5.
        assert_eq!(
            ids(&r),
            ["P-0002", "P-0001", "P-0003", "P-0004", "P-0006", "P-0005"]
        );
        assert_eq!(r[0].score.specialty, 3);
        let text: Vec<String> = r[0].reasons.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "specializes in the matter (wages)",
                "specializes in labor_arbitration cases",
                "load 4/5"
            ]
        );
        assert!(matches!(r[3].reasons[0], Reason::NoSpecialty { .. }));
    }

    #[test]
    fn excluded_providers_come_last_in_rank_order() {
        let mut off_expert = provider("P-0001");
        off_expert.active = false;
        off_expert.matters = vec![Matter::Wages];
        let all = [off_expert, provider("P-0002")];
        let r = rank(&case(Kind::Civil, Matter::Wages), &all, &no_load, &no_past);
        assert_eq!(ids(&r), ["P-0002", "P-0001"]);
    }

    #[test]
    fn a_full_provider_ranks_before_one_a_hard_rule_excludes() {
        let mut off = provider("P-0001");
        off.active = false;
        let all = [off, provider("P-0002"), provider("P-0003")];
        let load = |id: &str| if id == "P-0002" { 5 } else { 0 };
        let r = rank(&case(Kind::Civil, Matter::Wages), &all, &load, &no_past);
        assert_eq!(ids(&r), ["P-0003", "P-0002", "P-0001"]);
        assert!(r[1].allowed() && !r[2].allowed());
        for e in [
            Exclusion::Inactive,
            Exclusion::NeedsJuvenile,
            Exclusion::NeedsCriminalDefenseYears { has: 1 },
            Exclusion::ActedForAdverseParty {
                case: CaseNo::new(2025, 1),
            },
        ] {
            assert!(e.is_hard(), "{e}");
        }
    }

    #[test]
    fn validate_names_every_problem() {
        assert_eq!(provider("P-0001").validate(), Ok(()));
        let mut p = provider("");
        p.name = " ".into();
        p.capacity = 0;
        p.organization = "所\u{1b}[31m".into();
        let errs = p.validate().unwrap_err();
        assert_eq!(errs.len(), 4, "{errs:?}");
        assert!(errs[0].starts_with("id: must not be empty"));
        assert!(errs[1].starts_with("name:"));
        assert!(errs[2].contains("control character"));
        assert!(errs[3].starts_with("capacity"));
        let mut p = provider("P 1");
        p.name = " 张律师".into();
        let errs = p.validate().unwrap_err();
        assert!(errs[0].contains("not a provider id"), "{errs:?}");
        assert!(errs[1].contains("spaces"), "{errs:?}");
    }

    #[test]
    fn json_lines_round_trip_and_refuse_unknown_fields() {
        let mut p = provider("P-0001");
        p.matters = vec![Matter::Wages, Matter::Defense];
        p.phone = Some("0731-22000000".into());
        let p = p.normalized().unwrap();
        let line = p.to_json_line();
        assert!(!line.contains('\n'));
        assert_eq!(Provider::from_json_line(&line).unwrap(), p);
        let short = r#"{"id":" P-0002 ","name":"李律师","organization":"某所","kind":"lawyer","capacity":3,"active":true}"#;
        let q = Provider::from_json_line(short).unwrap();
        assert_eq!((q.id.as_str(), q.juvenile), ("P-0002", false));
        let bad = r#"{"id":"P-0002","name":"李律师","organization":"某所","kind":"lawyer","capacity":3,"active":true,"age":40}"#;
        let errs = Provider::from_json_line(bad).unwrap_err();
        assert!(errs[0].contains("unknown field `age`"), "{errs:?}");
        let zero = r#"{"id":"P-0002","name":"李律师","organization":"某所","kind":"lawyer","capacity":0,"active":true}"#;
        assert!(Provider::from_json_line(zero).is_err());
    }
}
