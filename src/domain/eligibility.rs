//! The eligibility checklist (审查) of docs/domain.md, evaluated from what a
//! case records and the center's policy. Each item gets a verdict and a
//! structured reason; the screen words the reason in the user's language.
//! Where the data cannot decide, the verdict is Pending: the caseworker
//! checks by hand, and a caseworker's override (with its reason) replaces
//! the automatic verdict.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::areas;
use super::case::{Case, CaseNo};
use super::codes::{Channel, Group, Matter, Status};
use super::policy::{HardshipStandard, Policy};

/// The center's own district when no policy says otherwise (Shifeng
/// District, Zhuzhou); the policy's `area_codes` replace it.
pub const DEFAULT_HOME_AREA: &str = super::policy::DEFAULT_AREA_CODE;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    Identity,
    Jurisdiction,
    Scope,
    Hardship,
    Documents,
    Conflicts,
}

impl Item {
    pub const ALL: [Item; 6] = [
        Item::Identity,
        Item::Jurisdiction,
        Item::Scope,
        Item::Hardship,
        Item::Documents,
        Item::Conflicts,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Item::Identity => "identity",
            Item::Jurisdiction => "jurisdiction",
            Item::Scope => "scope",
            Item::Hardship => "hardship",
            Item::Documents => "documents",
            Item::Conflicts => "conflicts",
        }
    }

    /// The item of a code (as in `CheckOverride::item`).
    pub fn from_code(code: &str) -> Option<Item> {
        Item::ALL.into_iter().find(|i| i.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Pass,
    Fail,
    Pending,
    NotApplicable,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::Pass,
        Verdict::Fail,
        Verdict::Pending,
        Verdict::NotApplicable,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Pending => "pending",
            Verdict::NotApplicable => "not_applicable",
        }
    }

    /// The verdict of a code (as in `CheckOverride::verdict`).
    pub fn from_code(code: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// The numbers of the hardship test (Law Art. 34): the household's monthly
/// income per member against the standard in force on the received date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Means {
    /// The household's monthly income, in yuan.
    pub monthly_income: u32,
    pub household_size: u32,
    /// Income per member, rounded up to the yuan: it is at or below the
    /// standard exactly when the household is.
    pub per_member: u32,
    /// The standard, in yuan per member per month.
    pub standard: u32,
    /// When that standard took effect.
    pub effective: NaiveDate,
}

impl Means {
    /// The test for a household under `standard`; None without a household.
    pub fn of(
        monthly_income: u32,
        household_size: u32,
        standard: &HardshipStandard,
    ) -> Option<Means> {
        if household_size == 0 {
            return None;
        }
        let per_member = monthly_income.div_ceil(household_size);
        Some(Means {
            monthly_income,
            household_size,
            per_member,
            standard: standard.monthly_income_per_member,
            effective: standard.effective,
        })
    }

    /// At or below the standard.
    pub fn met(&self) -> bool {
        // Compared without rounding: income <= standard x members.
        u64::from(self.monthly_income) <= u64::from(self.standard) * u64::from(self.household_size)
    }

    /// The placeholders of the `tui.reason.hardship_*` texts: income,
    /// household, per_member, standard, effective.
    pub fn fields(&self) -> [(&'static str, String); 5] {
        [
            ("income", self.monthly_income.to_string()),
            ("household", self.household_size.to_string()),
            ("per_member", self.per_member.to_string()),
            ("standard", self.standard.to_string()),
            ("effective", self.effective.to_string()),
        ]
    }
}

/// Why an item got its verdict. Each variant is one sentence on screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// A valid resident ID number (shown masked).
    IdValid {
        masked: String,
    },
    NoIdNumber,
    /// Criminal notifications come from the local police, procuratorate or court.
    NotifiedLocally,
    AddressInArea {
        area: String,
    },
    /// The ID number was issued in the center's district: a hint, not proof.
    IdInArea {
        code: String,
        area: Option<String>,
    },
    /// Issued in the same city: domicile or place of the matter to check.
    IdNearby {
        code: String,
        area: Option<String>,
    },
    IdElsewhere {
        code: String,
        area: Option<String>,
    },
    NoPlaceKnown,
    /// Law Art. 25: notified by police, procuratorate or court.
    MandatoryNotified,
    /// Law Art. 25: the suspect or defendant is a minor.
    MandatoryMinor,
    /// Law Art. 28.
    CompulsoryTreatment,
    /// Law Art. 24: suspect or defendant without counsel, on application.
    DefenceOnApplication,
    /// Law Art. 29: victim, private prosecutor, civil plaintiff.
    VictimAgency,
    /// Law Art. 31.
    CivilMatter {
        matter: Matter,
    },
    /// Law Art. 32: abuse, abandonment or domestic violence.
    DomesticViolenceMatter,
    /// Covered only where provincial rules add it (and the policy lists none).
    ProvincialMatter {
        matter: Matter,
    },
    /// Law Art. 25 and 28: no means test.
    NoMeansTest,
    /// Law Art. 32: no hardship condition.
    Exempt {
        group: Group,
    },
    /// Law Art. 32 exempts state compensation after a retrial acquittal only.
    ExemptIfAcquitted,
    /// Law Art. 42: hardship not verified.
    NotVerified {
        group: Group,
    },
    /// Self-declaration to verify against the local standard (Art. 34, 41).
    /// No longer produced: see [`Reason::IncomeNotRecorded`] and [`Reason::NoStandard`].
    ToVerify,
    DocumentsReceived {
        on: NaiveDate,
    },
    DocumentsAwaited {
        requested: NaiveDate,
        due: Option<NaiveDate>,
    },
    /// The supplement date passed: deemed withdrawn (Law Art. 43).
    DocumentsLate {
        due: NaiveDate,
    },
    /// ID, hardship declaration and materials of the matter to check.
    DocumentsToCheck,
    /// Criminal defence or treatment: no private adverse party.
    NoPrivateAdverse,
    NoAdverseParty,
    ConflictsNotChecked {
        party: String,
    },
    NoConflict {
        party: String,
    },
    Conflict {
        party: String,
        cases: Vec<CaseNo>,
    },
    /// Law Art. 25: the charge may bring life imprisonment or death (recorded
    /// on the case).
    MandatorySerious,
    /// Law Art. 25: the suspect or defendant is recorded as disabled (the
    /// article covers the blind, deaf or mute and those who cannot fully
    /// recognise or control their conduct).
    MandatoryDisabled,
    /// A matter the province adds (the policy's `extra_matters`), named in
    /// the case's summary.
    ExtraMatter {
        name: String,
    },
    /// Marriage or other: covered if it is one of the matters the province
    /// adds (the policy lists them); the summary names none of them.
    ExtraMatterToCheck {
        matter: Matter,
        names: Vec<String>,
    },
    /// At or below the hardship standard in force on the received date.
    HardshipMet {
        means: Means,
    },
    /// Above the hardship standard in force on the received date.
    HardshipNotMet {
        means: Means,
    },
    /// Above the standard, but the defence is mandatory with no means test
    /// if the suspect faces a possible life sentence or the death penalty
    /// (Law Art. 25), which the data cannot tell.
    NotMetUnlessSerious {
        means: Means,
    },
    /// Above the standard, but state compensation after a retrial acquittal
    /// has no hardship condition (Law Art. 32), which the data cannot tell.
    NotMetUnlessAcquitted {
        means: Means,
    },
    /// Household size or income not recorded; the standard that will apply.
    IncomeNotRecorded {
        standard: u32,
        effective: NaiveDate,
    },
    /// The policy has no hardship standard in force on the received date.
    NoStandard {
        received: NaiveDate,
    },
    /// The documents still missing (asked for in the supplement notice).
    DocumentsMissing {
        items: Vec<String>,
        due: Option<NaiveDate>,
    },
    /// A caseworker set the verdict by hand (the latest `CheckOverride`).
    Override {
        who: String,
        on: NaiveDate,
        note: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub item: Item,
    pub verdict: Verdict,
    pub reason: Reason,
    /// When a caseworker overrode the item (the reason is then
    /// [`Reason::Override`]): the verdict and reason computed from the data.
    pub automatic: Option<(Verdict, Reason)>,
}

impl Check {
    /// Who set the verdict by hand, if anyone.
    pub fn set_by(&self) -> Option<&str> {
        match &self.reason {
            Reason::Override { who, .. } => Some(who),
            _ => None,
        }
    }

