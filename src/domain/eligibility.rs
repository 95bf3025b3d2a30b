//! The eligibility checklist (审查) of docs/domain.md, evaluated from what a
//! case records. Each item gets a verdict and a structured reason; the
//! screen words the reason in the user's language. Where the data cannot
//! decide, the verdict is Pending: the caseworker checks by hand.

use chrono::NaiveDate;

use super::areas;
use super::case::{Case, CaseNo};
use super::codes::{Channel, Group, Matter, Status};

/// The center's own district until the policy can say (Shifeng District, Zhuzhou).
pub const DEFAULT_HOME_AREA: &str = "430204";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Pass,
    Fail,
    Pending,
    NotApplicable,
}

impl Verdict {
    pub fn code(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Pending => "pending",
            Verdict::NotApplicable => "not_applicable",
        }
    }
}

/// Why an item got its verdict. Each variant is one sentence on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// Covered only where provincial rules add it.
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub item: Item,
    pub verdict: Verdict,
    pub reason: Reason,
}

/// What the evaluation needs besides the case.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub today: NaiveDate,
    /// The 6-digit area code of the center's district.
    pub home_area: &'a str,
    /// Other cases whose applicant or recipient is the adverse party:
    /// None when that search has not been made.
    pub conflicts: Option<&'a [CaseNo]>,
}

/// The checklist, one check per [`Item`], in `Item::ALL` order.
pub fn evaluate(case: &Case, facts: &Facts<'_>) -> Vec<Check> {
    let p = Profile::of(case);
    vec![
        identity(case),
        jurisdiction(case, facts),
        scope(case, &p),
        hardship(case, &p),
        documents(case, facts.today),
        conflicts(case, facts),
    ]
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
        if let Some(birth) = a.birth_date {
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
            Matter::Defense => case.channel == Channel::Notified || groups.contains(&Group::Minor),
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

fn jurisdiction(case: &Case, facts: &Facts<'_>) -> Check {
    let pass = |r| check(Item::Jurisdiction, Verdict::Pass, r);
    let pending = |r| check(Item::Jurisdiction, Verdict::Pending, r);
    if case.channel == Channel::Notified {
        return pass(Reason::NotifiedLocally);
    }
    let home_name = areas::name_of(facts.home_area);
    if let (Some(name), Some(addr)) = (home_name, &case.applicant.address)
        && addr.contains(name)
    {
        return pass(Reason::AddressInArea {
            area: name.to_string(),
        });
    }
    let Some(n) = &case.applicant.id_number else {
        return pending(Reason::NoPlaceKnown);
    };
    let code = n.area_code().to_string();
    let area = areas::name_of(&code).map(str::to_string);
    if code == facts.home_area {
        pass(Reason::IdInArea { code, area })
    } else if code.get(..4).is_some() && code.get(..4) == facts.home_area.get(..4) {
        pending(Reason::IdNearby { code, area })
    } else {
        pending(Reason::IdElsewhere { code, area })
    }
}

fn scope(case: &Case, p: &Profile) -> Check {
    let pass = |r| check(Item::Scope, Verdict::Pass, r);
    match case.matter {
        Matter::Defense if case.channel == Channel::Notified => pass(Reason::MandatoryNotified),
        Matter::Defense if p.mandatory => pass(Reason::MandatoryMinor),
        Matter::Defense => pass(Reason::DefenceOnApplication),
        Matter::CompulsoryTreatment => pass(Reason::CompulsoryTreatment),
        Matter::Victim => pass(Reason::VictimAgency),
        Matter::DomesticViolence => pass(Reason::DomesticViolenceMatter),
        Matter::Marriage | Matter::Other => check(
            Item::Scope,
            Verdict::Pending,
            Reason::ProvincialMatter {
                matter: case.matter,
            },
        ),
        matter => pass(Reason::CivilMatter { matter }),
    }
}

fn hardship(case: &Case, p: &Profile) -> Check {
    let na = |r| check(Item::Hardship, Verdict::NotApplicable, r);
    let pass = |r| check(Item::Hardship, Verdict::Pass, r);
    if p.mandatory {
        return na(Reason::NoMeansTest);
    }
    for group in [
        Group::MartyrRelative,
        Group::GoodSamaritan,
        Group::DomesticViolenceVictim,
    ] {
        if p.has(group) {
            return na(Reason::Exempt { group });
        }
    }
    if case.matter == Matter::DomesticViolence {
        return na(Reason::Exempt {
            group: Group::DomesticViolenceVictim,
        });
    }
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
    let reason = if case.matter == Matter::StateCompensation {
        Reason::ExemptIfAcquitted
    } else {
        Reason::ToVerify
    };
    check(Item::Hardship, Verdict::Pending, reason)
}

fn documents(case: &Case, today: NaiveDate) -> Check {
    let s = &case.steps;
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
        (None, Some(requested), due) => check(
            Item::Documents,
            Verdict::Pending,
            Reason::DocumentsAwaited { requested, due },
        ),
        (None, None, _) => check(Item::Documents, Verdict::Pending, Reason::DocumentsToCheck),
    }
}

fn conflicts(case: &Case, facts: &Facts<'_>) -> Check {
    let c = |v, r| check(Item::Conflicts, v, r);
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
        Some([]) => c(Verdict::Pass, Reason::NoConflict { party }),
        Some(cases) => c(
            Verdict::Fail,
            Reason::Conflict {
                party,
                cases: cases.to_vec(),
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::{Applicant, Steps};
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
            no: CaseNo::new(2026, 1),
            received: d("2026-11-20"),
            kind,
            matter,
            channel: Channel::WalkIn,
            station: None,
            applicant: Applicant {
                name: "张三".into(),
                ..Applicant::default()
            },
            adverse_party: None,
            summary: String::new(),
            status: Status::Received,
            steps: Steps::default(),
            provider: None,
            outcome: None,
            deadlines: Vec::new(),
            caseworker: None,
            revision: 1,
            flags: Default::default(),
            closing_reason: None,
            notes: Vec::new(),
            review: Default::default(),
            handling: Default::default(),
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
        assert_eq!(get(&divorce, Item::Hardship).reason, Reason::ToVerify);

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
}