    /// The caseworker's reason for an override.
    pub fn note(&self) -> Option<&str> {
        match &self.reason {
            Reason::Override { note, .. } => Some(note),
            _ => None,
        }
    }
}

/// What the evaluation needs besides the case and the policy.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub today: NaiveDate,
    /// The 6-digit area code of the center's district, used by [`evaluate`]
    /// only: [`evaluate_with`] takes the area from the policy's `area_codes`.
    pub home_area: &'a str,
    /// Other cases whose applicant or recipient is the adverse party:
    /// None when that search has not been made. The case's own intake
    /// flags (`flags.possible_conflicts`) are added to them.
    pub conflicts: Option<&'a [CaseNo]>,
}

/// The outcome of a checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Summary {
    /// Every item passes or does not apply.
    Eligible,
    /// These items fail (whatever else is still open).
    NotEligible(Vec<Item>),
    /// Nothing fails, but these items are still to check.
    Open(Vec<Item>),
}

/// The checklist with the default policy whose area is `facts.home_area`.
/// Kept for callers without a policy at hand; prefer [`evaluate_with`].
pub fn evaluate(case: &Case, facts: &Facts<'_>) -> Vec<Check> {
    let policy = Policy {
        area_codes: vec![facts.home_area.to_string()],
        ..Policy::default()
    };
    evaluate_with(case, facts, &policy)
}

/// The checklist, one check per [`Item`], in `Item::ALL` order: computed
/// from the case and the policy, then the caseworker's overrides applied.
pub fn evaluate_with(case: &Case, facts: &Facts<'_>, policy: &Policy) -> Vec<Check> {
    let p = Profile::of(case);
    let automatic = [
        identity(case),
        jurisdiction(case, policy),
        scope(case, &p, policy),
        hardship(case, &p, policy),
        documents(case, facts.today),
        conflicts(case, facts),
    ];
    automatic
        .into_iter()
        .map(|c| apply_override(case, c))
        .collect()
}

/// The hardship standard the review of `case` uses: the one in force on the
/// date the application was received (a later change does not apply). Its
/// `describe()` is what a decision records.
pub fn standard_for<'p>(case: &Case, policy: &'p Policy) -> Option<&'p HardshipStandard> {
    policy.standard_on(case.received)
}

/// Failing items first: any failure makes the case not eligible; otherwise
/// any pending item leaves it open.
pub fn summarize(checks: &[Check]) -> Summary {
    let with = |v: Verdict| -> Vec<Item> {
        checks
            .iter()
            .filter(|c| c.verdict == v)
            .map(|c| c.item)
            .collect()
    };
    let failed = with(Verdict::Fail);
    if !failed.is_empty() {
        return Summary::NotEligible(failed);
    }
    let open = with(Verdict::Pending);
    if !open.is_empty() {
        return Summary::Open(open);
    }
    Summary::Eligible
}

/// The latest override of the item (latest last in the review) replaces the
/// computed verdict. Overrides with an unknown verdict code are skipped.
fn apply_override(case: &Case, computed: Check) -> Check {
    let latest = case.review.overrides.iter().rev().find_map(|o| {
        let verdict = Verdict::from_code(o.verdict.trim())?;
        (Item::from_code(o.item.trim()) == Some(computed.item)).then_some((o, verdict))
    });
    let Some((o, verdict)) = latest else {
        return computed;
    };
    Check {
        item: computed.item,
        verdict,
        reason: Reason::Override {
            who: o.who.clone(),
            on: o.on,
            note: o.reason.clone(),
        },
        automatic: Some((computed.verdict, computed.reason)),
    }
}

/// Facts about the applicant that several items use.
struct Profile {
    groups: Vec<Group>,
    mandatory: bool,
}

impl Profile {
    fn of(case: &Case) -> Profile {
        let a = &case.applicant;
        let mut groups = a.groups.clone();
        // Age on receipt counts even when nobody ticked the group.
        let birth = a
            .birth_date
            .or_else(|| a.id_number.as_ref().map(|n| n.birth_date()));
        if let Some(birth) = birth {
            let age = case.received.years_since(birth).unwrap_or(0);
            if age < 18 && !groups.contains(&Group::Minor) {
                groups.push(Group::Minor);
            }
            if age >= 60 && !groups.contains(&Group::Elderly) {
                groups.push(Group::Elderly);
            }
        }
        let mandatory = match case.matter {
            Matter::CompulsoryTreatment => true,
            Matter::Defense => {
                case.channel == Channel::Notified
                    || case.serious
                    || groups.contains(&Group::Minor)
                    || groups.contains(&Group::Disabled)
            }
            _ => false,
        };
        Profile { groups, mandatory }
    }

    fn has(&self, g: Group) -> bool {
        self.groups.contains(&g)
    }
}

fn check(item: Item, verdict: Verdict, reason: Reason) -> Check {
    Check {
        item,
        verdict,
        reason,
        automatic: None,
    }
}

fn identity(case: &Case) -> Check {
    match &case.applicant.id_number {
        // A stored number was validated on entry (check character, birth date).
        Some(n) => check(
            Item::Identity,
            Verdict::Pass,
            Reason::IdValid { masked: n.masked() },
        ),
        None => check(Item::Identity, Verdict::Pending, Reason::NoIdNumber),
    }
}

/// A hint only: passes or stays pending, never fails by itself.
fn jurisdiction(case: &Case, policy: &Policy) -> Check {
    let pass = |r| check(Item::Jurisdiction, Verdict::Pass, r);
    let pending = |r| check(Item::Jurisdiction, Verdict::Pending, r);
    if case.channel == Channel::Notified {
        return pass(Reason::NotifiedLocally);
    }
    if let Some(addr) = &case.applicant.address {
        let named = policy
            .area_codes
            .iter()
            .filter_map(|c| areas::name_of(c))
            .find(|name| addr.contains(name));
        if let Some(name) = named {
            return pass(Reason::AddressInArea {
                area: name.to_string(),
            });
        }
    }
    let Some(n) = &case.applicant.id_number else {
        return pending(Reason::NoPlaceKnown);
    };
    let code = n.area_code().to_string();
    let area = areas::name_of(&code).map(str::to_string);
    let city = |c: &str| c.get(..4).map(str::to_string);
    if policy.in_area(&code) {
        pass(Reason::IdInArea { code, area })
    } else if city(&code).is_some() && policy.area_codes.iter().any(|c| city(c) == city(&code)) {
        pending(Reason::IdNearby { code, area })
    } else {
        pending(Reason::IdElsewhere { code, area })
    }
}

fn scope(case: &Case, p: &Profile, policy: &Policy) -> Check {
    let pass = |r| check(Item::Scope, Verdict::Pass, r);
    let pending = |r| check(Item::Scope, Verdict::Pending, r);
    match case.matter {
        Matter::Defense if case.channel == Channel::Notified => pass(Reason::MandatoryNotified),
        Matter::Defense if p.has(Group::Minor) => pass(Reason::MandatoryMinor),
        Matter::Defense if p.has(Group::Disabled) => pass(Reason::MandatoryDisabled),
        Matter::Defense if case.serious => pass(Reason::MandatorySerious),
        Matter::Defense => pass(Reason::DefenceOnApplication),
        Matter::CompulsoryTreatment => pass(Reason::CompulsoryTreatment),
        Matter::Victim => pass(Reason::VictimAgency),
        Matter::DomesticViolence => pass(Reason::DomesticViolenceMatter),
        matter @ (Matter::Marriage | Matter::Other) => {
            let summary = case.summary.to_lowercase();
            let named = policy
                .extra_matters
                .iter()
                .find(|name| !name.is_empty() && summary.contains(&name.to_lowercase()));
            match named {
                Some(name) => pass(Reason::ExtraMatter { name: name.clone() }),
                None if policy.extra_matters.is_empty() => {
                    pending(Reason::ProvincialMatter { matter })
                }
                None => pending(Reason::ExtraMatterToCheck {
                    matter,
                    names: policy.extra_matters.clone(),
                }),
            }
        }
        matter => pass(Reason::CivilMatter { matter }),
    }
}

/// Whether the case has no means test at all: a mandatory defence (Law
/// Art. 25, 28) or an Art. 32 exemption. The one rule for the checklist
/// and the queue's marker.
pub fn no_means_test(case: &Case) -> bool {
    exemption(case, &Profile::of(case)).is_some()
}

/// Why the hardship item does not apply, if it does not.
fn exemption(case: &Case, p: &Profile) -> Option<Reason> {
    // Mandatory criminal aid (Art. 25, 28): no means test.
    if p.mandatory {
        return Some(Reason::NoMeansTest);
    }
    // Art. 32: no hardship condition.
    for group in [
        Group::MartyrRelative,
        Group::GoodSamaritan,
        Group::DomesticViolenceVictim,
    ] {
        if p.has(group) {
            return Some(Reason::Exempt { group });
        }
    }
    (case.matter == Matter::DomesticViolence).then_some(Reason::Exempt {
        group: Group::DomesticViolenceVictim,
    })
}

fn hardship(case: &Case, p: &Profile, policy: &Policy) -> Check {
    let pass = |r| check(Item::Hardship, Verdict::Pass, r);
    let pending = |r| check(Item::Hardship, Verdict::Pending, r);
    if let Some(reason) = exemption(case, p) {
        return check(Item::Hardship, Verdict::NotApplicable, reason);
    }
    // Art. 42: hardship deemed, not verified.
    let migrant_claim =
        p.has(Group::MigrantWorker) && matches!(case.matter, Matter::Wages | Matter::WorkInjury);
    if migrant_claim {
        return pass(Reason::NotVerified {
            group: Group::MigrantWorker,
        });
    }
    for group in [
        Group::SocialAssistance,
        Group::PreferentialCare,
        Group::Minor,
        Group::Elderly,
        Group::Disabled,
    ] {
        if p.has(group) {
            return pass(Reason::NotVerified { group });
        }
    }
    // The means test against the standard in force when the application
    // was received.
    let acquittal_possible = case.matter == Matter::StateCompensation;
    let Some(standard) = standard_for(case, policy) else {
        return pending(Reason::NoStandard {
            received: case.received,
        });
    };
    let r = &case.review;
    let means = match (r.monthly_income, r.household_size) {
        (Some(income), Some(size)) => Means::of(income, size, standard),
        _ => None,
    };
    let Some(means) = means else {
        return pending(if acquittal_possible {
            Reason::ExemptIfAcquitted
        } else {
            Reason::IncomeNotRecorded {
                standard: standard.monthly_income_per_member,
                effective: standard.effective,
            }
        });
    };
    if means.met() {
        pass(Reason::HardshipMet { means })
    } else if acquittal_possible {
        pending(Reason::NotMetUnlessAcquitted { means })
    } else if case.matter == Matter::Defense {
        // Not notified: the suspect may still face a life sentence or death.
        pending(Reason::NotMetUnlessSerious { means })
    } else {
        check(
            Item::Hardship,
            Verdict::Fail,
            Reason::HardshipNotMet { means },
        )
    }
}

fn documents(case: &Case, today: NaiveDate) -> Check {
    let s = &case.steps;
    let missing = &case.review.documents_missing;
    match (s.documents_received, s.documents_requested, s.documents_due) {
        (Some(on), _, _) => check(
            Item::Documents,
            Verdict::Pass,
            Reason::DocumentsReceived { on },
        ),
        (None, Some(_), Some(due)) if due < today && case.status == Status::AwaitingDocuments => {
            check(
                Item::Documents,
                Verdict::Fail,
                Reason::DocumentsLate { due },
            )
        }
        (None, _, due) if !missing.is_empty() => check(
            Item::Documents,
            Verdict::Pending,
            Reason::DocumentsMissing {
                items: missing.clone(),
                due,
            },
        ),
        (None, Some(requested), due) => check(
            Item::Documents,
            Verdict::Pending,
            Reason::DocumentsAwaited { requested, due },
        ),
        // Nobody has checked them yet: recording the household's means is
        // not checking the documents. They pass when a caseworker confirms
        // them (an override with a reason) or when the documents asked for
        // are recorded as received.
        (None, None, _) => check(Item::Documents, Verdict::Pending, Reason::DocumentsToCheck),
    }
}

/// Fails when a party of the case is on the other side of another case,
/// either way: the adverse party an applicant of the center, or the
/// applicant an adverse party (the facts' search and intake's flags).
fn conflicts(case: &Case, facts: &Facts<'_>) -> Check {
    let c = |v, r| check(Item::Conflicts, v, r);
    let mut cases: Vec<CaseNo> = facts
        .conflicts
        .unwrap_or(&[])
        .iter()
        .chain(&case.flags.possible_conflicts)
        .copied()
        .filter(|no| *no != case.no)
        .collect();
    cases.sort();
    cases.dedup();
    if !cases.is_empty() {
        let names: Vec<&str> = [
            Some(case.applicant.name.as_str()),
            case.adverse_party.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|n| !n.is_empty())
        .collect();
        let party = names.join(" / ");
        return c(Verdict::Fail, Reason::Conflict { party, cases });
    }
    let Some(party) = case.adverse_party.clone() else {
        return match case.matter {
            Matter::Defense | Matter::CompulsoryTreatment => {
                c(Verdict::NotApplicable, Reason::NoPrivateAdverse)
            }
            _ => c(Verdict::Pending, Reason::NoAdverseParty),
        };
    };
    match facts.conflicts {
        None => c(Verdict::Pending, Reason::ConflictsNotChecked { party }),
        Some(_) => c(Verdict::Pass, Reason::NoConflict { party }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Applicant, CheckOverride};
    use crate::domain::codes::Kind;
    use crate::domain::idnumber::IdNumber;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn today() -> NaiveDate {
        d("2026-11-26")
    }

    fn case(kind: Kind, matter: Matter) -> Case {
        Case {
            applicant: Applicant {
                name: "张三".into(),
                ..Applicant::default()
            },
            revision: 1,
            ..Case::received(
                CaseNo::new(2026, 1),
                d("2026-11-20"),
                kind,
                matter,
                Channel::WalkIn,
            )
        }
    }

    fn with_id(mut c: Case, id: &str) -> Case {
        let n = IdNumber::parse(id, today()).unwrap();
        c.applicant.birth_date = Some(n.birth_date());
        c.applicant.id_number = Some(n);
        c
    }

    fn facts() -> Facts<'static> {
        Facts {
            today: today(),
            home_area: DEFAULT_HOME_AREA,
            conflicts: None,
        }
    }

    fn get(c: &Case, item: Item) -> Check {
        get_with(c, item, &facts())
    }

    fn get_with(c: &Case, item: Item, f: &Facts<'_>) -> Check {
        evaluate(c, f).into_iter().find(|x| x.item == item).unwrap()
    }

    /// A valid number issued in `area` for someone born on `birth`.
    fn id(area: &str, birth: &str) -> String {
        crate::domain::idnumber::make(area, d(birth), 11).to_string()
    }

    #[test]
    fn one_check_per_item_in_order() {
        let all = evaluate(&case(Kind::Civil, Matter::Wages), &facts());
        let items: Vec<Item> = all.iter().map(|c| c.item).collect();
        assert_eq!(items, Item::ALL);
    }

    #[test]
    fn identity_passes_on_a_valid_number() {
        let c = with_id(
            case(Kind::Civil, Matter::Wages),
            &id("430204", "1980-05-01"),
        );
        let got = get(&c, Item::Identity);
        assert_eq!(got.verdict, Verdict::Pass);
        assert!(matches!(got.reason, Reason::IdValid { masked } if masked.starts_with("4302****")));
        let none = get(&case(Kind::Civil, Matter::Wages), Item::Identity);
        assert_eq!(
            (none.verdict, none.reason),
            (Verdict::Pending, Reason::NoIdNumber)
        );
    }

    #[test]
    fn jurisdiction_from_the_area_code_is_a_hint() {
        let home = with_id(
            case(Kind::Civil, Matter::Wages),
            &id("430204", "1980-05-01"),
        );
        assert_eq!(get(&home, Item::Jurisdiction).verdict, Verdict::Pass);
        let near = with_id(
            case(Kind::Civil, Matter::Wages),
            &id("430202", "1980-05-01"),
        );
        let got = get(&near, Item::Jurisdiction);
        assert_eq!(got.verdict, Verdict::Pending);
        assert!(matches!(got.reason, Reason::IdNearby { area: Some(a), .. } if a == "荷塘区"));
        let far = with_id(
            case(Kind::Civil, Matter::Wages),
            &id("110105", "1980-05-01"),
        );
        assert!(matches!(
            get(&far, Item::Jurisdiction).reason,
            Reason::IdElsewhere { .. }
        ));
        let mut by_address = far.clone();
        by_address.applicant.address = Some("湖南省株洲市石峰区响石岭街道".into());
        assert_eq!(get(&by_address, Item::Jurisdiction).verdict, Verdict::Pass);
    }

    #[test]
    fn mandatory_defence_has_no_means_test() {
        let mut c = case(Kind::Criminal, Matter::Defense);
        c.channel = Channel::Notified;
        assert_eq!(get(&c, Item::Scope).reason, Reason::MandatoryNotified);
        assert_eq!(
            get(&c, Item::Hardship),
            check(Item::Hardship, Verdict::NotApplicable, Reason::NoMeansTest)
        );
        assert_eq!(get(&c, Item::Conflicts).verdict, Verdict::NotApplicable);

        // A minor applying in person: still mandatory (Art. 25).
        let minor = with_id(
            case(Kind::Criminal, Matter::Defense),
            &id("430204", "2010-03-01"),
        );
        assert_eq!(get(&minor, Item::Scope).reason, Reason::MandatoryMinor);
        assert_eq!(get(&minor, Item::Hardship).reason, Reason::NoMeansTest);

        let adult = case(Kind::Criminal, Matter::Defense);
        assert_eq!(
            get(&adult, Item::Scope).reason,
            Reason::DefenceOnApplication
        );
        assert_eq!(get(&adult, Item::Hardship).verdict, Verdict::Pending);

        let treatment = case(Kind::Criminal, Matter::CompulsoryTreatment);
        assert_eq!(get(&treatment, Item::Hardship).reason, Reason::NoMeansTest);
    }

    #[test]
    fn article_32_groups_are_exempt() {
        for group in [
            Group::MartyrRelative,
            Group::GoodSamaritan,
            Group::DomesticViolenceVictim,
        ] {
            let mut c = case(Kind::Civil, Matter::TrafficAccident);
            c.applicant.groups = vec![group];
            assert_eq!(
                get(&c, Item::Hardship),
                check(
                    Item::Hardship,
                    Verdict::NotApplicable,
                    Reason::Exempt { group }
                )
            );
        }
        let dv = case(Kind::Civil, Matter::DomesticViolence);
        assert_eq!(get(&dv, Item::Hardship).verdict, Verdict::NotApplicable);
        let sc = case(Kind::StateCompensation, Matter::StateCompensation);
        assert_eq!(
            get(&sc, Item::Hardship),
            check(Item::Hardship, Verdict::Pending, Reason::ExemptIfAcquitted)
        );
    }

    #[test]
    fn article_42_groups_are_not_verified() {
        let mut migrant = case(Kind::Civil, Matter::Wages);
        migrant.applicant.groups = vec![Group::MigrantWorker];
        assert_eq!(
            get(&migrant, Item::Hardship).reason,
            Reason::NotVerified {
                group: Group::MigrantWorker
            }
        );
        // A migrant worker's divorce is means-tested as usual.
        let mut divorce = case(Kind::Civil, Matter::Marriage);
        divorce.applicant.groups = vec![Group::MigrantWorker];
        assert!(matches!(
            get(&divorce, Item::Hardship).reason,
            Reason::IncomeNotRecorded { .. }
        ));

        let mut care = case(Kind::Civil, Matter::Pension);
        care.applicant.groups = vec![Group::PreferentialCare];
        assert_eq!(get(&care, Item::Hardship).verdict, Verdict::Pass);

        let elderly = with_id(
            case(Kind::Civil, Matter::Support),
            &id("430204", "1950-01-01"),
        );
        assert_eq!(
            get(&elderly, Item::Hardship).reason,
            Reason::NotVerified {
                group: Group::Elderly
            }
        );
    }

    #[test]
    fn scope_follows_the_matter() {
        assert_eq!(
            get(&case(Kind::Civil, Matter::Wages), Item::Scope).reason,
            Reason::CivilMatter {
                matter: Matter::Wages
            }
        );
        assert_eq!(
            get(&case(Kind::Civil, Matter::Marriage), Item::Scope).verdict,
            Verdict::Pending
        );
        assert_eq!(
            get(&case(Kind::Criminal, Matter::Victim), Item::Scope).reason,
            Reason::VictimAgency
        );
    }

    #[test]
    fn documents_follow_the_steps() {
        let mut c = case(Kind::Civil, Matter::Wages);
        assert_eq!(get(&c, Item::Documents).reason, Reason::DocumentsToCheck);
        c.status = Status::AwaitingDocuments;
        c.steps.documents_requested = Some(d("2026-11-21"));
        c.steps.documents_due = Some(d("2026-11-30"));
        assert_eq!(get(&c, Item::Documents).verdict, Verdict::Pending);
        c.steps.documents_due = Some(d("2026-11-25"));
        assert_eq!(
            get(&c, Item::Documents),
            check(
                Item::Documents,
                Verdict::Fail,
                Reason::DocumentsLate {
                    due: d("2026-11-25")
                }
            )
        );
        c.steps.documents_received = Some(d("2026-11-24"));
        assert_eq!(get(&c, Item::Documents).verdict, Verdict::Pass);
    }

    #[test]
    fn conflicts_need_the_search() {
        let mut c = case(Kind::Civil, Matter::Wages);
        assert_eq!(get(&c, Item::Conflicts).reason, Reason::NoAdverseParty);
        c.adverse_party = Some("株洲某建筑公司".into());
        assert_eq!(get(&c, Item::Conflicts).verdict, Verdict::Pending);
        let none: &[CaseNo] = &[];
        let f = Facts {
            conflicts: Some(none),
            ..facts()
        };
        assert_eq!(get_with(&c, Item::Conflicts, &f).verdict, Verdict::Pass);
        let hits = [CaseNo::new(2025, 17)];
        let f = Facts {
            conflicts: Some(&hits),
            ..facts()
        };
        let got = get_with(&c, Item::Conflicts, &f);
        assert_eq!(got.verdict, Verdict::Fail);
        assert!(matches!(got.reason, Reason::Conflict { cases, .. } if cases == hits));
    }

    fn standard(effective: &str, amount: u32) -> HardshipStandard {
        HardshipStandard {
            effective: d(effective),
            monthly_income_per_member: amount,
        }
    }

    fn with_policy(c: &Case, item: Item, policy: &Policy) -> Check {
        evaluate_with(c, &facts(), policy)
            .into_iter()
            .find(|x| x.item == item)
            .unwrap()
    }

    fn household(mut c: Case, income: u32, size: u32) -> Case {
        c.review.monthly_income = Some(income);
        c.review.household_size = Some(size);
        c
    }

    fn means(income: u32, size: u32, per_member: u32, standard: u32, effective: &str) -> Means {
        Means {
            monthly_income: income,
            household_size: size,
            per_member,
            standard,
            effective: d(effective),
        }
    }

    #[test]
    fn hardship_compares_income_per_member_with_the_standard() {
        let c = household(case(Kind::Civil, Matter::TrafficAccident), 3960, 3);
        assert_eq!(
            get(&c, Item::Hardship),
            check(
                Item::Hardship,
                Verdict::Pass,
                Reason::HardshipMet {
                    means: means(3960, 3, 1320, 1320, "2024-01-01")
                }
            )
        );
        // One yuan more is above 1320 per member; shown rounded up.
        let c = household(case(Kind::Civil, Matter::TrafficAccident), 3961, 3);
        assert_eq!(
            get(&c, Item::Hardship),
            check(
                Item::Hardship,
                Verdict::Fail,
                Reason::HardshipNotMet {
                    means: means(3961, 3, 1321, 1320, "2024-01-01")
                }
            )
        );
        // Nothing recorded: the standard that will apply is named.
        let c = case(Kind::Civil, Matter::TrafficAccident);
        assert_eq!(
            get(&c, Item::Hardship).reason,
            Reason::IncomeNotRecorded {
                standard: 1320,
                effective: d("2024-01-01")
            }
        );
        // A household of 0 is not a household.
        let c = household(case(Kind::Civil, Matter::TrafficAccident), 0, 0);
        assert_eq!(get(&c, Item::Hardship).verdict, Verdict::Pending);
    }

    #[test]
    fn a_later_standard_does_not_change_an_earlier_application() {
        // Received 2026-11-20 with 1400 per member: above the 1320 in force
        // then. The standard raised to 1500 from 2026-12-01 does not apply.
        let mut policy = Policy::default();
        policy.hardship_standards.push(standard("2026-12-01", 1500));
        let c = household(case(Kind::Civil, Matter::Support), 2800, 2);
        let got = with_policy(&c, Item::Hardship, &policy);
        assert_eq!(got.verdict, Verdict::Fail);
        assert_eq!(
            got.reason,
            Reason::HardshipNotMet {
                means: means(2800, 2, 1400, 1320, "2024-01-01")
            }
        );
        assert_eq!(
            standard_for(&c, &policy).unwrap().describe(),
            "effective 2024-01-01: 1320 yuan per member per month"
        );
        // An application received after the raise uses it.
        let mut later = c.clone();
        later.received = d("2026-12-02");
        let got = with_policy(&later, Item::Hardship, &policy);
        assert_eq!(got.verdict, Verdict::Pass);
        assert!(matches!(got.reason, Reason::HardshipMet { means } if means.standard == 1500));
        // Received before any standard took effect: checked by hand.
        let mut early = c.clone();
        early.received = d("2023-06-01");
        assert_eq!(
            with_policy(&early, Item::Hardship, &policy),
            check(
                Item::Hardship,
                Verdict::Pending,
                Reason::NoStandard {
                    received: d("2023-06-01")
                }
            )
        );
    }

    #[test]
    fn each_article_32_exemption_outweighs_the_income() {
        for group in [
            Group::MartyrRelative,
            Group::GoodSamaritan,
            Group::DomesticViolenceVictim,
        ] {
            let mut c = household(case(Kind::Civil, Matter::TrafficAccident), 90000, 1);
            c.applicant.groups = vec![group];
            let got = get(&c, Item::Hardship);
            assert_eq!(
                (got.verdict, got.reason),
                (Verdict::NotApplicable, Reason::Exempt { group })
            );
        }
        let dv = household(case(Kind::Civil, Matter::DomesticViolence), 90000, 1);
        assert_eq!(
            get(&dv, Item::Hardship).reason,
            Reason::Exempt {
                group: Group::DomesticViolenceVictim
            }
        );
        // State compensation: exempt only after a retrial acquittal, which
        // the data cannot tell: pending, never failed.
        let sc = household(
            case(Kind::StateCompensation, Matter::StateCompensation),
            90000,
            1,
        );
        assert_eq!(
            get(&sc, Item::Hardship),
            check(
                Item::Hardship,
                Verdict::Pending,
                Reason::NotMetUnlessAcquitted {
                    means: means(90000, 1, 90000, 1320, "2024-01-01")
                }
            )
        );
        let poor = household(
            case(Kind::StateCompensation, Matter::StateCompensation),
            1000,
            1,
        );
        assert_eq!(get(&poor, Item::Hardship).verdict, Verdict::Pass);
    }

    #[test]
    fn each_article_42_group_is_not_verified() {
        let rich = |groups: Vec<Group>, matter: Matter| {
            let mut c = household(case(Kind::Civil, matter), 90000, 1);
            c.applicant.groups = groups;
            get(&c, Item::Hardship)
        };
        for group in [
            Group::Minor,
            Group::Elderly,
            Group::Disabled,
            Group::SocialAssistance,
            Group::PreferentialCare,
        ] {
            let got = rich(vec![group], Matter::Pension);
            assert_eq!(
                (got.verdict, got.reason),
                (Verdict::Pass, Reason::NotVerified { group })
            );
        }
        for matter in [Matter::Wages, Matter::WorkInjury] {
            assert_eq!(
                rich(vec![Group::MigrantWorker], matter).reason,
                Reason::NotVerified {
                    group: Group::MigrantWorker
                }
            );
        }
        // A migrant worker's other matters are means-tested.
        assert_eq!(
            rich(vec![Group::MigrantWorker], Matter::TrafficAccident).verdict,
            Verdict::Fail
        );
    }

    #[test]
    fn each_mandatory_category_has_no_means_test() {
        let rich = |c: Case| household(c, 90000, 1);
        let hardship_and_scope = |c: &Case| {
            let all = evaluate(c, &facts());
            (all[3].clone(), all[2].reason.clone())
        };
        // Notified (Art. 25).
        let mut notified = rich(case(Kind::Criminal, Matter::Defense));
        notified.channel = Channel::Notified;
        // A minor by the group, or by age on the received date (Art. 25).
        let mut minor = rich(case(Kind::Criminal, Matter::Defense));
        minor.applicant.groups = vec![Group::Minor];
        let mut young = rich(case(Kind::Criminal, Matter::Defense));
        young.applicant.birth_date = Some(d("2008-11-21"));
        // Blind, deaf, mute or not fully able to recognise their conduct,
        // recorded as disabled (Art. 25).
        let mut disabled = rich(case(Kind::Criminal, Matter::Defense));
        disabled.applicant.groups = vec![Group::Disabled];
        // Compulsory treatment respondent (Art. 28).
        let treatment = rich(case(Kind::Criminal, Matter::CompulsoryTreatment));
        for (c, scope) in [
            (&notified, Reason::MandatoryNotified),
            (&minor, Reason::MandatoryMinor),
            (&young, Reason::MandatoryMinor),
            (&disabled, Reason::MandatoryDisabled),
            (&treatment, Reason::CompulsoryTreatment),
        ] {
            let (hardship, got_scope) = hardship_and_scope(c);
            assert_eq!(got_scope, scope);
            assert_eq!(
                hardship,
                check(Item::Hardship, Verdict::NotApplicable, Reason::NoMeansTest),
                "{scope:?}"
            );
        }
        // Turned 18 the day before: an adult.
        let mut adult = rich(case(Kind::Criminal, Matter::Defense));
        adult.applicant.birth_date = Some(d("2008-11-19"));
        let (hardship, scope) = hardship_and_scope(&adult);
        assert_eq!(scope, Reason::DefenceOnApplication);
        // Above the standard, but a possible life sentence or death penalty
        // would make it mandatory: the data cannot tell, so it stays open.
        assert_eq!(hardship.verdict, Verdict::Pending);
        assert!(matches!(
            hardship.reason,
            Reason::NotMetUnlessSerious { .. }
        ));
        let poor = household(case(Kind::Criminal, Matter::Defense), 1000, 1);
        assert_eq!(get(&poor, Item::Hardship).verdict, Verdict::Pass);
    }

    #[test]
    fn jurisdiction_uses_the_policy_area() {
        let policy = Policy {
            area_codes: vec!["430204".into(), "430211".into()],
            ..Policy::default()
        };
        let tianyuan = with_id(
            case(Kind::Civil, Matter::Wages),
            &id("430211", "1980-05-01"),
        );
        assert_eq!(
            with_policy(&tianyuan, Item::Jurisdiction, &policy).verdict,
            Verdict::Pass
        );
        // The old API knows only its home area.
        assert_eq!(get(&tianyuan, Item::Jurisdiction).verdict, Verdict::Pending);
        let mut by_address = with_id(
            case(Kind::Civil, Matter::Wages),
            &id("110105", "1980-05-01"),
        );
        by_address.applicant.address = Some("株洲市天元区泰山路".into());
        assert_eq!(
            with_policy(&by_address, Item::Jurisdiction, &policy).reason,
            Reason::AddressInArea {
                area: "天元区".into()
            }
        );
        // Far away is a question, never a failure.
        let elsewhere = with_policy(
            &with_id(
                case(Kind::Civil, Matter::Wages),
                &id("110105", "1980-05-01"),
            ),
            Item::Jurisdiction,
            &policy,
        );
        assert_eq!(elsewhere.verdict, Verdict::Pending);
    }

    #[test]
    fn provincial_matters_come_from_the_policy() {
        let mut c = case(Kind::Civil, Matter::Other);
        c.summary = "申请人因劳动争议要求支付经济补偿".into();
        assert_eq!(
            get(&c, Item::Scope).reason,
            Reason::ProvincialMatter {
                matter: Matter::Other
            }
        );
        let policy = Policy {
            extra_matters: vec!["婚姻家庭纠纷".into(), "劳动争议".into()],
            ..Policy::default()
        };
        assert_eq!(
            with_policy(&c, Item::Scope, &policy),
            check(
                Item::Scope,
                Verdict::Pass,
                Reason::ExtraMatter {
                    name: "劳动争议".into()
                }
            )
        );
        c.summary = "相邻关系".into();
        assert_eq!(
            with_policy(&c, Item::Scope, &policy),
            check(
                Item::Scope,
                Verdict::Pending,
                Reason::ExtraMatterToCheck {
                    matter: Matter::Other,
                    names: policy.extra_matters.clone()
                }
            )
        );
        let mut divorce = case(Kind::Civil, Matter::Marriage);
        divorce.summary = "离婚及子女抚养，婚姻家庭纠纷".into();
        assert_eq!(
            with_policy(&divorce, Item::Scope, &policy).verdict,
            Verdict::Pass
        );
    }

    #[test]
    fn documents_missing_are_listed_until_received() {
        let mut c = case(Kind::Civil, Matter::Wages);
        c.review.documents_missing = vec!["劳动合同".into(), "工资条".into()];
        c.status = Status::AwaitingDocuments;
        c.steps.documents_requested = Some(d("2026-11-21"));
        c.steps.documents_due = Some(d("2026-11-30"));
        assert_eq!(
            get(&c, Item::Documents),
            check(
                Item::Documents,
                Verdict::Pending,
                Reason::DocumentsMissing {
                    items: vec!["劳动合同".into(), "工资条".into()],
                    due: Some(d("2026-11-30"))
                }
            )
        );
        c.steps.documents_received = Some(d("2026-11-25"));
        assert_eq!(get(&c, Item::Documents).verdict, Verdict::Pass);
        // Recording the household's means does not check the documents
        // (issue 16, 5): they stay to check until confirmed or received.
        let done = household(case(Kind::Civil, Matter::Wages), 1000, 2);
        assert_eq!(
            get(&done, Item::Documents),
            check(Item::Documents, Verdict::Pending, Reason::DocumentsToCheck)
        );
    }

    #[test]
    fn no_means_test_is_the_checklists_own_rule() {
        for (kind, matter) in [
            (Kind::Criminal, Matter::CompulsoryTreatment),
            (Kind::Civil, Matter::DomesticViolence),
        ] {
            let c = case(kind, matter);
            assert!(no_means_test(&c));
            assert_eq!(get(&c, Item::Hardship).verdict, Verdict::NotApplicable);
        }
        let mut c = case(Kind::Civil, Matter::Wages);
        assert!(!no_means_test(&c));
        c.applicant.groups = vec![Group::GoodSamaritan];
        assert!(no_means_test(&c));
        let mut d = case(Kind::Criminal, Matter::Defense);
        assert!(!no_means_test(&d));
        d.serious = true;
        assert!(
            no_means_test(&d),
            "a possible life or death sentence (Art. 25)"
        );
    }

    #[test]
    fn intake_flags_count_as_conflicts() {
        let mut c = case(Kind::Civil, Matter::Wages);
        c.adverse_party = Some("李四".into());
        c.flags.possible_conflicts = vec![CaseNo::new(2025, 3), CaseNo::new(2026, 1)];
        let hits = [CaseNo::new(2025, 17), CaseNo::new(2025, 3)];
        let f = Facts {
            conflicts: Some(&hits),
            ..facts()
        };
        // Merged, sorted, without the case itself.
        assert_eq!(
            get_with(&c, Item::Conflicts, &f).reason,
            Reason::Conflict {
                party: "张三 / 李四".into(),
                cases: vec![CaseNo::new(2025, 3), CaseNo::new(2025, 17)]
            }
        );
        // Flags alone, before any search.
        assert_eq!(get(&c, Item::Conflicts).verdict, Verdict::Fail);
    }

    #[test]
    fn an_applicant_who_was_an_adverse_party_is_a_conflict_without_an_adverse_party() {
        let c = case(Kind::Civil, Matter::Wages);
        let hits = [CaseNo::new(2025, 17)];
        let f = Facts {
            conflicts: Some(&hits),
            ..facts()
        };
        let check = get_with(&c, Item::Conflicts, &f);
        assert_eq!(check.verdict, Verdict::Fail);
        assert_eq!(
            check.reason,
            Reason::Conflict {
                party: "张三".into(),
                cases: vec![CaseNo::new(2025, 17)]
            }
        );
    }

    #[test]
    fn the_latest_override_replaces_the_verdict_and_shows_why() {
        let mut c = household(case(Kind::Civil, Matter::TrafficAccident), 9000, 2);
        let automatic = get(&c, Item::Hardship);
        assert_eq!(automatic.verdict, Verdict::Fail);
        let over = |verdict: &str, who: &str, on: &str, reason: &str| CheckOverride {
            item: "hardship".into(),
            verdict: verdict.into(),
            reason: reason.into(),
            who: who.into(),
            on: d(on),
        };
        c.review.overrides = vec![
            over("fail", "wang", "2026-11-21", "first look"),
            CheckOverride {
                item: "identity".into(),
                ..over("pass", "wang", "2026-11-21", "ID seen")
            },
            over(
                "pass",
                "li",
                "2026-11-22",
                "income is a one-off compensation payment",
            ),
            over("maybe", "zhao", "2026-11-23", "not a verdict: skipped"),
        ];
        let got = get(&c, Item::Hardship);
        assert_eq!(got.verdict, Verdict::Pass);
        assert_eq!(
            got.reason,
            Reason::Override {
                who: "li".into(),
                on: d("2026-11-22"),
                note: "income is a one-off compensation payment".into()
            }
        );
        assert_eq!(got.set_by(), Some("li"));
        assert_eq!(got.note(), Some("income is a one-off compensation payment"));
        assert_eq!(
            got.automatic,
            Some((automatic.verdict, automatic.reason.clone()))
        );
        // Only the named item is overridden.
        let id = get(&c, Item::Identity);
        assert_eq!((id.verdict, id.set_by()), (Verdict::Pass, Some("wang")));
        let scope = get(&c, Item::Scope);
        assert_eq!((&scope.automatic, scope.set_by()), (&None, None));
    }

    #[test]
    fn the_summary_says_what_fails_or_remains() {
        let all = |v: Verdict| -> Vec<Check> {
            Item::ALL
                .iter()
                .map(|&i| check(i, v, Reason::NoPlaceKnown))
                .collect()
        };
        assert_eq!(summarize(&all(Verdict::Pass)), Summary::Eligible);
        let mut checks = all(Verdict::Pass);
        checks[3].verdict = Verdict::NotApplicable;
        assert_eq!(summarize(&checks), Summary::Eligible);
        checks[4].verdict = Verdict::Pending;
        checks[5].verdict = Verdict::Pending;
        assert_eq!(
            summarize(&checks),
            Summary::Open(vec![Item::Documents, Item::Conflicts])
        );
        checks[2].verdict = Verdict::Fail;
        assert_eq!(summarize(&checks), Summary::NotEligible(vec![Item::Scope]));

        // A complete application from the data.
        let mut c = with_id(
            household(case(Kind::Civil, Matter::Wages), 2000, 2),
            &id("430204", "1980-05-01"),
        );
        c.adverse_party = Some("株洲某建筑公司".into());
        let none: &[CaseNo] = &[];
        let f = Facts {
            conflicts: Some(none),
            ..facts()
        };
        // The documents stay to check until a caseworker confirms them.
        assert_eq!(
            summarize(&evaluate(&c, &f)),
            Summary::Open(vec![Item::Documents])
        );
        c.review.overrides.push(crate::domain::case::CheckOverride {
            item: "documents".into(),
            verdict: "pass".into(),
            reason: "身份证、收入证明、劳动合同已核对".into(),
            who: "liwei".into(),
            on: d("2026-11-26"),
        });
        assert_eq!(summarize(&evaluate(&c, &f)), Summary::Eligible);
        c.review.monthly_income = Some(5000);
        assert_eq!(
            summarize(&evaluate(&c, &f)),
            Summary::NotEligible(vec![Item::Hardship])
        );
    }

    #[test]
    fn codes_round_trip() {
        for i in Item::ALL {
            assert_eq!(Item::from_code(i.code()), Some(i));
        }
        for v in Verdict::ALL {
            assert_eq!(Verdict::from_code(v.code()), Some(v));
        }
        assert_eq!(Verdict::from_code("ok"), None);
    }

    #[test]
    fn means_fields_name_the_placeholders() {
        let m = means(2800, 2, 1400, 1320, "2024-01-01");
        let keys: Vec<&str> = m.fields().iter().map(|(k, _)| *k).collect();
        assert_eq!(
            keys,
            ["income", "household", "per_member", "standard", "effective"]
        );
        assert_eq!(m.fields()[4].1, "2024-01-01");
    }
}
